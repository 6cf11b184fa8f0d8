/// What a handler gives back: a response now, or one that will be ready later (for work done off the loop).
public enum Reply {
    case now(Response)
    case later(PendingReply)

    /// Calls `body` with the final response: at once for `.now`, on resolution for `.later`.
    public func whenReady(_ body: @escaping (Response) -> Void) {
        switch self {
        case .now(let response): body(response)
        case .later(let pending): pending.whenReady(body)
        }
    }

    /// A reply whose response is transformed by `transform` once it is ready.
    public func map(_ transform: @escaping (Response) -> Response) -> Reply {
        switch self {
        case .now(let response): return .now(transform(response))
        case .later(let pending):
            let mapped = PendingReply()
            pending.whenReady { mapped.resolve(transform($0)) }
            return .later(mapped)
        }
    }
}

/// A response that a handler promises to deliver later, on the loop thread.
public final class PendingReply {
    private var response: Response?
    private var observers: [(Response) -> Void] = []

    public init() {}

    /// Delivers the response; only the first call counts.
    public func resolve(_ response: Response) {
        guard self.response == nil else { return }
        self.response = response
        let waiting = observers
        observers = []
        for observer in waiting { observer(response) }
    }

    public func whenReady(_ body: @escaping (Response) -> Void) {
        if let response { body(response) } else { observers.append(body) }
    }
}

extension Reply {
    /// Runs `body` with a `resolve` function: a response resolved before `body` returns becomes `.now`
    /// (no allocation of a pending reply); one resolved later (e.g. after work on the worker pool) becomes `.later`.
    public static func collect(_ body: (_ resolve: @escaping (Response) -> Void) -> Void) -> Reply {
        final class Slot {
            var response: Response?
            var pending: PendingReply?
        }
        let slot = Slot()
        body { response in
            if let pending = slot.pending { pending.resolve(response) } else { slot.response = response }
        }
        if let response = slot.response { return .now(response) }
        let pending = PendingReply()
        slot.pending = pending
        return .later(pending)
    }
}

extension Reply {
    /// `collect` for a route's handler whose later work can fail: `resolve` takes a throwing body, and what the body
    /// throws is answered as the router answers an error thrown by a handler (see `HTTPError`).
    public static func collect(
        for request: Request,
        _ body: (_ resolve: @escaping (() throws -> Response) -> Void) -> Void
    ) -> Reply {
        collect { resolve in
            body { make in
                do {
                    resolve(try make())
                } catch {
                    resolve(
                        request.router?.response(for: error, to: request)
                            ?? request.envelope.response(status: 500, message: "The request failed: \(error)"))
                }
            }
        }
    }
}
