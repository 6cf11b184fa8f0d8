import HTTP
import Primitives

/// `password` (RFC 6749 §4.3): resource-owner credentials checked against the realm's users. Only realms that
/// list the grant (and clients allowed it) accept it; wrong credentials are `invalid_grant`.
public struct PasswordGrant: GrantHandler {
    public let grantType = "password"
    public init() {}

    public func grant(_ form: FormData, client: OAuthClient, realm: OAuthRealm, engine: OAuthEngine) -> Result<TokenGrant, OAuthError> {
        guard let username = form["username"], !username.isEmpty, let password = form["password"] else {
            return .failure(.invalidRequest("The username and password parameters are required"))
        }
        guard let user = realm.authenticateUser(username, password) else {
            return .failure(.invalidGrant("The username or password is incorrect"))
        }
        return Scopes.grant(requested: form["scope"], client: client).map { scopes in
            TokenGrant(client: client, user: user, scopes: scopes, grantID: SecureRandom.uuid(),
                       includeRefreshToken: realm.policy.issuesRefreshToken(for: scopes) && client.grantTypes.contains("refresh_token")
                           && realm.grantTypes.contains("refresh_token"),
                       includeIDToken: scopes.contains("openid"), authTime: engine.clock.now().epochSeconds)
        }
    }
}
