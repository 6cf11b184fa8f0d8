import HTTP
import OAuth
import Primitives

/// Asgardeo's `client_credentials`: the requested scopes the application is authorized for (`SYSTEM` meaning all
/// of them); the others are dropped silently rather than refused (VENDOR-NOTES §5.1), and no scope means none.
struct AsgardeoClientCredentialsGrant: GrantHandler {
    let grantType = "client_credentials"

    func grant(
        _ form: FormData, client: OAuthClient, realm: OAuthRealm,
        engine: OAuthEngine
    ) throws(OAuthError) -> TokenGrant {
        guard !client.isPublic else {
            throw .unauthorizedClient("Public clients cannot use the client_credentials grant")
        }
        let authorized = (client.allowedScopes ?? []).filter { !ScopeResolution.userScopes.contains($0) }
        let scopes = ScopeResolution.grant(Scopes.parse(form["scope"]), authorized: authorized, userFlow: false)
        return TokenGrant(client: client, user: nil, scopes: scopes, grantID: SecureRandom.uuid())
    }
}
