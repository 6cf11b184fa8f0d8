import Store

/// Tables of the OAuth engine, shared by every vendor module that issues tokens.
public enum OAuthSchema {
    public static let name = "oauth"
    /// Stored tokens (opaque access tokens, refresh tokens, user JWTs) are keyed by hash in issue order, plus a partial
    /// index (for revoking a grant family) that only tokens of a family enter; pruning expired rows scans instead of
    /// keeping an expiry index.
    public static let migrations = [
        Migration(
            version: 1, name: "tokens, codes and assertion ids",
            sql: """
                CREATE TABLE oauth_tokens (
                    hash BLOB PRIMARY KEY,
                    realm TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    issued_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    grant_id TEXT NOT NULL,
                    revoked INTEGER NOT NULL DEFAULT 0,
                    claims TEXT NOT NULL
                ) WITHOUT ROWID;
                CREATE INDEX oauth_tokens_grant ON oauth_tokens (grant_id);
                CREATE TABLE oauth_codes (
                    hash BLOB PRIMARY KEY,
                    realm TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    redirect_uri TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    nonce TEXT,
                    code_challenge TEXT,
                    code_challenge_method TEXT,
                    auth_time INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    used INTEGER NOT NULL DEFAULT 0,
                    grant_id TEXT NOT NULL,
                    claims TEXT NOT NULL
                );
                CREATE TABLE oauth_assertion_ids (
                    realm TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    jti TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    PRIMARY KEY (realm, client_id, jti)
                );
                """),
        Migration(
            version: 2, name: "grant index only for token families",
            sql: """
                DROP INDEX oauth_tokens_grant;
                CREATE INDEX oauth_tokens_grant ON oauth_tokens (grant_id) WHERE grant_id <> '';
                """),
        // Stored tokens get a rowid in issue order, so the --max-tokens cap evicts the oldest first (issued_at has
        // ties, every row has one under a frozen clock). Stateless JWT access tokens are not stored at all: their
        // realm's verification key is, and what can change their state: a revocation by jti until exp, and a
        // "revoked before" mark per realm or client (a client or workspace deleted).
        Migration(
            version: 3, name: "tokens in issue order, stateless JWT keys and revocations",
            sql: """
                CREATE TABLE oauth_tokens_v3 (
                    seq INTEGER PRIMARY KEY,
                    hash BLOB NOT NULL UNIQUE,
                    realm TEXT NOT NULL,
                    kind TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    subject TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    issued_at INTEGER NOT NULL,
                    expires_at INTEGER NOT NULL,
                    grant_id TEXT NOT NULL,
                    revoked INTEGER NOT NULL DEFAULT 0,
                    claims TEXT NOT NULL
                );
                INSERT INTO oauth_tokens_v3 (hash, realm, kind, client_id, subject, scope, issued_at, expires_at, grant_id, revoked, claims)
                    SELECT hash, realm, kind, client_id, subject, scope, issued_at, expires_at, grant_id, revoked, claims
                    FROM oauth_tokens ORDER BY issued_at, hash;
                DROP TABLE oauth_tokens;
                ALTER TABLE oauth_tokens_v3 RENAME TO oauth_tokens;
                CREATE INDEX oauth_tokens_grant ON oauth_tokens (grant_id) WHERE grant_id <> '';
                CREATE TABLE oauth_token_keys (
                    realm TEXT NOT NULL,
                    kid TEXT NOT NULL,
                    jwk TEXT NOT NULL,
                    PRIMARY KEY (realm, kid)
                ) WITHOUT ROWID;
                CREATE TABLE oauth_revoked_jtis (
                    realm TEXT NOT NULL,
                    jti TEXT NOT NULL,
                    expires_at INTEGER NOT NULL,
                    UNIQUE (realm, jti)
                );
                CREATE TABLE oauth_revoked_before (
                    realm TEXT NOT NULL,
                    client_id TEXT NOT NULL,
                    issued_at INTEGER NOT NULL,
                    PRIMARY KEY (realm, client_id)
                ) WITHOUT ROWID;
                """),
    ]
}
