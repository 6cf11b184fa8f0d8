import HTTP

/// Protects the control API: with a control token configured, every `/_emulator` call but `GET /_emulator/health`
/// needs `Authorization: Bearer <token>` (compared in constant time) and is refused with a 401 otherwise.
final class ControlAccessMiddleware: Middleware {
    private let token: String

    init(token: String) { self.token = token }

    func handle(_ request: Request, next: Handler) -> Reply {
        guard Self.isControlPath(request.path), !Self.isHealth(request) else { return next(request) }
        if case .bearer(let presented)? = request.authorization, Self.equal(presented, token) {
            return next(request)
        }
        var response = ErrorEnvelope.emulator.response(
            status: 401, message: "The control API needs the control token: Authorization: Bearer <IDEMU_CONTROL_TOKEN>"
        )
        response.headers.set("WWW-Authenticate", "Bearer realm=\"idemu\"")
        return .now(response)
    }

    /// Compares in time that depends on the lengths only.
    private static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        var difference = UInt8(x.count == y.count ? 0 : 1)
        for i in 0..<max(x.count, y.count) { difference |= (i < x.count ? x[i] : 0) ^ (i < y.count ? y[i] : 0) }
        return difference == 0
    }

    static func isControlPath(_ path: Substring) -> Bool {
        path == "/_emulator" || path.hasPrefix("/_emulator/")
    }

    private static func isHealth(_ request: Request) -> Bool {
        (request.method == .GET || request.method == .HEAD)
            && (request.path == "/_emulator/health" || request.path == "/_emulator/health/")
    }
}
