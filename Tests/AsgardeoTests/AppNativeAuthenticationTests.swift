import JSON
import TestSupport
import XCTest

/// App-native authentication over a real socket: `response_mode=direct` starts a flow, `/oauth2/authn` completes it
/// with the FIXTURES.md §5 shapes; wrong credentials never complete it; a flow id is single-use and expires.
final class AppNativeAuthenticationTests: XCTestCase {
    var running: AsgardeoEmulator!

    override func setUpWithError() throws {
        running = try AsgardeoEmulator()
        try running.clock(#"{"action":"freeze"}"#)
    }

    override func tearDown() { running.stop() }

    private func start(secret: String = AsgardeoEmulator.webSecret) throws -> RawResponse {
        try running.client.request(
            "POST", "/t/acme/oauth2/authorize", headers: [AsgardeoEmulator.form, ("Accept", "application/json")],
            body:
                "client_id=acme-web-client&client_secret=\(secret)&response_type=code&redirect_uri=https%3A%2F%2Flocalhost%3A3000%2Fcallback&scope=openid+profile&response_mode=direct&state=abc"
        )
    }

    private func authn(
        _ flowID: String, password: String = "Passw0rd!", authenticator: String = "QmFzaWNBdXRoZW50aWNhdG9yOkxPQ0FM"
    ) throws -> RawResponse {
        try running.client.request(
            "POST", "/t/acme/oauth2/authn", headers: [AsgardeoEmulator.json],
            body:
                #"{"flowId":"\#(flowID)","selectedAuthenticator":{"authenticatorId":"\#(authenticator)","params":{"username":"janedoe","password":"\#(password)"}}}"#
        )
    }

    func testFlowCompletesOnceWithTheRightCredentials() throws {
        let started = try start()
        XCTAssertEqual(started.status, 200)
        let body = try JSON.parse(started.body)
        XCTAssertEqual(body["flowStatus"], "INCOMPLETE")
        XCTAssertEqual(body["flowType"], "AUTHENTICATION")
        XCTAssertEqual(body["nextStep"]?["stepType"], "AUTHENTICATOR_PROMPT")
        let authenticator = try XCTUnwrap(body["nextStep"]?["authenticators"]?[0])
        XCTAssertEqual(authenticator["authenticatorId"], "QmFzaWNBdXRoZW50aWNhdG9yOkxPQ0FM")
        XCTAssertEqual(authenticator["authenticator"], "Username & Password")
        XCTAssertEqual(authenticator["idp"], "LOCAL")
        XCTAssertEqual(authenticator["requiredParams"], ["username", "password"])
        XCTAssertEqual(body["links"]?[0]?["href"], "http://localhost/t/acme/oauth2/authn")
        let flowID = body["flowId"]!.stringValue!

        let failed = try JSON.parse(try authn(flowID, password: "wrong").body)
        XCTAssertEqual(failed["flowStatus"], "FAIL_INCOMPLETE")
        XCTAssertNil(failed["authData"])
        XCTAssertEqual(failed["nextStep"]?["messages"]?[0]?["type"], "ERROR")

        let done = try JSON.parse(try authn(flowID).body)
        XCTAssertEqual(done["flowStatus"], "SUCCESS_COMPLETED")
        XCTAssertEqual(done["authData"]?["state"], "abc")
        let code = try XCTUnwrap(done["authData"]?["code"]?.stringValue)
        let exchanged = try running.client.request(
            "POST", "/t/acme/oauth2/token", headers: [AsgardeoEmulator.form],
            body:
                "grant_type=authorization_code&code=\(code)&redirect_uri=https%3A%2F%2Flocalhost%3A3000%2Fcallback&client_id=acme-web-client&client_secret=acme-web-secret"
        )
        XCTAssertEqual(exchanged.status, 200)
        let tokens = try JSON.parse(exchanged.body)
        XCTAssertNotNil(tokens["id_token"])
        XCTAssertNotNil(tokens["refresh_token"], "WSO2 issues refresh tokens without offline_access")

        let reused = try authn(flowID)
        XCTAssertEqual(reused.status, 400)
        XCTAssertEqual(try JSON.parse(reused.body)["code"], "ABA-60002")
    }

    func testFlowExpiresAndErrors() throws {
        let flowID = try JSON.parse(try start().body)["flowId"]!.stringValue!
        XCTAssertEqual(try JSON.parse(try authn(flowID, authenticator: "BasicAuthenticator").body)["code"], "ABA-60003")
        try running.clock(#"{"action":"advance","seconds":901}"#)
        let expired = try authn(flowID)
        XCTAssertEqual(expired.status, 400)
        XCTAssertEqual(try JSON.parse(expired.body)["code"], "ABA-60002")
        let wrongSecret = try start(secret: "nope")
        XCTAssertEqual(wrongSecret.status, 401)
        XCTAssertEqual(try JSON.parse(wrongSecret.body)["error"], "invalid_client")
        let malformed = try running.client.request(
            "POST", "/t/acme/oauth2/authn", headers: [AsgardeoEmulator.json], body: "[1]")
        XCTAssertEqual(malformed.status, 400)
        XCTAssertEqual(try JSON.parse(malformed.body)["code"], "ABA-60001")
    }
}
