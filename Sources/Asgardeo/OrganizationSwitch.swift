import HTTP
import JSON
import OAuth
import Primitives

/// The `organization_switch` grant (Asgardeo organization APIs, `docs-is` `organization-apis/authentication.md`):
/// a client of the root organization exchanges one of its root access tokens (`token`) for a token bound to a
/// sub-organization (`switching_organization`). The new token lives in the sub-organization's realm, so it reaches
/// that organization's `/t/{root}/o/...` APIs and nothing of the root's. Its scopes are the requested ones the
/// application is authorized for (`SYSTEM`: all), or the original token's when none are requested.
struct OrganizationSwitch {
    static let grantType = "organization_switch"
    let directory: OrganizationDirectory
    let engine: OAuthEngine
    let realms: OrganizationRealm

    /// The token response for an `organization_switch` request of a root organization's client.
    func token(
        _ request: Request, organization root: Organization, rootRealm: OAuthRealm,
        origin: String
    ) throws(AsgardeoError) -> Reply {
        let client = try AsgardeoError.unwrap(
            engine.authenticateClient(request, realm: rootRealm),
            OAuthRoutes.tokenError)
        let form = request.form
        guard client.grantTypes.contains(Self.grantType) else {
            throw OAuthRoutes.tokenError(
                .unauthorizedClient("The authenticated client is not authorized to use this authorization grant type."))
        }
        guard let token = form["token"], !token.isEmpty else {
            throw OAuthRoutes.tokenError(.invalidRequest("Missing required parameter: token"))
        }
        guard let target = form["switching_organization"], !target.isEmpty else {
            throw OAuthRoutes.tokenError(.invalidRequest("Missing required parameter: switching_organization"))
        }
        guard let record = ManagementAccess.activeAccessToken(token, realmID: rootRealm.id, engine: engine),
            record.clientID == client.id
        else {
            throw OAuthRoutes.tokenError(.invalidGrant("Invalid token provided."))
        }
        guard let subOrganization = directory.organization(id: target), !subOrganization.isRoot,
            subOrganization.rootID == root.id
        else {
            throw OAuthRoutes.tokenError(
                .invalidGrant("Invalid organization. The organization \(target) is not accessible."))
        }
        let authorized = (client.allowedScopes ?? []).filter { !ScopeResolution.userScopes.contains($0) }
        let requested = Scopes.parse(form["scope"])
        let scopes =
            requested.isEmpty
            ? record.scopes
            : ScopeResolution.grant(requested, authorized: authorized, userFlow: record.hasUser)
        let user =
            record.hasUser
            ? UserProfile(
                subject: record.subject, claims: record.claims["user"]?.objectValue ?? [:], idp: nil,
                amr: ["BasicAuthenticator"])
            : nil
        let application = root.application(clientID: client.id)
        var realm = realms.realm(
            subOrganization, origin: origin, application: application,
            applicationToken: user == nil)
        realm.findClient = { $0 == client.id ? client : nil }
        let grant = TokenGrant(client: client, user: user, scopes: scopes, grantID: SecureRandom.uuid())
        return .collect { resolve in
            engine.issuer.issue(grant, realm: realm) { resolve(OAuthRoutes.tokenResponse($0)) }
        }
    }
}
