import Primitives

/// How a realm issues tokens: format, lifetimes, and the shape of the scope claim.
public struct TokenPolicy: Sendable {
    /// `jwt`: a signed JWT; `opaque`: a random base64url string; `uuid`: a random UUID (WSO2's opaque tokens), which
    /// refresh tokens then follow as well.
    public enum AccessTokenFormat: String, Sendable { case jwt, opaque, uuid }
    public enum ScopeClaim: Sendable {
        /// `"scp": ["a", "b"]` (SecureAuth's default `scp_array`).
        case scpArray
        /// `"scope": "a b"`.
        case spaceSeparated
    }

    public var accessTokenFormat: AccessTokenFormat
    public var accessTokenTTL: Duration
    public var refreshTokenTTL: Duration
    public var idTokenTTL: Duration
    public var authorizationCodeTTL: Duration
    public var scopeClaim: ScopeClaim
    /// `token_type` in token responses (SecureAuth writes `bearer`, most others `Bearer`).
    public var tokenType: String
    /// Whether user grants issue a refresh token only when `offline_access` was granted (OIDC Core §11); WSO2 issues
    /// one whenever the client may use the `refresh_token` grant.
    public var refreshTokenNeedsOfflineAccess: Bool
    /// Whether every access token is stored, for a vendor API that lists them (Authlete's `auth/token/get/list`);
    /// otherwise client-credentials JWTs are stateless (verified from their claims, never stored).
    public var listsAccessTokens = false

    public init(
        accessTokenFormat: AccessTokenFormat = .jwt, accessTokenTTL: Duration = .seconds(3600),
        refreshTokenTTL: Duration = .seconds(30 * 86_400), idTokenTTL: Duration = .seconds(3600),
        authorizationCodeTTL: Duration = .seconds(600), scopeClaim: ScopeClaim = .scpArray,
        tokenType: String = "bearer",
        refreshTokenNeedsOfflineAccess: Bool = true
    ) {
        self.accessTokenFormat = accessTokenFormat
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.idTokenTTL = idTokenTTL
        self.authorizationCodeTTL = authorizationCodeTTL
        self.scopeClaim = scopeClaim
        self.tokenType = tokenType
        self.refreshTokenNeedsOfflineAccess = refreshTokenNeedsOfflineAccess
    }

    /// Whether a user grant of `scopes` comes with a refresh token (the client and realm must allow the grant too).
    public func issuesRefreshToken(for scopes: [String]) -> Bool {
        !refreshTokenNeedsOfflineAccess || scopes.contains("offline_access")
    }
}
