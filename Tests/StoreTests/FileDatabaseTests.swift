import Foundation
import Store
import XCTest

/// A database file: WAL mode, persistence across reopening, closing.
final class FileDatabaseTests: XCTestCase {
    func testFileDatabaseUsesWALAndSettings() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("state.db").path
        let db = try Database(path: path)
        XCTAssertEqual(db.path, path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: path), "created when missing")
        XCTAssertEqual(try db.queryOne("PRAGMA journal_mode")?[0], "wal")
        XCTAssertEqual(try db.queryOne("PRAGMA synchronous")?[0], 1, "NORMAL")
        XCTAssertEqual(try db.queryOne("PRAGMA foreign_keys")?[0], 1)
        XCTAssertEqual(try db.queryOne("PRAGMA busy_timeout")?[0], 5000)
    }

    func testInMemoryDatabasesArePrivate() throws {
        let first = try Database(), second = try Database(path: ":memory:")
        XCTAssertNil(first.path)
        XCTAssertNil(second.path)
        try first.execute("CREATE TABLE only_here (x)")
        XCTAssertNil(try second.queryOne("SELECT name FROM sqlite_master WHERE name = 'only_here'"))
        XCTAssertEqual(try first.queryOne("PRAGMA foreign_keys")?[0], 1)
    }

    func testDataSurvivesClosingAndReopening() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("state.db").path
        do {
            let db = try Database(path: path)
            try db.execute("CREATE TABLE kv (k TEXT PRIMARY KEY, v TEXT)")
            try db.batched { try db.run("INSERT INTO kv VALUES (?, ?)", ["a", "1"]) }
            try db.commitBatch()
            try db.batched { try db.run("INSERT INTO kv VALUES (?, ?)", ["b", "2"]) }
            try db.close()
        }
        let reopened = try Database(path: path)
        XCTAssertEqual(
            try reopened.query("SELECT k, v FROM kv ORDER BY k").map { [$0.string("k"), $0.string("v")] },
            [["a", "1"], ["b", "2"]], "close commits the open batch")
    }

    func testDeinitCommitsTheOpenBatch() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("state.db").path
        do {
            let db = try Database(path: path)
            try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
            try db.batched { try db.run("INSERT INTO t (id) VALUES (1)") }
        }
        XCTAssertEqual(try Database(path: path).ids(), [1])
    }

    func testCloseIsIdempotentAndLaterUseThrows() throws {
        let db = try makeDatabase()
        try db.run("INSERT INTO t (id) VALUES (1)")
        try db.close()
        try db.close()
        XCTAssertThrowsError(try db.query("SELECT id FROM t")) {
            XCTAssertEqual(($0 as? StoreError)?.code, 21, "SQLITE_MISUSE")
        }
        XCTAssertThrowsError(try db.execute("SELECT 1"))
        XCTAssertThrowsError(try db.transaction {})
        XCTAssertFalse(db.hasOpenBatch)
    }

    func testUnopenablePathThrows() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("missing/dir/state.db").path
        XCTAssertThrowsError(try Database(path: path)) { error in
            XCTAssertEqual((error as? StoreError)?.code, 14, "SQLITE_CANTOPEN")
        }
    }
}
