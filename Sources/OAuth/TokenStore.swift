import JSON
import Store

/// Issued tokens in SQLite, by hash. Writes join the group-commit batch; expired rows are pruned periodically.
///
/// Pruning scans the table (there is no expiry index, to keep inserts cheap), so it runs after as many new tokens
/// as the table held after the last prune (at least 10,000): amortized O(1) per token at any table size.
public final class TokenStore {
    private let database: Database
    private var issuedSincePrune = 0
    private var pruneAfter = 10_000
    /// Rows are kept this long after they expire (so introspection of a just-expired token still finds it).
    private static let retentionSeconds: Int64 = 3600

    public init(database: Database) { self.database = database }

    public func record(_ token: String, _ record: TokenRecord, now: Int64) throws {
        try database.batchedRun("""
                INSERT OR REPLACE INTO oauth_tokens (hash, realm, kind, client_id, subject, scope, issued_at, expires_at, grant_id, revoked, claims)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, [.blob(TokenHash.of(token)), .text(record.realm), .text(record.kind.rawValue), .text(record.clientID),
                      .text(record.subject), .text(Scopes.format(record.scopes)), .integer(record.issuedAt),
                      .integer(record.expiresAt), .text(record.grantID), SQLValue(record.revoked),
                      .text(JSON.object(record.claims).jsonString())])
        issuedSincePrune += 1
        if issuedSincePrune >= pruneAfter { try prune(now: now) }
    }

    /// The record of `token`, if it was issued in `realm`.
    public func find(_ token: String, realm: String) -> TokenRecord? {
        guard let row = try? database.queryOne("SELECT * FROM oauth_tokens WHERE hash = ? AND realm = ?",
                                               [.blob(TokenHash.of(token)), .text(realm)]) else { return nil }
        return Self.record(from: row)
    }

    /// The record of `token` in any realm (for vendor APIs whose bearer tokens come from another realm of the tenant).
    public func findAnywhere(_ token: String) -> TokenRecord? {
        guard let row = try? database.queryOne("SELECT * FROM oauth_tokens WHERE hash = ?", [.blob(TokenHash.of(token))]) else { return nil }
        return Self.record(from: row)
    }

    /// The unrevoked tokens of `kind` in `realm`, optionally only one client's or one subject's, oldest first, each
    /// with the hash it is stored under (for vendor APIs that list tokens without revealing them).
    public func list(realm: String, kind: TokenRecord.Kind, clientID: String? = nil, subject: String? = nil) -> [(hash: [UInt8], record: TokenRecord)] {
        var sql = "SELECT * FROM oauth_tokens WHERE realm = ? AND kind = ? AND revoked = 0"
        var params: [SQLValue] = [.text(realm), .text(kind.rawValue)]
        if let clientID { sql += " AND client_id = ?"; params.append(.text(clientID)) }
        if let subject { sql += " AND subject = ?"; params.append(.text(subject)) }
        var found: [(hash: [UInt8], record: TokenRecord)] = []
        try? database.forEachRow(sql + " ORDER BY issued_at, hash", params) { row in
            if let hash = row.blob("hash"), let record = Self.record(from: row) { found.append((hash, record)) }
        }
        return found
    }

    public func revoke(_ token: String) throws {
        try database.batchedRun("UPDATE oauth_tokens SET revoked = 1 WHERE hash = ?", [.blob(TokenHash.of(token))])
    }

    /// Revokes every token of a grant family (code reuse, refresh-token reuse, revocation of a refresh token).
    /// Tokens without a family (`grantID` empty) are not in the grant index and never revoked this way.
    public func revokeGrant(_ grantID: String) throws {
        guard !grantID.isEmpty else { return }
        try database.batchedRun("UPDATE oauth_tokens SET revoked = 1 WHERE grant_id = ? AND grant_id <> ''", [.text(grantID)])
    }

    /// Revokes every token of a realm's client (client deleted) or of a whole realm (`clientID` nil).
    public func revokeAll(realm: String, clientID: String? = nil) throws {
        if let clientID {
            try database.run("UPDATE oauth_tokens SET revoked = 1 WHERE realm = ? AND client_id = ?", [.text(realm), .text(clientID)])
        } else {
            try database.run("UPDATE oauth_tokens SET revoked = 1 WHERE realm = ?", [.text(realm)])
        }
    }

    public func prune(now: Int64) throws {
        issuedSincePrune = 0
        try database.batched {
            try database.run("DELETE FROM oauth_tokens WHERE expires_at < ?", [.integer(now - Self.retentionSeconds)])
            try database.run("DELETE FROM oauth_codes WHERE expires_at < ?", [.integer(now - Self.retentionSeconds)])
            try database.run("DELETE FROM oauth_assertion_ids WHERE expires_at < ?", [.integer(now)])
        }
        let remaining = try database.queryOne("SELECT count(*) AS n FROM oauth_tokens")?.int("n") ?? 0
        pruneAfter = max(10_000, Int(remaining))
    }

    private static func record(from row: Row) -> TokenRecord? {
        guard let kind = row.string("kind").flatMap(TokenRecord.Kind.init(rawValue:)) else { return nil }
        let claims = row.string("claims").flatMap { try? JSON.parse($0) }?.objectValue ?? [:]
        return TokenRecord(realm: row.string("realm") ?? "", kind: kind, clientID: row.string("client_id") ?? "",
                           subject: row.string("subject") ?? "", scopes: Scopes.parse(row.string("scope")),
                           issuedAt: row.int("issued_at") ?? 0, expiresAt: row.int("expires_at") ?? 0,
                           grantID: row.string("grant_id") ?? "", revoked: row.bool("revoked") ?? true, claims: claims)
    }
}
