import JSON
import XCTest

/// `/auth/userinfo` and `/auth/userinfo/issue`.
final class UserInfoAPITests: AuthleteAPITestCase {
    func testUserInfoNamesTheClaimsAndIssueReleasesThem() throws {
        let token = try codeFlowTokens(scope: "openid email")["accessToken"]?.stringValue ?? ""
        let info = try call("/auth/userinfo", ["token": .string(token)])
        assertAnswer(info, "OK", "A091001")
        XCTAssertEqual(info["subject"], "jane")
        XCTAssertEqual(info["clientId"], .int(clientID))
        XCTAssertEqual(info["scopes"], ["openid", "email"])
        XCTAssertEqual(info["claims"], ["email", "email_verified"])
        XCTAssertEqual(info["token"]?.stringValue, token)

        let issued = try call(
            "/auth/userinfo/issue",
            [
                "token": .string(token), "claims": #"{"email": "jane@example.com", "name": "not released"}"#,
            ])
        assertAnswer(issued, "JSON", "A096001")
        XCTAssertEqual(try content(issued), ["sub": "jane", "email": "jane@example.com"])
        let renamed = try call("/auth/userinfo/issue", ["token": .string(token), "sub": "pairwise-jane"])
        XCTAssertEqual(try content(renamed), ["sub": "pairwise-jane"])
    }

    func testUserInfoRefusals() throws {
        let missing = try call("/auth/userinfo", ["token": .null])
        assertAnswer(missing, "BAD_REQUEST", "A091201")
        XCTAssertEqual(missing["responseContent"]?.stringValue?.hasPrefix(#"Bearer error="invalid_request""#), true)
        let unknown = try call("/auth/userinfo", ["token": "nope"])
        assertAnswer(unknown, "UNAUTHORIZED", "A091209")
        let machine = try token("grant_type=client_credentials")["accessToken"]?.stringValue ?? ""
        let forbidden = try call("/auth/userinfo", ["token": .string(machine)])
        assertAnswer(forbidden, "FORBIDDEN", "A091210")
        XCTAssertTrue(forbidden["responseContent"]?.stringValue?.contains(#"error="insufficient_scope""#) == true)

        assertAnswer(try call("/auth/userinfo/issue", ["token": "nope"]), "UNAUTHORIZED", "A096209")
        let claims = try send("/auth/userinfo/issue", ["token": "nope", "claims": "[1]"])
        XCTAssertEqual(claims.status, 400)
        XCTAssertEqual(
            try JSON.parse(claims.body)["resultMessage"],
            "[A001001] /auth/userinfo/issue, 'claims' is not a JSON object.")
    }
}
