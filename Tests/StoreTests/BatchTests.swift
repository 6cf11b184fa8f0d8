import Store
import XCTest

/// Group commit: `batched` writes share one transaction until `commitBatch`.
final class BatchTests: XCTestCase {
    func testBatchedWritesAreVisibleBeforeCommit() throws {
        let db = try makeDatabase()
        XCTAssertFalse(db.hasOpenBatch)
        try db.batched { try db.run("INSERT INTO t (id) VALUES (1)") }
        XCTAssertTrue(db.hasOpenBatch)
        try db.batched { try db.run("INSERT INTO t (id) VALUES (2)") }
        XCTAssertEqual(try db.ids(), [1, 2])
        try db.commitBatch()
        XCTAssertFalse(db.hasOpenBatch)
        XCTAssertEqual(try db.ids(), [1, 2])
    }

    func testFailingBodyUndoesOnlyItsOwnWrites() throws {
        let db = try makeDatabase()
        try db.batched { try db.run("INSERT INTO t (id) VALUES (1)") }
        XCTAssertThrowsError(
            try db.batched {
                try db.run("INSERT INTO t (id) VALUES (2)")
                throw Boom()
            }
        ) { XCTAssertTrue($0 is Boom) }
        XCTAssertThrowsError(
            try db.batched {
                try db.run("INSERT INTO t (id, name) VALUES (3, 'x')")
                try db.run("INSERT INTO t (id, name) VALUES (4, 'x')")
            })
        try db.batched { try db.run("INSERT INTO t (id) VALUES (5)") }
        XCTAssertTrue(db.hasOpenBatch)
        try db.commitBatch()
        XCTAssertEqual(try db.ids(), [1, 5])
    }

    func testCommitBatchPersistsForOtherConnections() throws {
        let path = try makeTemporaryDirectory().appendingPathComponent("batch.db").path
        let writer = try Database(path: path)
        try writer.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)")
        let reader = try Database(path: path)
        try writer.batched { try writer.run("INSERT INTO t (id) VALUES (1)") }
        try writer.batched { try writer.run("INSERT INTO t (id) VALUES (2)") }
        XCTAssertEqual(try reader.ids(), [], "uncommitted")
        try writer.commitBatch()
        XCTAssertEqual(try reader.ids(), [1, 2])
    }

    func testCommitBatchWithoutBatchIsANoOp() throws {
        let db = try makeDatabase()
        try db.commitBatch()
        try db.run("INSERT INTO t (id) VALUES (1)")
        try db.commitBatch()
        XCTAssertEqual(try db.ids(), [1])
    }

    func testTransactionsNestInsideTheBatch() throws {
        let db = try makeDatabase()
        try db.batched { try db.run("INSERT INTO t (id) VALUES (1)") }
        try db.transaction { try db.run("INSERT INTO t (id) VALUES (2)") }
        XCTAssertThrowsError(
            try db.transaction {
                try db.run("INSERT INTO t (id) VALUES (3)")
                throw Boom()
            })
        try db.batched {
            try db.run("INSERT INTO t (id) VALUES (4)")
            XCTAssertThrowsError(
                try db.transaction {
                    try db.run("INSERT INTO t (id) VALUES (5)")
                    throw Boom()
                })
        }
        XCTAssertTrue(db.hasOpenBatch, "a transaction inside the batch does not end it")
        XCTAssertEqual(try db.ids(), [1, 2, 4])
        try db.commitBatch()
        XCTAssertEqual(try db.ids(), [1, 2, 4])
    }

    func testBatchedInsideATransactionJoinsIt() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(
            try db.transaction {
                try db.batched { try db.run("INSERT INTO t (id) VALUES (1)") }
                XCTAssertFalse(db.hasOpenBatch)
                throw Boom()
            })
        XCTAssertFalse(db.hasOpenBatch)
        XCTAssertEqual(try db.ids(), [], "rolled back with the enclosing transaction")
    }

    func testCommitBatchInsideABodyIsRejected() throws {
        let db = try makeDatabase()
        try db.batched {
            try db.run("INSERT INTO t (id) VALUES (1)")
            XCTAssertThrowsError(try db.commitBatch()) {
                XCTAssertEqual(($0 as? StoreError)?.code, 21, "SQLITE_MISUSE")
            }
        }
        try db.commitBatch()
        XCTAssertEqual(try db.ids(), [1])
    }
}
