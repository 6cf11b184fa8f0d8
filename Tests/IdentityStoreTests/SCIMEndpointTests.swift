import JSON
import TestSupport
import XCTest

/// The Identity Store's SCIM endpoints over a real socket: discovery, CRUD, filters, PATCH, ETags, errors, isolation.
final class SCIMEndpointTests: XCTestCase {
    var running: IdentityStoreEmulator!
    var token = ""

    override func setUpWithError() throws {
        running = try IdentityStoreEmulator()
        token = try running.janeToken()
    }
    override func tearDown() { running.stop() }

    private func scim(
        _ method: String, _ path: String, _ body: JSON? = nil, headers: [(String, String)] = []
    ) throws -> RawResponse {
        try running.scim(method, path, body: body, headers: headers, token: token)
    }

    func testDiscoveryPublishesTheExtensions() throws {
        let config = try JSON.parse(try scim("GET", "ServiceProviderConfig").body)
        XCTAssertEqual(config["filter"]?["supported"], true)
        XCTAssertEqual(config["patch"]?["supported"], true)
        XCTAssertEqual(config["authenticationSchemes"]?[0]?["type"], "oauthbearertoken")
        let types = try JSON.parse(try scim("GET", "ResourceTypes").body)
        let user = types["Resources"]?.arrayValue?.first { $0["name"] == "User" }
        XCTAssertEqual(user?["endpoint"], "/Users")
        XCTAssertEqual(
            user?["schemaExtensions"]?.arrayValue?.compactMap { $0["schema"]?.stringValue },
            [
                "urn:ietf:params:scim:schemas:extension:secureauth:2.0:User",
                "urn:ietf:params:scim:schemas:extension:ldap:2.0:User",
            ])
        let schemas = try JSON.parse(try scim("GET", "Schemas").body)["Resources"]!.arrayValue!
        XCTAssertEqual(schemas.count, 4)
        let secureauth = schemas.first { $0["id"] == "urn:ietf:params:scim:schemas:extension:secureauth:2.0:User" }
        for name in ["apiCredentials", "lastLogIn", "lastPasswordChange"] {
            XCTAssertEqual(
                secureauth?["attributes"]?.arrayValue?.first { $0["name"] == .string(name) }?["mutability"], "readOnly",
                name)
        }
        XCTAssertEqual(try scim("GET", "Schemas/urn:ietf:params:scim:schemas:core:2.0:Group").status, 200)
        XCTAssertEqual(try scim("GET", "ResourceTypes/Nope").status, 404)
    }

    func testEverythingNeedsTheToken() throws {
        for path in ["Users", "Groups", "Schemas", "ServiceProviderConfig", "Users/" + IdentityStoreEmulator.janeID] {
            let response = try running.client().request("GET", IdentityStoreEmulator.scim + "/" + path)
            XCTAssertEqual(response.status, 401, path)
            XCTAssertEqual(try JSON.parse(response.body)["detail"], "Access token is invalid")
        }
    }

    func testUserLifecycle() throws {
        let body: JSON = [
            "schemas": [
                "urn:ietf:params:scim:schemas:core:2.0:User",
                "urn:ietf:params:scim:schemas:extension:secureauth:2.0:User",
            ],
            "userName": "bjensen", "password": "Secret1!",
            "emails": [["value": "bjensen@example.com", "type": "work", "primary": true]],
            "urn:ietf:params:scim:schemas:extension:secureauth:2.0:User": [
                "status": "staged", "lastLogIn": "2020-01-01T00:00:00Z",
            ],
        ]
        let created = try scim("POST", "Users", body)
        XCTAssertEqual(created.status, 201)
        let user = try JSON.parse(created.body)
        let id = user["id"]!.stringValue!
        XCTAssertEqual(created.header("Location"), "http://localhost" + IdentityStoreEmulator.scim + "/Users/" + id)
        XCTAssertEqual(created.header("ETag"), user["meta"]?["version"]?.stringValue)
        XCTAssertNil(user["password"])
        XCTAssertEqual(
            user["urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"], ["status": "staged"],
            "readOnly lastLogIn ignored")

        XCTAssertEqual(try scim("POST", "Users", body).status, 409)
        let found = try JSON.parse(try scim("GET", #"Users?filter=userName%20eq%20%22BJENSEN%22"#).body)
        XCTAssertEqual(found["totalResults"], 1)
        XCTAssertEqual(found["Resources"]?[0]?["id"], .string(id))

        let patch: JSON = [
            "schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
            "Operations": [
                [
                    "op": "replace", "path": "urn:ietf:params:scim:schemas:extension:secureauth:2.0:User:status",
                    "value": "active",
                ]
            ],
        ]
        let stale = try scim("PATCH", "Users/" + id, patch, headers: [("If-Match", "W/\"stale\"")])
        XCTAssertEqual(stale.status, 412)
        let patched = try scim("PATCH", "Users/" + id, patch, headers: [("If-Match", created.header("ETag")!)])
        XCTAssertEqual(patched.status, 200)
        XCTAssertEqual(
            try JSON.parse(patched.body)["urn:ietf:params:scim:schemas:extension:secureauth:2.0:User"]?["status"],
            "active")
        XCTAssertEqual(
            try scim("GET", "Users/" + id, headers: [("If-None-Match", patched.header("ETag")!)]).status, 304)

        let search = try scim(
            "POST", "Users/.search",
            [
                "schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                "filter": #"urn:ietf:params:scim:schemas:extension:secureauth:2.0:User:status eq "active""#,
                "attributes": ["userName"], "startIndex": 1, "count": 10,
            ])
        let page = try JSON.parse(search.body)
        XCTAssertEqual(page["totalResults"], 2)
        XCTAssertEqual(Set(page["Resources"]![0]!.objectValue!.keys), ["schemas", "id", "userName"])

        XCTAssertEqual(try scim("DELETE", "Users/" + id).status, 204)
        XCTAssertEqual(try scim("GET", "Users/" + id).status, 404)
        XCTAssertEqual(try scim("DELETE", "Users/" + id).status, 404)
    }

    func testGroupsFollowUserDeletion() throws {
        let user = try JSON.parse(
            try scim(
                "POST", "Users", ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "member"]
            ).body)
        let userID = user["id"]!.stringValue!
        let created = try scim(
            "POST", "Groups",
            [
                "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Group"], "displayName": "Admins",
                "members": [["value": .string(userID)], ["value": .string(IdentityStoreEmulator.janeID)]],
            ])
        XCTAssertEqual(created.status, 201)
        let groupID = try JSON.parse(created.body)["id"]!.stringValue!
        let member = try JSON.parse(try scim("GET", "Users/" + userID).body)
        XCTAssertEqual(member["groups"]?[0]?["value"], .string(groupID))
        XCTAssertEqual(try scim("DELETE", "Users/" + userID).status, 204)
        let group = try JSON.parse(try scim("GET", "Groups/" + groupID).body)
        XCTAssertEqual(group["members"], [["value": .string(IdentityStoreEmulator.janeID)]])
    }

    func testBadInputGetsSCIMErrors() throws {
        let cases: [(String, String, String, Int, String?)] = [
            ("GET", #"Users?filter=userName%20eq"#, "", 400, "invalidFilter"),
            ("GET", "Users?startIndex=x", "", 400, "invalidValue"),
            ("POST", "Users", "{not json", 400, "invalidSyntax"),
            ("POST", "Users", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"]}"#, 400, "invalidValue"),
            (
                "PUT", "Users/nope", #"{"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"x"}"#, 404,
                nil
            ),
            ("GET", "Nothing", "", 404, nil),
        ]
        for (method, path, body, status, scimType) in cases {
            let response = try running.client().request(
                method, IdentityStoreEmulator.scim + "/" + path,
                headers: [("Authorization", "Bearer " + token), ("Content-Type", "application/scim+json")], body: body)
            XCTAssertEqual(response.status, status, "\(method) \(path)")
            let error = try JSON.parse(response.body)
            XCTAssertEqual(error["schemas"], ["urn:ietf:params:scim:api:messages:2.0:Error"], path)
            XCTAssertEqual(error["status"], .string(String(status)))
            XCTAssertEqual(error["scimType"]?.stringValue, scimType, "\(path): \(response.text)")
        }
    }

    func testStoresAreIsolated() throws {
        let other = try running.client().request(
            "GET", "/api/v1/scim/ids/other/v2/Users", headers: [("Authorization", "Bearer " + token)])
        XCTAssertEqual(other.status, 404, "a store that does not exist")
        let page = try JSON.parse(try scim("GET", "Users").body)
        XCTAssertEqual(page["totalResults"], 1)
    }
}
