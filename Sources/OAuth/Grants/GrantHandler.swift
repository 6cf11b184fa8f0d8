import HTTP

/// One grant type of the token endpoint (RFC 6749 §4): checks the request and decides what to issue.
public protocol GrantHandler {
    var grantType: String { get }
    func grant(
        _ form: FormData, client: OAuthClient, realm: OAuthRealm, engine: OAuthEngine
    ) throws(OAuthError) -> TokenGrant
}
