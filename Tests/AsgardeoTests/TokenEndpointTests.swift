import JOSE
import JSON
import Primitives
import TestSupport
import XCTest

/// The token endpoint of organization `acme` over a real socket: opaque UUID tokens, API scopes (dropped silently,
/// `SYSTEM`), WSO2's client-authentication errors, and RS256 JWT access tokens for an application configured for them.
final class TokenEndpointTests: XCTestCase {
    var running: AsgardeoEmulator!

    override func setUpWithError() throws { running = try AsgardeoEmulator() }
    override func tearDown() { running.stop() }

    func testSeedTokenIsAnOpaqueUUIDWithTheGrantedScope() throws {
        let response = try running.clientCredentials(scope: "internal_application_mgt_view internal_user_mgt_list")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Cache-Control"), "no-store")
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body.objectValue?.keys.sorted(), ["access_token", "expires_in", "scope", "token_type"])
        XCTAssertEqual(
            body["scope"], "internal_application_mgt_view", "scopes the app is not authorized for are dropped silently")
        XCTAssertEqual(body["token_type"], "Bearer")
        XCTAssertEqual(body["expires_in"], 3600)
        let token = body["access_token"]!.stringValue!
        XCTAssertEqual(token.count, 36)
        XCTAssertEqual(token.split(separator: "-").map(\.count), [8, 4, 4, 4, 12])
    }

    func testSystemMeansEveryAuthorizedScopeAndNoScopeMeansNone() throws {
        let system = try JSON.parse(try running.clientCredentials(scope: "SYSTEM").body)
        XCTAssertEqual(
            system["scope"],
            "internal_application_mgt_view internal_application_mgt_create internal_application_mgt_update internal_application_mgt_delete"
        )
        let none = try JSON.parse(try running.clientCredentials(scope: nil).body)
        XCTAssertNil(none["scope"])
        XCTAssertNotNil(none["access_token"])
    }

    func testClientAuthenticationErrors() throws {
        let both = try running.client.request(
            "POST", "/t/acme/oauth2/token",
            headers: [
                AsgardeoEmulator.form, AsgardeoEmulator.basic(AsgardeoEmulator.m2mClient, AsgardeoEmulator.m2mSecret),
            ],
            body:
                "grant_type=client_credentials&client_id=\(AsgardeoEmulator.m2mClient)&client_secret=\(AsgardeoEmulator.m2mSecret)"
        )
        XCTAssertEqual(both.status, 400)
        XCTAssertEqual(
            try JSON.parse(both.body),
            [
                "error": "invalid_request",
                "error_description": "Request body and headers contain authorization information",
            ])
        let expected: JSON = ["error": "invalid_client", "error_description": "Client credentials are invalid."]
        let wrong = try running.clientCredentials(scope: nil, secret: "wrong")
        let unknown = try running.clientCredentials(scope: nil, id: "unknown")
        XCTAssertEqual(wrong.status, 401)
        XCTAssertEqual(unknown.status, 401)
        XCTAssertEqual(try JSON.parse(wrong.body), expected)
        XCTAssertEqual(try JSON.parse(unknown.body), expected, "one message for an unknown client and a wrong secret")
        let post = try running.client.request(
            "POST", "/t/acme/oauth2/token", headers: [AsgardeoEmulator.form],
            body:
                "grant_type=client_credentials&client_id=\(AsgardeoEmulator.m2mClient)&client_secret=\(AsgardeoEmulator.m2mSecret)"
        )
        XCTAssertEqual(post.status, 200, "client_secret_post alone is fine")
    }

    func testJWTApplicationGetsRS256AccessTokensThatVerifyAgainstTheJWKS() throws {
        let admin = try running.token()
        let created = try running.client.request(
            "POST", "/t/acme/api/server/v1/applications",
            headers: [AsgardeoEmulator.json, AsgardeoEmulator.bearer(admin)],
            body:
                #"{"name":"jwt","inboundProtocolConfiguration":{"oidc":{"grantTypes":["client_credentials"],"accessToken":{"type":"JWT"}}}}"#
        )
        XCTAssertEqual(created.status, 201)
        XCTAssertTrue(created.body.isEmpty)
        let location = try XCTUnwrap(created.header("Location"))
        let path = String(location.dropFirst("http://localhost".count))
        let oidc = try JSON.parse(
            try running.client.request(
                "GET", path + "/inbound-protocols/oidc", headers: [AsgardeoEmulator.bearer(admin)]
            ).body)
        let id = oidc["clientId"]!.stringValue!, secret = oidc["clientSecret"]!.stringValue!
        let issued = try JSON.parse(
            try running.clientCredentials(scope: "internal_application_mgt_view", id: id, secret: secret).body)
        let jwks = try JSON.parse(try running.client.request("GET", "/t/acme/oauth2/jwks").body)
        let keys = try jwks["keys"]!.arrayValue!.map { try VerificationKey(jwk: $0) }
        let verified = try JWS.verify(issued["access_token"]!.stringValue!, keys: keys, allowed: [.RS256]).get()
        XCTAssertEqual(verified.header["alg"], "RS256")
        let claims = verified.payload
        XCTAssertEqual(claims["iss"], "http://localhost/t/acme/oauth2/token")
        XCTAssertEqual(claims["aud"], .string(id))
        XCTAssertEqual(claims["client_id"], .string(id))
        XCTAssertEqual(claims["aut"], "APPLICATION")
        XCTAssertEqual(claims["org_handle"], "acme")
        XCTAssertNil(
            claims["scope"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }, "a new app is authorized for no API scope")
    }
}
