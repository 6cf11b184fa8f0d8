import CSQLite

/// SQLite's SQLITE_TRANSIENT: sqlite copies bound text and blobs before the bind call returns.
private let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// A prepared statement in use by one call: binds parameters, steps, and reads rows.
/// Cached statements are reset and unbound when finished; one-off statements are finalized.
struct Statement {
    let handle: OpaquePointer
    let sql: String
    let isCached: Bool

    private var connection: OpaquePointer { sqlite3_db_handle(handle) }

    /// Binds `params` by position (the first to `?1`); the count must match the statement's parameters.
    func bind(_ params: [SQLValue]) throws(StoreError) {
        let expected = Int(sqlite3_bind_parameter_count(handle))
        guard expected == params.count else {
            throw StoreError(
                code: SQLITE_RANGE, message: "expected \(expected) parameters, got \(params.count)", sql: sql)
        }
        for (offset, value) in params.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32 =
                switch value {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let integer): sqlite3_bind_int64(handle, index, integer)
                case .real(let real): sqlite3_bind_double(handle, index, real)
                case .text(let text):
                    // withCString keeps embedded NULs; the explicit length makes SQLite keep them too.
                    text.withCString { sqlite3_bind_text(handle, index, $0, Int32(text.utf8.count), transient) }
                case .blob(let bytes) where bytes.isEmpty:
                    // A nil pointer would bind NULL, so an empty blob is bound as a zero-length zeroblob.
                    sqlite3_bind_zeroblob(handle, index, 0)
                case .blob(let bytes):
                    bytes.withUnsafeBytes {
                        sqlite3_bind_blob(handle, index, $0.baseAddress, Int32($0.count), transient)
                    }
                }
            guard status == SQLITE_OK else { throw .last(status, on: connection, sql: sql) }
        }
    }

    /// Advances to the next row: true when a row is available, false when the statement is done.
    func step() throws(StoreError) -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        case let status: throw .last(status, on: connection, sql: sql)
        }
    }

    func columnNames() -> [String] {
        (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    /// The current row, labelled with `columns` (from `columnNames()`, shared by every row).
    func row(columns: [String]) -> Row {
        var values: [SQLValue] = []
        values.reserveCapacity(columns.count)
        for index in 0..<Int32(columns.count) {
            values.append(value(at: index))
        }
        return Row(columns: columns, values: values)
    }

    private func value(at index: Int32) -> SQLValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER:
            return .integer(sqlite3_column_int64(handle, index))
        case SQLITE_FLOAT:
            return .real(sqlite3_column_double(handle, index))
        case SQLITE_TEXT:
            // Fetch the pointer before the length, as SQLite documents.
            guard let text = sqlite3_column_text(handle, index) else { return .text("") }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .text(String(decoding: UnsafeBufferPointer(start: text, count: count), as: UTF8.self))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, index) else { return .blob([]) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count)))
        default:
            return .null
        }
    }

    /// Readies a cached statement for its next use (reset, bindings cleared), or finalizes a one-off one.
    func finish() {
        if isCached {
            sqlite3_reset(handle)
            sqlite3_clear_bindings(handle)
        } else {
            sqlite3_finalize(handle)
        }
    }
}
