import JSON
import OAuth
import Primitives
import Store

/// The tickets of the action/ticket APIs (an authorization request awaiting `/auth/authorization/issue|fail`, a
/// password token request awaiting `/auth/token/issue|fail`, a pushed request awaiting its `request_uri`), stored
/// by hash; each is used once.
final class TicketStore {
    enum Kind: String {
        case authorization, password, pushed
    }

    private let database: Database
    private let clock: Clock
    /// Bounded by `--max-tokens`: expired tickets go first, then the oldest.
    private let rows: BoundedTable

    init(database: Database, clock: Clock) {
        self.database = database
        self.clock = clock
        rows = BoundedTable("authlete_tickets", database: database)
    }

    /// A `request_uri` of a pushed authorization request is this prefix and the ticket (RFC 9126 §2.2).
    static let requestURIPrefix = "urn:ietf:params:oauth:request_uri:"

    /// Stores `payload` for `ttl` seconds under a new ticket (43 characters of base64url); returns the ticket.
    func issue(
        _ kind: Kind, service: Int64, payload: JSONObject, ttl: Int64, ticket: String = SecureRandom.token()
    ) throws -> String {
        try database.batchedRun(
            "INSERT INTO authlete_tickets (hash, api_key, kind, payload, expires_at) VALUES (?, ?, ?, ?, ?)",
            [
                .blob(TokenHash.of(ticket)), .integer(service), .text(kind.rawValue),
                .text(JSON.object(payload).jsonString()), .integer(clock.now().epochSeconds.saturatingAdding(ttl)),
            ])
        try rows.inserted(now: clock.now().epochSeconds)
        return ticket
    }

    /// The payload of an unexpired ticket of `kind` issued for `service`, without consuming it.
    func peek(_ ticket: String, kind: Kind, service: Int64) throws -> JSONObject? {
        guard
            let row = try database.queryOne(
                """
                SELECT payload, expires_at FROM authlete_tickets WHERE hash = ? AND api_key = ? AND kind = ?
                """, [.blob(TokenHash.of(ticket)), .integer(service), .text(kind.rawValue)]),
            let expiresAt = row.int("expires_at"), clock.now().epochSeconds < expiresAt
        else { return nil }
        // The store wrote the payload; one that does not parse is no ticket.
        return row.string("payload").flatMap { try? JSON.parse(Array($0.utf8)) }?.objectValue
    }

    /// Like `peek`, and the ticket is gone afterwards.
    func take(_ ticket: String, kind: Kind, service: Int64) throws -> JSONObject? {
        guard let payload = try peek(ticket, kind: kind, service: service) else { return nil }
        try database.batchedRun("DELETE FROM authlete_tickets WHERE hash = ?", [.blob(TokenHash.of(ticket))])
        return payload
    }
}
