import JSON
import OAuth

/// Builds the OAuth engine's view of an organization for one request. The token policy follows the application
/// the request names (`accessToken.type` `JWT` gives RS256 JWTs, anything else opaque UUIDs; its lifetimes), since
/// Asgardeo configures tokens per application, not per organization.
struct OrganizationRealm {
    let users: OrganizationUsers
    /// Grants the engine serves for Asgardeo (`organization_switch` is handled by the module before the engine).
    static let grantTypes: Set<String> = ["client_credentials", "authorization_code", "refresh_token", "password"]
    /// WSO2's default authorization code lifetime (`AuthorizationCodeDefaultValidityPeriod`, 300 s).
    static let codeTTL: Int64 = 300

    /// The issuer of every token of the root organization `rootHandle`: `{origin}/t/{root}/oauth2/token`.
    static func issuer(origin: String, rootHandle: String) -> String { origin + "/t/" + rootHandle + "/oauth2/token" }

    func realm(
        _ organization: Organization, origin: String, application: Application?,
        applicationToken: Bool
    ) -> OAuthRealm {
        let issuer = Self.issuer(origin: origin, rootHandle: organization.rootHandle)
        let policy = TokenPolicy(
            accessTokenFormat: application?.usesJWTAccessTokens == true ? .jwt : .uuid,
            accessTokenTTL: .seconds(
                max(
                    1,
                    applicationToken
                        ? application?.applicationTokenTTL ?? 3600
                        : application?.userTokenTTL ?? 3600)),
            refreshTokenTTL: .seconds(max(1, application?.refreshTokenTTL ?? 86_400)),
            idTokenTTL: .seconds(max(1, application?.idTokenTTL ?? 3600)),
            authorizationCodeTTL: .seconds(Self.codeTTL),
            scopeClaim: .spaceSeparated, tokenType: "Bearer", refreshTokenNeedsOfflineAccess: false)
        let users = self.users
        var realm = OAuthRealm(
            id: organization.realmID, issuer: issuer, tokenEndpoint: issuer, policy: policy,
            signingKey: organization.signingKey,
            grantTypes: Self.grantTypes, findClient: { organization.client($0) },
            authenticateUser: { users.authenticate(orgID: organization.id, username: $0, password: $1) },
            addAccessTokenClaims: { claims, client, user in
                Self.addClaims(&claims, client: client, user: user, organization: organization)
            })
        realm.publicClientsRequirePKCE = false
        return realm
    }

    /// The claims of an Asgardeo JWT access token (VENDOR-NOTES §5.3): `aut`, `client_id`, `azp`, `aud` as the
    /// client id, and the organization's `org_id`, `org_name`, `org_handle`.
    static func addClaims(
        _ claims: inout JSONObject, client: OAuthClient, user: UserProfile?,
        organization: Organization
    ) {
        claims["aut"] = user == nil ? "APPLICATION" : "APPLICATION_USER"
        claims["client_id"] = .string(client.id)
        claims["azp"] = .string(client.id)
        claims["aud"] = .string(client.id)
        claims["org_id"] = .string(organization.id)
        claims["org_name"] = .string(organization.name)
        claims["org_handle"] = .string(organization.handle)
        if !organization.isRoot { claims["user_org"] = .string(organization.rootID) }
    }
}
