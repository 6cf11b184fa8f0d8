/// One versioned schema step of a module: `sql` (one or more statements) runs once, recorded under `version`.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        (self.version, self.name, self.sql) = (version, name, sql)
    }
}
