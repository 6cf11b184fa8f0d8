/// Handles a routed request on the loop thread.
public typealias Handler = (Request) -> Reply

/// One method + path pattern, the vendor that owns it and its handler.
public struct Route {
    public let method: HTTPMethod
    /// The pattern as registered, e.g. `/{tid}/{aid}/oauth2/token`.
    public let pattern: String
    public let vendor: Vendor
    /// The API group the route belongs to (rate-limit policies and the journal use it), if any.
    public let group: String?
    public let handler: Handler
    let parameterNames: [String]
}
