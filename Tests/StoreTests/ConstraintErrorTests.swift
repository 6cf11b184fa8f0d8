import Store
import XCTest

/// Constraint failures carry SQLite's extended codes and are classified.
final class ConstraintErrorTests: XCTestCase {
    private func error(_ body: () throws -> Void, file: StaticString = #filePath, line: UInt = #line) -> StoreError? {
        do {
            try body()
            XCTFail("no error", file: file, line: line)
        } catch {
            return error as? StoreError
        }
        return nil
    }

    func testUniqueAndPrimaryKeyViolations() throws {
        let db = try makeDatabase()
        try db.run("INSERT INTO t (id, name) VALUES (1, 'a')")
        let unique = error { try db.run("INSERT INTO t (id, name) VALUES (?, ?)", [2, "a"]) }
        XCTAssertEqual(unique?.isUniqueViolation, true)
        XCTAssertEqual(unique?.isForeignKeyViolation, false)
        XCTAssertEqual(unique?.code, 19 | (8 << 8), "SQLITE_CONSTRAINT_UNIQUE")

        try db.execute("CREATE TABLE k (a TEXT, b TEXT, PRIMARY KEY (a, b)) WITHOUT ROWID")
        try db.run("INSERT INTO k VALUES ('x', 'y')")
        let primaryKey = error { try db.run("INSERT INTO k VALUES (?, ?)", ["x", "y"]) }
        XCTAssertEqual(primaryKey?.isUniqueViolation, true)
        XCTAssertEqual(primaryKey?.code, 19 | (6 << 8), "SQLITE_CONSTRAINT_PRIMARYKEY")

        let rowid = error { try db.run("INSERT INTO t (id, name) VALUES (?, ?)", [1, "b"]) }
        XCTAssertEqual(rowid?.isUniqueViolation, true, "an INTEGER PRIMARY KEY clash")
    }

    func testForeignKeyViolations() throws {
        let db = try makeDatabase()
        try db.execute("CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER NOT NULL REFERENCES t(id))")
        try db.run("INSERT INTO t (id) VALUES (1)")
        try db.run("INSERT INTO child (id, parent) VALUES (1, 1)")
        let missingParent = error { try db.run("INSERT INTO child (id, parent) VALUES (?, ?)", [2, 99]) }
        XCTAssertEqual(missingParent?.isForeignKeyViolation, true)
        XCTAssertEqual(missingParent?.isUniqueViolation, false)
        let orphaning = error { try db.run("DELETE FROM t WHERE id = 1") }
        XCTAssertEqual(orphaning?.isForeignKeyViolation, true, "foreign keys are enforced")
    }

    func testOtherConstraintsAreNeither() throws {
        let db = try Database()
        try db.execute("CREATE TABLE n (x TEXT NOT NULL CHECK (x <> 'bad'))")
        let notNull = error { try db.run("INSERT INTO n VALUES (?)", [nil]) }
        XCTAssertEqual(notNull?.code, 19 | (5 << 8), "SQLITE_CONSTRAINT_NOTNULL")
        XCTAssertEqual(notNull?.isUniqueViolation, false)
        XCTAssertEqual(notNull?.isForeignKeyViolation, false)
        let check = error { try db.run("INSERT INTO n VALUES (?)", ["bad"]) }
        XCTAssertEqual(check?.code, 19 | (1 << 8), "SQLITE_CONSTRAINT_CHECK")
    }
}
