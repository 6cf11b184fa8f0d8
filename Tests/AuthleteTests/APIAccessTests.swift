import JSON
import TestSupport
import XCTest

/// The HTTP-level errors of every runtime API, in Authlete's envelope with the API path in the message: a missing
/// `Authorization` header, an invalid token, another service's token, an unknown service, a malformed body and a
/// wrong method.
final class APIAccessTests: AuthleteAPITestCase {
    /// The runtime APIs of the route table: method, path under the service prefix, API path in messages.
    let runtimeAPIs: [(String, String, String)] = [
        ("POST", "/auth/authorization", "/auth/authorization"),
        ("POST", "/auth/authorization/issue", "/auth/authorization/issue"),
        ("POST", "/auth/authorization/fail", "/auth/authorization/fail"),
        ("POST", "/pushed_auth_req", "/pushed_auth_req"),
        ("POST", "/auth/token", "/auth/token"),
        ("POST", "/auth/token/issue", "/auth/token/issue"),
        ("POST", "/auth/token/fail", "/auth/token/fail"),
        ("POST", "/auth/token/create", "/auth/token/create"),
        ("POST", "/auth/token/update", "/auth/token/update"),
        ("POST", "/auth/token/revoke", "/auth/token/revoke"),
        ("GET", "/auth/token/get/list", "/auth/token/get/list"),
        ("DELETE", "/auth/token/delete/some-token", "/auth/token/delete"),
        ("POST", "/auth/introspection", "/auth/introspection"),
        ("POST", "/auth/introspection/standard", "/auth/introspection/standard"),
        ("POST", "/auth/revocation", "/auth/revocation"),
        ("POST", "/auth/userinfo", "/auth/userinfo"),
        ("POST", "/auth/userinfo/issue", "/auth/userinfo/issue"),
        ("POST", "/client/registration", "/client/registration"),
        ("POST", "/client/registration/get", "/client/registration/get"),
        ("POST", "/client/registration/update", "/client/registration/update"),
        ("POST", "/client/registration/delete", "/client/registration/delete"),
    ]

    private func error(_ response: RawResponse) throws -> (Int, String?, String?) {
        let body = try JSON.parse(response.body)
        return (response.status, body["resultCode"]?.stringValue, body["resultMessage"]?.stringValue)
    }

    private func assertError(
        _ response: RawResponse, _ status: Int, _ code: String, _ message: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws {
        let (actualStatus, actualCode, actualMessage) = try error(response)
        XCTAssertEqual(actualStatus, status, message, file: file, line: line)
        XCTAssertEqual(actualCode, code, message, file: file, line: line)
        XCTAssertEqual(actualMessage, "[\(code)] \(message)", file: file, line: line)
    }

    func testEveryRuntimeAPINeedsAServiceToken() throws {
        for (method, path, apiPath) in runtimeAPIs {
            func request(_ prefix: String, _ headers: [(String, String)]) throws -> RawResponse {
                try emulator.request(method, prefix + path, headers: headers + [json], body: "{}")
            }
            try assertError(
                try request(servicePath, []), 401, "A001202",
                "\(apiPath), Authorization header is missing.")
            try assertError(
                try request(servicePath, [("Authorization", "Bearer nope")]), 401, "A001203",
                "\(apiPath), Invalid access token.")
            try assertError(
                try request(servicePath, [("Authorization", "Basic YTpi")]), 401, "A001203",
                "\(apiPath), Invalid access token.")
            try assertError(
                try request("/api/1", [serviceToken]), 403, "A001204",
                "\(apiPath), The access token is not allowed to access the service (API Key = 1).")
            try assertError(
                try request("/api/1", [organizationToken]), 404, "A001404",
                "\(apiPath), The service (API Key = 1) does not exist.")
        }
    }

    func testAServiceTokenOnAnotherExistingServiceIsForbidden() throws {
        let created = try emulator.request(
            "POST", "/api/service/create", headers: [organizationToken, json],
            body: #"{"serviceName": "Other", "issuer": "https://other.example.com"}"#)
        XCTAssertEqual(created.status, 201)
        let apiKey = try XCTUnwrap(try JSON.parse(created.body)["apiKey"]?.intValue)
        let foreign = try emulator.request(
            "POST", "/api/\(apiKey)/auth/introspection", headers: [serviceToken, json],
            body: #"{"token": "x"}"#)
        XCTAssertEqual(try error(foreign).0, 403)
        XCTAssertEqual(try error(foreign).1, "A001204")
        let organization = try emulator.request(
            "POST", "/api/\(apiKey)/auth/introspection",
            headers: [organizationToken, json], body: #"{"token": "x"}"#)
        XCTAssertEqual(organization.status, 200, "an organization token reaches every service")
        XCTAssertEqual(try JSON.parse(organization.body)["action"], "UNAUTHORIZED")
    }

    func testBodyAndMethodErrorsNameTheAPI() throws {
        for (method, path, apiPath) in runtimeAPIs where method == "POST" {
            let malformed = try emulator.request(method, servicePath + path, headers: [serviceToken, json], body: "{")
            let (status, code, message) = try error(malformed)
            XCTAssertEqual(status, 400, path)
            XCTAssertEqual(code, "A001001", path)
            XCTAssertEqual(
                message?.hasPrefix("[A001001] \(apiPath), The request body is not valid JSON: "), true,
                "\(path): \(message ?? "")")
            let array = try emulator.request(method, servicePath + path, headers: [serviceToken, json], body: "[1]")
            XCTAssertEqual(try error(array).2, "[A001001] \(apiPath), The request body must be a JSON object", path)
        }
        let wrongMethod = try emulator.request("GET", servicePath + "/auth/token", headers: [serviceToken])
        XCTAssertEqual(wrongMethod.status, 405)
        XCTAssertEqual(try error(wrongMethod).2, "[A001405] /auth/token, Method GET is not allowed for this resource")
        XCTAssertEqual(wrongMethod.header("Allow"), "POST")
    }
}
