import JSON
import XCTest

/// `/auth/authorization`, `/auth/authorization/issue`, `/auth/authorization/fail` and `/pushed_auth_req`: the
/// actions, result codes, tickets and redirect URLs an authorization server gets back.
final class AuthorizationAPITests: AuthleteAPITestCase {
    func testAuthorizationHandsBackATicketAndWhatToShow() throws {
        let answer = try call(
            "/auth/authorization",
            [
                "parameters": .string(authorizationParameters(scope: "openid profile", extra: "&login_hint=jane")),
                "context": .null,
            ])
        assertAnswer(answer, "INTERACTION", "A004001")
        XCTAssertEqual(answer["ticket"]?.stringValue?.count, 43)
        XCTAssertEqual(answer["client"]?["clientId"], .int(clientID))
        XCTAssertEqual(answer["client"]?["clientName"], "My Application")
        XCTAssertEqual(answer["scopes"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["openid", "profile"])
        XCTAssertEqual(answer["claims"]?.arrayValue?.first, "name")
        XCTAssertEqual(answer["loginHint"], "jane")
        XCTAssertEqual(answer["prompts"], [])
        XCTAssertEqual(answer["display"], "PAGE")

        let silent = try call(
            "/auth/authorization",
            [
                "parameters": .string(authorizationParameters(extra: "&prompt=none"))
            ])
        assertAnswer(silent, "NO_INTERACTION", "A004001")
        XCTAssertEqual(silent["prompts"], ["NONE"])
    }

    func testAuthorizationRefusals() throws {
        let missing = try call("/auth/authorization", ["parameters": .null, "context": .null])
        assertAnswer(missing, "BAD_REQUEST", "A004201")
        XCTAssertEqual(try contentError(missing), "invalid_request")
        XCTAssertNil(missing["ticket"])

        let unknown = try call(
            "/auth/authorization",
            [
                "parameters": .string("response_type=code&client_id=999&redirect_uri=\(percent(redirect))")
            ])
        assertAnswer(unknown, "BAD_REQUEST", "A004202")
        XCTAssertEqual(try contentError(unknown), "invalid_client")

        let scope = try call("/auth/authorization", ["parameters": .string(authorizationParameters(scope: "admin"))])
        assertAnswer(scope, "LOCATION", "A004205")
        let location = scope["responseContent"]?.stringValue ?? ""
        XCTAssertTrue(location.hasPrefix(redirect + "?"), location)
        XCTAssertEqual(query(location)["error"], "invalid_scope")
        XCTAssertEqual(query(location)["state"], "st-1")
    }

    func testIssueRedirectsWithTheCodeOnce() throws {
        let ticket = try ticket()
        let issued = try call("/auth/authorization/issue", ["ticket": .string(ticket), "subject": "jane"])
        assertAnswer(issued, "LOCATION", "A040001")
        let code = try XCTUnwrap(issued["authorizationCode"]?.stringValue)
        XCTAssertEqual(code.count, 43)
        let location = issued["responseContent"]?.stringValue
        XCTAssertEqual(location?.hasPrefix(redirect + "?"), true)
        XCTAssertEqual(query(location), ["code": code, "state": "st-1", "iss": "https://as.example.com"])

        let again = try call("/auth/authorization/issue", ["ticket": .string(ticket), "subject": "jane"])
        assertAnswer(again, "BAD_REQUEST", "A040201")
        XCTAssertEqual(try contentError(again), "invalid_request")

        let noSubject = try call("/auth/authorization/issue", ["ticket": .string(try self.ticket()), "subject": ""])
        assertAnswer(noSubject, "BAD_REQUEST", "A040201")
        let badClaims = try call(
            "/auth/authorization/issue",
            [
                "ticket": .string(try self.ticket()), "subject": "jane", "claims": "[1]",
            ])
        assertAnswer(badClaims, "BAD_REQUEST", "A040201")
    }

    func testFailRedirectsWithTheErrorForTheReason() throws {
        let failed = try call("/auth/authorization/fail", ["ticket": .string(try ticket()), "reason": "DENIED"])
        assertAnswer(failed, "LOCATION", "A041206")
        let parameters = query(failed["responseContent"]?.stringValue)
        XCTAssertEqual(parameters["error"], "access_denied")
        XCTAssertEqual(parameters["state"], "st-1")
        XCTAssertEqual(parameters["iss"], "https://as.example.com")

        let login = try call(
            "/auth/authorization/fail",
            [
                "ticket": .string(try ticket()), "reason": "NOT_LOGGED_IN", "description": "Log in first.",
            ])
        assertAnswer(login, "LOCATION", "A041211")
        XCTAssertEqual(query(login["responseContent"]?.stringValue)["error_description"], "Log in first.")

        let unknownTicket = try call("/auth/authorization/fail", ["ticket": "nope", "reason": "DENIED"])
        assertAnswer(unknownTicket, "BAD_REQUEST", "A041201")

        let reason = try send("/auth/authorization/fail", ["ticket": .string(try ticket()), "reason": "NOPE"])
        XCTAssertEqual(reason.status, 400)
        XCTAssertEqual(
            try JSON.parse(reason.body),
            [
                "resultCode": "A001001",
                "resultMessage": #"[A001001] /auth/authorization/fail, 'reason' has an unknown value "NOPE"."#,
            ])
    }

    func testPushedRequestIsUsedOnce() throws {
        let parameters = "response_type=code&redirect_uri=\(percent(redirect))&scope=openid"
        let pushed = try call(
            "/pushed_auth_req",
            [
                "parameters": .string(parameters), "clientId": .string(String(clientID)),
                "clientSecret": .string(clientSecret),
            ])
        assertAnswer(pushed, "CREATED", "A245001")
        let requestURI = try XCTUnwrap(pushed["requestUri"]?.stringValue)
        XCTAssertTrue(requestURI.hasPrefix("urn:ietf:params:oauth:request_uri:"))
        XCTAssertEqual(try content(pushed), ["expires_in": 100, "request_uri": .string(requestURI)])
        XCTAssertEqual(pushed["clientAuthMethod"], "CLIENT_SECRET_BASIC")

        let byReference: JSON = ["parameters": .string("client_id=\(clientID)&request_uri=\(percent(requestURI))")]
        let first = try call("/auth/authorization", byReference)
        assertAnswer(first, "INTERACTION", "A004001")
        XCTAssertEqual(first["scopes"]?.arrayValue?.compactMap { $0["name"]?.stringValue }, ["openid"])
        let second = try call("/auth/authorization", byReference)
        assertAnswer(second, "BAD_REQUEST", "A004201")
        XCTAssertEqual(try contentError(second), "invalid_request_uri")

        let wrongSecret = try call(
            "/pushed_auth_req",
            [
                "parameters": .string(parameters), "clientId": .string(String(clientID)), "clientSecret": "wrong",
            ])
        assertAnswer(wrongSecret, "UNAUTHORIZED", "A245202")
        XCTAssertEqual(try contentError(wrongSecret), "invalid_client")
        let nested = try call(
            "/pushed_auth_req",
            [
                "parameters": .string(parameters + "&request_uri=x"), "clientId": .string(String(clientID)),
                "clientSecret": .string(clientSecret),
            ])
        assertAnswer(nested, "BAD_REQUEST", "A245201")
    }
}
