import Emulator
import HTTP
import JSON

/// The emulator's control API for Transmit's per-tenant quotas (Transmit has no API of its own for them):
/// `GET /_emulator/transmit/rate-limits`, `PUT` and `DELETE /_emulator/transmit/rate-limits/{tenant}`.
final class RateLimitControlRoutes {
    private let directory: TransmitDirectory

    init(directory: TransmitDirectory) { self.directory = directory }

    func register(on router: Router) {
        let v = ErrorEnvelope.emulator
        router.add(.GET, "/_emulator/transmit/rate-limits", envelope: v) { _ in .now(self.list()) }
        router.add(.PUT, "/_emulator/transmit/rate-limits/{tenant}", envelope: v) { .now(self.set($0)) }
        router.add(.DELETE, "/_emulator/transmit/rate-limits/{tenant}", envelope: v) { .now(self.delete($0)) }
    }

    /// `{"tenants": {"acme": null | {rate, burst, period}}}`.
    private func list() -> Response {
        var tenants: JSONObject = [:]
        for id in directory.tenantIDs { tenants[id] = directory.tenant(id)?.rateLimit.map(TransmitRateLimits.model) ?? .null }
        return .json(["tenants": .object(tenants)])
    }

    private func set(_ request: Request) -> Response {
        let tenant = request.param("tenant")!
        guard directory.tenant(tenant) != nil else { return ErrorEnvelope.emulator.response(status: 404, message: "Transmit tenant \(tenant) not found") }
        guard case .success(let body) = request.jsonBody(), let quota = TransmitRateLimits.quota(from: body) else {
            return ErrorEnvelope.emulator.response(status: 400, message: "The body " + TransmitRateLimits.quotaHelp)
        }
        do {
            try directory.setRateLimit(quota, tenant: tenant)
        } catch {
            return ErrorEnvelope.emulator.response(status: 503, message: "The change could not be stored: \(error)")
        }
        return .json(TransmitRateLimits.model(quota))
    }

    private func delete(_ request: Request) -> Response {
        let tenant = request.param("tenant")!
        guard directory.tenant(tenant) != nil else { return ErrorEnvelope.emulator.response(status: 404, message: "Transmit tenant \(tenant) not found") }
        do {
            try directory.setRateLimit(nil, tenant: tenant)
        } catch {
            return ErrorEnvelope.emulator.response(status: 503, message: "The change could not be stored: \(error)")
        }
        return .empty(204)
    }
}
