import JOSE
import JSON
import Primitives
import Store

/// Issued tokens: stored ones in SQLite by hash (opaque access tokens, refresh tokens, user JWTs, tokens of realms
/// whose vendor lists them), and stateless JWT access tokens verified from their claims (`StatelessAccessTokens`).
///
/// Stored tokens are bounded by `--max-tokens` (`BoundedTable`): rows expired for an hour go first, then any
/// expired, then the oldest; maintenance costs O(1) amortized per token at any table size.
public final class TokenStore {
    private let database: Database
    private let clock: Clock?
    private let rows: BoundedTable
    private let stateless: StatelessAccessTokens
    /// Rows are kept this long after they expire (so introspection of a just-expired token still finds it).
    private static let retentionSeconds: Int64 = 3600

    /// `clock` dates revocations of whole realms and clients; without one (a store that never issues stateless
    /// tokens) they revoke stored tokens only.
    public init(database: Database, clock: Clock? = nil) {
        self.database = database
        self.clock = clock
        rows = BoundedTable("oauth_tokens", database: database, retentionSeconds: Self.retentionSeconds)
        stateless = StatelessAccessTokens(database: database, clock: clock)
    }

    public func record(_ token: String, _ record: TokenRecord, now: Int64) throws {
        stateless.forget(token)
        try database.batchedRun(
            """
            INSERT OR REPLACE INTO oauth_tokens (hash, realm, kind, client_id, subject, scope, issued_at, expires_at, grant_id, revoked, claims)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                .blob(TokenHash.of(token)), .text(record.realm), .text(record.kind.rawValue), .text(record.clientID),
                .text(record.subject), .text(Scopes.format(record.scopes)), .integer(record.issuedAt),
                .integer(record.expiresAt), .text(record.grantID), SQLValue(record.revoked),
                .text(JSON.object(record.claims).jsonString()),
            ])
        try rows.inserted(now: now)
    }

    /// Whether the JWT access token described by `record` (with `claims`, signed by `key`) needs no row: true for a
    /// client-credentials token whose claims say all its record does. The caller stores it otherwise.
    public func admitsStateless(_ record: TokenRecord, claims: JSONObject, key: SigningKey) throws -> Bool {
        try stateless.admits(record, claims: claims, key: key)
    }

    /// The record of `token`, if it was issued in `realm`.
    public func find(_ token: String, realm: String) -> TokenRecord? {
        if let cached = stateless.cached(token, realm: realm) { return cached }
        if let row = try? database.queryOne(
            "SELECT * FROM oauth_tokens WHERE hash = ? AND realm = ?",
            [.blob(TokenHash.of(token)), .text(realm)])
        {
            return Self.record(from: row)
        }
        return stateless.record(token, realm: realm)
    }

    /// The record of `token` in any realm (for vendor APIs whose bearer tokens come from another realm of the tenant).
    public func findAnywhere(_ token: String) -> TokenRecord? {
        if let cached = stateless.cached(token, realm: nil) { return cached }
        if let row = try? database.queryOne("SELECT * FROM oauth_tokens WHERE hash = ?", [.blob(TokenHash.of(token))]) {
            return Self.record(from: row)
        }
        return stateless.record(token, realm: nil)
    }

    /// The stored unrevoked tokens of `kind` in `realm`, optionally only one client's or one subject's, oldest first,
    /// each with the hash it is stored under (for vendor APIs that list tokens without revealing them; their realms
    /// store every token, `TokenPolicy.listsAccessTokens`).
    public func list(
        realm: String, kind: TokenRecord.Kind, clientID: String? = nil, subject: String? = nil
    ) -> [(hash: [UInt8], record: TokenRecord)] {
        var sql = "SELECT * FROM oauth_tokens WHERE realm = ? AND kind = ? AND revoked = 0"
        var params: [SQLValue] = [.text(realm), .text(kind.rawValue)]
        if let clientID {
            sql += " AND client_id = ?"
            params.append(.text(clientID))
        }
        if let subject {
            sql += " AND subject = ?"
            params.append(.text(subject))
        }
        var found: [(hash: [UInt8], record: TokenRecord)] = []
        try? database.forEachRow(sql + " ORDER BY issued_at, hash", params) { row in
            if let hash = row.blob("hash"), let record = Self.record(from: row) { found.append((hash, record)) }
        }
        return found
    }

    public func revoke(_ token: String) throws {
        let changed = try database.batchedRun(
            "UPDATE oauth_tokens SET revoked = 1 WHERE hash = ?", [.blob(TokenHash.of(token))])
        if changed == 0, let record = stateless.record(token, realm: nil), !record.revoked {
            try stateless.deny(record, now: clock?.now().epochSeconds ?? record.issuedAt)
        }
    }

    /// Revokes every token of a grant family (code reuse, refresh-token reuse, revocation of a refresh token).
    /// Tokens without a family (`grantID` empty) are not in the grant index and never revoked this way.
    public func revokeGrant(_ grantID: String) throws {
        guard !grantID.isEmpty else { return }
        try database.batchedRun(
            "UPDATE oauth_tokens SET revoked = 1 WHERE grant_id = ? AND grant_id <> ''", [.text(grantID)])
    }

    /// Revokes every token of a realm's client (client deleted) or of a whole realm (`clientID` nil).
    public func revokeAll(realm: String, clientID: String? = nil) throws {
        if let clientID {
            try database.run(
                "UPDATE oauth_tokens SET revoked = 1 WHERE realm = ? AND client_id = ?",
                [.text(realm), .text(clientID)])
        } else {
            try database.run("UPDATE oauth_tokens SET revoked = 1 WHERE realm = ?", [.text(realm)])
        }
        try stateless.markRevoked(realm: realm, clientID: clientID)
    }

    /// Removes tokens expired for an hour and expired revocations now (maintenance also runs by itself as tokens
    /// are stored).
    public func prune(now: Int64) throws {
        try database.batched {
            try rows.maintain(now: now)
            try stateless.prune(now: now)
        }
    }

    private static func record(from row: Row) -> TokenRecord? {
        guard let kind = row.string("kind").flatMap(TokenRecord.Kind.init(rawValue:)) else { return nil }
        let claims = row.string("claims").flatMap { try? JSON.parse($0) }?.objectValue ?? [:]
        return TokenRecord(
            realm: row.string("realm") ?? "", kind: kind, clientID: row.string("client_id") ?? "",
            subject: row.string("subject") ?? "", scopes: Scopes.parse(row.string("scope")),
            issuedAt: row.int("issued_at") ?? 0, expiresAt: row.int("expires_at") ?? 0,
            grantID: row.string("grant_id") ?? "", revoked: row.bool("revoked") ?? true, claims: claims)
    }
}
