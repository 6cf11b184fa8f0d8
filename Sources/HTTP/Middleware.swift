/// A step every request passes through before its handler (request id, logging, journal, faults, rate limits).
///
/// The router has already matched the route, so `request.route` and `request.envelope` are set.
public protocol Middleware: AnyObject {
    func handle(_ request: Request, next: Handler) -> Reply
}

/// Gives each request an id: the client's `X-Request-Id` when it is short and printable, else a counter,
/// and echoes it in the response.
public final class RequestIDMiddleware: Middleware {
    private var counter: UInt64 = 0
    private let prefix: String

    public init(prefix: String = "req-") { self.prefix = prefix }

    public func handle(_ request: Request, next: Handler) -> Reply {
        if let given = request.headers["X-Request-Id"], (1...128).contains(given.utf8.count),
            given.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
        {
            request.id = given
        } else {
            counter &+= 1
            request.id = prefix + String(counter)
        }
        switch next(request) {
        case .now(var response):
            response.headers.set("X-Request-Id", request.id)
            return .now(response)
        case let later:
            let id = request.id
            return later.map { response in
                var response = response
                response.headers.set("X-Request-Id", id)
                return response
            }
        }
    }
}
