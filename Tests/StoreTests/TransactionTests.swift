import Store
import XCTest

/// `transaction`: commit, rollback, and nesting through savepoints.
final class TransactionTests: XCTestCase {
    func testCommitsAndReturnsTheBodysResult() throws {
        let db = try makeDatabase()
        let result = try db.transaction { () throws -> String in
            try db.run("INSERT INTO t (id) VALUES (1)")
            return "done"
        }
        XCTAssertEqual(result, "done")
        XCTAssertEqual(try db.ids(), [1])
        XCTAssertFalse(db.hasOpenBatch)
    }

    func testThrowingBodyRollsBackAndRethrows() throws {
        let db = try makeDatabase()
        try db.transaction { try db.run("INSERT INTO t (id) VALUES (1)") }
        XCTAssertThrowsError(
            try db.transaction {
                try db.run("INSERT INTO t (id) VALUES (2)")
                throw Boom()
            }
        ) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(try db.ids(), [1])
        try db.transaction { try db.run("INSERT INTO t (id) VALUES (3)") }
        XCTAssertEqual(try db.ids(), [1, 3], "usable after a rollback")
    }

    func testFailingStatementRollsBackEarlierWritesOfTheBody() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(
            try db.transaction {
                try db.run("INSERT INTO t (id, name) VALUES (1, 'a')")
                try db.run("INSERT INTO t (id, name) VALUES (2, 'a')")
            }
        ) { XCTAssertEqual(($0 as? StoreError)?.isUniqueViolation, true) }
        XCTAssertEqual(try db.ids(), [])
    }

    func testNestedTransactionRollsBackOnlyItself() throws {
        let db = try makeDatabase()
        try db.transaction {
            try db.run("INSERT INTO t (id) VALUES (1)")
            XCTAssertThrowsError(
                try db.transaction {
                    try db.run("INSERT INTO t (id) VALUES (2)")
                    try db.transaction { try db.run("INSERT INTO t (id) VALUES (20)") }
                    throw Boom()
                })
            try db.transaction {
                try db.run("INSERT INTO t (id) VALUES (3)")
                XCTAssertThrowsError(
                    try db.transaction {
                        try db.run("INSERT INTO t (id) VALUES (4)")
                        throw Boom()
                    })
            }
            try db.run("INSERT INTO t (id) VALUES (5)")
        }
        XCTAssertEqual(try db.ids(), [1, 3, 5])
    }

    func testOuterRollbackUndoesCommittedInnerTransactions() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(
            try db.transaction {
                try db.transaction { try db.run("INSERT INTO t (id) VALUES (1)") }
                throw Boom()
            })
        XCTAssertEqual(try db.ids(), [])
    }

    func testFailedCommitRollsBack() throws {
        let db = try makeDatabase()
        try db.execute("CREATE TABLE child (parent INTEGER REFERENCES t(id) DEFERRABLE INITIALLY DEFERRED)")
        XCTAssertThrowsError(
            try db.transaction {
                try db.run("INSERT INTO child (parent) VALUES (99)")
            }
        ) { XCTAssertEqual(($0 as? StoreError)?.isForeignKeyViolation, true) }
        XCTAssertEqual(try db.queryOne("SELECT count(*) FROM child")?[0], 0)
        try db.transaction { try db.run("INSERT INTO t (id) VALUES (1)") }
        XCTAssertEqual(try db.ids(), [1], "no transaction was left open")
    }
}
