import CSQLite

private let SQLITE_TRANSIENT = unsafeBitCast(-1, to: sqlite3_destructor_type.self)

/// One SQLite connection, owned by the loop thread: cached prepared statements, nested transactions,
/// and a group-commit batch that hot-path writes join until the server commits it once per loop iteration.
public final class Database {
    public let path: String?
    private var handle: OpaquePointer?
    private var statements: [String: OpaquePointer] = [:]
    private var transactionDepth = 0
    private var savepointCounter = 0
    public private(set) var hasOpenBatch = false

    /// Opens `path` (created if missing; WAL, synchronous=NORMAL), or a private in-memory database for nil or ":memory:".
    public init(path: String? = nil) throws(StoreError) {
        let inMemory = path == nil || path == ":memory:"
        self.path = inMemory ? nil : path
        var db: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(inMemory ? ":memory:" : path!, &db, flags, nil)
        guard status == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            sqlite3_close_v2(db)
            throw StoreError(code: status, message: message, sql: nil)
        }
        handle = db
        sqlite3_extended_result_codes(db, 1)
        sqlite3_busy_timeout(db, 5000)
        try execute("PRAGMA foreign_keys = ON")
        if !inMemory {
            try execute("PRAGMA journal_mode = WAL")
            try execute("PRAGMA synchronous = NORMAL")
        }
    }

    deinit { close() }

    private func error(_ code: Int32, _ sql: String?) -> StoreError {
        StoreError(code: code, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "database is closed", sql: sql)
    }

    /// Runs one or more statements without parameters.
    public func execute(_ sql: String) throws(StoreError) {
        guard let handle else { throw StoreError(code: SQLITE_MISUSE, message: "database is closed", sql: sql) }
        let status = sqlite3_exec(handle, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw error(status, sql) }
    }

    /// Runs a statement that returns no rows; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> Int {
        let statement = try prepared(sql, params)
        defer { sqlite3_reset(statement) }
        var status = sqlite3_step(statement)
        while status == SQLITE_ROW { status = sqlite3_step(statement) }
        guard status == SQLITE_DONE else { throw error(status, sql) }
        return Int(sqlite3_changes(handle))
    }

    public func query(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> [Row] {
        var rows: [Row] = []
        try forEachRow(sql, params) { rows.append($0) }
        return rows
    }

    public func queryOne(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> Row? {
        var first: Row?
        let statement = try prepared(sql, params)
        defer { sqlite3_reset(statement) }
        let status = sqlite3_step(statement)
        if status == SQLITE_ROW {
            first = row(statement, columns: columnNames(statement))
        } else if status != SQLITE_DONE {
            throw error(status, sql)
        }
        return first
    }

    /// Streams rows to `body` without collecting them.
    public func forEachRow(_ sql: String, _ params: [SQLValue] = [], _ body: (Row) throws(StoreError) -> Void) throws(StoreError) {
        let statement = try prepared(sql, params)
        defer { sqlite3_reset(statement) }
        let columns = columnNames(statement)
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw error(status, sql) }
            try body(row(statement, columns: columns))
        }
    }

    public var lastInsertRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Runs `body` atomically: BEGIN IMMEDIATE at the outermost level, a SAVEPOINT when nested or inside a batch.
    /// A throwing body rolls back its own writes only, and the error is rethrown.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        if transactionDepth == 0 && !hasOpenBatch {
            try execute("BEGIN IMMEDIATE")
            transactionDepth += 1
            defer { transactionDepth -= 1 }
            do {
                let result = try body()
                try execute("COMMIT")
                return result
            } catch {
                try? execute("ROLLBACK")
                throw error
            }
        }
        return try savepoint(body)
    }

    private func savepoint<T>(_ body: () throws -> T) throws -> T {
        savepointCounter += 1
        let name = "sp\(savepointCounter)"
        try execute("SAVEPOINT \(name)")
        transactionDepth += 1
        defer { transactionDepth -= 1 }
        do {
            let result = try body()
            try execute("RELEASE \(name)")
            return result
        } catch {
            try? execute("ROLLBACK TO \(name)")
            try? execute("RELEASE \(name)")
            throw error
        }
    }

    /// Runs `body` inside the open batch transaction (opening it when needed), in a savepoint of its own.
    public func batched<T>(_ body: () throws -> T) throws -> T {
        if !hasOpenBatch && transactionDepth == 0 {
            try execute("BEGIN")
            hasOpenBatch = true
        }
        return try savepoint(body)
    }

    /// Commits the batch transaction, if one is open.
    public func commitBatch() throws(StoreError) {
        guard hasOpenBatch else { return }
        hasOpenBatch = false
        try execute("COMMIT")
    }

    /// Drops every table, index, view and trigger (for a reset).
    public func dropAllTables() throws(StoreError) {
        try commitBatch()
        let objects = try query("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND type IN ('table', 'view')")
        clearStatementCache()
        try execute("PRAGMA foreign_keys = OFF")
        defer { try? execute("PRAGMA foreign_keys = ON") }
        for object in objects {
            let name = object.string("name")!.replacingQuotes()
            try execute("DROP \(object.string("type") == "view" ? "VIEW" : "TABLE") IF EXISTS \"\(name)\"")
        }
    }

    /// Commits an open batch, finalizes cached statements and closes. Idempotent.
    public func close() {
        guard let handle else { return }
        try? commitBatch()
        clearStatementCache()
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    private func clearStatementCache() {
        for statement in statements.values { sqlite3_finalize(statement) }
        statements.removeAll()
    }

    // MARK: Statements

    private func prepared(_ sql: String, _ params: [SQLValue]) throws(StoreError) -> OpaquePointer {
        guard let handle else { throw StoreError(code: SQLITE_MISUSE, message: "database is closed", sql: sql) }
        let statement: OpaquePointer
        if let cached = statements[sql] {
            statement = cached
            sqlite3_clear_bindings(statement)
        } else {
            var fresh: OpaquePointer?
            let status = sqlite3_prepare_v2(handle, sql, -1, &fresh, nil)
            guard status == SQLITE_OK, let fresh else { throw error(status, sql) }
            statements[sql] = fresh
            statement = fresh
        }
        guard Int(sqlite3_bind_parameter_count(statement)) == params.count else {
            throw StoreError(code: SQLITE_RANGE, message: "expected \(sqlite3_bind_parameter_count(statement)) parameters, got \(params.count)", sql: sql)
        }
        for (offset, value) in params.enumerated() {
            let index = Int32(offset + 1)
            let status: Int32
            switch value {
            case .null: status = sqlite3_bind_null(statement, index)
            case .integer(let v): status = sqlite3_bind_int64(statement, index, v)
            case .real(let v): status = sqlite3_bind_double(statement, index, v)
            case .text(let v): status = sqlite3_bind_text(statement, index, v, -1, SQLITE_TRANSIENT)
            case .blob(let v):
                status = v.withUnsafeBytes { sqlite3_bind_blob(statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count), SQLITE_TRANSIENT) }
            }
            guard status == SQLITE_OK else { throw error(status, sql) }
        }
        return statement
    }

    private func columnNames(_ statement: OpaquePointer) -> [String] {
        (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
    }

    private func row(_ statement: OpaquePointer, columns: [String]) -> Row {
        var values: [SQLValue] = []
        values.reserveCapacity(columns.count)
        for i in 0..<Int32(columns.count) {
            switch sqlite3_column_type(statement, i) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(statement, i)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(statement, i)))
            case SQLITE_TEXT:
                let count = Int(sqlite3_column_bytes(statement, i))
                let text = sqlite3_column_text(statement, i).map { String(decoding: UnsafeBufferPointer(start: $0, count: count), as: UTF8.self) } ?? ""
                values.append(.text(text))
            case SQLITE_BLOB:
                let count = Int(sqlite3_column_bytes(statement, i))
                let bytes = sqlite3_column_blob(statement, i).map { Array(UnsafeRawBufferPointer(start: $0, count: count)) } ?? []
                values.append(.blob(bytes))
            default: values.append(.null)
            }
        }
        return Row(columns: columns, values: values)
    }
}

extension String {
    func replacingQuotes() -> String { split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") }
}
