/// An ordered list of header fields with case-insensitive lookup (RFC 9110 §5.1).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public typealias Element = (name: String, value: String)
    private var fields: [Element] = []

    public init() {}
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    public var count: Int { fields.count }
    public func makeIterator() -> IndexingIterator<[Element]> { fields.makeIterator() }

    /// The first value of `name`, or nil.
    public subscript(_ name: String) -> String? {
        for field in fields where Self.equalsIgnoringCase(field.name, name) { return field.value }
        return nil
    }

    /// Every value of `name`, in order.
    public func values(_ name: String) -> [String] {
        fields.filter { Self.equalsIgnoringCase($0.name, name) }.map(\.value)
    }

    public func contains(_ name: String) -> Bool { self[name] != nil }

    /// Appends a field (keeping any existing ones of the same name).
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Replaces every field of `name` with one (in the first one's place).
    public mutating func set(_ name: String, _ value: String) {
        guard let first = fields.firstIndex(where: { Self.equalsIgnoringCase($0.name, name) }) else {
            fields.append((name: name, value: value))
            return
        }
        fields[first].value = value
        if fields[(first + 1)...].contains(where: { Self.equalsIgnoringCase($0.name, name) }) {
            fields = fields.enumerated().filter {
                $0.offset <= first || !Self.equalsIgnoringCase($0.element.name, name)
            }.map(\.element)
        }
    }

    public mutating func remove(_ name: String) {
        guard fields.contains(where: { Self.equalsIgnoringCase($0.name, name) }) else { return }
        fields.removeAll { Self.equalsIgnoringCase($0.name, name) }
    }

    /// ASCII case-insensitive comparison, without allocating.
    public static func equalsIgnoringCase(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        var ai = a.utf8.makeIterator(), bi = b.utf8.makeIterator()
        while true {
            switch (ai.next(), bi.next()) {
            case (nil, nil): return true
            case let (x?, y?):
                if x != y && lower(x) != lower(y) { return false }
            default: return false
            }
        }
    }

    @inline(__always) private static func lower(_ c: UInt8) -> UInt8 {
        c >= 65 && c <= 90 ? c | 0x20 : c
    }
}
