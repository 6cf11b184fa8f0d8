import JSON

/// A registered OAuth client, as the engine needs it (vendor modules map their own client documents to this).
public struct OAuthClient: Sendable {
    public var id: String
    public var secret: String?
    /// The methods the client may use (vendor modules decide which registered methods are interchangeable).
    public var authMethods: Set<ClientAuthMethod>
    public var grantTypes: Set<String>
    public var responseTypes: Set<String>
    public var redirectURIs: [String]
    /// Scopes the client may request; nil means any scope the realm knows.
    public var allowedScopes: [String]?
    /// Scopes granted when a request names none.
    public var defaultScopes: [String]
    public var requiresPKCE: Bool
    /// Public keys for `private_key_jwt` (a JWKS document), if registered.
    public var jwks: JSON?
    public var name: String?

    public init(
        id: String, secret: String?, authMethods: Set<ClientAuthMethod>, grantTypes: Set<String>,
        responseTypes: Set<String> = ["code"], redirectURIs: [String] = [], allowedScopes: [String]? = nil,
        defaultScopes: [String] = [], requiresPKCE: Bool = false, jwks: JSON? = nil, name: String? = nil
    ) {
        self.id = id
        self.secret = secret
        self.authMethods = authMethods
        self.grantTypes = grantTypes
        self.responseTypes = responseTypes
        self.redirectURIs = redirectURIs
        self.allowedScopes = allowedScopes
        self.defaultScopes = defaultScopes
        self.requiresPKCE = requiresPKCE
        self.jwks = jwks
        self.name = name
    }

    public var isPublic: Bool { authMethods == [.none] }
}
