import JSON

/// What the engine remembers about an issued access or refresh token (keyed by the token's hash).
public struct TokenRecord: Sendable {
    public enum Kind: String, Sendable { case access, refresh }

    public var realm: String
    public var kind: Kind
    public var clientID: String
    /// The client id for client-credentials tokens, the user's subject otherwise.
    public var subject: String
    public var scopes: [String]
    public var issuedAt: Int64
    public var expiresAt: Int64
    /// All tokens issued from one authorization code or one refresh chain share it.
    public var grantID: String
    public var revoked: Bool
    /// Extra facts for introspection and userinfo: `user` (profile claims), `jti`, `aud`, `idp`, …
    public var claims: JSONObject

    public init(
        realm: String, kind: Kind, clientID: String, subject: String, scopes: [String], issuedAt: Int64,
        expiresAt: Int64, grantID: String, revoked: Bool = false, claims: JSONObject = [:]
    ) {
        self.realm = realm
        self.kind = kind
        self.clientID = clientID
        self.subject = subject
        self.scopes = scopes
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.grantID = grantID
        self.revoked = revoked
        self.claims = claims
    }

    /// Usable now: not revoked and not expired.
    public func isActive(at now: Int64) -> Bool { !revoked && now < expiresAt }

    /// Whether the token carries a user (not a client-credentials token).
    public var hasUser: Bool { claims["user"] != nil }
}
