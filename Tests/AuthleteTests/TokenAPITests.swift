import JSON
import XCTest

/// `/auth/token` (through the engine's grants), and the password ticket flow of `/auth/token/issue` and
/// `/auth/token/fail`: actions, result codes, tokens and the token response in `responseContent`.
final class TokenAPITests: AuthleteAPITestCase {
    func testAuthorizationCodeAndRefreshTokenGrants() throws {
        let tokens = try codeFlowTokens(scope: "openid profile")
        XCTAssertEqual(tokens["grantType"], "AUTHORIZATION_CODE")
        XCTAssertEqual(tokens["clientId"], .int(clientID))
        XCTAssertEqual(tokens["subject"], "jane")
        XCTAssertEqual(tokens["scopes"], ["openid", "profile"])
        XCTAssertEqual(tokens["accessTokenDuration"], 3600)
        let access = try XCTUnwrap(tokens["accessToken"]?.stringValue)
        let refresh = try XCTUnwrap(tokens["refreshToken"]?.stringValue)
        XCTAssertEqual(access.count, 43)
        XCTAssertEqual(refresh.count, 43)
        XCTAssertEqual(tokens["refreshTokenDuration"], 86400)
        XCTAssertNotNil(tokens["idToken"]?.stringValue)
        let content = try content(tokens)
        XCTAssertEqual(content["access_token"]?.stringValue, access)
        XCTAssertEqual(content["refresh_token"]?.stringValue, refresh)
        XCTAssertEqual(content["id_token"], tokens["idToken"])
        XCTAssertEqual(content["token_type"], "Bearer")
        XCTAssertEqual(content["expires_in"], 3600)
        XCTAssertEqual(content["scope"], "openid profile")

        let refreshed = try token("grant_type=refresh_token&refresh_token=\(refresh)")
        assertAnswer(refreshed, "OK", "A053001")
        XCTAssertEqual(refreshed["grantType"], "REFRESH_TOKEN")
        XCTAssertEqual(refreshed["subject"], "jane")
        XCTAssertNotEqual(refreshed["accessToken"]?.stringValue, access)
        XCTAssertNil(refreshed["idToken"], "a refresh gives no new ID token")
        let reused = try token("grant_type=refresh_token&refresh_token=\(refresh)")
        assertAnswer(reused, "BAD_REQUEST", "A050207")
        XCTAssertEqual(try contentError(reused), "invalid_grant")
    }

    func testClientCredentialsGrantOverAFormBody() throws {
        let response = try emulator.request(
            "POST", servicePath + "/auth/token",
            headers: [
                serviceToken, ("Content-Type", "application/x-www-form-urlencoded"),
            ],
            body: "parameters=grant_type%3Dclient_credentials%26scope%3Dprofile&clientId=\(clientID)"
                + "&clientSecret=\(clientSecret)")
        XCTAssertEqual(response.status, 200)
        XCTAssertEqual(response.header("Cache-Control"), "no-store")
        let answer = try JSON.parse(response.body)
        assertAnswer(answer, "OK", "A052001")
        XCTAssertEqual(answer["grantType"], "CLIENT_CREDENTIALS")
        XCTAssertEqual(answer["subject"], .null)
        XCTAssertNil(answer["refreshToken"])
        XCTAssertEqual(answer["scopes"], ["profile"])
        XCTAssertNil(try content(answer)["refresh_token"])
    }

    func testTokenRequestRefusals() throws {
        let repeated = try token("grant_type=client_credentials&scope=a&scope=b")
        assertAnswer(repeated, "BAD_REQUEST", "A050201")
        XCTAssertEqual(try content(repeated)["error_description"], "[A050201] The parameter 'scope' is repeated.")
        let noGrant = try token("scope=profile")
        assertAnswer(noGrant, "BAD_REQUEST", "A050201")
        XCTAssertEqual(try contentError(noGrant), "invalid_request")
        let unsupported = try token("grant_type=password&username=a&password=b")
        assertAnswer(unsupported, "BAD_REQUEST", "A050208")
        XCTAssertEqual(try contentError(unsupported), "unsupported_grant_type")
        let secret = try token("grant_type=client_credentials", secret: "wrong")
        assertAnswer(secret, "INVALID_CLIENT", "A050202")
        XCTAssertEqual(try contentError(secret), "invalid_client")
        let badCode = try token("grant_type=authorization_code&code=nope&redirect_uri=\(percent(redirect))")
        assertAnswer(badCode, "BAD_REQUEST", "A050207")
        XCTAssertEqual(try contentError(badCode), "invalid_grant")
    }

    func testAGrantTheEngineDoesNotRegisterIsUnsupported() throws {
        try enableGrantTypes(["DEVICE_CODE"])
        let answer = try token("grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=x")
        assertAnswer(answer, "BAD_REQUEST", "A050208")
        XCTAssertEqual(
            try content(answer)["error_description"],
            .string(
                "[A050208] The grant type 'urn:ietf:params:oauth:grant-type:device_code' is not supported by this "
                    + "emulator."))
    }

    func testALockedClientIsRefusedAtTheHTTPLevel() throws {
        XCTAssertEqual(try send("/client/lock_flag/update/\(clientID)", ["clientLocked": true]).status, 200)
        let locked = try send(
            "/auth/token",
            [
                "parameters": "grant_type=client_credentials", "clientId": .string(String(clientID)),
                "clientSecret": .string(clientSecret),
            ])
        XCTAssertEqual(locked.status, 403)
        XCTAssertEqual(
            try JSON.parse(locked.body),
            [
                "resultCode": "A001215",
                "resultMessage": "[A001215] /auth/token, The client (ID = 1234567890) is locked.",
            ])
    }

    func testPasswordTicketIssueAndFail() throws {
        try enableGrantTypes(["PASSWORD"])
        let ticketed = try token("grant_type=password&username=jane&password=pw&scope=openid%20profile")
        assertAnswer(ticketed, "PASSWORD", "A051001")
        let ticket = try XCTUnwrap(ticketed["ticket"]?.stringValue)
        XCTAssertEqual(ticket.count, 43)
        XCTAssertEqual(ticketed["username"], "jane")
        XCTAssertEqual(ticketed["password"], "pw")
        XCTAssertEqual(ticketed["scopes"], ["openid", "profile"])
        XCTAssertEqual(ticketed["grantType"], "PASSWORD")

        let issued = try call("/auth/token/issue", ["ticket": .string(ticket), "subject": "jane"])
        assertAnswer(issued, "OK", "A054001")
        XCTAssertEqual(issued["grantType"], "PASSWORD")
        XCTAssertEqual(issued["subject"], "jane")
        XCTAssertEqual(issued["accessToken"]?.stringValue?.count, 43)
        XCTAssertNotNil(issued["refreshToken"]?.stringValue)
        let content = try content(issued)
        XCTAssertEqual(content["access_token"], issued["accessToken"])
        XCTAssertNotNil(content["id_token"]?.stringValue)
        assertAnswer(
            try call("/auth/token/issue", ["ticket": .string(ticket), "subject": "jane"]),
            "INTERNAL_SERVER_ERROR", "A054102")
        assertAnswer(try call("/auth/token/issue", ["ticket": .string(ticket)]), "INTERNAL_SERVER_ERROR", "A054101")

        let again = try token("grant_type=password&username=jane&password=bad")
        let failed = try call(
            "/auth/token/fail",
            [
                "ticket": .string(again["ticket"]?.stringValue ?? ""), "reason": "INVALID_RESOURCE_OWNER_CREDENTIALS",
            ])
        assertAnswer(failed, "BAD_REQUEST", "A067301")
        XCTAssertEqual(try contentError(failed), "invalid_grant")
        let target = try call(
            "/auth/token/fail",
            [
                "ticket": .string(
                    try token("grant_type=password&username=jane&password=x")["ticket"]?.stringValue ?? ""),
                "reason": "INVALID_TARGET",
            ])
        assertAnswer(target, "BAD_REQUEST", "A067302")
        XCTAssertEqual(try contentError(target), "invalid_target")
        let used = try call(
            "/auth/token/fail",
            [
                "ticket": .string(again["ticket"]?.stringValue ?? ""),
                "reason": "UNKNOWN",
            ])
        assertAnswer(used, "INTERNAL_SERVER_ERROR", "A067101")
        let reason = try send("/auth/token/fail", ["ticket": "x", "reason": "NOPE"])
        XCTAssertEqual(reason.status, 400)
        XCTAssertEqual(
            try JSON.parse(reason.body)["resultMessage"],
            #"[A001001] /auth/token/fail, 'reason' has an unknown value "NOPE"."#)
    }
}
