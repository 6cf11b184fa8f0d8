import Store
import XCTest

/// `dropAllTables`: a reset to an empty schema.
final class ResetTests: XCTestCase {
    private func makePopulatedDatabase() throws -> Database {
        let db = try makeDatabase()
        try db.execute(
            """
            CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, parent INTEGER REFERENCES t(id) ON DELETE RESTRICT);
            CREATE TABLE \"odd \"\"name\"\"\" (x INTEGER REFERENCES child(id));
            CREATE INDEX child_parent ON child (parent);
            CREATE VIEW names AS SELECT name FROM t;
            CREATE TRIGGER t_insert AFTER INSERT ON t BEGIN SELECT 1; END;
            INSERT INTO t (id) VALUES (1);
            INSERT INTO child (parent) VALUES (1);
            INSERT INTO \"odd \"\"name\"\"\" VALUES (1);
            """)
        return db
    }

    private func userObjects(_ db: Database) throws -> [String] {
        try db.query("SELECT name FROM sqlite_master WHERE name NOT GLOB 'sqlite_*'").compactMap { $0.string("name") }
    }

    func testDropsEveryUserObjectDespiteForeignKeys() throws {
        let db = try makePopulatedDatabase()
        try db.dropAllTables()
        XCTAssertEqual(try userObjects(db), [])
        XCTAssertEqual(try db.queryOne("PRAGMA foreign_keys")?[0], 1, "still enforced")
        XCTAssertEqual(try db.queryOne("PRAGMA defer_foreign_keys")?[0], 0)

        try db.execute("CREATE TABLE child (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)")
        try db.run("INSERT INTO child (v) VALUES ('again')")
        XCTAssertEqual(db.lastInsertRowID, 1, "AUTOINCREMENT counters start over")
    }

    func testCommitsTheOpenBatchFirst() throws {
        let db = try makePopulatedDatabase()
        try db.batched { try db.run("INSERT INTO t (id) VALUES (2)") }
        try db.dropAllTables()
        XCTAssertFalse(db.hasOpenBatch)
        XCTAssertEqual(try userObjects(db), [])
    }

    func testJoinsAnEnclosingTransaction() throws {
        let db = try makePopulatedDatabase()
        XCTAssertThrowsError(
            try db.transaction {
                try db.dropAllTables()
                XCTAssertEqual(try self.userObjects(db), [])
                throw Boom()
            })
        XCTAssertEqual(try db.ids(), [1], "rolled back with the transaction")

        try db.transaction {
            try db.dropAllTables()
            try db.execute("CREATE TABLE p (id INTEGER PRIMARY KEY); CREATE TABLE c (p INTEGER REFERENCES p(id))")
            XCTAssertThrowsError(try db.run("INSERT INTO c VALUES (?)", [9])) {
                XCTAssertEqual(($0 as? StoreError)?.isForeignKeyViolation, true, "immediate checks are back")
            }
        }
        XCTAssertEqual(try userObjects(db).sorted(), ["c", "p"])
    }

    func testEmptyDatabase() throws {
        let db = try Database()
        try db.dropAllTables()
        XCTAssertEqual(try userObjects(db), [])
    }
}
