extension JSONParser {
    /// Parses the string whose opening quote is at `position`, leaving `position`
    /// after the closing quote. Strings without escapes are built straight from the input.
    mutating func parseString() throws(JSONParseError) -> String {
        let start = position + 1
        var runEnd = try scanUnescapedRun(from: start)
        if runEnd < bytes.count && bytes[runEnd] == UInt8(ascii: "\"") {
            position = runEnd + 1
            return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<runEnd]), as: UTF8.self)
        }
        scratch.removeAll(keepingCapacity: true)
        var runStart = start
        while true {
            guard runEnd < bytes.count else {
                throw JSONParseError(offset: bytes.count, reason: "unterminated string")
            }
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[runStart..<runEnd]))
            if bytes[runEnd] == UInt8(ascii: "\"") {
                position = runEnd + 1
                return String(decoding: scratch, as: UTF8.self)
            }
            runStart = try decodeEscape(at: runEnd)
            runEnd = try scanUnescapedRun(from: runStart)
        }
    }

    /// Skips valid characters that need no decoding, returning the offset of the
    /// first quote or backslash (or the end of input).
    private func scanUnescapedRun(from start: Int) throws(JSONParseError) -> Int {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x80 {
                index = try endOfMultiByteScalar(at: index)
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                return index
            } else if byte < 0x20 {
                throw failure("unescaped control character in string", at: index)
            } else {
                index += 1
            }
        }
        return index
    }

    /// Validates the multi-byte UTF-8 sequence (RFC 3629) whose lead byte is at
    /// `index` and returns the offset just past it. Overlong forms, UTF-16
    /// surrogates and values above U+10FFFF are rejected at the lead byte.
    private func endOfMultiByteScalar(at index: Int) throws(JSONParseError) -> Int {
        let length: Int
        var secondLow: UInt8 = 0x80
        var secondHigh: UInt8 = 0xBF
        switch bytes[index] {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            secondLow = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            secondHigh = 0x9F
        case 0xF0:
            length = 4
            secondLow = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            secondHigh = 0x8F
        default: throw failure("invalid UTF-8", at: index)
        }
        guard bytes.count - index >= length, (secondLow...secondHigh).contains(bytes[index + 1]) else {
            throw failure("invalid UTF-8", at: index)
        }
        for continuation in (index + 2)..<(index + length) where bytes[continuation] & 0xC0 != 0x80 {
            throw failure("invalid UTF-8", at: index)
        }
        return index + length
    }

    /// Decodes the escape sequence whose backslash is at `index` into `scratch`,
    /// returning the offset just past it. Errors point at the backslash.
    private mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < bytes.count else {
            throw JSONParseError(offset: bytes.count, reason: "unterminated string")
        }
        let decoded: UInt8
        switch bytes[index + 1] {
        case UInt8(ascii: "\""): decoded = UInt8(ascii: "\"")
        case UInt8(ascii: "\\"): decoded = UInt8(ascii: "\\")
        case UInt8(ascii: "/"): decoded = UInt8(ascii: "/")
        case UInt8(ascii: "b"): decoded = 0x08
        case UInt8(ascii: "f"): decoded = 0x0C
        case UInt8(ascii: "n"): decoded = UInt8(ascii: "\n")
        case UInt8(ascii: "r"): decoded = UInt8(ascii: "\r")
        case UInt8(ascii: "t"): decoded = UInt8(ascii: "\t")
        case UInt8(ascii: "u"): return try decodeUnicodeEscape(at: index)
        default: throw failure("invalid escape sequence", at: index)
        }
        scratch.append(decoded)
        return index + 2
    }

    /// Decodes `\uXXXX`, or a `\uXXXX\uXXXX` surrogate pair, starting at `index`.
    private mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(at: index + 2, escapeOffset: index)
        switch unit {
        case 0xD800...0xDBFF:
            let lowEscape = index + 6
            guard bytes.count - lowEscape >= 2,
                bytes[lowEscape] == UInt8(ascii: "\\"), bytes[lowEscape + 1] == UInt8(ascii: "u")
            else {
                throw failure("unpaired surrogate in \\u escape", at: index)
            }
            let low = try hexQuad(at: lowEscape + 2, escapeOffset: lowEscape)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw failure("unpaired surrogate in \\u escape", at: index)
            }
            appendUTF8(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
            return index + 12
        case 0xDC00...0xDFFF:
            throw failure("unpaired surrogate in \\u escape", at: index)
        default:
            appendUTF8(unit)
            return index + 6
        }
    }

    /// The value of the four hex digits at `start`.
    private func hexQuad(at start: Int, escapeOffset: Int) throws(JSONParseError) -> UInt32 {
        guard bytes.count - start >= 4 else { throw failure("invalid \\u escape", at: escapeOffset) }
        var value: UInt32 = 0
        for offset in start..<(start + 4) {
            let byte = bytes[offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw failure("invalid \\u escape", at: escapeOffset)
            }
            value = value << 4 | UInt32(digit)
        }
        return value
    }

    /// Appends the UTF-8 encoding of a Unicode scalar value (never a surrogate) to `scratch`.
    private mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case ..<0x80:
            scratch.append(UInt8(scalar))
        case ..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case ..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
