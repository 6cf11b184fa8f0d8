import HTTP

/// `client_credentials` (RFC 6749 §4.4): confidential clients only, no refresh token.
public struct ClientCredentialsGrant: GrantHandler {
    public let grantType = "client_credentials"
    public init() {}

    public func grant(
        _ form: FormData, client: OAuthClient, realm: OAuthRealm, engine: OAuthEngine
    ) throws(OAuthError) -> TokenGrant {
        guard !client.isPublic else { throw .unauthorizedClient("Public clients cannot use client_credentials") }
        return TokenGrant(
            client: client, user: nil, scopes: try Scopes.grant(requested: form["scope"], client: client), grantID: "")
    }
}
