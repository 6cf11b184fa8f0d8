/// Maps method + path to routes, runs the middleware chain and the handler, and renders 404/405 and thrown errors in
/// the envelope of the API family that owns the path.
///
/// Patterns are `/`-separated segments: literals, `{name}` (one segment) and a final `{name...}` (the rest).
/// Literal segments beat parameters, which beat a rest parameter; matching backtracks, so
/// `/t/{org}/oauth2/token` wins for `/t/acme/oauth2/token` while `/{tid}/{aid}/...` still serves `/acme/demo/...`.
public final class Router {
    private final class Node {
        var literals: [Substring: Node] = [:]
        var parameter: Node?
        var rest: Node?
        var routes: [HTTPMethod: Route] = [:]
        /// The envelope every route at and below this node shares (nil when they differ), as of `generation`.
        var sole: (generation: Int, envelope: ErrorEnvelope?)?
    }

    private let root = Node()
    private var prefixOwners: [(prefix: String, envelope: ErrorEnvelope)] = []
    private var middleware: [Middleware] = []
    private var chain: Handler?
    private let fallbackEnvelope: ErrorEnvelope
    /// Bumped by every `add`, so the cached `Node.sole` values are recomputed.
    private var generation = 0
    /// Told about every error a handler throws that is neither an `HTTPError` nor a `RequestProblem` (a failed store
    /// write, …); the request is answered with its envelope's 500.
    public var onUnexpectedError: ((Request, Error) -> Void)?

    public init(fallbackEnvelope: ErrorEnvelope = .emulator) {
        self.fallbackEnvelope = fallbackEnvelope
    }

    /// Registers a route. A second registration of the same method and pattern shape replaces the first.
    public func add(
        _ method: HTTPMethod, _ pattern: String, envelope: ErrorEnvelope, group: String? = nil,
        handler: @escaping RouteHandler
    ) {
        var node = root
        var names: [String] = []
        for segment in Self.segments(of: Substring(pattern)) {
            if segment.hasPrefix("{") && segment.hasSuffix("...}") {
                names.append(String(segment.dropFirst().dropLast(4)))
                node.rest = node.rest ?? Node()
                node = node.rest!
            } else if segment.hasPrefix("{") && segment.hasSuffix("}") {
                names.append(String(segment.dropFirst().dropLast()))
                node.parameter = node.parameter ?? Node()
                node = node.parameter!
            } else {
                let next = node.literals[segment] ?? Node()
                node.literals[segment] = next
                node = next
            }
        }
        node.routes[method] = Route(
            method: method, pattern: pattern, envelope: envelope, group: group,
            handler: handler, parameterNames: names,
            hasSecretParameters: names.contains { SecretNames.isSecret($0) })
        generation += 1
    }

    /// Declares that unmatched paths under `prefix` belong to the API family of `envelope` (for 404s in it).
    public func claim(prefix: String, for envelope: ErrorEnvelope) {
        prefixOwners.append((prefix, envelope))
        prefixOwners.sort { $0.prefix.count > $1.prefix.count }
    }

    /// Appends a middleware; they run in the order added.
    public func use(_ middleware: Middleware) {
        self.middleware.append(middleware)
        chain = nil
    }

    /// The envelope of the API family that owns `path`: the envelope of a route at the path (any method); else of the
    /// deepest part of the route tree the path reaches whose routes all share one envelope (`/acme/nope/oauth2/x` is
    /// SecureAuth OAuth's, `/t/acme/scim2/nope` Asgardeo SCIM's) unless a claimed prefix is longer; else the claimed
    /// prefix's owner; else the fallback. Errors found before routing (400, 408, 411, 413, 414, 431) use it too.
    public func envelope(forPath path: Substring) -> ErrorEnvelope {
        let segments = Self.segments(of: path)
        var values: [Substring] = []
        if let node = find(root, segments[...], &values, accept: { !$0.routes.isEmpty }) {
            return (node.routes[.GET] ?? node.routes.values.first!).envelope
        }
        return unmatchedEnvelope(path, segments)
    }

    private func unmatchedEnvelope(_ path: Substring, _ segments: [Substring]) -> ErrorEnvelope {
        let claim = prefixOwners.first { path.hasPrefix($0.prefix) }
        let claimDepth = claim.map { $0.prefix.split(separator: "/").count } ?? 0
        var node = root
        var depth = 0
        var sawLiteral = false
        var deepest: (depth: Int, envelope: ErrorEnvelope)?
        for segment in segments {
            if let literal = node.literals[segment] {
                node = literal
                sawLiteral = true
            } else if !segment.isEmpty, let parameter = node.parameter {
                node = parameter
            } else {
                break
            }
            depth += 1
            // Parameters alone (`/nope`, `/a/b`) say nothing about the family; a literal segment does.
            if sawLiteral, let envelope = soleEnvelope(of: node) { deepest = (depth, envelope) }
        }
        if let deepest, deepest.depth > claimDepth { return deepest.envelope }
        return claim?.envelope ?? fallbackEnvelope
    }

    /// The envelope of the one API family every route at and below `node` belongs to (the family's main envelope when
    /// one of them has it), or nil when they belong to several (or there are none).
    private func soleEnvelope(of node: Node) -> ErrorEnvelope? {
        if let cached = node.sole, cached.generation == generation { return cached.envelope }
        var found: ErrorEnvelope?
        var mixed = false
        func visit(_ n: Node) {
            guard !mixed else { return }
            for route in n.routes.values {
                if let f = found, f.family != route.envelope.family {
                    mixed = true
                    return
                }
                if found == nil || route.envelope.id == route.envelope.family { found = route.envelope }
            }
            for child in n.literals.values { visit(child) }
            if let p = n.parameter { visit(p) }
            if let r = n.rest { visit(r) }
        }
        visit(node)
        let result = mixed ? nil : found
        node.sole = (generation, result)
        return result
    }

    /// Matches, runs the middleware chain and the handler (or the 404/405 response).
    public func respond(to request: Request) -> Reply {
        resolve(request)
        return handlerChain()(request)
    }

    /// Sets `route`, `pathParameters` and `envelope` on `request`.
    public func resolve(_ request: Request) {
        let segments = Self.segments(of: request.path)
        var values: [Substring] = []
        let method = request.method == .HEAD ? HTTPMethod.GET : request.method
        if let node = find(
            root, segments[...], &values,
            accept: {
                $0.routes[request.method] != nil || $0.routes[method] != nil
            })
        {
            let route = node.routes[request.method] ?? node.routes[method]!
            request.route = route
            request.router = self
            request.envelope = route.envelope
            request.pathParameters = zip(route.parameterNames, values).map {
                ($0, PercentDecoding.decode($1, plusAsSpace: false))
            }
        } else if let node = find(root, segments[...], &values, accept: { !$0.routes.isEmpty }) {
            // The path exists with other methods: a 405 in the envelope of the routes there.
            var methods = Set(node.routes.keys)
            if methods.contains(.GET) { methods.insert(.HEAD) }
            request.allowedMethods = methods.sorted()
            request.envelope = node.routes.values.first!.envelope
        } else {
            request.envelope = unmatchedEnvelope(request.path, segments)
        }
    }

    private func handlerChain() -> Handler {
        if let chain { return chain }
        var handler: Handler = { [unowned self] request in self.dispatch(request) }
        for m in middleware.reversed() {
            let next = handler
            handler = { request in m.handle(request, next: next) }
        }
        chain = handler
        return handler
    }

    private func dispatch(_ request: Request) -> Reply {
        if let route = request.route {
            do {
                return try route.handler(request)
            } catch {
                return .now(response(for: error, to: request))
            }
        }
        if let allowed = request.allowedMethods {
            var response = request.envelope.response(
                status: 405, message: "Method \(request.method) is not allowed for this resource")
            response.headers.set("Allow", allowed.map(\.rawValue).joined(separator: ", "))
            return .now(response)
        }
        return .now(request.envelope.response(status: 404, message: "The requested resource was not found"))
    }

    /// The response for an error thrown while answering `request`: an `HTTPError`'s own response, a
    /// `RequestProblem` in the request's envelope, anything else as the envelope's 500 (reported to
    /// `onUnexpectedError`).
    func response(for error: Error, to request: Request) -> Response {
        switch error {
        case let error as HTTPError:
            return error.response
        case let problem as RequestProblem:
            return request.envelope.response(status: problem.status, message: problem.message)
        default:
            onUnexpectedError?(request, error)
            return request.envelope.response(status: 500, message: "The request failed and changed nothing: \(error)")
        }
    }

    private func find(
        _ node: Node, _ segments: ArraySlice<Substring>, _ values: inout [Substring],
        accept: (Node) -> Bool
    ) -> Node? {
        guard let segment = segments.first else { return accept(node) ? node : nil }
        let rest = segments.dropFirst()
        if let literal = node.literals[segment], let found = find(literal, rest, &values, accept: accept) {
            return found
        }
        if let parameter = node.parameter, !segment.isEmpty {
            values.append(segment)
            if let found = find(parameter, rest, &values, accept: accept) { return found }
            values.removeLast()
        }
        if let restNode = node.rest, accept(restNode) {
            values.append(segments.joined(separator: "/")[...])
            return restNode
        }
        return nil
    }

    /// Path segments without the leading slash; one trailing slash is ignored. Splits on bytes (fast).
    static func segments(of path: Substring) -> [Substring] {
        var utf8 = path.utf8[...]
        if utf8.first == 0x2F { utf8 = utf8.dropFirst() }
        if utf8.last == 0x2F { utf8 = utf8.dropLast() }
        if utf8.isEmpty { return [] }
        var result: [Substring] = []
        result.reserveCapacity(8)
        var start = utf8.startIndex
        var i = start
        while i < utf8.endIndex {
            if utf8[i] == 0x2F {
                result.append(Substring(utf8[start..<i]))
                start = utf8.index(after: i)
            }
            i = utf8.index(after: i)
        }
        result.append(Substring(utf8[start..<utf8.endIndex]))
        return result
    }
}
