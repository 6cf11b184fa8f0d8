/// Builds the JSONPath-style locations used by `JSONReader` (`$.a.b[0]`, `$["odd key"]`).
enum JSONPath {
    /// The path of member `key` of the value at `parent`: dot notation for
    /// identifiers, bracket notation with a quoted key otherwise.
    static func member(_ key: String, of parent: String) -> String {
        if isIdentifier(key) {
            return parent + "." + key
        }
        return parent + "[" + JSON.string(key).jsonString() + "]"
    }

    /// The path of element `index` of the array at `parent`.
    static func element(_ index: Int, of parent: String) -> String {
        parent + "[" + String(index) + "]"
    }

    /// ASCII letters, digits and underscores, not starting with a digit.
    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.utf8.first, !isDigit(first) else { return false }
        return key.utf8.allSatisfy { isLetter($0) || isDigit($0) || $0 == UInt8(ascii: "_") }
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
