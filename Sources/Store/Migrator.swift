import CSQLite

/// Applies a module's versioned migrations in order, each in its own transaction, recording them in table
/// `_migrations(module, version, name)`; migrations already recorded are skipped.
public enum Migrator {
    /// Applies the migrations of `module` not yet recorded. Throws (SQLITE_ERROR) before applying anything
    /// when the versions are not strictly increasing or a recorded version now has a different name.
    public static func migrate(_ db: Database, module: String, migrations: [Migration]) throws(StoreError) {
        for (previous, next) in zip(migrations, migrations.dropFirst()) where next.version <= previous.version {
            throw StoreError(
                code: SQLITE_ERROR,
                message:
                    "migrations of module \(module) must have strictly increasing versions, but \(next.version) follows \(previous.version)"
            )
        }
        try createLedger(db)
        var recordedNames: [Int: String] = [:]
        for row in try db.query("SELECT version, name FROM _migrations WHERE module = ?", [.text(module)]) {
            recordedNames[Int(row.int("version") ?? 0)] = row.string("name")
        }
        for migration in migrations {
            if let recorded = recordedNames[migration.version], recorded != migration.name {
                throw StoreError(
                    code: SQLITE_ERROR,
                    message:
                        "migration \(migration.version) of module \(module) was applied as \"\(recorded)\" but is now named \"\(migration.name)\""
                )
            }
        }
        for migration in migrations where recordedNames[migration.version] == nil {
            try db.atomically { () throws(StoreError) in
                try db.execute(migration.sql)
                try db.run(
                    "INSERT INTO _migrations (module, version, name) VALUES (?, ?, ?)",
                    [.text(module), .integer(Int64(migration.version)), .text(migration.name)])
            }
        }
    }

    /// The versions recorded for `module`, ascending.
    public static func appliedVersions(_ db: Database, module: String) throws(StoreError) -> [Int] {
        try createLedger(db)
        return try db.query("SELECT version FROM _migrations WHERE module = ? ORDER BY version", [.text(module)])
            .compactMap { $0.int("version").map(Int.init) }
    }

    private static func createLedger(_ db: Database) throws(StoreError) {
        try db.execute(
            """
            CREATE TABLE IF NOT EXISTS _migrations (
                module TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL, PRIMARY KEY (module, version))
            """)
    }
}
