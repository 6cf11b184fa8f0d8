import CSQLite

/// A SQLite failure: its extended result code, the message, and the statement that failed.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    /// The SQLite extended result code.
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    /// A UNIQUE or PRIMARY KEY constraint failed.
    public var isUniqueViolation: Bool {
        code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
    }

    /// A FOREIGN KEY constraint failed.
    public var isForeignKeyViolation: Bool { code == SQLITE_CONSTRAINT_FOREIGNKEY }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in `\($0)`" } ?? "")
    }

    /// The error for using a connection after `close()`.
    static func closed(_ sql: String?) -> StoreError {
        StoreError(code: SQLITE_MISUSE, message: "the database is closed", sql: sql)
    }

    /// The connection's current error message, tagged with `code` and `sql`.
    static func last(_ code: Int32, on connection: OpaquePointer, sql: String?) -> StoreError {
        StoreError(code: code, message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }
}

// sqlite3.h defines the extended constraint codes as macro expressions, which Swift does not import.
private let SQLITE_CONSTRAINT_FOREIGNKEY = SQLITE_CONSTRAINT | (3 << 8)
private let SQLITE_CONSTRAINT_PRIMARYKEY = SQLITE_CONSTRAINT | (6 << 8)
private let SQLITE_CONSTRAINT_UNIQUE = SQLITE_CONSTRAINT | (8 << 8)
