import JSON
import TestSupport
import XCTest

/// The Applications API over a real socket: paging, filters, creation, conflicts, scope checks in the auth valve's
/// shape and business errors in the `APP-6xxxx` shape.
final class ApplicationsAPITests: XCTestCase {
    var running: AsgardeoEmulator!
    let base = "/t/acme/api/server/v1/applications"

    override func setUpWithError() throws { running = try AsgardeoEmulator() }
    override func tearDown() { running.stop() }

    private func create(_ name: String, token: String) throws -> RawResponse {
        try running.client.request(
            "POST", base, headers: [AsgardeoEmulator.json, AsgardeoEmulator.bearer(token)],
            body: #"{"name":"\#(name)","inboundProtocolConfiguration":{"oidc":{"grantTypes":["client_credentials"]}}}"#)
    }

    private func list(_ query: String, token: String) throws -> JSON {
        try JSON.parse(try running.client.request("GET", base + query, headers: [AsgardeoEmulator.bearer(token)]).body)
    }

    func testListPagingAndFilters() throws {
        let token = try running.token()
        for name in ["Alpha", "Beta", "Gamma"] { XCTAssertEqual(try create(name, token: token).status, 201) }
        let page = try list("?limit=2&offset=2", token: token)
        XCTAssertEqual(page["totalResults"], 5)
        XCTAssertEqual(page["startIndex"], 3)
        XCTAssertEqual(page["count"], 2)
        XCTAssertEqual(page["applications"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["Alpha", "Beta"])
        XCTAssertEqual(page["links"]?.arrayValue?.compactMap { $0["rel"]?.stringValue }, ["next", "previous"])
        XCTAssertEqual(page["links"]?[0]?["href"], "/t/acme/api/server/v1/applications?offset=4&limit=2")
        let filtered = try list("?filter=name+sw+A+or+clientId+eq+acme-web-client", token: token)
        XCTAssertEqual(
            filtered["applications"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["Acme Web", "Alpha"])
        let bad = try running.client.request(
            "GET", base + "?filter=owner+eq+x", headers: [AsgardeoEmulator.bearer(token)])
        XCTAssertEqual(bad.status, 400)
        XCTAssertEqual(try JSON.parse(bad.body)["code"], "APP-60004")
    }

    func testConflictsAndNotFound() throws {
        let token = try running.token()
        let duplicate = try create("M2M App", token: token)
        XCTAssertEqual(duplicate.status, 409)
        XCTAssertEqual(try JSON.parse(duplicate.body)["code"], "APP-60007")
        let missing = try running.client.request("GET", base + "/nope", headers: [AsgardeoEmulator.bearer(token)])
        XCTAssertEqual(missing.status, 404)
        let body = try JSON.parse(missing.body)
        XCTAssertEqual(body["code"], "APP-60006")
        XCTAssertEqual(body["message"], "Application not found.")
        XCTAssertEqual(
            body["description"], "Application cannot be found for the provided id: nope in the tenantDomain: acme.")
        XCTAssertEqual(body["traceId"]?.stringValue?.count, 36)
    }

    func testScopeChecksAnswerInTheAuthValveShape() throws {
        let none = try running.client.request("GET", base)
        XCTAssertEqual(none.status, 401)
        XCTAssertEqual(none.header("WWW-Authenticate")?.hasPrefix("Bearer"), true)
        let unauthorized = try JSON.parse(none.body)
        XCTAssertEqual(unauthorized["code"], 401)
        XCTAssertEqual(unauthorized["message"], "Unauthorized")
        XCTAssertEqual(
            unauthorized["description"],
            "Authorization failure. Authorization information was invalid or missing from your request.")
        let view = try running.token(scope: "internal_application_mgt_view")
        XCTAssertEqual(try running.client.request("GET", base, headers: [AsgardeoEmulator.bearer(view)]).status, 200)
        let refused = try create("Delta", token: view)
        XCTAssertEqual(refused.status, 403)
        XCTAssertEqual(try JSON.parse(refused.body)["code"], 403)
        XCTAssertEqual(try JSON.parse(refused.body)["message"], "Forbidden")
        XCTAssertEqual(try list("", token: view)["totalResults"], 2, "a refused request changes nothing")
        let unknownPath = try running.client.request("GET", "/t/acme/api/server/v1/nothing")
        XCTAssertEqual(unknownPath.status, 404)
        XCTAssertEqual(try JSON.parse(unknownPath.body)["code"], 404, "unmatched /t/ paths answer in the REST envelope")
    }
}
