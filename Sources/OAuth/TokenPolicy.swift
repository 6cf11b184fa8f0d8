import Primitives

/// How a realm issues tokens: format, lifetimes, and the shape of the scope claim.
public struct TokenPolicy: Sendable {
    public enum AccessTokenFormat: String, Sendable { case jwt, opaque }
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

    public init(accessTokenFormat: AccessTokenFormat = .jwt, accessTokenTTL: Duration = .seconds(3600),
                refreshTokenTTL: Duration = .seconds(30 * 86_400), idTokenTTL: Duration = .seconds(3600),
                authorizationCodeTTL: Duration = .seconds(600), scopeClaim: ScopeClaim = .scpArray, tokenType: String = "bearer") {
        self.accessTokenFormat = accessTokenFormat
        self.accessTokenTTL = accessTokenTTL
        self.refreshTokenTTL = refreshTokenTTL
        self.idTokenTTL = idTokenTTL
        self.authorizationCodeTTL = authorizationCodeTTL
        self.scopeClaim = scopeClaim
        self.tokenType = tokenType
    }
}
