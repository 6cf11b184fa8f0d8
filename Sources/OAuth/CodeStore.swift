import JSON
import Store

/// Authorization codes in SQLite, by hash; single use. Bounded by `--max-tokens` (`BoundedTable`): codes expired
/// for an hour go first, then the oldest.
public final class CodeStore {
    private let database: Database
    private let rows: BoundedTable

    public init(database: Database) {
        self.database = database
        rows = BoundedTable("oauth_codes", database: database, retentionSeconds: 3600)
    }

    public func save(_ code: String, _ value: AuthorizationCode) throws {
        try database.batchedRun(
            """
            INSERT INTO oauth_codes (hash, realm, client_id, redirect_uri, scope, subject, nonce, code_challenge,
                code_challenge_method, auth_time, expires_at, used, grant_id, claims)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?)
            """,
            [
                .blob(TokenHash.of(code)), .text(value.realm), .text(value.clientID), .text(value.redirectURI),
                .text(Scopes.format(value.scopes)), .text(value.user.subject), SQLValue(value.nonce),
                SQLValue(value.codeChallenge), SQLValue(value.codeChallengeMethod), .integer(value.authTime),
                .integer(value.expiresAt), .text(value.grantID), .text(value.user.json.jsonString()),
            ])
        try rows.inserted(now: value.authTime)
    }

    public func find(_ code: String, realm: String) -> AuthorizationCode? {
        guard
            let row = try? database.queryOne(
                "SELECT * FROM oauth_codes WHERE hash = ? AND realm = ?",
                [.blob(TokenHash.of(code)), .text(realm)]),
            let user = row.string("claims").flatMap({ try? JSON.parse($0) }).flatMap(UserProfile.init(json:))
        else { return nil }
        return AuthorizationCode(
            realm: realm, clientID: row.string("client_id") ?? "", redirectURI: row.string("redirect_uri") ?? "",
            scopes: Scopes.parse(row.string("scope")), user: user, nonce: row.string("nonce"),
            codeChallenge: row.string("code_challenge"), codeChallengeMethod: row.string("code_challenge_method"),
            authTime: row.int("auth_time") ?? 0, expiresAt: row.int("expires_at") ?? 0,
            used: row.bool("used") ?? true, grantID: row.string("grant_id") ?? "")
    }

    public func markUsed(_ code: String) throws {
        try database.batchedRun("UPDATE oauth_codes SET used = 1 WHERE hash = ?", [.blob(TokenHash.of(code))])
    }
}
