import JSON
import TestSupport
import XCTest

/// The service and client management APIs on the kit: their errors name the API path, bodies are checked, and
/// each change is stored.
final class ServiceAndClientAPITests: AuthleteAPITestCase {
    /// The management APIs of the route table: method, path under the service prefix (or `/api`), API path.
    let managementAPIs: [(String, String, String)] = [
        ("GET", "/service/get", "/service/get"), ("POST", "/service/update", "/service/update"),
        ("DELETE", "/service/delete", "/service/delete"), ("GET", "/service/configuration", "/service/configuration"),
        ("POST", "/service/configuration", "/service/configuration"), ("GET", "/service/jwks/get", "/service/jwks/get"),
        ("POST", "/client/create", "/client/create"), ("GET", "/client/get/list", "/client/get/list"),
        ("GET", "/client/get/1", "/client/get"), ("POST", "/client/update/1", "/client/update"),
        ("DELETE", "/client/delete/1", "/client/delete"), ("GET", "/client/secret/refresh/1", "/client/secret/refresh"),
        ("POST", "/client/secret/update/1", "/client/secret/update"),
        ("POST", "/client/lock_flag/update/1", "/client/lock_flag/update"),
        ("GET", "/client/extension/requestable_scopes/get/1", "/client/extension/requestable_scopes/get"),
        ("PUT", "/client/extension/requestable_scopes/update/1", "/client/extension/requestable_scopes/update"),
        ("DELETE", "/client/extension/requestable_scopes/delete/1", "/client/extension/requestable_scopes/delete"),
        ("GET", "/client/granted_scopes/get/1", "/client/granted_scopes/get"),
        ("DELETE", "/client/granted_scopes/delete/1", "/client/granted_scopes/delete"),
    ]

    private func message(_ response: RawResponse) throws -> String? {
        try JSON.parse(response.body)["resultMessage"]?.stringValue
    }

    func testEveryManagementAPINamesItselfInItsErrors() throws {
        for (method, path, apiPath) in managementAPIs {
            let missing = try emulator.request(method, servicePath + path)
            XCTAssertEqual(missing.status, 401, path)
            XCTAssertEqual(try message(missing), "[A001202] \(apiPath), Authorization header is missing.")
            let other = try emulator.request(method, "/api/1" + path, headers: [serviceToken])
            XCTAssertEqual(other.status, 403, path)
        }
        let rootAPIs = [("/api/service/get/list", "/service/get/list"), ("/api/service/create", "/service/create")]
        for (path, apiPath) in rootAPIs {
            let invalid = try emulator.request(
                path.hasSuffix("list") ? "GET" : "POST", path,
                headers: [("Authorization", "Bearer nope")])
            XCTAssertEqual(try message(invalid), "[A001203] \(apiPath), Invalid access token.")
        }
        let create = try emulator.request("POST", "/api/service/create", headers: [serviceToken, json], body: "{}")
        XCTAssertEqual(create.status, 403)
        XCTAssertEqual(
            try message(create),
            "[A001204] /service/create, A service access token cannot create "
                + "services; use an organization token.")
    }

    func testServiceConfigurationJWKSUpdateAndDelete() throws {
        let configuration = try JSON.parse(try send("/service/configuration?pretty=False", method: "GET").body)
        XCTAssertEqual(configuration["issuer"], "https://as.example.com")
        XCTAssertEqual(configuration["token_endpoint"], "https://as.example.com/token")
        let patched = try send("/service/configuration?patch=" + percent(#"[{"op":"add","path":"/x","value":1}]"#))
        XCTAssertEqual(try JSON.parse(patched.body)["x"], 1)
        let badPatch = try send("/service/configuration?patch=nope")
        XCTAssertEqual(badPatch.status, 400)
        XCTAssertEqual(
            try message(badPatch),
            "[A001001] /service/configuration, 'patch' is not a JSON Patch (RFC 6902) document.")

        let updated = try send("/service/update", ["serviceName": "Renamed", "apiKey": 1, "accessTokenDuration": 0])
        XCTAssertEqual(updated.status, 200)
        let service = try JSON.parse(updated.body)
        XCTAssertEqual(service["serviceName"], "Renamed")
        XCTAssertEqual(service["apiKey"], 715948317, "the server owns the API key")
        XCTAssertEqual(service["accessTokenDuration"], 3600, "0 is the SDK's unset")
        let wrongType = try send("/service/update", ["supportedGrantTypes": ["MAGIC"]])
        XCTAssertEqual(wrongType.status, 400)
        XCTAssertTrue(
            try message(wrongType)?.hasPrefix(
                "[A001001] /service/update, The service has an invalid "
                    + "member 'supportedGrantTypes'") == true)
        let jwks = try send("/service/update", ["jwks": #"{"keys": 1}"#])
        XCTAssertEqual(
            try message(jwks),
            #"[A001001] /service/update, 'jwks' is not a usable JWK Set: expected {"keys": [...]}."#)

        let created = try emulator.request(
            "POST", "/api/service/create", headers: [organizationToken, json],
            body: #"{"serviceName": "Keyless"}"#)
        let apiKey = try XCTUnwrap(try JSON.parse(created.body)["apiKey"]?.intValue)
        let keyless = try emulator.request("GET", "/api/\(apiKey)/service/jwks/get", headers: [organizationToken])
        XCTAssertEqual(keyless.status, 204, "a service without jwks")
        let delete = try emulator.request("DELETE", "/api/\(apiKey)/service/delete", headers: [organizationToken])
        XCTAssertEqual(delete.status, 204)
        let gone = try emulator.request("GET", "/api/\(apiKey)/service/get", headers: [organizationToken])
        XCTAssertEqual(gone.status, 404)
        XCTAssertEqual(try message(gone), "[A001404] /service/get, The service (API Key = \(apiKey)) does not exist.")
    }

    func testClientSecretLockAndScopes() throws {
        let client = "/\(clientID)"
        let missing = try send("/client/get/42", method: "GET")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(
            try message(missing),
            "[A001404] /client/get, The client (ID = 42) does not exist in the service "
                + "(API Key = 715948317).")

        let refreshed = try JSON.parse(try send("/client/secret/refresh" + client, method: "GET").body)
        XCTAssertEqual(refreshed["resultCode"], "A148001")
        XCTAssertEqual(refreshed["oldClientSecret"], .string(clientSecret))
        XCTAssertEqual(refreshed["newClientSecret"]?.stringValue?.count, 86)
        let chosen = try JSON.parse(try send("/client/secret/update" + client, ["clientSecret": "chosen-secret"]).body)
        XCTAssertEqual(chosen["resultCode"], "A149001")
        XCTAssertEqual(chosen["newClientSecret"], "chosen-secret")
        XCTAssertEqual(
            try message(try send("/client/secret/update" + client, ["clientSecret": "no spaces"])),
            "[A001001] /client/secret/update, 'clientSecret' must be 1 to 86 characters of [A-Za-z0-9_-].")
        XCTAssertEqual(try token("grant_type=client_credentials", secret: "chosen-secret")["action"], "OK")

        XCTAssertEqual(
            try message(try send("/client/lock_flag/update" + client, ["clientLocked": "yes"])),
            "[A001001] /client/lock_flag/update, 'clientLocked' must be a boolean.")
        let locked = try JSON.parse(try send("/client/lock_flag/update" + client, ["clientLocked": true]).body)
        XCTAssertEqual(locked["resultCode"], "A219001")
        XCTAssertEqual(try JSON.parse(try send("/client/get" + client, method: "GET").body)["locked"], true)

        XCTAssertEqual(
            try message(
                try send(
                    "/client/extension/requestable_scopes/update" + client,
                    ["requestableScopes": [1]])),
            "[A001001] /client/extension/requestable_scopes/update, 'requestableScopes' must be an array "
                + "of strings.")
        let scopes = try send("/client/extension/requestable_scopes/update" + client, ["requestableScopes": ["openid"]])
        XCTAssertEqual(try JSON.parse(scopes.body), ["requestableScopes": ["openid"]])
        let read = try send("/client/extension/requestable_scopes/get" + client, method: "GET")
        XCTAssertEqual(try JSON.parse(read.body), ["requestableScopes": ["openid"]])
        XCTAssertEqual(try send("/client/extension/requestable_scopes/delete" + client, method: "DELETE").status, 204)

        XCTAssertEqual(
            try message(try send("/client/granted_scopes/get" + client, method: "GET")),
            "[A001001] /client/granted_scopes/get, 'subject' is required.")
        let grantedScopes = try send("/client/granted_scopes/get" + client + "?subject=jane", method: "GET")
        let granted = try JSON.parse(grantedScopes.body)
        XCTAssertEqual(granted["resultCode"], "A201001")
        XCTAssertEqual(granted["latestGrantedScopes"], .null)
        let deleted = try JSON.parse(try send("/client/granted_scopes/delete" + client, ["subject": "jane"]).body)
        XCTAssertEqual(deleted["resultCode"], "A202002")
    }

    func testClientUpdateAndDelete() throws {
        let created = try send(
            "/client/create",
            [
                "clientName": "Temporary", "grantTypes": ["CLIENT_CREDENTIALS"],
                "clientSecret": "ignored", "locked": true,
            ])
        XCTAssertEqual(created.status, 201)
        let document = try JSON.parse(created.body)
        let id = try XCTUnwrap(document["clientId"]?.intValue)
        XCTAssertNotEqual(document["clientSecret"], "ignored", "the server owns the secret")
        XCTAssertEqual(document["locked"], false)
        XCTAssertEqual(document["tokenAuthMethod"], "CLIENT_SECRET_BASIC")
        let updated = try send("/client/update/\(id)", ["clientName": "Renamed", "clientId": 1])
        XCTAssertEqual(try JSON.parse(updated.body)["clientName"], "Renamed")
        XCTAssertEqual(try JSON.parse(updated.body)["clientId"], .int(id))
        let malformed = try send("/client/update/\(id)", ["jwks": "{}"])
        XCTAssertEqual(try message(malformed), "[A001001] /client/update, 'jwks' is not a JWK Set.")
        XCTAssertEqual(try send("/client/delete/\(id)", method: "DELETE").status, 204)
        XCTAssertEqual(try send("/client/get/\(id)", method: "GET").status, 404)
        let list = try JSON.parse(try send("/client/get/list?start=0&end=1", method: "GET").body)
        XCTAssertEqual(list["totalCount"], 1)
        XCTAssertEqual(list["end"], 1)
        XCTAssertEqual(list["clients"]?.arrayValue?.count, 1)
    }
}
