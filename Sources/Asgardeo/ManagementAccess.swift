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

    /// Why a call is refused; each API renders it in its own envelope.
    enum Denial: Error {
        case unknownOrganization
        /// No token, or an unknown, expired, revoked or foreign one (401).
        case unauthorized
        /// A valid token without the scope (403).
        case forbidden
    }

    let directory: OrganizationDirectory
    let engine: OAuthEngine

    /// The addressed organization and the token's record when it may perform an operation needing `scope` (any
    /// active token when `scope` is nil).
    func authorize(_ request: Request, target: Target, scope: String?) -> Result<(Organization, TokenRecord), Denial> {
        guard let root = directory.root(handle: request.param("org") ?? "") else { return .failure(.unknownOrganization) }
        guard case .bearer(let token)? = request.authorization else { return .failure(.unauthorized) }
        let organization: Organization
        switch target {
        case .root:
            organization = root
        case .subOrganization:
            guard let record = engine.tokens.findAnywhere(token), record.realm.hasPrefix("asgardeo/"),
                  let bound = directory.organization(id: String(record.realm.dropFirst("asgardeo/".count))),
                  !bound.isRoot, bound.rootID == root.id else { return .failure(.unauthorized) }
            organization = bound
        }
        guard let record = Self.activeAccessToken(token, realmID: organization.realmID, engine: engine) else { return .failure(.unauthorized) }
        if let scope, !record.scopes.contains(scope) { return .failure(.forbidden) }
        return .success((organization, record))
    }

    /// The auth valve's rendering of a denial (REST APIs).
    static func valveResponse(_ denial: Denial) -> Response {
        switch denial {
        case .unknownOrganization: return AsgardeoErrors.valveBody(status: 404, description: "The organization does not exist.")
        case .unauthorized: return AsgardeoErrors.unauthorized
        case .forbidden: return AsgardeoErrors.forbidden
        }
    }

    /// For REST handlers: the organization, or the valve's refusal.
    func authorizeREST(_ request: Request, target: Target, scope: String) -> Result<Organization, Refusal> {
        authorize(request, target: target, scope: scope).map(\.0).mapError { Refusal(response: Self.valveResponse($0)) }
    }

    /// The record of an active (unexpired, unrevoked) access token of the realm, or nil.
    static func activeAccessToken(_ token: String, realmID: String, engine: OAuthEngine) -> TokenRecord? {
        guard let record = engine.tokens.find(token, realm: realmID), record.kind == .access,
              record.isActive(at: engine.clock.now().epochSeconds) else { return nil }
        return record
    }
}
