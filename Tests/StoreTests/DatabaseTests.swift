import Foundation
import Store
import XCTest

/// Values, statements, constraint errors, transactions and group commit.
final class DatabaseTests: XCTestCase {
    private func makeDatabase() throws -> Database {
        let db = try Database()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, data BLOB)")
        return db
    }

    func testValuesRoundTrip() throws {
        let db = try makeDatabase()
        try db.run("INSERT INTO t (id, name, score, data) VALUES (?, ?, ?, ?)", [1, "żółw ✓", 2.5, .blob([0, 1, 255])])
        try db.run("INSERT INTO t (id, name, score, data) VALUES (?, ?, ?, ?)", [2, nil, nil, .blob([])])
        let rows = try db.query("SELECT * FROM t ORDER BY id")
        XCTAssertEqual(rows[0].string("name"), "żółw ✓")
        XCTAssertEqual(rows[0].double("score"), 2.5)
        XCTAssertEqual(rows[0].blob("data"), [0, 1, 255])
        XCTAssertEqual(rows[1]["name"], .null)
        XCTAssertEqual(rows[1]["data"], .blob([]), "an empty blob is not NULL")
        XCTAssertEqual(rows[1]["missing"], .null)
        XCTAssertEqual(db.lastInsertRowID, 2)
    }

    func testCachedStatementsGiveFreshResults() throws {
        let db = try makeDatabase()
        for i in 0..<200 {
            try db.run("INSERT INTO t (id, name) VALUES (?, ?)", [.integer(Int64(i)), .text("n\(i)")])
            XCTAssertEqual(try db.queryOne("SELECT name FROM t WHERE id = ?", [.integer(Int64(i))])?.string("name"), "n\(i)")
        }
        XCTAssertEqual(try db.queryOne("SELECT count(*) AS c FROM t")?.int("c"), 200)
        XCTAssertEqual(try db.run("UPDATE t SET score = 1 WHERE id < 10"), 10)
    }

    func testWrongParameterCountIsAnError() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(try db.run("INSERT INTO t (id) VALUES (?)", []))
    }

    func testConstraintViolationsAreFlagged() throws {
        let db = try makeDatabase()
        try db.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t(id))")
        try db.run("INSERT INTO t (id, name) VALUES (1, 'a')")
        XCTAssertThrowsError(try db.run("INSERT INTO t (id, name) VALUES (2, 'a')")) { error in
            XCTAssertTrue((error as! StoreError).isUniqueViolation)
        }
        XCTAssertThrowsError(try db.run("INSERT INTO t (id, name) VALUES (1, 'b')")) { error in
            XCTAssertTrue((error as! StoreError).isUniqueViolation)
        }
        XCTAssertThrowsError(try db.run("INSERT INTO child (id, parent) VALUES (1, 99)")) { error in
            XCTAssertTrue((error as! StoreError).isForeignKeyViolation)
        }
    }

    func testTransactionCommitsOrRollsBack() throws {
        let db = try makeDatabase()
        try db.transaction { try db.run("INSERT INTO t (id) VALUES (1)") }
        struct Boom: Error {}
        XCTAssertThrowsError(try db.transaction {
            try db.run("INSERT INTO t (id) VALUES (2)")
            throw Boom()
        })
        XCTAssertEqual(try db.query("SELECT id FROM t").map { $0.int("id") }, [1])
    }

    func testNestedTransactionRollsBackOnlyItself() throws {
        let db = try makeDatabase()
        struct Boom: Error {}
        try db.transaction {
            try db.run("INSERT INTO t (id) VALUES (1)")
            XCTAssertThrowsError(try db.transaction {
                try db.run("INSERT INTO t (id) VALUES (2)")
                throw Boom()
            })
            try db.run("INSERT INTO t (id) VALUES (3)")
        }
        XCTAssertEqual(try db.query("SELECT id FROM t ORDER BY id").map { $0.int("id") }, [1, 3])
    }

    func testBatchedWritesJoinOneTransaction() throws {
        let db = try makeDatabase()
        struct Boom: Error {}
        try db.batched { try db.run("INSERT INTO t (id) VALUES (1)") }
        XCTAssertTrue(db.hasOpenBatch)
        XCTAssertThrowsError(try db.batched {
            try db.run("INSERT INTO t (id) VALUES (2)")
            throw Boom()
        })
        try db.batched { try db.run("INSERT INTO t (id) VALUES (3)") }
        XCTAssertEqual(try db.query("SELECT id FROM t ORDER BY id").map { $0.int("id") }, [1, 3], "visible before commit")
        try db.commitBatch()
        XCTAssertFalse(db.hasOpenBatch)
        try db.transaction { try db.run("INSERT INTO t (id) VALUES (4)") }
        XCTAssertEqual(try db.queryOne("SELECT count(*) AS c FROM t")?.int("c"), 3)
    }

    func testFileDatabaseUsesWALAndPersists() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("idemu-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.db").path
        do {
            let db = try Database(path: path)
            XCTAssertEqual(try db.queryOne("PRAGMA journal_mode")?[0], .text("wal"))
            try db.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")
            try db.batched { try db.run("INSERT INTO kv VALUES ('a', '1')") }
            try db.commitBatch()
            try db.batched { try db.run("INSERT INTO kv VALUES ('b', '2')") }
            db.close()
            db.close()
        }
        let reopened = try Database(path: path)
        XCTAssertEqual(try reopened.query("SELECT k FROM kv ORDER BY k").map { $0.string("k") }, ["a", "b"],
                       "close commits the open batch")
    }

    func testDropAllTables() throws {
        let db = try makeDatabase()
        try db.execute("CREATE TABLE other (x INTEGER REFERENCES t(id)); CREATE VIEW v AS SELECT * FROM t")
        try db.dropAllTables()
        XCTAssertEqual(try db.query("SELECT name FROM sqlite_master").count, 0)
    }
}
