import Store

/// Tables of the OAuth engine, shared by every vendor module that issues tokens.
public enum OAuthSchema {
    public static let name = "oauth"
    /// Tokens are written on the hot path: a `WITHOUT ROWID` table keyed by hash, plus a partial index (for revoking a
    /// grant family) that only tokens of a family enter, so a client-credentials insert touches one B-tree; pruning
    /// expired rows scans instead of keeping an expiry index.
    public static let migrations = [
        Migration(version: 1, name: "tokens, codes and assertion ids", sql: """
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
        Migration(version: 2, name: "grant index only for token families", sql: """
            DROP INDEX oauth_tokens_grant;
            CREATE INDEX oauth_tokens_grant ON oauth_tokens (grant_id) WHERE grant_id <> '';
            """),
    ]
}
