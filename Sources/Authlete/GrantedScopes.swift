import Primitives
import Store

/// The scopes a subject has granted a client (`/client/granted_scopes/*`): recorded when tokens are issued to the
/// subject, as Authlete keeps them while the grant lasts.
final class GrantedScopes {
    private let database: Database
    private let clock: Clock

    init(database: Database, clock: Clock) {
        self.database = database
        self.clock = clock
    }

    /// Adds `scopes` to what `subject` granted `client`.
    func record(service: Int64, client: Int64, subject: String, scopes: [String]) throws {
        var merged = try self.scopes(service: service, client: client, subject: subject)?.scopes ?? []
        for scope in scopes where !merged.contains(scope) { merged.append(scope) }
        try database.batchedRun(
            """
            INSERT OR REPLACE INTO authlete_granted_scopes (api_key, client_id, subject, scopes, modified_at)
            VALUES (?, ?, ?, ?, ?)
            """,
            [
                .integer(service), .integer(client), .text(subject), .text(merged.joined(separator: " ")),
                .integer(clock.now().epochMilliseconds),
            ])
    }

    /// The granted scopes and when they last changed (epoch ms), or nil when there is no record.
    func scopes(service: Int64, client: Int64, subject: String) throws -> (scopes: [String], modifiedAt: Int64)? {
        guard
            let row = try database.queryOne(
                """
                SELECT scopes, modified_at FROM authlete_granted_scopes WHERE api_key = ? AND client_id = ? AND subject = ?
                """, [.integer(service), .integer(client), .text(subject)])
        else { return nil }
        return ((row.string("scopes") ?? "").split(separator: " ").map(String.init), row.int("modified_at") ?? 0)
    }

    /// Forgets the record; true when there was one.
    func delete(service: Int64, client: Int64, subject: String) throws -> Bool {
        try database.run(
            "DELETE FROM authlete_granted_scopes WHERE api_key = ? AND client_id = ? AND subject = ?",
            [.integer(service), .integer(client), .text(subject)]) > 0
    }
}
