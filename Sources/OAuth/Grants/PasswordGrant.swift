import HTTP
import Primitives

/// `password` (RFC 6749 §4.3): resource-owner credentials checked against the realm's users. Only realms that
/// list the grant (and clients allowed it) accept it; wrong credentials are `invalid_grant`.
public struct PasswordGrant: GrantHandler {
    public let grantType = "password"
    public init() {}

    public func grant(
        _ form: FormData, client: OAuthClient, realm: OAuthRealm, engine: OAuthEngine
    ) throws(OAuthError) -> TokenGrant {
        guard let username = form["username"], !username.isEmpty, let password = form["password"] else {
            throw .invalidRequest("The username and password parameters are required")
        }
        guard let user = realm.authenticateUser(username, password) else {
            throw .invalidGrant("The username or password is incorrect")
        }
        let scopes = try Scopes.grant(requested: form["scope"], client: client)
        let refresh =
            realm.policy.issuesRefreshToken(for: scopes) && client.grantTypes.contains("refresh_token")
            && realm.grantTypes.contains("refresh_token")
        return TokenGrant(
            client: client, user: user, scopes: scopes, grantID: SecureRandom.uuid(), includeRefreshToken: refresh,
            includeIDToken: scopes.contains("openid"), authTime: engine.clock.now().epochSeconds)
    }
}
