import HTTP

/// The `filter` query of Asgardeo's management APIs: `attribute op value` terms with `eq`, `sw`, `ew`, `co`,
/// joined by `and` and `or` (`and` binds tighter: `A and B or C` is `(A and B) or C`). Values may contain spaces;
/// a value ends where ` and ` or ` or ` is followed by a supported attribute.
struct FilterExpression {
    struct Term {
        let attribute: String
        let operation: String
        let value: String

        func matches(_ candidate: String?) -> Bool {
            guard let candidate else { return false }
            switch operation {
            case "eq": return candidate == value
            case "sw": return candidate.hasPrefix(value)
            case "ew": return candidate.hasSuffix(value)
            default: return Self.contains(candidate, value)
            }
        }

        /// Byte-wise substring search (`String.contains(String)` would resolve to Foundation's ICU-backed overload).
        static func contains(_ text: String, _ part: String) -> Bool {
            let haystack = Array(text.utf8), needle = Array(part.utf8)
            guard !needle.isEmpty else { return true }
            guard haystack.count >= needle.count else { return false }
            for start in 0...(haystack.count - needle.count)
            where haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return true
            }
            return false
        }
    }

    /// Why a filter cannot be used.
    enum Problem: Error {
        case format
        case attribute(String)
        case operation(String)
    }

    static let operations: Set<String> = ["eq", "sw", "ew", "co"]
    /// Alternatives of conjunctions.
    let alternatives: [[Term]]

    static func parse(_ text: String, attributes: Set<String>) -> Result<FilterExpression, Problem> {
        let words = text.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard !words.isEmpty else { return .failure(.format) }
        var alternatives: [[Term]] = [[]]
        var index = 0
        while index < words.count {
            guard index + 2 < words.count else { return .failure(.format) }
            let attribute = words[index], operation = words[index + 1].lowercased()
            guard attributes.contains(attribute) else { return .failure(.attribute(attribute)) }
            guard operations.contains(operation) else { return .failure(.operation(words[index + 1])) }
            var end = index + 3
            while end < words.count {
                let joiner = words[end].lowercased()
                if joiner == "and" || joiner == "or", end + 1 < words.count, attributes.contains(words[end + 1]) {
                    break
                }
                end += 1
            }
            alternatives[alternatives.count - 1].append(
                Term(
                    attribute: attribute, operation: operation,
                    value: words[(index + 2)..<end].joined(separator: " ")))
            if end < words.count {
                if words[end].lowercased() == "or" { alternatives.append([]) }
                end += 1
            }
            index = end
        }
        return .success(FilterExpression(alternatives: alternatives))
    }

    /// Whether a record matches, given its attribute values.
    func matches(_ value: (String) -> String?) -> Bool {
        alternatives.contains { terms in terms.allSatisfy { $0.matches(value($0.attribute)) } }
    }
}

extension FilterExpression {
    /// The request's `filter` query parameter parsed; nil when it is absent or empty. A filter that cannot be used
    /// is the API's refusal of its problem.
    static func query(
        _ request: Request, attributes: Set<String>,
        refusal: (Problem) -> AsgardeoError
    ) throws(AsgardeoError) -> FilterExpression? {
        guard let text = request.query["filter"], !text.isEmpty else { return nil }
        do throws(Problem) {
            return try parse(text, attributes: attributes).get()
        } catch {
            throw refusal(error)
        }
    }
}
