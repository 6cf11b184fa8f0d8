import EmulatorTestSupport
import Foundation
import JOSE
import JSON
import Primitives
import TestSupport
import XCTest

/// The default seed's `demo` workspace over a real socket: tokens, their claims and signatures, and errors.
final class TokenEndpointTests: XCTestCase {
    var running: TestEmulator!

    override func setUpWithError() throws { running = try TestEmulator() }
    override func tearDown() { running.stop() }

    private func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
    }
    private let form = ("Content-Type", "application/x-www-form-urlencoded")

    func testClientCredentialsTokenVerifiesAgainstTheJWKS() throws {
        let client = try running.client()
        let response = try client.request(
            "POST", "/acme/demo/oauth2/token", headers: [form, basic("demo-client", "demo-secret")],
            body: "grant_type=client_credentials")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Cache-Control"), "no-store")
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["token_type"], "bearer")
        XCTAssertEqual(body["expires_in"], 3600)
        XCTAssertEqual(body["scope"], "introspect_tokens revoke_tokens")
        let jwks = try JSON.parse(try client.request("GET", "/acme/demo/.well-known/jwks.json").body)
        let keys = try jwks["keys"]!.arrayValue!.map { try VerificationKey(jwk: $0) }
        let verified = try JWS.verify(body["access_token"]!.stringValue!, keys: keys, allowed: [.ES256]).get()
        XCTAssertEqual(verified.header["alg"], "ES256")
        XCTAssertNotNil(verified.header["kid"])
        let claims = verified.payload
        XCTAssertEqual(claims["iss"], "http://localhost/acme/demo")
        XCTAssertEqual(claims["sub"], "demo-client")
        XCTAssertEqual(claims["aud"], ["demo-client"])
        XCTAssertEqual(claims["scp"], ["introspect_tokens", "revoke_tokens"])
        XCTAssertEqual(claims["tid"], "acme")
        XCTAssertEqual(claims["aid"], "demo")
        XCTAssertEqual(claims["exp"]!.intValue! - claims["iat"]!.intValue!, 3600)
    }

    func testErrors() throws {
        let client = try running.client()
        let wrongSecret = try client.request(
            "POST", "/acme/demo/oauth2/token", headers: [form, basic("demo-client", "nope")],
            body: "grant_type=client_credentials")
        XCTAssertEqual(wrongSecret.status, 401)
        XCTAssertEqual(try JSON.parse(wrongSecret.body)["error"], "invalid_client")
        let missingGrant = try client.request(
            "POST", "/acme/demo/oauth2/token", headers: [form, basic("demo-client", "demo-secret")])
        XCTAssertEqual(missingGrant.status, 400)
        XCTAssertEqual(try JSON.parse(missingGrant.body)["error"], "invalid_request")
        let badScope = try client.request(
            "POST", "/acme/demo/oauth2/token", headers: [form, basic("demo-client", "demo-secret")],
            body: "grant_type=client_credentials&scope=admin")
        XCTAssertEqual(try JSON.parse(badScope.body)["error"], "invalid_scope")
        let otherWorkspace = try client.request(
            "POST", "/acme/shortlived/oauth2/token", headers: [form, basic("demo-client", "demo-secret")],
            body: "grant_type=client_credentials")
        XCTAssertEqual(otherWorkspace.status, 401, "a client of another workspace is unknown here")
        let unknownTenant = try client.request("GET", "/nope/demo/.well-known/openid-configuration")
        XCTAssertEqual(unknownTenant.status, 404)
        XCTAssertEqual(try JSON.parse(unknownTenant.body)["status_code"], 404)
    }

    func testShortLivedTokenExpiresWithTheClock() throws {
        let client = try running.client()
        let token = try JSON.parse(
            try client.request(
                "POST", "/acme/shortlived/oauth2/token", headers: [form, basic("short-client", "short-secret")],
                body: "grant_type=client_credentials"
            ).body)["access_token"]!.stringValue!
        let introspect = {
            try JSON.parse(
                try client.request(
                    "POST", "/acme/shortlived/oauth2/introspect",
                    headers: [self.form, self.basic("short-client", "short-secret")],
                    body: "token=\(token)"
                ).body)
        }
        XCTAssertEqual(try introspect()["active"], true)
        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","seconds":3}"#)
        XCTAssertEqual(try introspect(), ["active": false])
    }
}
