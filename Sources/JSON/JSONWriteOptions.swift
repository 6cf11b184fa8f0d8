/// Output choices for serializing JSON; the default is compact, in member order.
public struct JSONWriteOptions: OptionSet, Sendable {
    public let rawValue: Int

    public init(rawValue: Int) {
        self.rawValue = rawValue
    }

    /// Object members sorted by the UTF-8 bytes of their keys, at every level.
    public static let sortedKeys = JSONWriteOptions(rawValue: 1 << 0)
    /// Two-space indentation, one member or element per line, `"key": value`.
    public static let prettyPrinted = JSONWriteOptions(rawValue: 1 << 1)
    /// Writes `/` as `\/`.
    public static let escapeSlashes = JSONWriteOptions(rawValue: 1 << 2)
}
