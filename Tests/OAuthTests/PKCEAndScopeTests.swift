import HTTP
import OAuth
import XCTest

/// PKCE (RFC 7636 appendix B vector), scope grants and constant-time comparison.
final class PKCEAndScopeTests: XCTestCase {
    func testS256MatchesTheRFCExample() {
        let verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
        XCTAssertTrue(
            PKCE.verify(verifier: verifier, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", method: "S256"))
        XCTAssertFalse(
            PKCE.verify(verifier: verifier, challenge: "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cN", method: "S256"))
        XCTAssertTrue(PKCE.verify(verifier: verifier, challenge: verifier, method: "plain"))
        XCTAssertFalse(PKCE.verify(verifier: verifier, challenge: verifier, method: "S512"))
        XCTAssertFalse(
            PKCE.verify(verifier: "short", challenge: "short", method: "plain"), "verifiers are 43-128 characters")
        XCTAssertFalse(PKCE.isWellFormed(String(repeating: "a", count: 129)))
        XCTAssertFalse(PKCE.isWellFormed(String(repeating: "a", count: 42) + "!"))
    }

    private let client = OAuthClient(
        id: "c", secret: "s", authMethods: [.clientSecretBasic], grantTypes: ["client_credentials"],
        allowedScopes: ["openid", "a", "b"], defaultScopes: ["a", "b"])

    func testScopeGrants() {
        XCTAssertEqual(try Scopes.grant(requested: nil, client: client), ["a", "b"], "defaults when none requested")
        XCTAssertEqual(
            try Scopes.grant(requested: "b  a b", client: client), ["b", "a"], "order kept, duplicates dropped")
        XCTAssertEqual(
            Result { () throws(OAuthError) in try Scopes.grant(requested: "a c", client: client) }.failureCode,
            "invalid_scope")
        XCTAssertEqual(
            Result { () throws(OAuthError) in try Scopes.grant(requested: "a\"", client: client) }.failureCode,
            "invalid_scope")
        var open = client
        open.allowedScopes = nil
        XCTAssertEqual(try Scopes.grant(requested: "anything", client: open), ["anything"])
    }

    func testConstantTimeEquality() {
        XCTAssertTrue(ConstantTime.equals("secret", "secret"))
        XCTAssertFalse(ConstantTime.equals("secret", "secreT"))
        XCTAssertFalse(ConstantTime.equals("secret", "secret2"))
        XCTAssertFalse(ConstantTime.equals("", "x"))
    }
}

extension Result where Failure == OAuthError {
    var failureCode: String? {
        if case .failure(let e) = self { return e.code }
        return nil
    }
}
