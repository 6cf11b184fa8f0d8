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

    func testRenamedMigrationIsRejected() throws {
        let db = try Database()
        try Migrator.migrate(db, module: "m", migrations: [v1])
        XCTAssertThrowsError(try Migrator.migrate(db, module: "m", migrations: [Migration(version: 1, name: "renamed", sql: "SELECT 1")]))
    }

    func testVersionsMustIncrease() throws {
        let db = try Database()
        XCTAssertThrowsError(try Migrator.migrate(db, module: "m", migrations: [v2, v1]))
        XCTAssertEqual(try Migrator.appliedVersions(db, module: "m"), [])
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
    }
}
