import Foundation
import Store
import XCTest

/// An error for bodies that must fail.
struct Boom: Error {}

extension XCTestCase {
    /// An in-memory database with table `t`.
    func makeDatabase() throws -> Database {
        let db = try Database()
        try db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE, score REAL, data BLOB)")
        return db
    }

    /// A fresh temporary directory, removed when the test ends.
    func makeTemporaryDirectory() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "idemu-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
        return directory
    }
}

extension Database {
    /// The ids in table `t`, ascending.
    func ids() throws -> [Int64] {
        try query("SELECT id FROM t ORDER BY id").compactMap { $0.int("id") }
    }
}
