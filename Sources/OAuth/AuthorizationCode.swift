import JSON

/// A pending authorization code: bound to its client, redirect URI, PKCE challenge and nonce (RFC 6749 §4.1.2).
public struct AuthorizationCode: Sendable {
    public var realm: String
    public var clientID: String
    public var redirectURI: String
    public var scopes: [String]
    public var user: UserProfile
    public var nonce: String?
    public var codeChallenge: String?
    public var codeChallengeMethod: String?
    public var authTime: Int64
    public var expiresAt: Int64
    public var used: Bool
    public var grantID: String
}
