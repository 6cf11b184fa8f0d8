import HTTP

/// Registers Authlete APIs on a route group, each with the envelope that names its API path in error messages
/// (`AuthleteError.envelope(apiPath:)`), so kit-thrown problems, 405 and 429 read as Authlete's do.
extension RouteGroup {
    func api(_ method: HTTPMethod, _ path: String, _ handler: @escaping (Request, Context) throws -> Response) {
        on(method, path, envelope: AuthleteError.envelope(apiPath: APIPath.of(pattern: prefix + path)), handler)
    }

    /// An API whose answer may come later (tokens signed on the worker pool).
    func deferredAPI(_ method: HTTPMethod, _ path: String, _ handler: @escaping (Request, Context) throws -> Reply) {
        deferred(method, path, envelope: AuthleteError.envelope(apiPath: APIPath.of(pattern: prefix + path)), handler)
    }
}
