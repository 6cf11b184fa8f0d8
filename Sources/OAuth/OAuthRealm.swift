import JOSE
import JSON

/// One issuing authority as the engine sees it (a SecureAuth workspace, an Asgardeo organization, …),
/// assembled by the vendor module for each request.
public struct OAuthRealm {
    /// Stable id scoping tokens and codes, e.g. `acme/demo`.
    public var id: String
    /// The `iss` of tokens, built from the request's origin or the configured public URL.
    public var issuer: String
    /// The token endpoint URL (an accepted `aud` of client assertions).
    public var tokenEndpoint: String
    public var policy: TokenPolicy
    /// Signs JWT access tokens and ID tokens.
    public var signingKey: SigningKey
    /// Grant types the realm itself enables.
    public var grantTypes: Set<String>
    public var findClient: (String) -> OAuthClient?
    /// Checks a username and password against the realm's users.
    public var authenticateUser: (_ username: String, _ password: String) -> UserProfile?
    /// Adds vendor claims (`tid`, `aid`, `st`, …) to an access token's claims.
    public var addAccessTokenClaims: (_ claims: inout JSONObject, _ client: OAuthClient, _ user: UserProfile?) -> Void
    /// Whether public clients must use PKCE even when not registered to require it (RFC 9700 §2.1.1). WSO2 requires
    /// it only of applications whose `pkce.mandatory` is set.
    public var publicClientsRequirePKCE = true

    public init(
        id: String, issuer: String, tokenEndpoint: String, policy: TokenPolicy, signingKey: SigningKey,
        grantTypes: Set<String>, findClient: @escaping (String) -> OAuthClient?,
        authenticateUser: @escaping (String, String) -> UserProfile?,
        addAccessTokenClaims: @escaping (inout JSONObject, OAuthClient, UserProfile?) -> Void = { _, _, _ in }
    ) {
        self.id = id
        self.issuer = issuer
        self.tokenEndpoint = tokenEndpoint
        self.policy = policy
        self.signingKey = signingKey
        self.grantTypes = grantTypes
        self.findClient = findClient
        self.authenticateUser = authenticateUser
        self.addAccessTokenClaims = addAccessTokenClaims
    }
}
