import Foundation
import JSON
import OAuth
import Primitives
import XCTest

/// `/auth/token/create`, `/auth/token/get/list`, `/auth/token/update`, `/auth/token/revoke` and
/// `/auth/token/delete/{token}`: tokens made and changed without a grant flow.
final class TokenManagementAPITests: AuthleteAPITestCase {
    private func create(_ members: JSON) throws -> JSON { try call("/auth/token/create", members) }

    private func introspect(_ token: String) throws -> JSON {
        try call("/auth/introspection", ["token": .string(token)])
    }

    func testCreateListAndDelete() throws {
        let created = try create([
            "grantType": "AUTHORIZATION_CODE", "clientId": .int(clientID), "subject": "john",
            "scopes": ["profile"],
        ])
        assertAnswer(created, "OK", "A109001")
        let token = try XCTUnwrap(created["accessToken"]?.stringValue)
        XCTAssertEqual(token.count, 43)
        XCTAssertNotNil(created["refreshToken"]?.stringValue)
        XCTAssertEqual(created["grantType"], "AUTHORIZATION_CODE")
        XCTAssertEqual(created["subject"], "john")
        XCTAssertEqual(created["scopes"], ["profile"])
        XCTAssertEqual(created["expiresIn"], 3600)
        XCTAssertEqual(created["tokenType"], "Bearer")
        assertAnswer(try introspect(token), "OK", "A056001")

        let list = try send("/auth/token/get/list?clientIdentifier=\(clientID)&subject=john", method: "GET")
        let listed = try JSON.parse(list.body)
        XCTAssertEqual(listed["totalCount"], 1)
        XCTAssertEqual(listed["start"], 0)
        XCTAssertEqual(listed["end"], 5)
        XCTAssertEqual(listed["client"]?["clientId"], .int(clientID))
        XCTAssertEqual(listed["subject"], "john")
        XCTAssertEqual(listed["accessTokens"]?[0]?["accessTokenHash"], .string(Base64.encodeURL(TokenHash.of(token))))
        XCTAssertEqual(listed["accessTokens"]?[0]?["scopes"], ["profile"])
        XCTAssertEqual(try send("/auth/token/get/list?clientIdentifier=999", method: "GET").status, 404)

        XCTAssertEqual(try send("/auth/token/delete/\(token)", method: "DELETE").status, 204)
        assertAnswer(try introspect(token), "UNAUTHORIZED", "A056209")
        let gone = try send("/auth/token/delete/\(token)", method: "DELETE")
        XCTAssertEqual(gone.status, 404)
        XCTAssertEqual(
            try JSON.parse(gone.body)["resultMessage"],
            "[A001404] /auth/token/delete, The access token does not exist.")
    }

    func testCreateWithAChosenValueAndRefusals() throws {
        let chosen: JSON = [
            "grantType": "CLIENT_CREDENTIALS", "clientId": .int(clientID),
            "accessToken": "a-token-chosen-by-the-caller",
        ]
        let created = try create(chosen)
        assertAnswer(created, "OK", "A109001")
        XCTAssertEqual(created["accessToken"], "a-token-chosen-by-the-caller")
        XCTAssertNil(created["refreshToken"])
        assertAnswer(try create(chosen), "BAD_REQUEST", "A109202")
        assertAnswer(try create(["grantType": "NATIVE_SSO", "clientId": .int(clientID)]), "BAD_REQUEST", "A109201")
        assertAnswer(try create(["grantType": "PASSWORD", "clientId": .int(clientID)]), "BAD_REQUEST", "A109201")
        assertAnswer(try create(["grantType": "PASSWORD", "clientId": 999, "subject": "x"]), "BAD_REQUEST", "A109201")
        let scope = try create([
            "grantType": "PASSWORD", "clientId": .int(clientID), "subject": "x",
            "scopes": ["admin"],
        ])
        assertAnswer(scope, "BAD_REQUEST", "A109201")
    }

    func testUpdateChangesScopesAndExpiry() throws {
        let token =
            try create([
                "grantType": "AUTHORIZATION_CODE", "clientId": .int(clientID), "subject": "john",
                "scopes": ["profile"],
            ])["accessToken"]?.stringValue ?? ""
        let expiresAt = (Int64(Date().timeIntervalSince1970) + 7200) * 1000
        let updated = try call(
            "/auth/token/update",
            [
                "accessToken": .string(token), "scopes": ["email"],
                "accessTokenExpiresAt": .int(expiresAt),
            ])
        assertAnswer(updated, "OK", "A135001")
        XCTAssertEqual(updated["scopes"], ["email"])
        XCTAssertEqual(updated["accessToken"]?.stringValue, token)
        XCTAssertEqual(updated["accessTokenExpiresAt"], .int(expiresAt))
        XCTAssertEqual(try introspect(token)["scopes"], ["email"])
        assertAnswer(try call("/auth/token/update", ["accessToken": "nope"]), "NOT_FOUND", "A135301")
        assertAnswer(try call("/auth/token/update", ["accessToken": .null]), "BAD_REQUEST", "A135201")
        assertAnswer(
            try call("/auth/token/update", ["accessToken": .string(token), "scopes": ["admin"]]),
            "BAD_REQUEST", "A135202")
    }

    func testRevokeBySubjectAndByToken() throws {
        let first = try create(["grantType": "AUTHORIZATION_CODE", "clientId": .int(clientID), "subject": "john"])
        let second = try create(["grantType": "AUTHORIZATION_CODE", "clientId": .int(clientID), "subject": "ann"])
        let bySubject = try JSON.parse(try send("/auth/token/revoke", ["subject": "john"]).body)
        XCTAssertEqual(
            bySubject,
            [
                "resultCode": "A135002", "resultMessage": "[A135002] Revoked 1 access token(s).",
                "count": 1,
            ])
        assertAnswer(try introspect(first["accessToken"]?.stringValue ?? ""), "UNAUTHORIZED", "A056209")
        assertAnswer(try introspect(second["accessToken"]?.stringValue ?? ""), "OK", "A056001")
        let byToken = try JSON.parse(
            try send(
                "/auth/token/revoke",
                [
                    "accessTokenIdentifier": .string(second["accessToken"]?.stringValue ?? "")
                ]
            ).body)
        XCTAssertEqual(byToken["count"], 1)
        XCTAssertEqual(try send("/auth/token/revoke", ["clientIdentifier": "999"]).status, 404)
    }
}
