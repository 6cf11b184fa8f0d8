import Store
import XCTest

/// Each SQLValue case survives a write and a read; Row and SQLValue conveniences.
final class ValueRoundTripTests: XCTestCase {
    private func roundTrip(_ value: SQLValue, file: StaticString = #filePath, line: UInt = #line) throws {
        let db = try Database()
        try db.execute("CREATE TABLE v (x)")
        try db.run("INSERT INTO v (x) VALUES (?)", [value])
        XCTAssertEqual(try db.queryOne("SELECT x FROM v")?["x"], value, file: file, line: line)
    }

    func testEachCaseRoundTrips() throws {
        try roundTrip(.null)
        try roundTrip(.integer(0))
        try roundTrip(.integer(Int64.max))
        try roundTrip(.integer(Int64.min))
        try roundTrip(.real(2.5))
        try roundTrip(.real(-1e-300))
        try roundTrip(.text("plain"))
        try roundTrip(.text("żółw ✓ 🐢 日本語"))
        try roundTrip(.text(String(repeating: "long text ", count: 1000)))
        try roundTrip(.blob([0, 1, 127, 128, 255]))
        try roundTrip(.blob(Array(repeating: 7, count: 100_000)))
    }

    func testEmptyValuesAreNotNull() throws {
        try roundTrip(.text(""))
        try roundTrip(.blob([]))
        let db = try Database()
        let types = try db.queryOne("SELECT typeof(?), typeof(?), typeof(?)", ["", .blob([]), nil])
        XCTAssertEqual(types?[0], "text")
        XCTAssertEqual(types?[1], "blob")
        XCTAssertEqual(types?[2], "null")
    }

    func testEmbeddedNulCharactersAreKept() throws {
        try roundTrip(.text("a\u{0}b"))
        try roundTrip(.text("a longer string with a \u{0} in the middle of it"))
    }

    func testRowAccessors() throws {
        let db = try makeDatabase()
        try db.run("INSERT INTO t (id, name, score, data) VALUES (?, ?, ?, ?)", [7, "seven", 7.5, .blob([7])])
        let row = try XCTUnwrap(try db.queryOne("SELECT id, name, score, data, 1 AS yes, 0 AS no FROM t"))
        XCTAssertEqual(row.columns, ["id", "name", "score", "data", "yes", "no"])
        XCTAssertEqual(row[0], .integer(7))
        XCTAssertEqual(row.int("id"), 7)
        XCTAssertEqual(row.string("name"), "seven")
        XCTAssertEqual(row.double("score"), 7.5)
        XCTAssertEqual(row.double("id"), 7, "integers read as doubles")
        XCTAssertEqual(row.blob("data"), [7])
        XCTAssertEqual(row.bool("yes"), true)
        XCTAssertEqual(row.bool("no"), false)
        XCTAssertEqual(row["missing"], .null)
        XCTAssertNil(row.int("missing"))
        XCTAssertNil(row.int("name"), "no conversion from text")
        XCTAssertEqual(db.lastInsertRowID, 7)
    }

    func testLiteralsAndConvenienceInitializers() {
        let values: [SQLValue] = [nil, 1, 1.5, "x"]
        XCTAssertEqual(values, [.null, .integer(1), .real(1.5), .text("x")])
        XCTAssertEqual(SQLValue(Optional<String>.none), .null)
        XCTAssertEqual(SQLValue("x" as String?), .text("x"))
        XCTAssertEqual(SQLValue(Optional<Int>.none), .null)
        XCTAssertEqual(SQLValue(42 as Int?), .integer(42))
        XCTAssertEqual(SQLValue(Int64(-3) as Int64?), .integer(-3))
        XCTAssertEqual(SQLValue(true), .integer(1))
        XCTAssertEqual(SQLValue(false), .integer(0))
        XCTAssertTrue(SQLValue.null.isNull)
        XCTAssertFalse(SQLValue.text("").isNull)
    }
}
