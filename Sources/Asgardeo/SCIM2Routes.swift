import Emulator
import HTTP
import JSON
import OAuth
import SCIM

/// SCIM2 of a root organization under `/t/{org}/scim2` and of a sub-organization under `/t/{org}/o/scim2`, on the
/// SCIM engine: Users and Groups with WSO2's scopes (`internal_user_mgt_*`, `internal_group_mgt_*`, and the
/// `internal_org_*` ones on sub-organization paths), `/Me` for the user of a token with `internal_login`, and `/Bulk`.
/// Errors are SCIM errors with an integer `status`, as WSO2 writes them.
struct SCIM2Routes {
    /// The scope prefixes of one family of paths.
    struct Family {
        let prefix: String
        let target: ManagementAccess.Target
        let users: String
        let groups: String
    }

    static let root = Family(
        prefix: "/t/{org}/scim2", target: .root, users: "internal_user_mgt",
        groups: "internal_group_mgt")
    static let subOrganization = Family(
        prefix: "/t/{org}/o/scim2", target: .subOrganization,
        users: "internal_org_user_mgt", groups: "internal_org_group_mgt")
    static let bulkScope = "internal_bulk_resource_create"
    static let loginScope = "internal_login"

    let service: SCIMService
    let access: ManagementAccess
    let context: EmulatorContext

    func register(on router: Router) {
        for family in [Self.root, Self.subOrganization] {
            let routes = SCIMRoutes(service: service, statusStyle: .integer) { request, operation in
                try self.authorize(request, operation, family)
            }
            routes.register(
                on: router, prefix: family.prefix, envelope: AsgardeoEnvelopes.scim, group: "scim2",
                claimPrefix: false)
            let bulk = router.group(family.prefix, envelope: AsgardeoEnvelopes.scim, rateGroup: "scim2-bulk") {
                request in try self.bulkScope(request, family)
            }
            bulk.on(.POST, "/Bulk") { request, scope in try SCIMBulk(service: self.service).run(request, scope: scope) }
            if family.target == .root {
                let me = router.group(family.prefix, envelope: AsgardeoEnvelopes.scim, rateGroup: "scim2") { request in
                    try self.userCaller(request)
                }
                me.on(.GET, "/Me") { request, caller in try self.me(request, caller, routes: routes) }
            }
        }
    }

    /// The base URL of SCIM resources as the client addressed them (`org` is the path's root organization handle).
    private func baseURL(_ request: Request, org: String, _ family: Family) -> String {
        context.origin(for: request) + "/t/" + org + (family.target == .root ? "" : "/o") + "/scim2"
    }

    /// The scope an operation needs (WSO2's SCIM2 scopes).
    static func scope(for operation: SCIMOperation, _ family: Family) -> String? {
        switch operation {
        case .discovery: return nil
        case .list("User"): return family.users + "_list"
        case .read("User"): return family.users + "_view"
        case .create("User"): return family.users + "_create"
        case .replace("User"), .patch("User"): return family.users + "_update"
        case .delete("User"): return family.users + "_delete"
        case .list, .read: return family.groups + "_view"
        case .create: return family.groups + "_create"
        case .replace, .patch: return family.groups + "_update"
        case .delete: return family.groups + "_delete"
        }
    }

    static func scimError(_ denial: ManagementAccess.Denial) -> SCIMError {
        switch denial {
        case .unknownOrganization: return .notFound("The organization does not exist.")
        case .unauthorized:
            return SCIMError(
                status: 401,
                detail: "Authorization failure. Authorization information was invalid or missing from "
                    + "your request.",
                headers: ["WWW-Authenticate": "Bearer realm=\"Asgardeo\""])
        case .forbidden:
            return SCIMError(
                status: 403,
                detail: "Operation is not permitted. You do not have permissions to make this request.")
        }
    }

    /// Discovery documents are public (as WSO2 serves `/scim2/ServiceProviderConfig`, `/Schemas`, `/ResourceTypes`);
    /// everything else needs a token of the addressed organization with the operation's scope.
    private func authorize(
        _ request: Request, _ operation: SCIMOperation, _ family: Family
    ) throws(SCIMError) -> SCIMScope {
        try scimScope(request, family, scope: Self.scope(for: operation, family))
    }

    /// The partition and base URL of a request that needs `scope` (nil: only an existing organization).
    private func scimScope(_ request: Request, _ family: Family, scope: String?) throws(SCIMError) -> SCIMScope {
        guard let org = request.param("org"), let root = access.directory.root(handle: org) else {
            throw Self.scimError(.unknownOrganization)
        }
        let base = baseURL(request, org: org, family)
        guard let scope else { return SCIMScope(partition: AsgardeoSCIMRegistry.partition(root.id), baseURL: base) }
        do throws(ManagementAccess.Denial) {
            let caller = try access.caller(request, target: family.target, scope: scope)
            return SCIMScope(partition: AsgardeoSCIMRegistry.partition(caller.organization.id), baseURL: base)
        } catch {
            throw Self.scimError(error)
        }
    }

    /// The partition and base URL of a `/Bulk` request, whose token needs `internal_bulk_resource_create`.
    private func bulkScope(_ request: Request, _ family: Family) throws(AsgardeoError) -> SCIMScope {
        do throws(SCIMError) {
            return try scimScope(request, family, scope: Self.bulkScope)
        } catch {
            throw AsgardeoError.scim(error)
        }
    }

    /// The caller of `/Me`: a token of the root organization with `internal_login`.
    private func userCaller(_ request: Request) throws(AsgardeoError) -> ManagementCaller {
        do throws(ManagementAccess.Denial) {
            return try access.caller(request, target: .root, scope: Self.loginScope)
        } catch {
            throw AsgardeoError.scim(Self.scimError(error))
        }
    }

    /// `GET /scim2/Me`: the user of the Bearer token (a user token with `internal_login`).
    private func me(_ request: Request, _ caller: ManagementCaller, routes: SCIMRoutes) throws -> Response {
        guard caller.token.hasUser else { throw AsgardeoError.scim(Self.scimError(.unauthorized)) }
        let scope = SCIMScope(
            partition: AsgardeoSCIMRegistry.partition(caller.organization.id),
            baseURL: baseURL(request, org: caller.organization.handle, Self.root))
        do {
            let user = try service.resource(
                AsgardeoSCIMRegistry.users, id: caller.token.subject, partition: scope.partition)
            return try routes.resourceResponse(user, AsgardeoSCIMRegistry.users, scope, request, status: 200)
        } catch let error as SCIMError {
            throw AsgardeoError.scim(error)
        }
    }
}
