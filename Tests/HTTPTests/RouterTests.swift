import HTTP
import XCTest

/// Route precedence, parameters, 404/405 in the owning vendor's envelope, and middleware order.
final class RouterTests: XCTestCase {
    private let acme = ErrorEnvelope(id: "acme", module: "acme") { status, message in
        .text("acme \(status) \(message)", status: status)
    }

    private func respond(_ router: Router, _ method: HTTPMethod, _ target: String) -> (Request, Response) {
        let request = Request(method: method, target: target, headers: ["Host": "h"])
        guard case .now(let response) = router.respond(to: request) else { fatalError("deferred") }
        return (request, response)
    }

    private func makeRouter() -> Router {
        let router = Router()
        router.add(.POST, "/t/{org}/oauth2/token", envelope: acme) { r in .now(.text("asgardeo \(r.param("org")!)")) }
        router.add(.POST, "/{tid}/{aid}/oauth2/token", envelope: .emulator) { r in
            .now(.text("connect \(r.param("tid")!) \(r.param("aid")!)"))
        }
        router.add(.GET, "/{tid}/{aid}/oauth2/token", envelope: .emulator) { _ in .now(.text("connect get")) }
        router.add(.GET, "/files/{path...}", envelope: .emulator) { r in .now(.text(r.param("path")!)) }
        router.add(.GET, "/users/{id}", envelope: acme) { r in .now(.text("user \(r.param("id")!)")) }
        router.add(.GET, "/users/me", envelope: acme) { _ in .now(.text("me")) }
        router.claim(prefix: "/scim", for: acme)
        return router
    }

    func testLiteralSegmentsBeatParameters() {
        let router = makeRouter()
        XCTAssertEqual(respond(router, .POST, "/t/acme/oauth2/token").1.body, Array("asgardeo acme".utf8))
        XCTAssertEqual(respond(router, .POST, "/acme/demo/oauth2/token").1.body, Array("connect acme demo".utf8))
        XCTAssertEqual(respond(router, .GET, "/users/me").1.body, Array("me".utf8))
        XCTAssertEqual(respond(router, .GET, "/users/42").1.body, Array("user 42".utf8))
    }

    func testBacktracksFromLiteralToParameter() {
        let router = makeRouter()
        // `/t/...` exists as a literal but only for POST; GET falls back to the `/{tid}/{aid}` route.
        XCTAssertEqual(respond(router, .GET, "/t/acme/oauth2/token").1.body, Array("connect get".utf8))
    }

    func testParametersArePercentDecodedAndRestCapturesTheTail() {
        let router = makeRouter()
        XCTAssertEqual(respond(router, .GET, "/users/a%20b%2Fc").1.body, Array("user a b/c".utf8))
        XCTAssertEqual(respond(router, .GET, "/files/a/b/c.txt").1.body, Array("a/b/c.txt".utf8))
        XCTAssertEqual(
            respond(router, .GET, "/users/42/").1.body, Array("user 42".utf8), "one trailing slash is ignored")
    }

    func testMethodNotAllowedListsAllowedMethods() {
        let router = makeRouter()
        let (request, response) = respond(router, .DELETE, "/users/42")
        XCTAssertEqual(response.status, 405)
        XCTAssertEqual(response.headers["Allow"], "GET, HEAD")
        XCTAssertEqual(request.envelope.id, "acme")
        XCTAssertTrue(String(decoding: response.body, as: UTF8.self).hasPrefix("acme 405"))
    }

    func testNotFoundUsesThePrefixOwnersEnvelope() {
        let router = makeRouter()
        XCTAssertEqual(
            String(decoding: respond(router, .GET, "/scim/v2/Nope").1.body, as: UTF8.self),
            "acme 404 The requested resource was not found")
        let (_, plain) = respond(router, .GET, "/nothing/here/at/all")
        XCTAssertEqual(plain.status, 404)
        XCTAssertEqual(plain.headers["Content-Type"], "application/json")
    }

    func testHeadFallsBackToGet() {
        let router = makeRouter()
        let (request, response) = respond(router, .HEAD, "/users/1")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(request.route?.pattern, "/users/{id}")
    }

    func testMiddlewareRunsInOrderAroundTheHandler() {
        final class Tag: Middleware {
            let name: String
            init(_ name: String) { self.name = name }
            func handle(_ request: Request, next: Handler) -> Reply {
                let name = self.name
                return next(request).map {
                    var r = $0
                    r.headers.add("X-Trace", name)
                    return r
                }
            }
        }
        let router = makeRouter()
        router.use(RequestIDMiddleware())
        router.use(Tag("outer"))
        router.use(Tag("inner"))
        let (_, response) = respond(router, .GET, "/users/me")
        XCTAssertEqual(response.headers.values("X-Trace"), ["inner", "outer"])
        XCTAssertEqual(response.headers["X-Request-Id"], "req-1")
        let (_, second) = respond(router, .GET, "/nothing")
        XCTAssertEqual(second.headers["X-Request-Id"], "req-2", "404s pass through middleware too")
    }
}
