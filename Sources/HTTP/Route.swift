/// One step of the middleware chain: answers a request on the loop thread.
public typealias Handler = (Request) -> Reply

/// A route's handler: answers a request, or throws (see `HTTPError`) for the router to render in the route's envelope.
public typealias RouteHandler = (Request) throws -> Reply

/// One method + path pattern, the envelope of the API family that owns it, and its handler.
public struct Route {
    public let method: HTTPMethod
    /// The pattern as registered, e.g. `/{tid}/{aid}/oauth2/token`.
    public let pattern: String
    public let envelope: ErrorEnvelope
    /// The API group the route belongs to (rate-limit policies and the journal use it), if any.
    public let group: String?
    public let handler: RouteHandler
    let parameterNames: [String]
    /// Whether a path parameter's name says it holds a secret (`{token}`, …): decided once, when the route is added,
    /// so that logging a request of any other route costs nothing for redaction.
    let hasSecretParameters: Bool
}
