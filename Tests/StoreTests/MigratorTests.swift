import Store
import XCTest

/// Versioned migrations per module.
final class MigratorTests: XCTestCase {
    private let v1 = Migration(version: 1, name: "users", sql: "CREATE TABLE users (id TEXT PRIMARY KEY)")
    private let v2 = Migration(version: 2, name: "groups", sql: "CREATE TABLE groups (id TEXT PRIMARY KEY)")

    func testAppliesInOrderOnce() throws {
        let db = try Database()
        try Migrator.migrate(db, module: "m", migrations: [v1])
        try Migrator.migrate(db, module: "m", migrations: [v1])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1])
        try Migrator.migrate(db, module: "m", migrations: [v1, v2])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1, 2])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "other"), [])
    }

    func testModulesAreIndependent() throws {
        let db = try Database()
        try Migrator.migrate(db, module: "a", migrations: [v1])
        try Migrator.migrate(
            db, module: "b", migrations: [Migration(version: 1, name: "other", sql: "CREATE TABLE b1 (x)")])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "a"), [1])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "b"), [1])
        XCTAssertEqual(
            try db.query("SELECT module, version, name FROM _migrations ORDER BY module").map { $0.string("name") },
            ["users", "other"])
    }

    func testRenamedMigrationIsRejected() throws {
        let db = try Database()
        try Migrator.migrate(db, module: "m", migrations: [v1])
        let renamed = Migration(version: 1, name: "renamed", sql: "SELECT 1")
        XCTAssertThrowsError(try Migrator.migrate(db, module: "m", migrations: [renamed, v2])) { error in
            let error = error as! StoreError
            XCTAssertEqual(error.code, 1, "SQLITE_ERROR")
            XCTAssertTrue(error.message.contains("renamed") && error.message.contains("users"), error.message)
        }
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1], "nothing applied")
    }

    func testVersionsMustIncrease() throws {
        let db = try Database()
        for order in [[v2, v1], [v1, v1], [v1, Migration(version: 1, name: "twin", sql: "SELECT 1")]] {
            XCTAssertThrowsError(try Migrator.migrate(db, module: "m", migrations: order)) { error in
                XCTAssertEqual((error as! StoreError).code, 1, "SQLITE_ERROR")
            }
        }
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [])
        XCTAssertNil(try db.queryOne("SELECT name FROM sqlite_master WHERE name = 'users'"))
    }

    func testGapsAreAllowed() throws {
        let db = try Database()
        let v10 = Migration(version: 10, name: "ten", sql: "CREATE TABLE ten (x)")
        try Migrator.migrate(db, module: "m", migrations: [v1, v10])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1, 10])
    }

    func testMigratingInsideAnOpenBatch() throws {
        let db = try Database()
        try db.batched { try db.run("CREATE TABLE early (x)") }
        try Migrator.migrate(db, module: "m", migrations: [v1])
        try db.commitBatch()
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1])
    }

    func testFailingMigrationLeavesNothingBehind() throws {
        let db = try Database()
        let broken = Migration(version: 2, name: "broken", sql: "CREATE TABLE half (x); CREATE TABLE oops (")
        XCTAssertThrowsError(try Migrator.migrate(db, module: "m", migrations: [v1, broken]))
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1])
        XCTAssertNil(try db.queryOne("SELECT name FROM sqlite_master WHERE name = 'half'"))
    }

    func testDropAllTablesThenMigrateAgain() throws {
        let db = try Database()
        try Migrator.migrate(db, module: "m", migrations: [v1, v2])
        try db.dropAllTables()
        try Migrator.migrate(db, module: "m", migrations: [v1, v2])
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [1, 2])
        try db.run("INSERT INTO users (id) VALUES (?)", ["u1"])
        XCTAssertEqual(try db.queryOne("SELECT count(*) FROM users")?[0], 1)
    }
}
