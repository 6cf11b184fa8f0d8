import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// The Hub API's configuration promotion (`/api/hub/{tid}/promote/config`, `/api/hub/{tid}/workspaces/{wid}/promote/config`
/// and their `-rfc6902` / `-rfc7396` patches) over a real socket, against the default seed.
final class HubPromoteTests: XCTestCase {
    var running: TestEmulator!
    var api: ConfigurationAPIClient!

    override func setUpWithError() throws {
        running = try TestEmulator()
        api = ConfigurationAPIClient(raw: try running.client())
    }

    override func tearDown() { running.stop() }

    private let tenant = "/api/hub/acme/promote/config"
    private func workspace(_ id: String, tenant: String = "acme") -> String {
        "/api/hub/\(tenant)/workspaces/\(id)/promote/config"
    }

    func testExportIsATreeWithoutCredentialsUnlessAsked() throws {
        let token = try api.systemToken()
        let tree = try api.get(tenant, token: token)
        XCTAssertEqual(tree["servers"]?.objectValue?.keys, ["admin", "demo", "shortlived", "system"])
        let demo = try XCTUnwrap(tree["servers"]?["demo"])
        XCTAssertNil(demo["id"])
        XCTAssertNil(demo["tenant_id"])
        XCTAssertNil(demo["jwks"])
        XCTAssertNil(demo["secret"])
        XCTAssertEqual(demo["name"], "Demo")
        XCTAssertEqual(demo["clients"]?.objectValue?.keys, ["demo-client", "demo-spa"])
        let client = try XCTUnwrap(demo["clients"]?["demo-client"])
        XCTAssertNil(client["client_secret"])
        XCTAssertNil(client["client_id"])
        XCTAssertNil(client["authorization_server_id"])
        XCTAssertEqual(client["redirect_uris"], ["https://app.example.com/callback"])
        XCTAssertEqual(demo["idps"]?["test-idp"]?["method"], "static")
        XCTAssertNil(demo["idps"]?["test-idp"]?["credentials"])

        let full = try api.get(tenant + "?with_credentials=true", token: token)
        XCTAssertEqual(full["servers"]?["demo"]?["clients"]?["demo-client"]?["client_secret"], "demo-secret")
        XCTAssertEqual(full["servers"]?["demo"]?["jwks"]?["keys"]?.arrayValue?.count, 2)
        XCTAssertEqual(full["servers"]?["demo"]?["idps"]?["test-idp"]?["credentials"]?["users"]?.arrayValue?.count, 2)

        XCTAssertEqual(try api.get(workspace("demo"), token: token), demo)
        XCTAssertEqual(try api.get(workspace("demo") + "?with_credentials=1", token: token), full["servers"]?["demo"])
        try ConfigurationAPIClient.assertError(try api.call("GET", workspace("nope"), token: token), 404, "not_found")
        try ConfigurationAPIClient.assertError(
            try api.call("GET", tenant + "?with_credentials=maybe", token: token), 400, "bad_request")
    }

    func testSecuritySchemes() throws {
        let system = try api.systemToken()
        let setup = try api.setupToken()
        let tree = try api.call("GET", tenant, token: system).text
        try ConfigurationAPIClient.assertError(try api.call("GET", tenant, token: nil), 401, "unauthorized")
        try ConfigurationAPIClient.assertError(
            try api.call("GET", tenant, token: "garbage"), 401, "invalid_access_token")
        // Imports use the setup scheme; everything else the tenant's system workspace.
        try ConfigurationAPIClient.assertError(
            try api.call("POST", tenant, token: system, body: tree), 403, "forbidden")
        XCTAssertEqual(try api.call("POST", tenant, token: setup, body: tree).status, 204)
        try ConfigurationAPIClient.assertError(try api.call("GET", tenant, token: setup), 403, "forbidden")
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", tenant + "-rfc7396", token: setup, body: "{}"), 403, "forbidden")
        let admin = try api.token("acme", "admin", "admin-client", "admin-secret")
        try ConfigurationAPIClient.assertError(try api.call("GET", workspace("demo"), token: admin), 403, "forbidden")
        try ConfigurationAPIClient.assertError(
            try api.call("POST", workspace("demo"), token: admin, body: "{}"), 403, "forbidden")
        // The spec's `system: []` asks for no particular scope.
        let reader = try api.systemToken(scope: "read_configuration")
        XCTAssertEqual(try api.call("PATCH", tenant + "-rfc6902", token: reader, body: "[]").status, 204)
        try ConfigurationAPIClient.assertError(
            try api.call("POST", "/api/hub/nope/promote/config", token: setup, body: "{}"), 404, "not_found")
    }

    func testRoundTripWithoutCredentialsKeepsThem() throws {
        let system = try api.systemToken()
        let setup = try api.setupToken()
        let before = try api.call("GET", tenant + "?with_credentials=true", token: system).body
        let tree = try api.call("GET", tenant, token: system).text
        XCTAssertEqual(try api.call("POST", tenant + "?mode=update", token: setup, body: tree).status, 204)
        XCTAssertEqual(try api.call("GET", tenant + "?with_credentials=true", token: system).body, before)
        XCTAssertEqual(try api.tokenStatus("acme", "demo", "demo-client", "demo-secret"), 200)
        try ConfigurationAPIClient.assertError(
            try api.call("POST", tenant + "?mode=fail", token: setup, body: tree), 409, "conflict")
    }

    func testPromoteAWorkspaceToAnotherTenant() throws {
        let system = try api.systemToken()
        let setup = try api.setupToken()
        let withCredentials = try api.call("GET", workspace("demo") + "?with_credentials=true", token: system).text
        XCTAssertEqual(
            try api.call("POST", workspace("demo", tenant: "burst"), token: setup, body: withCredentials).status, 204)
        XCTAssertEqual(
            try api.get("/burst/demo/.well-known/openid-configuration", token: nil)["issuer"],
            "http://localhost/burst/demo")
        XCTAssertEqual(
            try api.get("/burst/demo/.well-known/jwks.json", token: nil),
            try api.get("/acme/demo/.well-known/jwks.json", token: nil),
            "with credentials the keys travel too")
        XCTAssertEqual(try api.tokenStatus("burst", "demo", "demo-client", "demo-secret"), 200)

        let withoutCredentials = try api.call("GET", workspace("demo"), token: system).text
        XCTAssertEqual(
            try api.call(
                "POST", workspace("staging", tenant: "burst") + "?mode=fail", token: setup,
                body: withoutCredentials.replacingOccurrences(of: "demo-", with: "staging-")
            ).status, 204)
        let kids = { (path: String) in
            try self.api.get(path, token: nil)["keys"]!.arrayValue!.compactMap { $0["kid"]?.stringValue }
        }
        XCTAssertEqual(try kids("/burst/staging/.well-known/jwks.json").count, 2)
        XCTAssertTrue(
            Set(try kids("/burst/staging/.well-known/jwks.json")).isDisjoint(
                with: try kids("/acme/demo/.well-known/jwks.json")),
            "a new workspace without keys gets generated ones")
        XCTAssertEqual(
            try api.tokenStatus("burst", "staging", "staging-client", "demo-secret"), 401, "and its clients new secrets"
        )

        let dry = withoutCredentials.replacingOccurrences(of: "demo-", with: "dry-")
        XCTAssertEqual(
            try api.call("POST", workspace("dry", tenant: "burst") + "?dry_run=true", token: setup, body: dry).status,
            204)
        XCTAssertEqual(
            try api.raw.request("GET", "/burst/dry/.well-known/openid-configuration").status, 404,
            "a dry run stores nothing")
    }

    func testMergePatchChangesAndDeletes() throws {
        let token = try api.systemToken()
        let patch: JSON = [
            "servers": ["demo": ["clients": ["demo-spa": nil, "demo-client": ["client_name": "Merged"]]]]
        ]
        XCTAssertEqual(try api.call("PATCH", tenant + "-rfc7396", token: token, json: patch).status, 204)
        let demo = try api.get(workspace("demo"), token: token)
        XCTAssertEqual(demo["clients"]?.objectValue?.keys, ["demo-client"])
        XCTAssertEqual(demo["clients"]?["demo-client"]?["client_name"], "Merged")
        XCTAssertEqual(try api.tokenStatus("acme", "demo", "demo-client", "demo-secret"), 200, "the secret is kept")

        let workspacePatch: JSON = ["idps": ["test-idp": ["disabled": true]]]
        XCTAssertEqual(
            try api.call("PATCH", workspace("demo") + "-rfc7396", token: token, json: workspacePatch).status, 204)
        let login = try api.raw.request(
            "POST", "/acme/demo/oauth2/authorize", headers: [ConfigurationAPIClient.form],
            body: "client_id=demo-client&response_type=code&redirect_uri=https%3A%2F%2Fapp.example.com%2Fcallback"
                + "&username=un1&password=pass1")
        XCTAssertEqual(login.status, 401, "the disabled IdP no longer signs users in")

        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", tenant + "-rfc7396", token: token, body: "[]"), 400, "bad_request")
        let removeAdmin: JSON = ["servers": ["admin": nil]]
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", tenant + "-rfc7396", token: token, json: removeAdmin), 422,
            "unprocessable_entity")
    }

    func testJSONPatchOnTheTreeUsesEscapedKeys() throws {
        let token = try api.systemToken()
        let setup = try api.setupToken()
        let add: JSON = [
            "clients": ["tools/cli~v2": ["client_secret": "cli-secret", "grant_types": ["client_credentials"]]]
        ]
        XCTAssertEqual(
            try api.call("POST", workspace("demo") + "?mode=ignore", token: setup, json: add).status, 204,
            "ignore: the existing workspace stays as it is, the new client is added")
        XCTAssertEqual(try api.tokenStatus("acme", "demo", "tools/cli~v2", "cli-secret"), 200)

        let rename: JSON = [
            ["op": "test", "path": "/clients/tools~1cli~0v2/client_secret", "value": "cli-secret"],
            ["op": "replace", "path": "/clients/tools~1cli~0v2/client_secret", "value": "rotated"],
            ["op": "replace", "path": "/clients/demo-client/redirect_uris/0", "value": "https://hub.example.com/cb"],
        ]
        XCTAssertEqual(
            try api.call("PATCH", workspace("demo") + "-rfc6902?dry_run=true", token: token, json: rename).status, 204)
        XCTAssertEqual(
            try api.tokenStatus("acme", "demo", "tools/cli~v2", "cli-secret"), 200, "a dry run changes nothing")
        XCTAssertEqual(try api.call("PATCH", workspace("demo") + "-rfc6902", token: token, json: rename).status, 204)
        XCTAssertEqual(try api.tokenStatus("acme", "demo", "tools/cli~v2", "rotated"), 200)
        XCTAssertEqual(
            try api.authorizeStatus("acme", "demo", client: "demo-client", redirectURI: "https://hub.example.com/cb"),
            200)

        let tenantPatch: JSON = [["op": "remove", "path": "/servers/shortlived/clients/short-client"]]
        XCTAssertEqual(try api.call("PATCH", tenant + "-rfc6902", token: token, json: tenantPatch).status, 204)
        XCTAssertEqual(try api.tokenStatus("acme", "shortlived", "short-client", "short-secret"), 401)
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", tenant + "-rfc6902", token: token, json: tenantPatch), 422,
            "unprocessable_entity")
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", workspace("nope") + "-rfc6902", token: token, body: "[]"), 404,
            "not_found")
    }
}
