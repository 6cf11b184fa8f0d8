import Store
import XCTest

/// Cached prepared statements: reuse, parameter binding, streaming and re-entrant use.
final class StatementTests: XCTestCase {
    func testCachedStatementsGiveFreshResults() throws {
        let db = try makeDatabase()
        for i in 0..<500 {
            try db.run("INSERT INTO t (id, name) VALUES (?, ?)", [.integer(Int64(i)), .text("n\(i)")])
            XCTAssertEqual(
                try db.queryOne("SELECT name FROM t WHERE id = ?", [.integer(Int64(i))])?.string("name"), "n\(i)")
            XCTAssertEqual(try db.query("SELECT count(*) AS c FROM t").first?.int("c"), Int64(i + 1))
        }
        XCTAssertEqual(try db.run("UPDATE t SET score = 1 WHERE id < ?", [10]), 10)
        XCTAssertEqual(try db.run("UPDATE t SET score = 2 WHERE id < ?", [0]), 0)
        XCTAssertEqual(try db.run("DELETE FROM t WHERE id >= ?", [100]), 400)
    }

    func testBindingsDoNotLeakIntoTheNextUse() throws {
        let db = try makeDatabase()
        try db.run("INSERT INTO t (id, name) VALUES (?, ?)", [1, "a"])
        XCTAssertEqual(try db.queryOne("SELECT name FROM t WHERE id = ?", [1])?.string("name"), "a")
        XCTAssertNil(try db.queryOne("SELECT name FROM t WHERE id = ?", [2]))
        XCTAssertEqual(try db.query("SELECT name FROM t WHERE id = ?", [1]).count, 1)
    }

    func testWrongParameterCountIsAnErrorAndLeavesTheStatementUsable() throws {
        let db = try makeDatabase()
        XCTAssertThrowsError(try db.run("INSERT INTO t (id) VALUES (?)", []))
        XCTAssertThrowsError(try db.run("INSERT INTO t (id) VALUES (?)", [1, 2]))
        try db.run("INSERT INTO t (id) VALUES (?)", [1])
        XCTAssertEqual(try db.ids(), [1])
    }

    func testSyntaxErrorCarriesMessageAndSQL() throws {
        let db = try Database()
        XCTAssertThrowsError(try db.query("SELEC 1")) { error in
            let error = error as! StoreError
            XCTAssertEqual(error.code, 1)
            XCTAssertTrue(error.message.contains("syntax error"), error.message)
            XCTAssertEqual(error.sql, "SELEC 1")
            XCTAssertTrue(error.description.contains("SELEC 1"))
        }
        XCTAssertThrowsError(try db.execute("CREATE TABLE x (")) { error in
            XCTAssertEqual((error as! StoreError).sql, "CREATE TABLE x (")
        }
    }

    func testForEachRowStreamsAndStopsOnAThrowingBody() throws {
        let db = try makeDatabase()
        for i in 1...5 { try db.run("INSERT INTO t (id) VALUES (?)", [.integer(Int64(i))]) }
        var seen: [Int64] = []
        try db.forEachRow("SELECT id FROM t WHERE id > ? ORDER BY id", [1]) { seen.append($0.int("id")!) }
        XCTAssertEqual(seen, [2, 3, 4, 5])

        seen = []
        XCTAssertThrowsError(
            try db.forEachRow("SELECT id FROM t WHERE id > ? ORDER BY id", [1]) { row in
                seen.append(row.int("id")!)
                if seen.count == 2 { throw Boom() }
            }
        ) { XCTAssertTrue($0 is Boom) }
        XCTAssertEqual(seen, [2, 3])
        XCTAssertEqual(
            try db.query("SELECT id FROM t WHERE id > ? ORDER BY id", [3]).map { $0.int("id") }, [4, 5],
            "the abandoned statement was reset")
    }

    func testSameStatementCanRunInsideItsOwnLoop() throws {
        let db = try makeDatabase()
        for i in 1...3 { try db.run("INSERT INTO t (id) VALUES (?)", [.integer(Int64(i))]) }
        let sql = "SELECT id FROM t WHERE id >= ? ORDER BY id"
        var pairs: [[Int64]] = []
        try db.forEachRow(sql, [1]) { outer in
            let inner = try db.query(sql, [.integer(outer.int("id")!)]).map { $0.int("id")! }
            pairs.append(inner)
        }
        XCTAssertEqual(pairs, [[1, 2, 3], [2, 3], [3]])
        XCTAssertEqual(try db.query(sql, [2]).count, 2)
    }

    func testWritesWhileStreamingAnotherStatement() throws {
        let db = try makeDatabase()
        try db.execute("CREATE TABLE log (id INTEGER)")
        for i in 1...3 { try db.run("INSERT INTO t (id) VALUES (?)", [.integer(Int64(i))]) }
        try db.forEachRow("SELECT id FROM t ORDER BY id") { row in
            try db.run("INSERT INTO log (id) VALUES (?)", [row["id"]])
        }
        XCTAssertEqual(try db.queryOne("SELECT count(*) FROM log")?[0], 3)
    }
}
