/// Appends JSON text for values to a byte buffer.
struct JSONWriter {
    let sortsKeys: Bool
    let prettyPrints: Bool
    let escapesSlashes: Bool
    var output: [UInt8] = []

    init(options: JSONWriteOptions) {
        sortsKeys = options.contains(.sortedKeys)
        prettyPrints = options.contains(.prettyPrinted)
        escapesSlashes = options.contains(.escapeSlashes)
    }

    /// Writes `value`, which sits `depth` containers deep (used for indentation).
    mutating func write(_ value: JSON, depth: Int) {
        switch value {
        case .null:
            appendASCII("null")
        case .bool(let flag):
            appendASCII(flag ? "true" : "false")
        case .int(let integer):
            writeInteger(integer)
        case .double(let number):
            writeDouble(number)
        case .string(let text):
            writeString(text)
        case .array(let elements):
            writeArray(elements, depth: depth)
        case .object(let members):
            writeObject(members, depth: depth)
        }
    }

    private mutating func writeArray(_ elements: [JSON], depth: Int) {
        guard !elements.isEmpty else {
            appendASCII("[]")
            return
        }
        output.append(UInt8(ascii: "["))
        for (position, element) in elements.enumerated() {
            if position > 0 {
                output.append(UInt8(ascii: ","))
            }
            startLine(depth: depth + 1)
            write(element, depth: depth + 1)
        }
        startLine(depth: depth)
        output.append(UInt8(ascii: "]"))
    }

    private mutating func writeObject(_ members: JSONObject, depth: Int) {
        guard !members.isEmpty else {
            appendASCII("{}")
            return
        }
        if sortsKeys {
            writeMembers(members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }, depth: depth)
        } else {
            writeMembers(members, depth: depth)
        }
    }

    /// Writes a non-empty object whose members come in the order of `members`.
    private mutating func writeMembers(_ members: some Sequence<JSONObject.Element>, depth: Int) {
        output.append(UInt8(ascii: "{"))
        var isFirst = true
        for member in members {
            if !isFirst {
                output.append(UInt8(ascii: ","))
            }
            isFirst = false
            startLine(depth: depth + 1)
            writeString(member.key)
            appendASCII(prettyPrints ? ": " : ":")
            write(member.value, depth: depth + 1)
        }
        startLine(depth: depth)
        output.append(UInt8(ascii: "}"))
    }

    /// When pretty printing, a newline and two spaces per level of `depth`.
    private mutating func startLine(depth: Int) {
        guard prettyPrints else { return }
        output.append(UInt8(ascii: "\n"))
        output.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * depth))
    }

    mutating func appendASCII(_ text: StaticString) {
        output.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
