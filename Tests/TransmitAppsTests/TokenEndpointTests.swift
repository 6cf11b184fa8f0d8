import Foundation
import JOSE
import JSON
import Primitives
import TestSupport
import XCTest

/// `/oidc/token` and `/cis/oidc/token`: RS256 JWTs with client_access_tokens.md's claims that verify against the
/// JWKS, the issuer of the discovery document, and OAuth errors.
final class TokenEndpointTests: XCTestCase {
    var running: TransmitEmulator!

    override func setUpWithError() throws { running = try TransmitEmulator() }
    override func tearDown() { running.stop() }

    private func verify(_ token: String) throws -> VerifiedJWS {
        let jwks = try JSON.parse(try running.client.request("GET", "/cis/oidc/jwks").body)
        XCTAssertEqual(jwks["keys"]?[0]?["kty"], "RSA")
        XCTAssertEqual(jwks["keys"]?[0]?["use"], "sig")
        XCTAssertNil(jwks["keys"]?[0]?["d"], "no private members in the JWKS")
        let keys = try jwks["keys"]!.arrayValue!.map { try VerificationKey(jwk: $0) }
        return try JWS.verify(token, keys: keys, allowed: [.RS256]).get()
    }

    func testClientTokenHasTheDocumentedClaims() throws {
        let response = try running.tokenResponse("demo-app-client", "demo-app-secret")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Cache-Control"), "no-store")
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["token_type"], "Bearer")
        XCTAssertEqual(body["expires_in"], 3600)
        XCTAssertEqual(body["scope"], "")
        let verified = try verify(body["access_token"]!.stringValue!)
        XCTAssertEqual(verified.header["alg"], "RS256")
        let claims = verified.payload
        XCTAssertEqual(claims["sub"], "demo-app-client")
        XCTAssertEqual(claims["client_id"], "demo-app-client")
        XCTAssertEqual(claims["app_id"], "demo-app")
        XCTAssertEqual(claims["app_name"], "Demo App")
        XCTAssertEqual(claims["tid"], "acme")
        XCTAssertEqual(claims["aud"], "userid-api")
        XCTAssertEqual(claims["iss"], "http://localhost/cis/oidc")
        XCTAssertEqual(claims["roles"], [])
        XCTAssertNil(claims["role"])
        XCTAssertNotNil(claims["jti"]?.stringValue)
        XCTAssertEqual(claims["exp"]!.intValue! - claims["iat"]!.intValue!, 3600)
    }

    func testAdminTokenWithBasicAtTheCISPathAndAResource() throws {
        let response = try running.client.request(
            "POST", "/cis/oidc/token",
            headers: [TransmitEmulator.form, TransmitEmulator.basic("mgmt-client", "mgmt-secret")],
            body: "grant_type=client_credentials&resource=https%3A%2F%2Frisk.identity.security&scope=openid")
        XCTAssertEqual(response.status, 200)
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["scope"], "openid")
        let claims = try verify(body["access_token"]!.stringValue!).payload
        XCTAssertEqual(claims["aud"], "https://risk.identity.security")
        XCTAssertEqual(claims["role"], ["Admin"])
        XCTAssertEqual(claims["roles"], ["Admin"])
        XCTAssertEqual(claims["scope"], "openid")
        XCTAssertEqual(claims["app_id"], "mgmt-app")
    }

    func testDiscoveryIssuerMatchesTheTokens() throws {
        let discovery = try JSON.parse(
            try running.client.request("GET", "/cis/oidc/.well-known/openid-configuration").body)
        XCTAssertEqual(discovery["issuer"], "http://localhost/cis/oidc")
        XCTAssertEqual(discovery["jwks_uri"], "http://localhost/cis/oidc/jwks")
        XCTAssertEqual(discovery["token_endpoint"], "http://localhost/cis/oidc/token")
        XCTAssertEqual(discovery["grant_types_supported"], ["client_credentials"])
        let claims = try verify(try running.adminToken()).payload
        XCTAssertEqual(claims["iss"], discovery["issuer"])
    }

    func testPublicURLSetsTheIssuer() throws {
        running.stop()
        running = try TransmitEmulator(publicURL: "https://idemu.test/")
        let discovery = try JSON.parse(
            try running.client.request("GET", "/cis/oidc/.well-known/openid-configuration").body)
        XCTAssertEqual(discovery["issuer"], "https://idemu.test/cis/oidc")
        XCTAssertEqual(try verify(try running.adminToken()).payload["iss"], "https://idemu.test/cis/oidc")
    }

    func testErrors() throws {
        let wrongSecret = try running.tokenResponse("demo-app-client", "nope")
        XCTAssertEqual(wrongSecret.status, 401)
        XCTAssertEqual(
            try JSON.parse(wrongSecret.body),
            ["error": "invalid_client", "error_description": "Client authentication failed"])
        XCTAssertEqual(try running.tokenResponse("nobody", "nope").status, 401)
        let missingGrant = try running.client.request(
            "POST", "/oidc/token", headers: [TransmitEmulator.form],
            body: "client_id=demo-app-client&client_secret=demo-app-secret")
        XCTAssertEqual(missingGrant.status, 400)
        XCTAssertEqual(try JSON.parse(missingGrant.body)["error"], "invalid_request")
        let password = try running.client.request(
            "POST", "/oidc/token", headers: [TransmitEmulator.form],
            body: "grant_type=password&client_id=demo-app-client&client_secret=demo-app-secret")
        XCTAssertEqual(try JSON.parse(password.body)["error"], "unsupported_grant_type")
        let badResource = try running.tokenResponse("demo-app-client", "demo-app-secret", extra: "&resource=not-a-uri")
        XCTAssertEqual(badResource.status, 400)
        XCTAssertEqual(try JSON.parse(badResource.body)["error"], "invalid_target")
        let json = try running.client.request(
            "POST", "/oidc/token", headers: [TransmitEmulator.json], body: #"{"grant_type":"client_credentials"}"#)
        XCTAssertEqual(json.status, 400)
        XCTAssertEqual(try JSON.parse(json.body)["error"], "invalid_request")
        let get = try running.client.request("GET", "/oidc/token")
        XCTAssertEqual(get.status, 405)
        XCTAssertEqual(try JSON.parse(get.body)["error"], "method_not_allowed")
    }

    func testKeySeedMakesGeneratedKeysRepeatable() throws {
        running.stop()
        let folder = try TransmitEmulator.seedFolder(#"{"tenants": [{"id": "t1"}]}"#)
        running = try TransmitEmulator(seed: .directory(folder), keySeed: "fixed")
        let first = try JSON.parse(try running.client.request("GET", "/cis/oidc/jwks").body)
        running.stop()
        running = try TransmitEmulator(seed: .directory(folder), keySeed: "fixed")
        let second = try JSON.parse(try running.client.request("GET", "/cis/oidc/jwks").body)
        XCTAssertEqual(first["keys"]?[0]?["kid"], second["keys"]?[0]?["kid"])
        XCTAssertEqual(first["keys"]?[0]?["n"], second["keys"]?[0]?["n"])
        XCTAssertEqual(first["keys"]?[0]?["alg"], "RS256")
    }
}
