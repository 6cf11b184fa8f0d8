import JSON

/// Parses RFC 7644 §3.4.2.2 filters and §3.5.2 PATCH paths. Precedence: `not` (always with parentheses), then `and`,
/// then `or`; operators and keywords are case-insensitive. Errors are `invalidFilter` (or `invalidPath` for PATCH
/// paths) with the character position.
public struct FilterParser {
    private let tokens: [FilterLexer.Token]
    private var index = 0
    private let errorKind: (String) -> SCIMError
    /// Parentheses, `not` and `[` open around the current position.
    private var depth = 0
    /// `and` and `or` operators read so far.
    private var connectives = 0
    /// Bounds on nesting and on the number of connectives: filters are evaluated recursively, and a hostile one must
    /// get an error rather than exhaust the stack.
    static let maximumDepth = 64
    static let maximumConnectives = 1000

    private init(tokens: [FilterLexer.Token], errorKind: @escaping (String) -> SCIMError) {
        self.tokens = tokens
        self.errorKind = errorKind
    }

    /// Parses a whole filter expression.
    public static func parse(_ text: String) throws(SCIMError) -> Filter {
        var parser = FilterParser(tokens: try FilterLexer.tokenize(text), errorKind: SCIMError.invalidFilter)
        guard parser.peek.kind != .end else { throw .invalidFilter("The filter is empty") }
        let filter = try parser.parseOr(inValuePath: false)
        try parser.expectEnd()
        return filter
    }

    /// Parses a PATCH `path`: `attrPath`, or `attrPath "[" valFilter "]" ["." subAttr]`.
    public static func parsePatchPath(_ text: String) throws(SCIMError) -> PatchPath {
        let tokens: [FilterLexer.Token]
        do { tokens = try FilterLexer.tokenize(text) } catch { throw .invalidPath(error.detail) }
        var parser = FilterParser(tokens: tokens, errorKind: SCIMError.invalidPath)
        let attribute = try parser.attributePath()
        var filter: Filter?
        var subAttribute: String?
        if parser.peek.kind == .openBracket {
            parser.index += 1
            filter = try parser.parseOr(inValuePath: true)
            try parser.expect(.closeBracket, "']'")
            if case .word(let word) = parser.peek.kind, word.hasPrefix("."), AttributePath.isName(word.dropFirst()) {
                subAttribute = String(word.dropFirst())
                parser.index += 1
            }
        }
        try parser.expectEnd()
        if subAttribute != nil && attribute.subAttribute != nil {
            throw .invalidPath("The path \"\(text)\" names a sub-attribute twice")
        }
        return PatchPath(attribute: attribute, filter: filter, subAttribute: subAttribute)
    }

    private var peek: FilterLexer.Token { tokens[index] }

    private mutating func enterNesting() throws(SCIMError) {
        depth += 1
        guard depth <= Self.maximumDepth else {
            throw errorKind("The filter nests more than \(Self.maximumDepth) levels deep at position \(peek.position)")
        }
    }

    private mutating func countConnective() throws(SCIMError) {
        connectives += 1
        guard connectives <= Self.maximumConnectives else {
            throw errorKind(
                "The filter has more than \(Self.maximumConnectives) 'and'/'or' operators (position \(peek.position))")
        }
    }

    private mutating func parseOr(inValuePath: Bool) throws(SCIMError) -> Filter {
        var left = try parseAnd(inValuePath: inValuePath)
        while isKeyword("or") {
            try countConnective()
            index += 1
            left = .or(left, try parseAnd(inValuePath: inValuePath))
        }
        return left
    }

    private mutating func parseAnd(inValuePath: Bool) throws(SCIMError) -> Filter {
        var left = try parseUnary(inValuePath: inValuePath)
        while isKeyword("and") {
            try countConnective()
            index += 1
            left = .and(left, try parseUnary(inValuePath: inValuePath))
        }
        return left
    }

    private mutating func parseUnary(inValuePath: Bool) throws(SCIMError) -> Filter {
        if isKeyword("not") {
            try enterNesting()
            index += 1
            try expect(.openParen, "'(' after 'not'")
            let inner = try parseOr(inValuePath: inValuePath)
            try expect(.closeParen, "')'")
            depth -= 1
            return .not(inner)
        }
        if peek.kind == .openParen {
            try enterNesting()
            index += 1
            let inner = try parseOr(inValuePath: inValuePath)
            try expect(.closeParen, "')'")
            depth -= 1
            return inner
        }
        let pathToken = peek
        let path = try attributePath()
        if peek.kind == .openBracket {
            guard !inValuePath else {
                throw errorKind("Nested '[' at position \(peek.position): value filters cannot be nested")
            }
            guard path.subAttribute == nil else {
                throw errorKind(
                    "A value filter applies to an attribute, not the sub-attribute \"\(path)\" (position \(pathToken.position))"
                )
            }
            index += 1
            let inner = try parseOr(inValuePath: true)
            try expect(.closeBracket, "']'")
            return .valuePath(path, inner)
        }
        guard case .word(let word) = peek.kind else {
            throw errorKind("Expected an operator after \"\(path)\" at position \(peek.position)")
        }
        let folded = SCIMNames.fold(word)
        if folded == "pr" {
            index += 1
            return .present(path)
        }
        guard let op = ComparisonOperator(rawValue: folded) else {
            throw errorKind(
                "Unknown operator \"\(word)\" at position \(peek.position) (eq, ne, co, sw, ew, gt, lt, ge, le, pr)")
        }
        index += 1
        let valueToken = peek
        switch valueToken.kind {
        case .literal(let value):
            index += 1
            return .compare(path, op, value)
        case .word(let word) where ["true", "false", "null"].contains(SCIMNames.fold(word)):
            index += 1
            let folded = SCIMNames.fold(word)
            return .compare(path, op, folded == "null" ? .null : .bool(folded == "true"))
        default:
            throw errorKind(
                "Expected a value (a quoted string, a number, true, false or null) after \"\(op.rawValue)\" at position \(valueToken.position)"
            )
        }
    }

    private mutating func attributePath() throws(SCIMError) -> AttributePath {
        let token = peek
        guard case .word(let word) = token.kind else {
            throw errorKind(
                token.kind == .end
                    ? "Expected an attribute path at the end (position \(token.position))"
                    : "Expected an attribute path at position \(token.position)")
        }
        guard let path = AttributePath.parse(word) else {
            throw errorKind("\"\(word)\" at position \(token.position) is not an attribute path")
        }
        index += 1
        return path
    }

    private func isKeyword(_ keyword: String) -> Bool {
        if case .word(let word) = peek.kind { return SCIMNames.fold(word) == keyword }
        return false
    }

    private mutating func expect(_ kind: FilterLexer.Kind, _ what: String) throws(SCIMError) {
        guard peek.kind == kind else { throw errorKind("Expected \(what) at position \(peek.position)") }
        index += 1
    }

    private func expectEnd() throws(SCIMError) {
        guard peek.kind == .end else { throw errorKind("Unexpected text at position \(peek.position)") }
    }
}

/// A PATCH operation's target (RFC 7644 §3.5.2 `PATH = attrPath / valuePath [subAttr]`).
public struct PatchPath: Equatable, Sendable {
    public var attribute: AttributePath
    public var filter: Filter?
    public var subAttribute: String?

    public init(attribute: AttributePath, filter: Filter?, subAttribute: String?) {
        self.attribute = attribute
        self.filter = filter
        self.subAttribute = subAttribute
    }
}
