import EmulatorTestSupport
import Foundation
import JOSE
import JSON
import TestSupport
import XCTest

/// The System API's configuration export, import and patch (`/api/system/{tid}/configuration`) over a real socket,
/// against the default seed.
final class SystemConfigurationTests: XCTestCase {
    var running: TestEmulator!
    var api: ConfigurationAPIClient!

    override func setUpWithError() throws {
        running = try TestEmulator()
        api = ConfigurationAPIClient(raw: try running.client())
    }

    override func tearDown() { running.stop() }

    private let path = "/api/system/acme/configuration"

    // MARK: Export

    func testExportIsATenantDumpOfStoredDocuments() throws {
        let dump = try api.export(try api.systemToken())
        XCTAssertEqual(Set(dump.objectValue!.keys), ["tenant", "servers", "clients", "idps"])
        XCTAssertEqual(dump["tenant"], ["id": "acme"])
        XCTAssertEqual(
            dump["servers"]!.arrayValue!.compactMap { $0["id"]?.stringValue },
            ["admin", "demo", "shortlived", "system"])
        let demo = try XCTUnwrap(dump["servers"]!.element(where: "id", is: "demo")?.value)
        XCTAssertEqual(demo["tenant_id"], "acme")
        XCTAssertEqual(demo["key_type"], "ecdsa")
        XCTAssertEqual(demo["access_token_ttl"], "1h0m0s")
        XCTAssertNil(demo["issuer_url"], "the stored document, not the Admin API response")
        XCTAssertEqual(demo["jwks"]?["keys"]?.arrayValue?.count, 2)
        XCTAssertNotNil(demo["jwks"]?["keys"]?[0]?["d"], "a dump carries the private keys")
        let client = try XCTUnwrap(dump["clients"]!.element(where: "client_id", is: "demo-client")?.value)
        XCTAssertEqual(client["client_secret"], "demo-secret")
        XCTAssertEqual(client["authorization_server_id"], "demo")
        XCTAssertEqual(client["redirect_uris"], ["https://app.example.com/callback"])
        XCTAssertEqual(dump["clients"]!.arrayValue!.count, 5)
        let idp = try XCTUnwrap(dump["idps"]!.element(where: "id", is: "test-idp")?.value)
        XCTAssertEqual(idp["method"], "static")
        XCTAssertEqual(idp["credentials"]?["users"]?[0]?["username"], "un1")
    }

    func testExportOfOneWorkspace() throws {
        let token = try api.systemToken()
        let dump = try api.export(token, query: "?workspace_id=demo")
        XCTAssertEqual(dump["tenant"], ["id": "acme"])
        XCTAssertEqual(dump["servers"]!.arrayValue!.compactMap { $0["id"]?.stringValue }, ["demo"])
        XCTAssertEqual(
            dump["clients"]!.arrayValue!.compactMap { $0["client_id"]?.stringValue }, ["demo-client", "demo-spa"])
        XCTAssertEqual(dump["idps"]!.arrayValue!.compactMap { $0["id"]?.stringValue }, ["test-idp"])
        let unknown = try api.call("GET", path + "?workspace_id=nope", token: token)
        try ConfigurationAPIClient.assertError(unknown, 404, "not_found")
    }

    // MARK: Tokens and scopes

    func testTokenAndScopeErrors() throws {
        let missing = try api.call("GET", path, token: nil)
        try ConfigurationAPIClient.assertError(missing, 401, "unauthorized")
        try ConfigurationAPIClient.assertError(try api.call("GET", path, token: "garbage"), 401, "invalid_access_token")

        let admin = try api.token("acme", "admin", "admin-client", "admin-secret")
        try ConfigurationAPIClient.assertError(try api.call("GET", path, token: admin), 403, "forbidden")
        let demo = try api.token("acme", "demo", "demo-client", "demo-secret")
        try ConfigurationAPIClient.assertError(try api.call("GET", path, token: demo), 403, "forbidden")
        let setup = try api.setupToken()
        try ConfigurationAPIClient.assertError(try api.call("GET", path, token: setup), 403, "forbidden")
        XCTAssertEqual(
            try api.call("GET", "/api/system/system/configuration", token: setup).status, 200,
            "the system tenant's own system workspace")

        let system = try api.systemToken()
        try ConfigurationAPIClient.assertError(
            try api.call("GET", "/api/system/burst/configuration", token: system), 403, "forbidden")
        try ConfigurationAPIClient.assertError(
            try api.call("GET", "/api/system/nope/configuration", token: system), 404, "not_found")

        // Export takes read_configuration (or manage_configuration); import and patch take manage_configuration.
        let reader = try api.systemToken(scope: "read_configuration")
        let dump = try api.export(reader)
        try ConfigurationAPIClient.assertError(try api.call("PUT", path, token: reader, json: dump), 403, "forbidden")
        try ConfigurationAPIClient.assertError(try api.call("PATCH", path, token: reader, body: "[]"), 403, "forbidden")
        let manager = try api.systemToken(scope: "manage_configuration")
        XCTAssertEqual(try api.call("GET", path, token: manager).status, 200)
        XCTAssertEqual(try api.call("PATCH", path, token: manager, body: "[]").status, 204)

        // Revoked and expired tokens are invalid_access_token, the code the Go SDK renews its token on.
        let revoke = try api.raw.request(
            "POST", "/acme/system/oauth2/revoke",
            headers: [ConfigurationAPIClient.form, ConfigurationAPIClient.basic("system-client", "system-secret")],
            body: "token=\(manager)")
        XCTAssertEqual(revoke.status, 200)
        try ConfigurationAPIClient.assertError(try api.call("GET", path, token: manager), 401, "invalid_access_token")
        _ = try api.raw.request("POST", "/_emulator/clock", body: #"{"action":"advance","duration":"2h"}"#)
        try ConfigurationAPIClient.assertError(try api.call("GET", path, token: system), 401, "invalid_access_token")
    }

    // MARK: Import

    func testImportedWorkspaceIsLiveAtOnce() throws {
        let token = try api.systemToken()
        let dump: JSON = [
            "servers": [
                ["id": "imported", "name": "Imported", "grant_types": ["client_credentials", "authorization_code"]]
            ],
            "clients": [
                [
                    "client_id": "imported-client", "client_secret": "imported-secret",
                    "authorization_server_id": "imported",
                    "grant_types": ["client_credentials", "authorization_code"], "scopes": ["openid", "orders.read"],
                    "redirect_uris": ["https://imported.example.com/cb"],
                ]
            ],
            "idps": [
                [
                    "id": "imported-idp", "authorization_server_id": "imported", "method": "static",
                    "credentials": [
                        "users": [
                            ["username": "ann", "password": "ann-pass", "authentication_context": ["name": "Ann"]]
                        ]
                    ],
                ]
            ],
        ]
        XCTAssertEqual(try api.call("PUT", path, token: token, json: dump).status, 204)

        let discovery = try api.get("/acme/imported/.well-known/openid-configuration", token: nil)
        XCTAssertEqual(discovery["issuer"], "http://localhost/acme/imported")
        let jwks = try api.get("/acme/imported/.well-known/jwks.json", token: nil)
        let keys = try jwks["keys"]!.arrayValue!.map { try VerificationKey(jwk: $0) }
        XCTAssertEqual(
            jwks["keys"]!.arrayValue!.compactMap { $0["alg"]?.stringValue }.sorted(), ["ES256", "RSA-OAEP-256"],
            "generated like the Admin API's: a sig key for key_type ecdsa and an RSA enc key")
        let issued = try api.token("acme", "imported", "imported-client", "imported-secret")
        let verified = try JWS.verify(issued, keys: keys, allowed: [.ES256]).get()
        XCTAssertEqual(verified.payload["aid"], "imported")
        XCTAssertEqual(verified.payload["scp"], ["orders.read"])

        let login = try api.raw.request(
            "POST", "/acme/imported/oauth2/authorize", headers: [ConfigurationAPIClient.form],
            body: "client_id=imported-client&response_type=code&redirect_uri=https%3A%2F%2Fimported.example.com%2Fcb"
                + "&state=xyz&username=ann&password=ann-pass")
        XCTAssertEqual(login.status, 302, login.text)
        XCTAssertTrue(login.header("Location")?.hasPrefix("https://imported.example.com/cb?code=") ?? false)

        let exported = try api.export(token)
        let server = try XCTUnwrap(exported["servers"]!.element(where: "id", is: "imported")?.value)
        XCTAssertEqual(server["type"], "regular", "defaults filled as by the Admin API")
        XCTAssertEqual(server["jwks"]?["keys"]?.arrayValue?.count, 2)
    }

    func testInsertModes() throws {
        let token = try api.systemToken()
        var demoClient = try XCTUnwrap(
            try api.export(token)["clients"]!.element(where: "client_id", is: "demo-client")?.value.objectValue)
        demoClient["client_name"] = "Renamed"
        let dump: JSON = [
            "clients": [
                .object(demoClient),
                [
                    "client_id": "extra-client", "client_secret": "extra-secret", "authorization_server_id": "demo",
                    "grant_types": ["client_credentials"],
                ],
            ]
        ]
        func demoName() throws -> JSON? {
            try api.export(token)["clients"]!.element(where: "client_id", is: "demo-client")?.value["client_name"]
        }

        let failed = try api.call("PUT", path + "?mode=fail", token: token, json: dump)
        let error = try ConfigurationAPIClient.assertError(failed, 409, "conflict")
        XCTAssertEqual(error["details"]?["path"], "$.clients[0]")
        XCTAssertEqual(try demoName(), "Demo client")
        XCTAssertEqual(
            try api.tokenStatus("acme", "demo", "extra-client", "extra-secret"), 401, "a failed import creates nothing")

        XCTAssertEqual(try api.call("PUT", path + "?mode=ignore", token: token, json: dump).status, 204)
        XCTAssertEqual(try demoName(), "Demo client", "ignore keeps the existing client")
        XCTAssertEqual(
            try api.tokenStatus("acme", "demo", "extra-client", "extra-secret"), 200, "and creates the new one")

        XCTAssertEqual(try api.call("PUT", path + "?mode=update", token: token, json: dump).status, 204)
        XCTAssertEqual(try demoName(), "Renamed")

        demoClient["client_name"] = "Default mode"
        XCTAssertEqual(try api.call("PUT", path, token: token, json: ["clients": [.object(demoClient)]]).status, 204)
        XCTAssertEqual(try demoName(), "Default mode", "without mode, update")

        try ConfigurationAPIClient.assertError(
            try api.call("PUT", path + "?mode=replace", token: token, json: dump), 400, "bad_request")
    }

    func testUpdateKeepsSecretsAndKeysTheDumpLeavesOut() throws {
        let token = try api.systemToken()
        let dump: JSON = [
            "servers": [
                [
                    "id": "demo", "name": "Demo renamed",
                    "grant_types": ["client_credentials", "authorization_code", "refresh_token"],
                ]
            ],
            "clients": [
                [
                    "client_id": "demo-client", "authorization_server_id": "demo",
                    "grant_types": ["client_credentials"],
                    "scopes": ["introspect_tokens"],
                ]
            ],
        ]
        let jwksBefore = try api.get("/acme/demo/.well-known/jwks.json", token: nil)
        XCTAssertEqual(try api.call("PUT", path, token: token, json: dump).status, 204)
        XCTAssertEqual(try api.get("/acme/demo/.well-known/jwks.json", token: nil), jwksBefore)
        let issued = try api.raw.request(
            "POST", "/acme/demo/oauth2/token",
            headers: [ConfigurationAPIClient.form, ConfigurationAPIClient.basic("demo-client", "demo-secret")],
            body: "grant_type=client_credentials")
        XCTAssertEqual(
            try JSON.parse(issued.body)["scope"], "introspect_tokens", "the updated client, with its old secret")
    }

    func testRoundTripChangesNothing() throws {
        let token = try api.systemToken()
        let before = try api.call("GET", path, token: token)
        let demoToken = try api.token("acme", "demo", "demo-client", "demo-secret")
        let jwks = try api.get("/acme/demo/.well-known/jwks.json", token: nil)

        XCTAssertEqual(try api.call("PUT", path + "?mode=update", token: token, body: before.text).status, 204)
        XCTAssertEqual(try api.call("GET", path, token: token).body, before.body, "byte for byte")
        XCTAssertEqual(try api.get("/acme/demo/.well-known/jwks.json", token: nil), jwks)
        let introspection = try api.raw.request(
            "POST", "/acme/demo/oauth2/introspect",
            headers: [ConfigurationAPIClient.form, ConfigurationAPIClient.basic("demo-client", "demo-secret")],
            body: "token=\(demoToken)")
        XCTAssertEqual(try JSON.parse(introspection.body)["active"], true, "tokens issued before stay valid")

        XCTAssertEqual(try api.call("PUT", path + "?mode=ignore", token: token, body: before.text).status, 204)
        try ConfigurationAPIClient.assertError(
            try api.call("PUT", path + "?mode=fail", token: token, body: before.text), 409, "conflict")
        XCTAssertEqual(try api.call("GET", path, token: token).body, before.body)
    }

    func testInvalidImportsChangeNothing() throws {
        let token = try api.systemToken()
        let before = try api.call("GET", path, token: token).body

        try ConfigurationAPIClient.assertError(
            try api.call("PUT", path, token: token, body: "{nope"), 400, "bad_request")
        try ConfigurationAPIClient.assertError(try api.call("PUT", path, token: token, body: "[]"), 400, "bad_request")
        let shape = try ConfigurationAPIClient.assertError(
            try api.call("PUT", path, token: token, json: ["servers": "demo"]), 400, "bad_request")
        XCTAssertEqual(shape["details"]?["path"], "$.servers")
        let element = try ConfigurationAPIClient.assertError(
            try api.call("PUT", path, token: token, json: ["clients": [1]]), 400, "bad_request")
        XCTAssertEqual(element["details"]?["path"], "$.clients[0]")

        // A valid new server next to an invalid client: the whole dump is refused.
        let cases: [(JSON, String)] = [
            (
                [
                    "servers": [["id": "fresh"]],
                    "clients": [["client_id": "c1", "authorization_server_id": "missing"]],
                ], "$.clients[0]"
            ),
            (
                [
                    "servers": [["id": "fresh"]],
                    "clients": [
                        [
                            "client_id": "c1", "authorization_server_id": "fresh",
                            "token_endpoint_auth_method": "magic",
                        ]
                    ],
                ], "$.clients[0]"
            ),
            (["servers": [["id": "fresh"]], "clients": [["client_id": "c1"]]], "$.clients[0]"),
            (["servers": [["id": "fresh"], ["id": "bad id!"]]], "$.servers[1]"),
            (["servers": [["id": "fresh", "jwks": ["keys": [["kty": "EC"]]]]]], "$.servers[0]"),
            (["servers": [["id": "fresh", "access_token_ttl": "soon"]]], "$.servers[0]"),
            (
                [
                    "servers": [["id": "fresh"]],
                    "idps": [["id": "i1", "authorization_server_id": "fresh", "method": "oidc"]],
                ], "$.idps[0]"
            ),
            (
                [
                    "servers": [["id": "fresh"]],
                    "idps": [
                        [
                            "id": "i1", "authorization_server_id": "fresh",
                            "credentials": ["users": [["username": "x"]]],
                        ]
                    ],
                ], "$.idps[0]"
            ),
            (["servers": [["id": "fresh"], ["id": "fresh"]]], "$.servers[1]"),
            (["tenant": ["id": "other"]], "$.tenant"),
        ]
        for (dump, path) in cases {
            let body = try ConfigurationAPIClient.assertError(
                try api.call("PUT", self.path, token: token, json: dump), 422, "unprocessable_entity")
            XCTAssertEqual(body["details"]?["path"]?.stringValue, path, dump.jsonString())
            XCTAssertTrue(body["error"]?.stringValue?.hasPrefix(path + ": ") ?? false, body.jsonString())
        }
        XCTAssertEqual(try api.call("GET", path, token: token).body, before)
        XCTAssertEqual(try api.raw.request("GET", "/acme/fresh/.well-known/openid-configuration").status, 404)
    }

    // MARK: Patch

    func testPatchedRedirectURITakesEffectAtTheAuthorizeEndpoint() throws {
        let token = try api.systemToken()
        let index = try XCTUnwrap(
            try api.export(token)["clients"]!.element(where: "client_id", is: "demo-client")?.index)
        XCTAssertEqual(
            try api.authorizeStatus(
                "acme", "demo", client: "demo-client", redirectURI: "https://app.example.com/callback"), 200)
        let patch: JSON = [
            ["op": "test", "path": .string("/clients/\(index)/client_id"), "value": "demo-client"],
            [
                "op": "replace", "path": .string("/clients/\(index)/redirect_uris/0"),
                "value": "https://patched.example.com/cb",
            ],
        ]
        XCTAssertEqual(try api.call("PATCH", path, token: token, json: patch).status, 204)
        XCTAssertEqual(
            try api.authorizeStatus(
                "acme", "demo", client: "demo-client", redirectURI: "https://patched.example.com/cb"), 200)
        XCTAssertEqual(
            try api.authorizeStatus(
                "acme", "demo", client: "demo-client", redirectURI: "https://app.example.com/callback"), 400)
    }

    func testFailingPatchChangesNothing() throws {
        let token = try api.systemToken()
        let before = try api.call("GET", path, token: token).body
        let index = try XCTUnwrap(
            try api.export(token)["clients"]!.element(where: "client_id", is: "demo-client")?.index)
        let replace: JSON = [
            "op": "replace", "path": .string("/clients/\(index)/redirect_uris/0"),
            "value": "https://patched.example.com/cb",
        ]

        let failedTest: JSON = [
            replace, ["op": "test", "path": .string("/clients/\(index)/client_name"), "value": "Someone else"],
        ]
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: failedTest), 422, "unprocessable_entity")
        let badPath: JSON = [replace, ["op": "remove", "path": "/clients/99"]]
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: badPath), 422, "unprocessable_entity")
        let invalidResult: JSON = [
            replace,
            ["op": "replace", "path": .string("/clients/\(index)/token_endpoint_auth_method"), "value": "magic"],
        ]
        let invalid = try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: invalidResult),
            422, "unprocessable_entity")
        XCTAssertEqual(invalid["details"]?["path"]?.stringValue, "$.clients[\(index)]")
        let wrongShape: JSON = [["op": "replace", "path": "/servers", "value": "none"]]
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: wrongShape), 422, "unprocessable_entity")
        let adminGone: JSON = [["op": "remove", "path": "/servers/0"]]
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: adminGone), 422, "unprocessable_entity")
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: ["op": "add"]), 400, "bad_request")
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, json: [["op": "frobnicate", "path": "/x"]]),
            400, "bad_request")
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path, token: token, body: "[{"), 400, "bad_request")

        XCTAssertEqual(try api.call("GET", path, token: token).body, before)
        XCTAssertEqual(
            try api.authorizeStatus(
                "acme", "demo", client: "demo-client", redirectURI: "https://patched.example.com/cb"), 400)
    }

    func testPatchRemovingAClientDeletesIt() throws {
        let token = try api.systemToken()
        let index = try XCTUnwrap(
            try api.export(token)["clients"]!.element(where: "client_id", is: "short-client")?.index)
        let remove: JSON = [["op": "remove", "path": .string("/clients/\(index)")]]
        try ConfigurationAPIClient.assertError(
            try api.call("PATCH", path + "?mode=fail", token: token, json: remove), 409, "conflict")
        XCTAssertEqual(try api.call("PATCH", path + "?mode=ignore", token: token, json: remove).status, 204)
        XCTAssertEqual(
            try api.tokenStatus("acme", "shortlived", "short-client", "short-secret"), 200, "ignore leaves it")
        XCTAssertEqual(try api.call("PATCH", path, token: token, json: remove).status, 204)
        XCTAssertEqual(try api.tokenStatus("acme", "shortlived", "short-client", "short-secret"), 401)
        XCTAssertNil(try api.export(token)["clients"]!.element(where: "client_id", is: "short-client"))
    }

    func testPatchAddingAWorkspaceGeneratesItsKeys() throws {
        let token = try api.systemToken()
        let patch: JSON = [
            [
                "op": "add", "path": "/servers/-",
                "value": ["id": "patched", "key_type": "rsa", "grant_types": ["client_credentials"]],
            ],
            [
                "op": "add", "path": "/clients/-",
                "value": [
                    "client_id": "patched-client", "client_secret": "patched-secret",
                    "authorization_server_id": "patched", "grant_types": ["client_credentials"],
                ],
            ],
        ]
        XCTAssertEqual(try api.call("PATCH", path, token: token, json: patch).status, 204)
        let jwks = try api.get("/acme/patched/.well-known/jwks.json", token: nil)
        XCTAssertEqual(
            jwks["keys"]!.arrayValue!.compactMap { $0["alg"]?.stringValue }.sorted(), ["RS256", "RSA-OAEP-256"])
        XCTAssertEqual(try api.tokenStatus("acme", "patched", "patched-client", "patched-secret"), 200)
    }
}
