import Emulator
import HTTP
import JSON
import OAuth
import SCIM

/// SCIM2 of a root organization under `/t/{org}/scim2` and of a sub-organization under `/t/{org}/o/scim2`, on the
/// SCIM engine: Users and Groups with WSO2's scopes (`internal_user_mgt_*`, `internal_group_mgt_*`, and the
/// `internal_org_*` ones on sub-organization paths), `/Me` for the user of a token with `internal_login`, and `/Bulk`.
/// Errors are SCIM errors with an integer `status`, as WSO2 writes them.
final class SCIM2Routes {
    /// The scope prefixes of one family of paths.
    struct Family {
        let prefix: String
        let target: ManagementAccess.Target
        let users: String
        let groups: String
    }

    static let root = Family(prefix: "/t/{org}/scim2", target: .root, users: "internal_user_mgt", groups: "internal_group_mgt")
    static let subOrganization = Family(prefix: "/t/{org}/o/scim2", target: .subOrganization, users: "internal_org_user_mgt",
                                        groups: "internal_org_group_mgt")
    static let bulkScope = "internal_bulk_resource_create"
    static let loginScope = "internal_login"

    private let service: SCIMService
    private let access: ManagementAccess
    private let context: EmulatorContext

    init(service: SCIMService, access: ManagementAccess, context: EmulatorContext) {
        self.service = service
        self.access = access
        self.context = context
    }

    func register(on router: Router) {
        for family in [Self.root, Self.subOrganization] {
            let routes = SCIMRoutes(service: service, statusStyle: .integer) { request, operation in
                try self.authorize(request, operation, family)
            }
            routes.register(on: router, prefix: family.prefix, envelope: AsgardeoErrors.scim, group: "scim2", claimPrefix: false)
            router.add(.POST, family.prefix + "/Bulk", envelope: AsgardeoErrors.scim, group: "scim2-bulk") { request in
                .now(try self.bulk(request, family))
            }
            if family.target == .root {
                router.add(.GET, family.prefix + "/Me", envelope: AsgardeoErrors.scim, group: "scim2") {
                    .now(try self.me(request: $0, routes: routes))
                }
            }
        }
    }

    /// The base URL of SCIM resources as the client addressed them.
    private func baseURL(_ request: Request, _ family: Family) -> String {
        context.origin(for: request) + "/t/" + (request.param("org") ?? "") + (family.target == .root ? "" : "/o") + "/scim2"
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
            return SCIMError(status: 401, detail: "Authorization failure. Authorization information was invalid or missing from your request.",
                             headers: ["WWW-Authenticate": "Bearer realm=\"Asgardeo\""])
        case .forbidden:
            return SCIMError(status: 403, detail: "Operation is not permitted. You do not have permissions to make this request.")
        }
    }

    /// Discovery documents are public (as WSO2 serves `/scim2/ServiceProviderConfig`, `/Schemas`, `/ResourceTypes`);
    /// everything else needs a token of the addressed organization with the operation's scope.
    private func authorize(_ request: Request, _ operation: SCIMOperation, _ family: Family) throws -> SCIMScope {
        let base = baseURL(request, family)
        guard let scope = Self.scope(for: operation, family) else {
            guard let root = access.directory.root(handle: request.param("org") ?? "") else {
                throw Self.scimError(.unknownOrganization)
            }
            return SCIMScope(partition: AsgardeoSCIMRegistry.partition(root.id), baseURL: base)
        }
        return try access.authorize(request, target: family.target, scope: scope)
            .map { organization, _ in SCIMScope(partition: AsgardeoSCIMRegistry.partition(organization.id), baseURL: base) }
            .mapError(Self.scimError).get()
    }

    /// `GET /scim2/Me`: the user of the Bearer token (a user token with `internal_login`).
    private func me(request: Request, routes: SCIMRoutes) throws -> Response {
        switch access.authorize(request, target: .root, scope: Self.loginScope) {
        case .failure(let denial): return Self.scimError(denial).response(statusStyle: .integer)
        case .success(let (organization, record)):
            guard record.hasUser else { return Self.scimError(.unauthorized).response(statusStyle: .integer) }
            let scope = SCIMScope(partition: AsgardeoSCIMRegistry.partition(organization.id), baseURL: baseURL(request, Self.root))
            do {
                let user = try service.resource(AsgardeoSCIMRegistry.users, id: record.subject,
                                                partition: scope.partition)
                return try routes.resourceResponse(user, AsgardeoSCIMRegistry.users, scope, request, status: 200)
            } catch let error as SCIMError {
                return error.response(statusStyle: .integer)
            }
        }
    }

    private func bulk(_ request: Request, _ family: Family) throws -> Response {
        let scope: SCIMScope
        switch access.authorize(request, target: family.target, scope: Self.bulkScope) {
        case .failure(let denial): return Self.scimError(denial).response(statusStyle: .integer)
        case .success(let (organization, _)):
            scope = SCIMScope(partition: AsgardeoSCIMRegistry.partition(organization.id), baseURL: baseURL(request, family))
        }
        return try SCIMBulk(service: service).run(request, scope: scope)
    }
}
