import Authlete
import EmulatorTestSupport
import Foundation
import JSON
import TestSupport
import XCTest

/// The harness of the runtime API tests: the Authlete module with the default seed (FIXTURES.md §4) through
/// `TestEmulator`, called the way an authorization server calls Authlete (JSON bodies, the service access token).
class AuthleteAPITestCase: XCTestCase {
    var emulator: TestEmulator!
    let servicePath = "/api/715948317"
    let serviceToken = ("Authorization", "Bearer demo-service-access-token")
    let organizationToken = ("Authorization", "Bearer demo-org-access-token")
    let json = ("Content-Type", "application/json")
    let clientID: Int64 = 1234567890
    let clientSecret = "my-application-secret"
    let redirect = "https://myapp.example.com/callback"

    override func setUpWithError() throws {
        emulator = try TestEmulator(
            modules: [AuthleteModule()],
            seedFiles: try TestEmulator.defaultSeedFiles(["authlete.json"]))
    }

    override func tearDown() { emulator.stop() }

    /// Sends `body` as JSON to the service API `path` and returns the response (any status).
    func send(_ path: String, _ body: JSON? = nil, method: String = "POST") throws -> RawResponse {
        try emulator.request(
            method, servicePath + path, headers: [serviceToken, json],
            body: body.map { $0.jsonString() } ?? "")
    }

    /// Calls a runtime API: HTTP 200 is asserted; the JSON answer.
    func call(_ path: String, _ body: JSON, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let response = try send(path, body)
        XCTAssertEqual(response.status, 200, String(decoding: response.body, as: UTF8.self), file: file, line: line)
        return try JSON.parse(response.body)
    }

    /// Asserts an answer's `action` and `resultCode`, and that `resultMessage` starts with `[resultCode] `.
    func assertAnswer(
        _ answer: JSON, _ action: String, _ code: String, file: StaticString = #filePath,
        line: UInt = #line
    ) {
        XCTAssertEqual(answer["action"]?.stringValue, action, "\(answer)", file: file, line: line)
        XCTAssertEqual(answer["resultCode"]?.stringValue, code, "\(answer)", file: file, line: line)
        XCTAssertEqual(answer["resultMessage"]?.stringValue?.hasPrefix("[\(code)] "), true, file: file, line: line)
    }

    /// The `responseContent` of an answer, parsed as JSON.
    func content(_ answer: JSON) throws -> JSON {
        try JSON.parse(answer["responseContent"]?.stringValue ?? "")
    }

    /// The OAuth `error` of an answer's `responseContent`, which also names the result code in its description.
    func contentError(_ answer: JSON, file: StaticString = #filePath, line: UInt = #line) throws -> String? {
        let body = try content(answer)
        let code = answer["resultCode"]?.stringValue ?? ""
        XCTAssertEqual(body["error_description"]?.stringValue?.hasPrefix("[\(code)] "), true, file: file, line: line)
        XCTAssertEqual(body["error_uri"]?.stringValue, "https://docs.authlete.com/#\(code)", file: file, line: line)
        return body["error"]?.stringValue
    }

    /// The query parameters of a redirect URL (`responseContent` of a `LOCATION` answer).
    func query(_ location: String?) -> [String: String] {
        let items = URLComponents(string: location ?? "")?.queryItems ?? []
        return Dictionary(items.map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { first, _ in first })
    }

    /// An authorization request's `parameters` for the seeded client.
    func authorizationParameters(
        scope: String = "openid profile", state: String = "st-1",
        extra: String = ""
    ) -> String {
        "response_type=code&client_id=\(clientID)&redirect_uri=\(percent(redirect))&scope=\(percent(scope))"
            + "&state=\(state)&nonce=n-1" + extra
    }

    func percent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? text
    }

    /// `/auth/authorization` for the seeded client; its `INTERACTION` ticket.
    func ticket(scope: String = "openid profile", extra: String = "") throws -> String {
        let parameters = authorizationParameters(scope: scope, extra: extra)
        let answer = try call("/auth/authorization", ["parameters": .string(parameters)])
        assertAnswer(answer, "INTERACTION", "A004001")
        return answer["ticket"]?.stringValue ?? ""
    }

    /// `/auth/authorization` and `/auth/authorization/issue` for `subject`; the authorization code.
    func authorizationCode(scope: String = "openid profile", subject: String = "jane") throws -> String {
        let issued = try call(
            "/auth/authorization/issue",
            [
                "ticket": .string(try ticket(scope: scope)), "subject": .string(subject),
                "claims": #"{"name": "Jane Doe", "email": "jane@example.com"}"#,
            ])
        assertAnswer(issued, "LOCATION", "A040001")
        return issued["authorizationCode"]?.stringValue ?? ""
    }

    /// `/auth/token` with `parameters` and the seeded client's credentials.
    func token(_ parameters: String, secret: String? = nil) throws -> JSON {
        try call(
            "/auth/token",
            [
                "parameters": .string(parameters), "clientId": .string(String(clientID)),
                "clientSecret": .string(secret ?? clientSecret),
            ])
    }

    /// Tokens of the code flow for `scope` and `subject`: the `/auth/token` answer.
    func codeFlowTokens(scope: String = "openid profile", subject: String = "jane") throws -> JSON {
        let code = try authorizationCode(scope: scope, subject: subject)
        let answer = try token("grant_type=authorization_code&code=\(code)&redirect_uri=\(percent(redirect))")
        assertAnswer(answer, "OK", "A050001")
        return answer
    }

    /// Adds grant types to the seeded service and client (`PASSWORD`, `DEVICE_CODE`, …).
    func enableGrantTypes(_ names: [String]) throws {
        let service = try JSON.parse(try send("/service/get", method: "GET").body)
        let serviceGrants = (service["supportedGrantTypes"]?.arrayValue ?? []) + names.map(JSON.string)
        XCTAssertEqual(try send("/service/update", ["supportedGrantTypes": .array(serviceGrants)]).status, 200)
        let client = try JSON.parse(try send("/client/get/\(clientID)", method: "GET").body)
        let clientGrants = (client["grantTypes"]?.arrayValue ?? []) + names.map(JSON.string)
        XCTAssertEqual(try send("/client/update/\(clientID)", ["grantTypes": .array(clientGrants)]).status, 200)
    }
}
