import JSON

/// Splits filter and PATCH path text into tokens, remembering each token's 1-based character position for errors.
struct FilterLexer {
    enum Kind: Equatable {
        case openParen, closeParen, openBracket, closeBracket
        /// An attribute path, an operator or a keyword (`and`, `true`, …): letters, digits and `-_:.$`.
        case word(String)
        /// A JSON string or number literal.
        case literal(JSON)
        case end
    }

    struct Token {
        let kind: Kind
        let position: Int
    }

    private let bytes: [UInt8]
    private var index = 0
    /// Byte offset up to which characters have been counted, and the position of the character there: positions
    /// only move forward, so counting resumes instead of restarting (a long filter stays linear).
    private var countedOffset = 0
    private var countedPosition = 1

    init(_ text: String) { bytes = Array(text.utf8) }

    /// All tokens, ending with `.end`; throws `invalidFilter` for a character no token starts with or a bad literal.
    static func tokenize(_ text: String) throws(SCIMError) -> [Token] {
        var lexer = FilterLexer(text)
        var tokens: [Token] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private mutating func next() throws(SCIMError) -> Token {
        while index < bytes.count,
            bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D
        {
            index += 1
        }
        let start = index
        let position = characterPosition(start)
        guard index < bytes.count else { return Token(kind: .end, position: position) }
        let c = bytes[index]
        switch c {
        case 0x28:
            index += 1
            return Token(kind: .openParen, position: position)
        case 0x29:
            index += 1
            return Token(kind: .closeParen, position: position)
        case 0x5B:
            index += 1
            return Token(kind: .openBracket, position: position)
        case 0x5D:
            index += 1
            return Token(kind: .closeBracket, position: position)
        case 0x22:
            index += 1
            while index < bytes.count, bytes[index] != 0x22 {
                index += bytes[index] == 0x5C ? 2 : 1
            }
            guard index < bytes.count else {
                throw .invalidFilter("Unterminated string starting at position \(position)")
            }
            index += 1
            return Token(kind: .literal(try literal(start, position, "string")), position: position)
        case 0x2D, 0x30...0x39:
            while index < bytes.count, Self.isNumberByte(bytes[index]) { index += 1 }
            return Token(kind: .literal(try literal(start, position, "number")), position: position)
        default:
            guard Self.isWordByte(c) else {
                throw .invalidFilter(
                    "Unexpected character '\(String(decoding: [c], as: UTF8.self))' at position \(position)")
            }
            while index < bytes.count, Self.isWordByte(bytes[index]) { index += 1 }
            return Token(kind: .word(String(decoding: bytes[start..<index], as: UTF8.self)), position: position)
        }
    }

    private func literal(_ start: Int, _ position: Int, _ kind: String) throws(SCIMError) -> JSON {
        do {
            return try JSON.parse(Array(bytes[start..<index]))
        } catch {
            throw .invalidFilter("Invalid \(kind) literal at position \(position)")
        }
    }

    /// 1-based position of the character that starts at byte `offset` (offsets never decrease between calls).
    private mutating func characterPosition(_ offset: Int) -> Int {
        while countedOffset < offset {
            if bytes[countedOffset] & 0xC0 != 0x80 { countedPosition += 1 }
            countedOffset += 1
        }
        return countedPosition
    }

    private static func isWordByte(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c == 0x2D || c == 0x5F || c == 0x3A
            || c == 0x2E || c == 0x24
    }

    private static func isNumberByte(_ c: UInt8) -> Bool {
        (c >= 48 && c <= 57) || c == 0x2D || c == 0x2B || c == 0x2E || c == 0x65 || c == 0x45
    }
}
