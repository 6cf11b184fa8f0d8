extension Database {
    /// Drops every user table and view, and with the tables their indexes and triggers (for a reset).
    /// Commits an open batch first, unless called inside a transaction body, whose transaction it then joins.
    public func dropAllTables() throws(StoreError) {
        if transactionDepth == 0 { try commitBatch() }
        try atomically { () throws(StoreError) in
            // Dropping a table deletes its rows first, which can break foreign keys until the referencing
            // tables are gone too; deferring the checks makes the order irrelevant. SQLite keeps its own
            // tables (sqlite_sequence is emptied as the tables using it are dropped).
            let deferred = try queryOne("PRAGMA defer_foreign_keys")?[0] ?? 0
            try execute("PRAGMA defer_foreign_keys = ON")
            let objects = try query(
                """
                SELECT type, name FROM sqlite_master
                WHERE type IN ('view', 'table') AND name NOT GLOB 'sqlite_*'
                ORDER BY type = 'table'
                """)
            for object in objects {
                let kind = object.string("type") == "view" ? "VIEW" : "TABLE"
                try execute("DROP \(kind) IF EXISTS \(quotedIdentifier(object.string("name") ?? ""))")
            }
            try execute("PRAGMA defer_foreign_keys = \(deferred.int ?? 0)")
        }
    }

    /// `name` as an SQL identifier, in double quotes with inner quotes doubled.
    private func quotedIdentifier(_ name: String) -> String {
        "\"" + name.split(separator: "\"", omittingEmptySubsequences: false).joined(separator: "\"\"") + "\""
    }
}
