import JSON
import XCTest

/// `/auth/introspection`, `/auth/introspection/standard` and `/auth/revocation`.
final class TokenInspectionAPITests: AuthleteAPITestCase {
    func testIntrospectionOfAUsableToken() throws {
        let tokens = try codeFlowTokens(scope: "openid profile")
        let token = tokens["accessToken"]?.stringValue ?? ""
        let answer = try call(
            "/auth/introspection",
            [
                "token": .string(token), "scopes": ["profile"], "subject": "jane",
            ])
        assertAnswer(answer, "OK", "A056001")
        XCTAssertEqual(answer["usable"], true)
        XCTAssertEqual(answer["existent"], true)
        XCTAssertEqual(answer["sufficient"], true)
        XCTAssertEqual(answer["refreshable"], true)
        XCTAssertEqual(answer["clientId"], .int(clientID))
        XCTAssertEqual(answer["subject"], "jane")
        XCTAssertEqual(answer["scopes"], ["openid", "profile"])
        XCTAssertEqual(answer["expiresAt"], tokens["accessTokenExpiresAt"])
    }

    func testIntrospectionFailuresCarryTheirChallenge() throws {
        let token = try codeFlowTokens()["accessToken"]?.stringValue ?? ""
        let missing = try call("/auth/introspection", ["token": .null])
        assertAnswer(missing, "BAD_REQUEST", "A056201")
        XCTAssertEqual(missing["responseContent"]?.stringValue?.hasPrefix(#"Bearer error="invalid_request""#), true)
        let unknown = try call("/auth/introspection", ["token": "nope"])
        assertAnswer(unknown, "UNAUTHORIZED", "A056209")
        XCTAssertEqual(unknown["existent"], false)
        XCTAssertTrue(unknown["responseContent"]?.stringValue?.contains(#"error="invalid_token""#) == true)
        let scope = try call("/auth/introspection", ["token": .string(token), "scopes": ["admin"]])
        assertAnswer(scope, "FORBIDDEN", "A056210")
        XCTAssertEqual(scope["usable"], true)
        XCTAssertEqual(scope["sufficient"], false)
        XCTAssertTrue(scope["responseContent"]?.stringValue?.hasSuffix(#",scope="admin""#) == true)
        let subject = try call("/auth/introspection", ["token": .string(token), "subject": "someone-else"])
        assertAnswer(subject, "FORBIDDEN", "A056211")
    }

    func testStandardIntrospection() throws {
        let token = try codeFlowTokens()["accessToken"]?.stringValue ?? ""
        let active = try call("/auth/introspection/standard", ["parameters": .string("token=\(token)")])
        assertAnswer(active, "OK", "A145001")
        let body = try content(active)
        XCTAssertEqual(body["active"], true)
        XCTAssertEqual(body["client_id"], "1234567890")
        XCTAssertEqual(body["sub"], "jane")
        XCTAssertEqual(body["scope"], "openid profile")
        XCTAssertEqual(body["token_type"], "Bearer")
        XCTAssertEqual(body["iss"], "https://as.example.com")
        let inactive = try call("/auth/introspection/standard", ["parameters": "token=nope"])
        assertAnswer(inactive, "OK", "A145001")
        XCTAssertEqual(try content(inactive), ["active": false])
        let missing = try call("/auth/introspection/standard", ["parameters": "token_type_hint=access_token"])
        assertAnswer(missing, "BAD_REQUEST", "A145201")
        XCTAssertEqual(try contentError(missing), "invalid_request")
    }

    func testRevocationEndsTheGrant() throws {
        let tokens = try codeFlowTokens()
        let refresh = tokens["refreshToken"]?.stringValue ?? ""
        func revoke(_ parameters: String, secret: String? = nil) throws -> JSON {
            try call(
                "/auth/revocation",
                [
                    "parameters": .string(parameters), "clientId": .string(String(clientID)),
                    "clientSecret": .string(secret ?? clientSecret),
                ])
        }
        let wrong = try revoke("token=\(refresh)", secret: "wrong")
        assertAnswer(wrong, "INVALID_CLIENT", "A113202")
        XCTAssertEqual(try contentError(wrong), "invalid_client")
        assertAnswer(try revoke("token_type_hint=refresh_token"), "BAD_REQUEST", "A113201")
        assertAnswer(try call("/auth/revocation", ["parameters": .null]), "BAD_REQUEST", "A113201")

        assertAnswer(try revoke("token=\(refresh)&token_type_hint=refresh_token"), "OK", "A113001")
        let access = try call("/auth/introspection", ["token": tokens["accessToken"] ?? .null])
        assertAnswer(access, "UNAUTHORIZED", "A056209")
    }
}
