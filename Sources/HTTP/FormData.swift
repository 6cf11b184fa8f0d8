/// Name/value pairs of a query string or an `application/x-www-form-urlencoded` body, in order, with repeats.
public struct FormData: Sendable, Sequence {
    public typealias Element = (name: String, value: String)
    public private(set) var pairs: [Element] = []

    public init(pairs: [Element] = []) { self.pairs = pairs }

    /// Parses `a=1&b=x+y&a=%32`: `&` separates pairs, `+` is a space, percent escapes are decoded,
    /// a name without `=` has an empty value, and empty pieces are skipped.
    public init(parsing text: Substring) {
        for piece in text.split(separator: "&", omittingEmptySubsequences: true) {
            if let eq = piece.firstIndex(of: "=") {
                pairs.append(
                    (
                        PercentDecoding.decode(piece[..<eq], plusAsSpace: true),
                        PercentDecoding.decode(piece[piece.index(after: eq)...], plusAsSpace: true)
                    ))
            } else {
                pairs.append((PercentDecoding.decode(piece, plusAsSpace: true), ""))
            }
        }
    }

    public init(parsing bytes: [UInt8]) {
        self.init(parsing: Substring(String(decoding: bytes, as: UTF8.self)))
    }

    public func makeIterator() -> IndexingIterator<[Element]> { pairs.makeIterator() }

    /// The first value of `name`.
    public subscript(_ name: String) -> String? {
        pairs.first { $0.name == name }?.value
    }

    /// Every value of `name`, in order.
    public func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    /// How many times `name` occurs (OAuth rejects repeated parameters).
    public func occurrences(of name: String) -> Int {
        pairs.reduce(0) { $0 + ($1.name == name ? 1 : 0) }
    }

    public var isEmpty: Bool { pairs.isEmpty }

    /// Serializes back to `application/x-www-form-urlencoded`.
    public var encoded: String {
        pairs.map { PercentDecoding.encode($0.name) + "=" + PercentDecoding.encode($0.value) }.joined(separator: "&")
    }
}
