import CSQLite

/// A SQLite failure with its extended result code, message and the statement that failed.
public struct StoreError: Error, Sendable, CustomStringConvertible {
    public let code: Int32
    public let message: String
    public let sql: String?

    public init(code: Int32, message: String, sql: String? = nil) {
        self.code = code
        self.message = message
        self.sql = sql
    }

    public var isUniqueViolation: Bool {
        code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
    }

    public var isForeignKeyViolation: Bool { code == SQLITE_CONSTRAINT_FOREIGNKEY }

    public var description: String {
        "SQLite error \(code): \(message)" + (sql.map { " in `\($0)`" } ?? "")
    }
}

// The extended constraint codes are macros that Swift does not import.
let SQLITE_CONSTRAINT_UNIQUE = Int32(SQLITE_CONSTRAINT) | (8 << 8)
let SQLITE_CONSTRAINT_PRIMARYKEY = Int32(SQLITE_CONSTRAINT) | (6 << 8)
let SQLITE_CONSTRAINT_FOREIGNKEY = Int32(SQLITE_CONSTRAINT) | (3 << 8)
