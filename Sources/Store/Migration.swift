import CSQLite

/// One versioned schema step of a module.
public struct Migration: Sendable {
    public let version: Int
    public let name: String
    public let sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }
}

/// Applies each module's migrations in order, once, recording them in `_migrations`.
public enum Migrator {
    public static func migrate(_ db: Database, module: String, migrations: [Migration]) throws(StoreError) {
        for (previous, next) in zip(migrations, migrations.dropFirst()) where next.version <= previous.version {
            throw StoreError(code: SQLITE_ERROR, message: "migrations of \(module) are not in increasing version order (\(previous.version), \(next.version))")
        }
        try db.execute("CREATE TABLE IF NOT EXISTS _migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (module, version))")
        var applied: [Int: String] = [:]
        try db.forEachRow("SELECT version, name FROM _migrations WHERE module = ?", [.text(module)]) { row in
            applied[Int(row.int("version")!)] = row.string("name")!
        }
        for migration in migrations {
            if let recorded = applied[migration.version] {
                guard recorded == migration.name else {
                    throw StoreError(code: SQLITE_ERROR, message: "migration \(module) v\(migration.version) is recorded as \"\(recorded)\" but is now \"\(migration.name)\"")
                }
                continue
            }
            do {
                try db.transaction {
                    try db.execute(migration.sql)
                    try db.run("INSERT INTO _migrations (module, version, name) VALUES (?, ?, ?)",
                               [.text(module), .integer(Int64(migration.version)), .text(migration.name)])
                }
            } catch let error as StoreError {
                throw error
            } catch {
                throw StoreError(code: SQLITE_ERROR, message: "\(error)")
            }
        }
    }

    public static func appliedVersions(_ db: Database, module: String) throws(StoreError) -> [Int] {
        try db.execute("CREATE TABLE IF NOT EXISTS _migrations (module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (module, version))")
        return try db.query("SELECT version FROM _migrations WHERE module = ? ORDER BY version", [.text(module)]).map { Int($0.int("version")!) }
    }
}
