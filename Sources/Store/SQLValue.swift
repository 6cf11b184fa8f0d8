/// A value bound to or read from SQLite, one case per storage class.
public enum SQLValue: Sendable, Equatable, ExpressibleByNilLiteral, ExpressibleByIntegerLiteral,
    ExpressibleByFloatLiteral, ExpressibleByStringLiteral
{
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob([UInt8])

    public init(nilLiteral: ()) { self = .null }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .real(value) }
    public init(stringLiteral value: String) { self = .text(value) }

    /// `.text`, or `.null` for nil.
    public init(_ value: String?) { self = value.map(SQLValue.text) ?? .null }
    /// `.integer`, or `.null` for nil.
    public init(_ value: Int?) { self = value.map { .integer(Int64($0)) } ?? .null }
    /// `.integer`, or `.null` for nil.
    public init(_ value: Int64?) { self = value.map(SQLValue.integer) ?? .null }
    /// `.integer(1)` for true, `.integer(0)` for false.
    public init(_ value: Bool) { self = .integer(value ? 1 : 0) }

    /// The integer, or nil for any other case.
    public var int: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }

    /// The real, or the integer widened to a Double; nil for any other case.
    public var double: Double? {
        switch self {
        case .real(let value): value
        case .integer(let value): Double(value)
        default: nil
        }
    }

    /// The text, or nil for any other case.
    public var string: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    /// The bytes, or nil for any other case.
    public var blob: [UInt8]? {
        if case .blob(let value) = self { return value }
        return nil
    }

    /// Whether this is SQL NULL.
    public var isNull: Bool { self == .null }
}
