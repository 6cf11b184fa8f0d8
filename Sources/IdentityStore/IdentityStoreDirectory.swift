import Store

/// The identity stores that exist (each one a SCIM partition and a token realm).
final class IdentityStoreDirectory {
    static let migrations = [
        Migration(
            version: 1, name: "identity stores",
            sql: "CREATE TABLE ids_stores (id TEXT PRIMARY KEY) WITHOUT ROWID")
    ]

    private let database: Database

    init(database: Database) { self.database = database }

    func exists(_ id: String) throws -> Bool {
        try database.queryOne("SELECT 1 FROM ids_stores WHERE id = ?", [.text(id)]) != nil
    }

    func insert(_ id: String) throws {
        try database.run("INSERT INTO ids_stores (id) VALUES (?)", [.text(id)])
    }

    /// The SCIM partition of a store.
    static func partition(_ id: String) -> String { "ids/" + id }

    /// The token realm of a store: its tokens work only there.
    static func realm(_ id: String) -> String { "identity-store/" + id }
}
