/// Strict RFC 8259 parser over a byte buffer.
///
/// Nesting is handled with an explicit stack of open containers rather than
/// recursion, so hostile input cannot exhaust the call stack whatever `maxDepth` is.
/// Items of open containers accumulate on two shared stacks and move into an
/// exactly sized array when their container closes.
struct JSONParser {
    let bytes: UnsafeRawBufferPointer
    let options: JSONParseOptions
    /// Offset of the next byte to read.
    var position = 0
    /// Reused buffer for decoding strings that contain escapes.
    var scratch: [UInt8] = []
    /// Elements of the open arrays, innermost last.
    private var pendingElements: [JSON] = []
    /// Members of the open objects, innermost last.
    private var pendingMembers: [JSONObject.Element] = []

    init(bytes: UnsafeRawBufferPointer, options: JSONParseOptions) {
        self.bytes = bytes
        self.options = options
    }

    mutating func parseDocument() throws(JSONParseError) -> JSON {
        guard bytes.count <= options.maxBytes else {
            throw JSONParseError(offset: 0, reason: "document too large")
        }
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw failure("unexpected \(describeByte(at: position)) after the JSON value")
        }
        return value
    }

    /// Parses one complete value, including everything nested in it.
    private mutating func parseValue() throws(JSONParseError) -> JSON {
        var openContainers: [OpenContainer] = []
        while true {
            var value = try parseScalarOrOpen(&openContainers)
            // Hand finished values to their containers, closing each container that ends here.
            while let top = openContainers.indices.last {
                let isObject = openContainers[top].isObject
                if isObject {
                    pendingMembers[openContainers[top].slot].value = value
                } else {
                    pendingElements.append(value)
                }
                skipWhitespace()
                guard position < bytes.count else { throw unexpectedEnd() }
                if bytes[position] == UInt8(ascii: ",") {
                    position += 1
                    if isObject {
                        try readMemberKey(into: &openContainers[top])
                    }
                    break
                }
                let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
                guard bytes[position] == closing else {
                    throw failure("expected ',' or '\(Character(Unicode.Scalar(closing)))'")
                }
                position += 1
                value = close(openContainers.removeLast())
            }
            if openContainers.isEmpty {
                return value
            }
        }
    }

    /// Parses the next value. A non-empty container is pushed onto `openContainers`
    /// and parsing continues with its first member, so the value returned is always
    /// a scalar or an empty container.
    private mutating func parseScalarOrOpen(_ openContainers: inout [OpenContainer]) throws(JSONParseError) -> JSON {
        while true {
            skipWhitespace()
            guard position < bytes.count else { throw unexpectedEnd() }
            switch bytes[position] {
            case UInt8(ascii: "["):
                if try enterContainer(closedBy: UInt8(ascii: "]"), depth: openContainers.count) { return .array([]) }
                openContainers.append(OpenContainer(isObject: false, start: pendingElements.count))
            case UInt8(ascii: "{"):
                if try enterContainer(closedBy: UInt8(ascii: "}"), depth: openContainers.count) {
                    return .object(JSONObject())
                }
                var container = OpenContainer(isObject: true, start: pendingMembers.count)
                try readMemberKey(into: &container)
                openContainers.append(container)
            case UInt8(ascii: "\""):
                return .string(try parseString())
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                return .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                return .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                return .null
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return try parseNumber()
            default:
                throw failure("unexpected \(describeByte(at: position))")
            }
        }
    }

    /// Moves the items of a container whose closing bracket was just read into its value.
    /// Steps past an opening bracket at `depth` open containers; true (and past the closing one) when it is empty.
    @inline(__always)
    private mutating func enterContainer(closedBy closing: UInt8, depth: Int) throws(JSONParseError) -> Bool {
        try checkDepth(depth)
        position += 1
        skipWhitespace()
        guard position < bytes.count && bytes[position] == closing else { return false }
        position += 1
        return true
    }

    private mutating func close(_ container: OpenContainer) -> JSON {
        if container.isObject {
            let members = JSONObject(uniqueEntries: Array(pendingMembers[container.start...]))
            pendingMembers.removeSubrange(container.start...)
            return .object(members)
        }
        let elements = Array(pendingElements[container.start...])
        pendingElements.removeSubrange(container.start...)
        return .array(elements)
    }

    private func checkDepth(_ openCount: Int) throws(JSONParseError) {
        guard openCount < options.maxDepth else { throw failure("nesting too deep") }
    }

    /// Reads `"key" :` and points `container.slot` at the member that will take the
    /// value: a new member, or under `.lastWins` an earlier one with the same key.
    private mutating func readMemberKey(into container: inout OpenContainer) throws(JSONParseError) {
        skipWhitespace()
        guard position < bytes.count else { throw unexpectedEnd() }
        guard bytes[position] == UInt8(ascii: "\"") else { throw failure("expected a string key") }
        let keyOffset = position
        let key = try parseString()
        if let existing = pendingMemberIndex(forKey: key, in: container) {
            guard options.duplicateKeys == .lastWins else {
                throw JSONParseError(offset: keyOffset, reason: "duplicate key \"\(key)\"")
            }
            container.slot = existing
        } else {
            container.slot = pendingMembers.count
            pendingMembers.append((key: key, value: .null))
            if container.keyPositions != nil {
                container.keyPositions![key] = container.slot
            } else if pendingMembers.count - container.start > JSONObject.linearScanLimit {
                let keys = pendingMembers[container.start...].map(\.key)
                container.keyPositions = Dictionary(uniqueKeysWithValues: zip(keys, container.start...))
            }
        }
        skipWhitespace()
        guard position < bytes.count else { throw unexpectedEnd() }
        guard bytes[position] == UInt8(ascii: ":") else { throw failure("expected ':'") }
        position += 1
    }

    /// Index in `pendingMembers` of the open object's member named `key`.
    private func pendingMemberIndex(forKey key: String, in container: OpenContainer) -> Int? {
        if let keyPositions = container.keyPositions {
            return keyPositions[key]
        }
        return pendingMembers[container.start...].firstIndex { $0.key == key }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        guard bytes.count - position >= length else { throw failure("invalid literal") }
        let expected = UnsafeRawBufferPointer(start: literal.utf8Start, count: length)
        for offset in 0..<length where bytes[position + offset] != expected[offset] {
            throw failure("invalid literal")
        }
        position += length
    }

    private mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                position += 1
            default:
                return
            }
        }
    }

    func failure(_ reason: String, at offset: Int? = nil) -> JSONParseError {
        JSONParseError(offset: offset ?? position, reason: reason)
    }

    private func unexpectedEnd() -> JSONParseError {
        JSONParseError(offset: bytes.count, reason: "unexpected end of input")
    }

    /// `'x'` for printable ASCII, `byte 0xNN` otherwise, `end of input` past the end.
    private func describeByte(at offset: Int) -> String {
        guard offset < bytes.count else { return "end of input" }
        let byte = bytes[offset]
        if byte >= 0x21 && byte < 0x7F {
            return "character '\(Character(Unicode.Scalar(byte)))'"
        }
        let hexDigits = Array("0123456789ABCDEF".utf8)
        return "byte 0x" + String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 15)]], as: UTF8.self)
    }
}

/// An array or object whose closing bracket has not been read yet.
private struct OpenContainer {
    let isObject: Bool
    /// Where this container's items start in `pendingElements` or `pendingMembers`.
    let start: Int
    /// Index in `pendingMembers` of the member whose value is being parsed.
    var slot = 0
    /// Positions of the members by key, once the object outgrows a linear scan.
    var keyPositions: [String: Int]?

    init(isObject: Bool, start: Int) {
        self.isObject = isObject
        self.start = start
    }
}
