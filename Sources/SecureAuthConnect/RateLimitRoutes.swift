import HTTP
import JSON
import RateLimit

/// The root API's per-tenant rate limits (root.yaml: listRateLimits, setRateLimit, deleteRateLimit), with tokens of
/// the `system` tenant's `admin` workspace (securityDefinitions `adminSystem`). These operator calls are not counted
/// against the tenant's own limits.
struct RateLimitRoutes {
    let limits: SecureAuthRateLimits
    let directory: WorkspaceDirectory
    let access: AdminAccess

    func register(on router: Router) {
        let tenant = router.group("/api/admin/tenants/{tid}/rate-limits", envelope: SecureAuthError.apiEnvelope) {
            request in
            try access.root(request)
            let tid = try request.require("tid")
            guard directory.tenantExists(tid) else { throw SecureAuthError.notFound("Tenant") }
            return tid
        }
        tenant.on(.GET, "") { _, tid in
            .json([
                "global": Self.models(SecureAuthRateLimits.defaults), "tenant": Self.models(limits.overrides(for: tid)),
            ])
        }
        let module = tenant.group("/{module}") { request, tid in
            let module = try request.require("module")
            guard SecureAuthRateLimits.defaults[module] != nil else {
                let known = SecureAuthRateLimits.defaults.keys.sorted().joined(separator: ", ")
                throw SecureAuthError.notFound("Rate limit module \(module) (known: \(known))")
            }
            return (tid: tid, module: module)
        }
        module.on(.GET, "") { _, target in
            .json(
                SecureAuthRateLimits.model(
                    limits.overrides(for: target.tid)[target.module]
                        ?? SecureAuthRateLimits.defaults[target.module]!))
        }
        module.on(.PUT, "") { request, target in
            let quota = try SecureAuthRateLimits.quota(from: .object(try request.jsonObject()))
            try limits.set(quota, tenant: target.tid, module: target.module)
            return .empty(204)
        }
        module.on(.DELETE, "") { _, target in
            guard try limits.delete(tenant: target.tid, module: target.module) else {
                throw SecureAuthError.notFound("Custom rate limit")
            }
            return .empty(204)
        }
    }

    private static func models(_ quotas: [String: RateQuota]) -> JSON {
        var object: JSONObject = [:]
        for (module, quota) in quotas.sorted(by: { $0.key < $1.key }) {
            object[module] = SecureAuthRateLimits.model(quota)
        }
        return .object(object)
    }
}
