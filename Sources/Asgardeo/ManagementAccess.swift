import HTTP
import OAuth

/// Who may call a management API (REST or SCIM2): the Bearer access token must be active in the organization the
/// path names and carry the operation's scope. Root paths (`/t/{org}/...`) take tokens of the root organization;
/// sub-organization paths (`/t/{org}/o/...`) take `organization_switch` tokens, which name the sub-organization.
struct ManagementAccess {
    /// Which organization a path addresses.
    enum Target {
        case root
        case subOrganization
    }

    /// How to render the refusals (the auth valve's JSON, or SCIM errors under `/scim2`).
    struct Refusals: Sendable {
        let unauthorized: @Sendable () -> Response
        let forbidden: @Sendable () -> Response
        let notFound: @Sendable () -> Response
    }

    let directory: OrganizationDirectory
    let engine: OAuthEngine

    /// The addressed organization when the token may perform an operation needing `scope`, else the refusal.
    func authorize(_ request: Request, target: Target, scope: String, refusals: Refusals) -> Result<Organization, Refusal> {
        guard let root = directory.root(handle: request.param("org") ?? "") else { return .failure(Refusal(response: refusals.notFound())) }
        guard case .bearer(let token)? = request.authorization else { return .failure(Refusal(response: refusals.unauthorized())) }
        let organization: Organization
        switch target {
        case .root:
            organization = root
        case .subOrganization:
            guard let record = engine.tokens.findAnywhere(token), record.realm.hasPrefix("asgardeo/"),
                  let bound = directory.organization(id: String(record.realm.dropFirst("asgardeo/".count))),
                  !bound.isRoot, bound.rootID == root.id else { return .failure(Refusal(response: refusals.unauthorized())) }
            organization = bound
        }
        guard let record = Self.activeAccessToken(token, realmID: organization.realmID, engine: engine) else { return .failure(Refusal(response: refusals.unauthorized())) }
        guard record.scopes.contains(scope) else { return .failure(Refusal(response: refusals.forbidden())) }
        return .success(organization)
    }

    /// The record of an active (unexpired, unrevoked) access token of the realm, or nil.
    static func activeAccessToken(_ token: String, realmID: String, engine: OAuthEngine) -> TokenRecord? {
        guard let record = engine.tokens.find(token, realm: realmID), record.kind == .access,
              record.isActive(at: engine.clock.now().epochSeconds) else { return nil }
        return record
    }

    /// The management API's refusals in the auth valve's shape.
    static let valve = Refusals(
        unauthorized: { AsgardeoErrors.unauthorized },
        forbidden: { AsgardeoErrors.forbidden },
        notFound: { AsgardeoErrors.valveBody(status: 404, description: "The organization does not exist.") })
}
