/// What a grant decided to issue; `TokenIssuer` turns it into tokens.
public struct TokenGrant {
    public var client: OAuthClient
    /// The end user, or nil for client credentials.
    public var user: UserProfile?
    public var scopes: [String]
    /// The family of tokens (shared by a code's tokens and by a refresh chain); empty for a token that has none
    /// (client credentials), which keeps it out of the grant index.
    public var grantID: String
    public var includeRefreshToken: Bool
    public var includeIDToken: Bool
    public var nonce: String?
    public var authTime: Int64?

    public init(
        client: OAuthClient, user: UserProfile?, scopes: [String], grantID: String, includeRefreshToken: Bool = false,
        includeIDToken: Bool = false, nonce: String? = nil, authTime: Int64? = nil
    ) {
        self.client = client
        self.user = user
        self.scopes = scopes
        self.grantID = grantID
        self.includeRefreshToken = includeRefreshToken
        self.includeIDToken = includeIDToken
        self.nonce = nonce
        self.authTime = authTime
    }
}
