import EmulatorTestSupport
import JSON
import Primitives
import TestSupport
import XCTest

@testable import Asgardeo

/// Each Asgardeo route group answers its errors in its own envelope: a malformed body in the group's business code
/// (`APP-60001`, `ORG-60001`, `ABA-60001`, SCIM `invalidSyntax`), 401 and 403 from the authorizer and the scope
/// check, 404 for an unknown resource, 405 for another method, and OAuth's JSON on the OAuth endpoints.
final class ErrorEnvelopeTests: XCTestCase {
    /// The seed's M2M application (seed-data/default/asgardeo.json).
    static let m2mID = "8d3f6a2e-5b1c-4e7a-9c2d-1f0e3b4a5c6d"
    static let m2mBasic = (
        "Authorization",
        "Basic "
            + Base64.encode(
                Array("wmUFnhcleXRMHQYoobRLyTf4MLEa:0sGhSGN8n31rEBzRF92bSutnHEAa".utf8))
    )
    static let form = ("Content-Type", "application/x-www-form-urlencoded")
    static let json = ("Content-Type", "application/json")
    let applications = "/t/acme/api/server/v1/applications"
    var emulator: TestEmulator!

    override func setUpWithError() throws {
        emulator = try TestEmulator(
            modules: [AsgardeoModule()],
            seedFiles: try TestEmulator.defaultSeedFiles(["asgardeo.json"]))
    }

    override func tearDown() { emulator.stop() }

    // MARK: Helpers

    private func token(_ scope: String = "SYSTEM") throws -> String {
        let response = try emulator.request(
            "POST", "/t/acme/oauth2/token", headers: [Self.form, Self.m2mBasic],
            body: "grant_type=client_credentials&scope=" + scope)
        return try XCTUnwrap(JSON.parse(response.body)["access_token"]?.stringValue)
    }

    private func call(_ method: String, _ path: String, token: String? = nil, body: String = "") throws -> RawResponse {
        var headers = [Self.json]
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        return try emulator.request(method, path, headers: headers, body: body)
    }

    /// Authorizes the seed's M2M app for `scopes` of the API resource `identifier`.
    private func authorize(_ identifier: String, _ scopes: [String]) throws {
        let id = try XCTUnwrap(APIResourceCatalogue.resource(identifier: identifier)).id
        let names = scopes.map { "\"\($0)\"" }.joined(separator: ",")
        let response = try call(
            "POST", applications + "/\(Self.m2mID)/authorized-apis", token: try token(),
            body: #"{"id":"\#(id)","scopes":[\#(names)]}"#)
        XCTAssertEqual(response.status, 201, response.text)
    }

    /// A business error `{code: "XXX-6xxxx", message, description, traceId}`.
    @discardableResult
    private func assertBusiness(
        _ response: RawResponse, _ status: Int, _ code: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> JSON {
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["code"], .string(code), file: file, line: line)
        XCTAssertNotNil(body["message"]?.stringValue, file: file, line: line)
        XCTAssertEqual(body["traceId"]?.stringValue?.count, 36, file: file, line: line)
        return body
    }

    /// The auth valve's `{code: <status as an integer>, message, description, traceId}`.
    private func assertValve(
        _ response: RawResponse, _ status: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) throws {
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["code"], .int(Int64(status)), file: file, line: line)
        XCTAssertEqual(body["traceId"]?.stringValue?.count, 36, file: file, line: line)
        if status == 401 {
            XCTAssertEqual(response.header("WWW-Authenticate"), "Bearer realm=\"Asgardeo\"", file: file, line: line)
        }
    }

    /// An OAuth error `{error, error_description}`.
    private func assertOAuth(
        _ response: RawResponse, _ status: Int, _ error: String, _ description: String? = nil,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["error"], .string(error), file: file, line: line)
        if let description { XCTAssertEqual(body["error_description"], .string(description), file: file, line: line) }
    }

    /// A SCIM error with an integer `status`.
    @discardableResult
    private func assertSCIM(
        _ response: RawResponse, _ status: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) throws -> JSON {
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        XCTAssertEqual(
            response.header("Content-Type")?.hasPrefix("application/scim+json"), true,
            file: file, line: line)
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["schemas"], ["urn:ietf:params:scim:api:messages:2.0:Error"], file: file, line: line)
        XCTAssertEqual(body["status"], .int(Int64(status)), file: file, line: line)
        return body
    }

    // MARK: Management APIs

    func testApplicationsGroup() throws {
        let admin = try token()
        let malformed = try assertBusiness(try call("POST", applications, token: admin, body: "{"), 400, "APP-60001")
        XCTAssertEqual(malformed["message"], "Invalid request.")
        try assertBusiness(try call("POST", applications, token: admin, body: "[1]"), 400, "APP-60001")
        try assertValve(try call("GET", applications), 401)
        try assertValve(try call("GET", applications, token: "unknown"), 401)
        try assertValve(
            try call(
                "POST", applications, token: try token("internal_application_mgt_view"),
                body: #"{"name":"x"}"#), 403)
        let missing = try assertBusiness(try call("GET", applications + "/nope", token: admin), 404, "APP-60006")
        XCTAssertEqual(
            missing["description"],
            "Application cannot be found for the provided id: nope in the tenantDomain: acme.")
        let wrongMethod = try call("PUT", applications, token: admin, body: "{}")
        try assertValve(wrongMethod, 405)
        XCTAssertEqual(wrongMethod.header("Allow"), "GET, HEAD, POST")
        try assertValve(try call("GET", "/t/nowhere/api/server/v1/applications", token: admin), 404)
    }

    func testApplicationSubResources() throws {
        let admin = try token()
        let app = applications + "/" + Self.m2mID
        try assertBusiness(
            try call("GET", applications + "/nope/inbound-protocols/oidc", token: admin), 404,
            "APP-60006")
        try assertBusiness(try call("PUT", app + "/inbound-protocols/oidc", token: admin, body: "{"), 400, "APP-60001")
        try assertValve(try call("POST", app + "/inbound-protocols/oidc", token: admin, body: "{}"), 405)
        try assertValve(
            try call(
                "DELETE", app + "/inbound-protocols/oidc",
                token: try token("internal_application_mgt_view")), 403)
        try assertBusiness(try call("POST", app + "/authorized-apis", token: admin, body: "not json"), 400, "APP-60001")
        try assertBusiness(
            try call("PATCH", app + "/authorized-apis/unknown", token: admin, body: "{}"), 404,
            "APP-60510")
        try assertBusiness(try call("GET", applications + "/nope/authorized-apis", token: admin), 404, "APP-60006")
        try assertValve(try call("GET", app + "/authorized-apis"), 401)
        let listed = try call("GET", app + "/authorized-apis", token: admin)
        XCTAssertEqual(listed.status, 200, "a refused request changes nothing")
        XCTAssertEqual(try JSON.parse(listed.body).arrayValue?.count, 1)
    }

    func testSubOrganizationApplicationsGroup() throws {
        try authorize("/api/server/v1/organizations", ["internal_organization_create"])
        try authorize(
            "/o/api/server/v1/applications",
            ["internal_org_application_mgt_view", "internal_org_application_mgt_create"])
        let root = try token()
        let created = try call("POST", "/t/acme/api/server/v1/organizations", token: root, body: #"{"name":"Acme EU"}"#)
        XCTAssertEqual(created.status, 201, created.text)
        let orgID = try XCTUnwrap(JSON.parse(created.body)["id"]?.stringValue)
        func switched(_ scope: String) throws -> String {
            let response = try emulator.request(
                "POST", "/t/acme/oauth2/token", headers: [Self.form, Self.m2mBasic],
                body: "grant_type=organization_switch&token=\(root)&switching_organization=\(orgID)&scope=\(scope)")
            return try XCTUnwrap(JSON.parse(response.body)["access_token"]?.stringValue, response.text)
        }
        let subApplications = "/t/acme/o/api/server/v1/applications"
        let sub = try switched("SYSTEM")
        try assertBusiness(try call("POST", subApplications, token: sub, body: "{"), 400, "APP-60001")
        let missing = try assertBusiness(try call("GET", subApplications + "/nope", token: sub), 404, "APP-60006")
        XCTAssertEqual(
            missing["description"],
            "Application cannot be found for the provided id: nope in the tenantDomain: acmeeu.")
        try assertValve(
            try call(
                "POST", subApplications, token: try switched("internal_org_application_mgt_view"),
                body: #"{"name":"x"}"#), 403)
        try assertValve(try call("GET", subApplications), 401)
        try assertValve(try call("GET", subApplications, token: root), 401)
        try assertValve(try call("PUT", subApplications, token: sub, body: "{}"), 405)
    }

    func testOrganizationsGroup() throws {
        let organizations = "/t/acme/api/server/v1/organizations"
        try assertValve(try call("GET", organizations), 401)
        try assertValve(try call("GET", organizations, token: try token()), 403)
        try authorize("/api/server/v1/organizations", ["internal_organization_view", "internal_organization_create"])
        let admin = try token()
        let malformed = try assertBusiness(try call("POST", organizations, token: admin, body: "{"), 400, "ORG-60001")
        XCTAssertEqual(malformed["message"], "Invalid request.")
        try assertBusiness(try call("POST", organizations, token: admin, body: "{}"), 400, "ORG-60002")
        try assertBusiness(try call("GET", organizations + "/nope", token: admin), 404, "ORG-60015")
        try assertValve(try call("DELETE", organizations + "/nope", token: admin), 403)
        try assertValve(try call("PUT", organizations, token: admin, body: "{}"), 405)
        try assertBusiness(try call("GET", organizations + "?filter=owner+eq+x", token: admin), 400, "ORG-60023")
        try assertBusiness(try call("GET", organizations + "?limit=-1", token: admin), 400, "ORG-60025")
    }

    func testAPIResourcesGroup() throws {
        let resources = "/t/acme/api/server/v1/api-resources"
        try assertValve(try call("GET", resources), 401)
        try assertValve(try call("GET", "/t/acme/api/server/v1/scopes", token: try token()), 403)
        try authorize("/api/server/v1/api-resources", ["internal_api_resource_view"])
        let view = try token("internal_api_resource_view")
        try assertBusiness(try call("GET", resources + "/nope", token: view), 404, "APR-60005")
        try assertBusiness(try call("GET", resources + "/nope/scopes", token: view), 404, "APR-60005")
        try assertBusiness(try call("GET", resources + "?filter=owner+eq+x", token: view), 400, "APR-60002")
        try assertValve(try call("POST", resources, token: view, body: "{}"), 405)
        XCTAssertEqual(try call("GET", resources, token: view).status, 200)
    }

    // MARK: OAuth, app-native authentication, SCIM

    func testOAuthGroups() throws {
        let form = [Self.form]
        try assertOAuth(
            try emulator.request(
                "POST", "/t/nowhere/oauth2/token", headers: form,
                body: "grant_type=client_credentials&client_id=a&client_secret=b"),
            401, "invalid_client", "Client credentials are invalid.")
        let wrongMethod = try emulator.request("GET", "/t/acme/oauth2/token")
        try assertOAuth(wrongMethod, 405, "invalid_request")
        XCTAssertEqual(wrongMethod.header("Allow"), "POST")
        try assertOAuth(
            try emulator.request("GET", "/t/nowhere/oauth2/jwks"), 404, "invalid_request",
            "The organization does not exist")
        try assertOAuth(
            try emulator.request("POST", "/t/acme/oauth2/introspect", headers: form, body: "token=x"),
            401, "invalid_client", "Client Authentication failed.")
        let userinfo = try emulator.request("GET", "/t/acme/oauth2/userinfo")
        try assertOAuth(userinfo, 401, "invalid_token", "Access token validation failed")
        XCTAssertEqual(userinfo.header("WWW-Authenticate")?.hasPrefix("Bearer error=\"invalid_token\""), true)
        try assertOAuth(try emulator.request("GET", "/t/nowhere/oidc/logout"), 404, "invalid_request")
    }

    func testAppNativeAndLoginGroups() throws {
        let authn = "/t/acme/oauth2/authn"
        try assertBusiness(try call("POST", authn, body: "not json"), 400, "ABA-60001")
        try assertBusiness(try call("POST", authn, body: "[1]"), 400, "ABA-60001")
        try assertBusiness(try call("POST", authn, body: #"{"flowId":"nope"}"#), 400, "ABA-60002")
        try assertBusiness(try call("POST", "/t/nowhere/oauth2/authn", body: "{}"), 404, "ABA-60005")
        try assertOAuth(try emulator.request("GET", authn), 405, "invalid_request")
        try assertOAuth(
            try emulator.request("GET", "/t/nowhere/oauth2/authorize?response_mode=direct"), 404,
            "invalid_request", "The organization does not exist")
        let page = try emulator.request("GET", "/t/nowhere/oauth2/authorize?client_id=x")
        XCTAssertEqual(page.status, 404)
        XCTAssertEqual(page.header("Content-Type")?.hasPrefix("text/html"), true)
    }

    func testSCIMGroups() throws {
        let bulk = "/t/acme/scim2/Bulk"
        let body = #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],"Operations":[]}"#
        let unauthorized = try call("POST", bulk, body: body)
        try assertSCIM(unauthorized, 401)
        XCTAssertEqual(unauthorized.header("WWW-Authenticate"), "Bearer realm=\"Asgardeo\"")
        try assertSCIM(try call("POST", bulk, token: try token(), body: body), 403)
        try authorize("/scim2/Bulk", ["internal_bulk_resource_create"])
        let bulkToken = try token("internal_bulk_resource_create")
        XCTAssertEqual(try call("POST", bulk, token: bulkToken, body: body).status, 200)
        let malformed = try assertSCIM(try call("POST", bulk, token: bulkToken, body: "{"), 400)
        XCTAssertEqual(malformed["scimType"], "invalidSyntax")
        try assertSCIM(try call("POST", "/t/nowhere/scim2/Bulk", token: bulkToken, body: body), 404)
        try assertSCIM(try call("GET", bulk, token: bulkToken), 405)
        try assertSCIM(try call("GET", "/t/acme/scim2/Me", token: "garbage"), 401)
        try assertSCIM(try call("GET", "/t/acme/scim2/Me", token: bulkToken), 403)
        let limited = try call("POST", "/t/acme/o/scim2/Bulk", token: bulkToken, body: body)
        try assertSCIM(limited, 429)
        XCTAssertNotNil(
            limited.header("Retry-After"),
            "Bulk allows 5 requests a minute per client IP, in either family")
    }
}
