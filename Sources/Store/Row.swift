/// One result row: values by position, or by column name.
public struct Row: Sendable {
    /// The column names, shared by all rows of one query.
    public let columns: [String]
    let values: [SQLValue]

    public subscript(_ index: Int) -> SQLValue { values[index] }

    /// The value of `column`, or `.null` when there is no such column.
    public subscript(_ column: String) -> SQLValue {
        guard let index = columns.firstIndex(of: column) else { return .null }
        return values[index]
    }

    public func int(_ column: String) -> Int64? { self[column].int }
    public func string(_ column: String) -> String? { self[column].string }
    public func double(_ column: String) -> Double? { self[column].double }
    public func blob(_ column: String) -> [UInt8]? { self[column].blob }
    /// Nonzero integers are true; nil when the value is not an integer.
    public func bool(_ column: String) -> Bool? { self[column].int.map { $0 != 0 } }
}
