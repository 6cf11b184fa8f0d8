/// An insertion-ordered map from member names to JSON values.
///
/// Setting an existing key keeps its position; setting nil removes it. Equality
/// ignores order. Lookup scans linearly while the object is small and uses a hash
/// index once it holds more than `linearScanLimit` members.
public struct JSONObject: Sendable {
    public typealias Element = (key: String, value: JSON)

    /// Largest member count searched linearly; larger objects keep a hash index.
    static let linearScanLimit = 16

    private var entries: [Element]
    /// Position of each key in `entries`; present only above `linearScanLimit` members.
    private var positions: [String: Int]?

    public init() {
        entries = []
        positions = nil
    }

    /// Members in the given order; a repeated key keeps its first position and its last value.
    public init(_ pairs: [(String, JSON)]) {
        self.init()
        entries.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            self[key] = value
        }
    }

    public var keys: [String] {
        entries.map(\.key)
    }

    public var count: Int {
        entries.count
    }

    public var isEmpty: Bool {
        entries.isEmpty
    }

    public func contains(_ key: String) -> Bool {
        index(forKey: key) != nil
    }

    public subscript(key: String) -> JSON? {
        get {
            guard let index = index(forKey: key) else { return nil }
            return entries[index].value
        }
        set {
            switch (index(forKey: key), newValue) {
            case (let index?, let value?):
                entries[index].value = value
            case (nil, let value?):
                append(key: key, value: value)
            case (_?, nil):
                removeValue(forKey: key)
            case (nil, nil):
                break
            }
        }
    }

    /// Removes the member named `key`, returning its value if it was present.
    @discardableResult
    public mutating func removeValue(forKey key: String) -> JSON? {
        guard let index = index(forKey: key) else { return nil }
        let removed = entries.remove(at: index).value
        positions = entries.count > Self.linearScanLimit ? Self.makePositions(entries) : nil
        return removed
    }

    /// Members whose keys the caller knows to be distinct, in order.
    init(uniqueEntries entries: [Element]) {
        self.entries = entries
        positions = entries.count > Self.linearScanLimit ? Self.makePositions(entries) : nil
    }

    /// Position of `key` among the members, in insertion order.
    private func index(forKey key: String) -> Int? {
        if let positions {
            return positions[key]
        }
        return entries.firstIndex { $0.key == key }
    }

    /// Appends a member whose key the caller knows to be absent.
    private mutating func append(key: String, value: JSON) {
        entries.append((key: key, value: value))
        if positions != nil {
            positions![key] = entries.count - 1
        } else if entries.count > Self.linearScanLimit {
            positions = Self.makePositions(entries)
        }
    }

    private static func makePositions(_ entries: [Element]) -> [String: Int] {
        var positions = [String: Int](minimumCapacity: entries.count)
        for (index, entry) in entries.enumerated() {
            positions[entry.key] = index
        }
        return positions
    }
}

extension JSONObject: Sequence {
    public func makeIterator() -> IndexingIterator<[Element]> {
        entries.makeIterator()
    }

    public var underestimatedCount: Int {
        entries.count
    }
}

extension JSONObject: Equatable {
    /// Same keys with equal values, in any order.
    public static func == (lhs: JSONObject, rhs: JSONObject) -> Bool {
        guard lhs.count == rhs.count else { return false }
        return lhs.entries.allSatisfy { entry in rhs[entry.key] == entry.value }
    }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }
}
