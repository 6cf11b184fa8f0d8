import XCTest

@testable import HTTP

/// Issue 20: failures found before routing name the request-target (414, 431, 411), the owner of an unmatched path
/// comes from the route tree, secret path parameters are redacted, and parsing stops after each message on request.
final class HostileInputTests: XCTestCase {
    private let oauth = ErrorEnvelope(id: "oauth", module: "v") { status, _ in .text("oauth", status: status) }
    private let scim = ErrorEnvelope(id: "scim", module: "v") { status, _ in .text("scim", status: status) }
    private let api = ErrorEnvelope(id: "api", module: "v") { status, _ in .text("api", status: status) }

    private func router() -> Router {
        let router = Router()
        router.add(.POST, "/{tid}/{aid}/oauth2/token", envelope: oauth) { _ in .now(.text("")) }
        router.add(.POST, "/{tid}/{aid}/oauth2/revoke", envelope: oauth) { _ in .now(.text("")) }
        router.add(.GET, "/{tid}/{aid}/.well-known/jwks.json", envelope: api) { _ in .now(.text("")) }
        router.add(.GET, "/t/{org}/scim2/Users", envelope: scim) { _ in .now(.text("")) }
        router.add(.GET, "/t/{org}/api/server/v1/applications", envelope: api) { _ in .now(.text("")) }
        router.add(.DELETE, "/api/{sid}/auth/token/delete/{accessTokenIdentifier}", envelope: api) { _ in
            .now(.text(""))
        }
        router.add(.GET, "/files/{secretPath...}", envelope: api) { _ in .now(.text("")) }
        router.claim(prefix: "/t/", for: api)
        return router
    }

    func testUnmatchedPathsBelongToTheDeepestSingleFamilyPartOfTheRouteTree() {
        let router = router()
        XCTAssertEqual(router.envelope(forPath: "/acme/nope/oauth2/x").id, "oauth")
        XCTAssertEqual(router.envelope(forPath: "/t/acme/scim2/Nope/1").id, "scim")
        XCTAssertEqual(router.envelope(forPath: "/t/acme/nope").id, "api", "the claimed prefix")
        XCTAssertEqual(router.envelope(forPath: "/nope").id, "emulator", "parameters alone name no family")
        XCTAssertEqual(router.envelope(forPath: "/acme/demo/oauth2/token").id, "oauth", "a route of any method")
        let request = Request(method: .GET, target: "/acme/nope/oauth2/x", headers: [:])
        guard case .now(let response) = router.respond(to: request) else { return XCTFail() }
        XCTAssertEqual(response.status, 404)
        XCTAssertEqual(response.body, Array("oauth".utf8))
    }

    func testSecretPathParametersAreRedacted() {
        let router = router()
        let request = Request(method: .DELETE, target: "/api/1/auth/token/delete/abc.def?x=1", headers: [:])
        router.resolve(request)
        XCTAssertEqual(request.redactedPath(), "/api/1/auth/token/delete/REDACTED")
        let rest = Request(method: .GET, target: "/files/a/b/c", headers: [:])
        router.resolve(rest)
        XCTAssertEqual(rest.redactedPath(), "/files/REDACTED")
        let plain = Request(method: .GET, target: "/t/acme/scim2/Users", headers: [:])
        router.resolve(plain)
        XCTAssertEqual(plain.redactedPath(), "/t/acme/scim2/Users")
        for name in [
            "token", "accessToken", "client_secret", "code", "device_code", "ticket", "password", "otp",
            "client_assertion", "code_verifier", "refreshToken", "accessTokenIdentifier",
        ] {
            XCTAssertTrue(SecretNames.isSecret(name), name)
        }
        for name in ["tid", "clientId", "id", "org", "limit", "vendor", "serviceId", "scope"] {
            XCTAssertFalse(SecretNames.isSecret(name), name)
        }
    }

    func testOverlongTargetIs414WithTheTarget() {
        let parser = RequestParser()
        parser.feed(Array("GET /t/acme/scim2/Users?q=\(String(repeating: "a", count: 9000)) HTTP/1.1\r\n\r\n".utf8))
        XCTAssertEqual(parser.failure?.status, 414)
        XCTAssertEqual(parser.failedTarget?.hasPrefix("/t/acme/scim2/Users?q=aaa"), true)
        let huge = RequestParser()
        huge.feed(Array("GET /t/acme/scim2/Users?q=\(String(repeating: "a", count: 40000)) HTTP/1.1\r\n\r\n".utf8))
        XCTAssertEqual(huge.failure?.status, 414)
        XCTAssertEqual(huge.failedTarget?.hasPrefix("/t/acme/scim2/Users?q=aaa"), true)
    }

    func testOverlongHeadersAre431WithTheTarget() {
        let parser = RequestParser()
        parser.feed(
            Array("GET /acme/demo/oauth2/token HTTP/1.1\r\nX: \(String(repeating: "p", count: 20000))\r\n\r\n".utf8))
        XCTAssertEqual(parser.failure?.status, 431)
        XCTAssertEqual(parser.failedTarget, "/acme/demo/oauth2/token")
    }

    func testTypedBodyWithoutLengthIs411() {
        let parser = RequestParser()
        parser.feed(Array("POST /x HTTP/1.1\r\nContent-Type: application/json\r\n\r\n".utf8))
        XCTAssertEqual(parser.failure?.status, 411)
        let untyped = RequestParser()
        XCTAssertTrue(untyped.feed(Array("POST /x HTTP/1.1\r\n\r\n".utf8)), "curl -X POST without a body still works")
        XCTAssertEqual(untyped.completed.count, 1)
    }

    func testConsumeStopsAfterEachMessage() {
        let bytes = Array(String(repeating: "GET /a HTTP/1.1\r\nHost: h\r\n\r\n", count: 3).utf8)
        let parser = RequestParser()
        var offset = 0
        var counts: [Int] = []
        while offset < bytes.count {
            offset += bytes.withUnsafeBytes {
                parser.consume(UnsafeRawBufferPointer(rebasing: $0[offset...]), messages: 1)
            }
            counts.append(parser.completed.count)
        }
        XCTAssertEqual(counts, [1, 2, 3])
        XCTAssertEqual(parser.pendingTarget, nil)
        let partial = RequestParser()
        partial.feed(Array("GET /t/acme/scim2/Users HTTP/1.1\r\nHost".utf8))
        XCTAssertEqual(partial.pendingTarget, "/t/acme/scim2/Users")
    }
}
