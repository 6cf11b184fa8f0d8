import CSQLite

#if canImport(Glibc)
    import Glibc
#endif

/// One SQLite connection, owned by the loop thread: runs statements through a cache of prepared
/// statements, nests transactions, and keeps the group-commit batch (see `batched`).
public final class Database {
    /// The database file, or nil for a private in-memory database.
    public let path: String?
    private var connection: OpaquePointer?
    /// Prepared statements by SQL text, reused by `run` and the queries.
    private var statementCache: [String: OpaquePointer] = [:]
    /// How many `transaction`/`batched` bodies are running.
    var transactionDepth = 0
    /// Whether the group-commit transaction is open.
    public internal(set) var hasOpenBatch = false
    /// The caps of the tables that grow with traffic (`BoundedTable`).
    public let bounds = StoreBounds()
    /// Changes whenever the connection is replaced (`replaceWithEmptyDatabase`, `restore`), so caches derived from
    /// the store know to start over.
    public private(set) var generation = 0

    /// Opens the file at `path`, created if missing, in WAL mode with synchronous=NORMAL; nil or ":memory:"
    /// opens a private in-memory database. Foreign keys are enforced and a busy database is retried for 5 s.
    public init(path: String? = nil) throws(StoreError) {
        let inMemory = path == nil || path == ":memory:"
        self.path = inMemory ? nil : path
        connection = try Self.open(path: inMemory ? nil : path)
    }

    /// A configured connection to `path` (nil: a new private in-memory database).
    private static func open(path: String?) throws(StoreError) -> OpaquePointer {
        var opened: OpaquePointer?
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let status = sqlite3_open_v2(path ?? ":memory:", &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let error = opened.map { StoreError.last(sqlite3_extended_errcode($0), on: $0, sql: nil) }
            sqlite3_close_v2(opened)
            throw error ?? StoreError(code: status, message: String(cString: sqlite3_errstr(status)))
        }
        sqlite3_extended_result_codes(opened, 1)
        sqlite3_busy_timeout(opened, 5000)
        var pragmas = ["PRAGMA foreign_keys = ON"]
        if path != nil { pragmas += ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL"] }
        for sql in pragmas {
            let status = sqlite3_exec(opened, sql, nil, nil, nil)
            guard status == SQLITE_OK else {
                let error = StoreError.last(status, on: opened, sql: sql)
                sqlite3_close_v2(opened)
                throw error
            }
        }
        return opened
    }

    /// The connection a `replaceWithEmptyDatabase` put aside, to `restore` or `release`.
    public struct SetAside {
        fileprivate let connection: OpaquePointer?
        fileprivate let statements: [String: OpaquePointer]
    }

    /// Puts the in-memory database aside and continues on a new, empty one (a reset: closing a database returns
    /// all its pages at once, where deleting rows keeps the pages and costs time per row). Commits an open batch
    /// first. Throws for a file database, and when a transaction is running.
    public func replaceWithEmptyDatabase() throws(StoreError) -> SetAside {
        guard path == nil else {
            throw StoreError(code: SQLITE_MISUSE, message: "only an in-memory database can be replaced")
        }
        guard transactionDepth == 0 else {
            throw StoreError(code: SQLITE_MISUSE, message: "cannot replace the database inside a transaction")
        }
        try commitBatch()
        let fresh = try Self.open(path: nil)
        let aside = SetAside(connection: connection, statements: statementCache)
        connection = fresh
        statementCache = [:]
        generation += 1
        return aside
    }

    /// Goes back to the database put aside, closing the one used since.
    public func restore(_ aside: SetAside) {
        closeConnection()
        connection = aside.connection
        statementCache = aside.statements
        hasOpenBatch = false
        generation += 1
    }

    /// Closes the database put aside, returning its memory.
    public func release(_ aside: SetAside) {
        for statement in aside.statements.values { sqlite3_finalize(statement) }
        sqlite3_close_v2(aside.connection)
    }

    /// A database released without `close()` still commits what its batch holds; with no caller left to tell, a
    /// failure goes to standard error.
    deinit {
        do {
            try close()
        } catch {
            let line = Array("idemu: the store could not commit its last writes: \(error)\n".utf8)
            _ = line.withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        }
    }

    /// Runs one or more statements that take no parameters.
    public func execute(_ sql: String) throws(StoreError) {
        guard let connection else { throw .closed(sql) }
        let status = sqlite3_exec(connection, sql, nil, nil, nil)
        guard status == SQLITE_OK else { throw .last(status, on: connection, sql: sql) }
    }

    /// Runs one statement to completion; returns the number of rows it changed.
    @discardableResult
    public func run(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> Int {
        let statement = try prepare(sql, params)
        defer { statement.finish() }
        while try statement.step() {}
        return Int(sqlite3_changes(connection))
    }

    /// All rows of a query.
    public func query(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> [Row] {
        let statement = try prepare(sql, params)
        defer { statement.finish() }
        let columns = statement.columnNames()
        var rows: [Row] = []
        while try statement.step() {
            rows.append(statement.row(columns: columns))
        }
        return rows
    }

    /// The first row of a query, or nil when there is none.
    public func queryOne(_ sql: String, _ params: [SQLValue] = []) throws(StoreError) -> Row? {
        let statement = try prepare(sql, params)
        defer { statement.finish() }
        return try statement.step() ? statement.row(columns: statement.columnNames()) : nil
    }

    /// Streams the rows of a query to `body`, one at a time.
    public func forEachRow(_ sql: String, _ params: [SQLValue] = [], _ body: (Row) throws -> Void) throws {
        let statement = try prepare(sql, params)
        defer { statement.finish() }
        let columns = statement.columnNames()
        while try statement.step() {
            try body(statement.row(columns: columns))
        }
    }

    /// The rowid of the most recent successful INSERT on this connection.
    public var lastInsertRowID: Int64 { connection.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// Commits an open batch, finalizes the cached statements and closes the connection. Idempotent. A commit that
    /// fails is thrown after the connection is closed (its writes were never acknowledged: responses wait for it).
    public func close() throws(StoreError) {
        guard connection != nil else { return }
        defer { closeConnection() }
        try commitBatch()
    }

    /// Finalizes the cached statements and closes the connection; an open batch is rolled back by SQLite.
    private func closeConnection() {
        guard let connection else { return }
        for statement in statementCache.values { sqlite3_finalize(statement) }
        statementCache.removeAll()
        sqlite3_close_v2(connection)
        self.connection = nil
        hasOpenBatch = false
    }

    /// Whether SQLite is outside any transaction (it also ends one itself after some errors).
    var isInAutocommitMode: Bool { connection.map { sqlite3_get_autocommit($0) != 0 } ?? true }

    /// The cached statement for `sql` with `params` bound. A statement still stepping in an enclosing call
    /// (a query run from a `forEachRow` body) is left alone and a one-off statement prepared instead.
    private func prepare(_ sql: String, _ params: [SQLValue]) throws(StoreError) -> Statement {
        guard let connection else { throw .closed(sql) }
        let cached = statementCache[sql]
        let statement: Statement
        if let cached, sqlite3_stmt_busy(cached) == 0 {
            statement = Statement(handle: cached, sql: sql, isCached: true)
        } else {
            var prepared: OpaquePointer?
            let status = sqlite3_prepare_v2(connection, sql, -1, &prepared, nil)
            guard status == SQLITE_OK else { throw .last(status, on: connection, sql: sql) }
            guard let prepared else { throw StoreError(code: SQLITE_MISUSE, message: "no statement to run", sql: sql) }
            if cached == nil { statementCache[sql] = prepared }
            statement = Statement(handle: prepared, sql: sql, isCached: cached == nil)
        }
        do {
            try statement.bind(params)
        } catch {
            statement.finish()
            throw error
        }
        return statement
    }
}
