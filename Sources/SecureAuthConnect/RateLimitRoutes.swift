import Emulator
import HTTP
import JSON
import OAuth
import RateLimit

/// The root API's per-tenant rate limits (root.yaml: listRateLimits, setRateLimit, deleteRateLimit), with tokens of
/// the `system` tenant's `admin` workspace (securityDefinitions `adminSystem`). These operator calls are not counted
/// against the tenant's own limits.
final class RateLimitRoutes {
    private let limits: SecureAuthRateLimits
    private let directory: WorkspaceDirectory
    private let authorization: AdminAuthorization

    init(limits: SecureAuthRateLimits, directory: WorkspaceDirectory, engine: OAuthEngine) {
        self.limits = limits
        self.directory = directory
        authorization = AdminAuthorization(engine: engine)
    }

    func register(on router: Router) {
        let v = SecureAuthErrors.admin
        router.add(.GET, "/api/admin/tenants/{tid}/rate-limits", envelope: v) { self.guarded($0) { self.list($0) } }
        router.add(.GET, "/api/admin/tenants/{tid}/rate-limits/{module}", envelope: v) { self.guarded($0) { self.get($0) } }
        router.add(.PUT, "/api/admin/tenants/{tid}/rate-limits/{module}", envelope: v) { self.guarded($0) { self.set($0) } }
        router.add(.DELETE, "/api/admin/tenants/{tid}/rate-limits/{module}", envelope: v) { self.guarded($0) { self.delete($0) } }
    }

    private func guarded(_ request: Request, _ body: (Request) -> Reply) -> Reply {
        if let denied = authorization.check(request, tenantID: "system", workspace: "admin") { return .now(denied) }
        guard directory.tenantExists(request.param("tid")!) else { return .now(AdminRequests.notFound("Tenant")) }
        if let module = request.param("module"), SecureAuthRateLimits.defaults[module] == nil {
            return .now(AdminRequests.notFound("Rate limit module \(module) (known: \(SecureAuthRateLimits.defaults.keys.sorted().joined(separator: ", ")))"))
        }
        return body(request)
    }

    private func list(_ request: Request) -> Reply {
        var global: JSONObject = [:]
        for (module, quota) in SecureAuthRateLimits.defaults.sorted(by: { $0.key < $1.key }) { global[module] = SecureAuthRateLimits.model(quota) }
        var tenant: JSONObject = [:]
        for (module, quota) in limits.overrides(for: request.param("tid")!).sorted(by: { $0.key < $1.key }) {
            tenant[module] = SecureAuthRateLimits.model(quota)
        }
        return .now(.json(["global": .object(global), "tenant": .object(tenant)]))
    }

    private func get(_ request: Request) -> Reply {
        let module = request.param("module")!
        let quota = limits.overrides(for: request.param("tid")!)[module] ?? SecureAuthRateLimits.defaults[module]!
        return .now(.json(SecureAuthRateLimits.model(quota)))
    }

    private func set(_ request: Request) -> Reply {
        let body: JSONObject
        switch AdminRequests.object(request) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let object): body = object
        }
        switch SecureAuthRateLimits.quota(from: .object(body)) {
        case .failure(let rejected): return .now(rejected.response)
        case .success(let quota):
            do {
                try limits.set(quota, tenant: request.param("tid")!, module: request.param("module")!)
            } catch {
                return .now(AdminRequests.storeFailure(error))
            }
            return .now(.empty(204))
        }
    }

    private func delete(_ request: Request) -> Reply {
        do {
            guard try limits.delete(tenant: request.param("tid")!, module: request.param("module")!) else {
                return .now(AdminRequests.notFound("Custom rate limit"))
            }
        } catch {
            return .now(AdminRequests.storeFailure(error))
        }
        return .now(.empty(204))
    }
}
