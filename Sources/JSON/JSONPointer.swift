/// A JSON Pointer (RFC 6901): a path of reference tokens into a JSON document, written `/a/b~1c/0`
/// (`~1` stands for `/` and `~0` for `~`). The empty pointer `""` is the whole document.
public struct JSONPointer: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public let tokens: [String]

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses the string form: empty, or `/`-separated tokens where `~` must be followed by `0` or `1`.
    public init(_ text: String) throws(JSONPointerError) {
        guard !text.isEmpty else {
            self.init(tokens: [])
            return
        }
        guard text.utf8.first == UInt8(ascii: "/") else {
            throw JSONPointerError(pointer: text, reason: "a JSON Pointer must be empty or start with '/'")
        }
        var tokens: [String] = []
        for raw in text.utf8.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false) {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.count)
            var index = raw.startIndex
            while index < raw.endIndex {
                let byte = raw[index]
                if byte == UInt8(ascii: "~") {
                    let next = raw.index(after: index)
                    guard next < raw.endIndex, raw[next] == UInt8(ascii: "0") || raw[next] == UInt8(ascii: "1") else {
                        throw JSONPointerError(pointer: text, reason: "'~' must be followed by '0' or '1'")
                    }
                    bytes.append(raw[next] == UInt8(ascii: "0") ? UInt8(ascii: "~") : UInt8(ascii: "/"))
                    index = raw.index(after: next)
                } else {
                    bytes.append(byte)
                    index = raw.index(after: index)
                }
            }
            tokens.append(String(decoding: bytes, as: UTF8.self))
        }
        self.init(tokens: tokens)
    }

    /// The escaped string form.
    public var description: String {
        tokens.map { "/" + Self.escape($0) }.joined()
    }

    public var isRoot: Bool {
        tokens.isEmpty
    }

    /// The pointer to the container of the target; nil for the root.
    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// This pointer with `token` appended.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// Whether this pointer is `other` or one of its ancestors.
    public func isPrefix(of other: JSONPointer) -> Bool {
        tokens.count <= other.tokens.count && zip(tokens, other.tokens).allSatisfy { $0 == $1 }
    }

    /// The value this pointer references in `document`, or nil when there is none.
    /// The `-` token references nothing (it names the position after the last element).
    public func resolve(in document: JSON) -> JSON? {
        var current = document
        for token in tokens {
            switch current {
            case .object(let members):
                guard let member = members[token] else { return nil }
                current = member
            case .array(let elements):
                guard let index = Self.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The array index a token denotes: `0` or digits without a leading zero; nil for anything else (including `-`).
    public static func arrayIndex(_ token: String) -> Int? {
        let utf8 = token.utf8
        guard let first = utf8.first, utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            first != UInt8(ascii: "0") || utf8.count == 1, utf8.count <= 18
        else { return nil }
        return Int(token)
    }

    /// Escapes one reference token: `~` as `~0`, then `/` as `~1`.
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        var bytes: [UInt8] = []
        for byte in token.utf8 {
            switch byte {
            case UInt8(ascii: "~"): bytes += [UInt8(ascii: "~"), UInt8(ascii: "0")]
            case UInt8(ascii: "/"): bytes += [UInt8(ascii: "~"), UInt8(ascii: "1")]
            default: bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// A string that is not a valid JSON Pointer, and why.
public struct JSONPointerError: Error, Equatable, Sendable, CustomStringConvertible {
    public let pointer: String
    public let reason: String

    public init(pointer: String, reason: String) {
        self.pointer = pointer
        self.reason = reason
    }

    public var description: String {
        "invalid JSON Pointer \(JSON.string(pointer).jsonString()): \(reason)"
    }
}
