import EmulatorTestSupport
import JSON
import Primitives
import TestSupport
import XCTest

/// The Identity Store's route groups: each one's refusals and the router's own errors (405, unknown paths, a failed
/// write) come back as SCIM errors with a string `status`.
final class IdentityStoreKitTests: XCTestCase {
    static let clientID =
        "YXBpLWNyZWQuNDhjMjFlM2YtZWMwZC00ZWI3LTg5MTctOTVhNWNiYjNmOGYyLmQxUVhBNWwzdURMbFZ2SExQOFpBZ2"
        + "RtOTEyU2F3d1ZJU3hyOVRiQzNkWlE="
    static let clientSecret =
        "ZDFRWEE1bDN1RExsVnZITFA4WkFnZG05MTJTYXd3VklTeHI5VGJDM2RaUVlYQnBMV055WldRdU5EaGpNakZsTT"
        + "JZdFpXTXdaQzAwWldJM0xUZzVNVGN0T1RWaE5XTmlZak5tT0dZeUxtUXhVVmhCTld3emRVUk1iRloyU0V4UU9GcEJaMlJ0T1RFeVUyRjNk"
        + "MVpKVTNoeU9WUmlRek5rV2xFPTE2MTU5OTcxMDE1MjcxMjEyMzI="
    static let scim = "/api/v1/scim/ids/default/v2"

    var emulator: TestEmulator!

    override func setUpWithError() throws { emulator = try TestEmulator() }
    override func tearDown() { emulator.stop() }

    private var basic: (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(Self.clientID):\(Self.clientSecret)".utf8)))
    }

    private func token() throws -> String {
        let response = try emulator.request("POST", "/api/v1/privy/ids/default/g3/token", headers: [basic])
        return try XCTUnwrap(try JSON.parse(response.body)["access_token"]?.stringValue, response.text)
    }

    /// The response's SCIM error, after checking that it is one with this status.
    private func scimError(
        _ response: RawResponse, _ status: Int, file: StaticString = #filePath,
        line: UInt = #line
    ) throws -> JSON {
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        XCTAssertEqual(response.header("Content-Type"), "application/scim+json", file: file, line: line)
        let error = try JSON.parse(response.body)
        XCTAssertEqual(error["schemas"], ["urn:ietf:params:scim:api:messages:2.0:Error"], file: file, line: line)
        XCTAssertEqual(error["status"], .string(String(status)), file: file, line: line)
        return error
    }

    func testTokenGroup() throws {
        let wrongMethod = try emulator.request("DELETE", "/api/v1/privy/ids/default/g3/token", headers: [basic])
        XCTAssertEqual(try scimError(wrongMethod, 405)["detail"], "Method DELETE is not allowed for this resource")
        _ = try scimError(try emulator.request("POST", "/api/v1/privy/ids/default/nothing"), 404)
        let bearer = try emulator.request(
            "POST", "/api/v1/privy/ids/default/g3/token",
            headers: [("Authorization", "Bearer " + (try token()))])
        XCTAssertEqual(try scimError(bearer, 401)["detail"], "Invalid API credentials")
        XCTAssertEqual(bearer.header("WWW-Authenticate"), "Basic realm=\"identity-store\"")
    }

    func testAFailedTokenWriteIsA500AndNoToken() throws {
        _ = try emulator.emulator.database.run("DROP TABLE oauth_tokens")
        let failed = try emulator.request("POST", "/api/v1/privy/ids/default/g3/token", headers: [basic])
        XCTAssertNil(try scimError(failed, 500)["access_token"])
    }

    func testMeGroup() throws {
        let basicAuth = try emulator.request("GET", "/api/v1/ismanager/ids/default/Me", headers: [basic])
        XCTAssertEqual(try scimError(basicAuth, 401)["detail"], "Access token is invalid")
        XCTAssertEqual(basicAuth.header("WWW-Authenticate"), "Bearer")
        let unknownStore = try emulator.request("GET", "/api/v1/ismanager/ids/nowhere/Me")
        XCTAssertEqual(try scimError(unknownStore, 404)["detail"], "Identity store nowhere not found")
        _ = try scimError(try emulator.request("POST", "/api/v1/ismanager/ids/default/Me"), 405)
    }

    func testSCIMGroup() throws {
        let headers = [("Authorization", "Bearer " + (try token())), ("Content-Type", "application/scim+json")]
        let duplicate = try emulator.request(
            "POST", Self.scim + "/Users", headers: headers,
            body: #"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "#
                + #""userName": "jane doe"}"#)
        XCTAssertEqual(try scimError(duplicate, 409)["scimType"], "uniqueness")
        let empty = try emulator.request("PATCH", Self.scim + "/Users/nobody", headers: headers)
        let emptyError = try scimError(empty, 400)
        XCTAssertEqual(emptyError["scimType"], "invalidSyntax")
        XCTAssertEqual(emptyError["detail"], "The request needs a JSON body")
        let malformed = try emulator.request("PUT", Self.scim + "/Groups/nobody", headers: headers, body: "[1,")
        XCTAssertEqual(try scimError(malformed, 400)["scimType"], "invalidSyntax")
        let missing = try emulator.request("DELETE", Self.scim + "/Groups/nobody", headers: headers)
        XCTAssertEqual(try scimError(missing, 404)["detail"], "Group nobody not found")
        let stale = try emulator.request(
            "DELETE", Self.scim + "/Users/48c21e3f-ec0d-4eb7-8917-95a5cbb3f8f2",
            headers: headers + [("If-Match", "W/\"stale\"")])
        _ = try scimError(stale, 412)
        _ = try scimError(try emulator.request("GET", "/api/v1/scim/ids/default/v3/Users", headers: headers), 404)
    }
}
