import Emulator
import HTTP
import JSON

/// The emulator's control API for Transmit's per-tenant quotas (Transmit has no API of its own for them):
/// `GET /_emulator/transmit/rate-limits`, `PUT` and `DELETE /_emulator/transmit/rate-limits/{tenant}`.
struct RateLimitControlRoutes {
    let directory: TransmitDirectory

    func register(on router: Router) {
        let control = router.group("/_emulator/transmit/rate-limits", envelope: .emulator)
        control.on(.GET, "") { _, _ in list() }
        control.on(.PUT, "/{tenant}") { request, _ in
            let tenant = try existingTenant(request)
            // Malformed JSON and an unusable quota get the same 400.
            guard let quota = (try? request.json()).flatMap(TransmitRateLimits.quota(from:)) else {
                throw RequestProblem("The body " + TransmitRateLimits.quotaHelp)
            }
            try directory.setRateLimit(quota, tenant: tenant)
            return .json(TransmitRateLimits.model(quota))
        }
        control.on(.DELETE, "/{tenant}") { request, _ in
            try directory.setRateLimit(nil, tenant: try existingTenant(request))
            return .empty(204)
        }
    }

    /// `{"tenants": {"acme": null | {rate, burst, period}}}`.
    private func list() -> Response {
        var tenants: JSONObject = [:]
        for id in directory.tenantIDs {
            tenants[id] = directory.tenant(id)?.rateLimit.map(TransmitRateLimits.model) ?? .null
        }
        return .json(["tenants": .object(tenants)])
    }

    /// The `{tenant}` of the path, or 404.
    private func existingTenant(_ request: Request) throws -> String {
        let tenant = try request.require("tenant")
        guard directory.tenant(tenant) != nil else {
            throw RequestProblem(status: 404, "Transmit tenant \(tenant) not found")
        }
        return tenant
    }
}
