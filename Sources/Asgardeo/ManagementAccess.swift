import HTTP
import OAuth

/// Who may call a management API (REST or SCIM2): the Bearer access token must be active in the organization the
/// path names. Root paths (`/t/{org}/...`) take tokens of the root organization; sub-organization paths
/// (`/t/{org}/o/...`) take `organization_switch` tokens, which name the sub-organization. Each operation then checks
/// its scope on the `ManagementCaller`.
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

    /// The addressed organization and the token's record, for any active token of that organization.
    func caller(_ request: Request, target: Target) throws(Denial) -> ManagementCaller {
        guard let org = request.param("org"), let root = directory.root(handle: org) else {
            throw .unknownOrganization
        }
        guard case .bearer(let token)? = request.authorization else { throw .unauthorized }
        let organization: Organization
        switch target {
        case .root:
            organization = root
        case .subOrganization:
            guard let record = engine.tokens.findAnywhere(token), record.realm.hasPrefix("asgardeo/"),
                let bound = directory.organization(id: String(record.realm.dropFirst("asgardeo/".count))),
                !bound.isRoot, bound.rootID == root.id
            else { throw .unauthorized }
            organization = bound
        }
        guard let record = Self.activeAccessToken(token, realmID: organization.realmID, engine: engine) else {
            throw .unauthorized
        }
        return ManagementCaller(organization: organization, token: record)
    }

    /// The caller when its token carries `scope` (any active token when `scope` is nil).
    func caller(_ request: Request, target: Target, scope: String?) throws(Denial) -> ManagementCaller {
        let caller = try caller(request, target: target)
        if let scope, !caller.isGranted(scope) { throw .forbidden }
        return caller
    }

    /// For the REST APIs' route groups: the caller, or the auth valve's refusal.
    func restCaller(_ request: Request, target: Target) throws(AsgardeoError) -> ManagementCaller {
        do {
            return try caller(request, target: target)
        } catch {
            throw AsgardeoError.valve(error)
        }
    }

    /// The record of an active (unexpired, unrevoked) access token of the realm, or nil.
    static func activeAccessToken(_ token: String, realmID: String, engine: OAuthEngine) -> TokenRecord? {
        guard let record = engine.tokens.find(token, realm: realmID), record.kind == .access,
            record.isActive(at: engine.clock.now().epochSeconds)
        else { return nil }
        return record
    }
}

extension AsgardeoError {
    /// The auth valve's rendering of a denial (REST APIs).
    static func valve(_ denial: ManagementAccess.Denial) -> AsgardeoError {
        switch denial {
        case .unknownOrganization: return valve(status: 404, description: "The organization does not exist.")
        case .unauthorized: return unauthorized
        case .forbidden: return forbidden
        }
    }
}
