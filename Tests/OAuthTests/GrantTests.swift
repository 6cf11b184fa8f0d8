import Crypto
import JSON
import OAuth
import Primitives
import XCTest

/// Every grant of the engine's registry, through its token endpoint: what it issues, what it refuses, and that a
/// store write it depends on cannot fail silently.
final class GrantTests: XCTestCase {
    private var fixture: GrantFixture!

    override func setUpWithError() throws { fixture = try GrantFixture() }

    // MARK: client_credentials

    func testClientCredentialsIssuesTheClientsDefaultScopesAndNoRefreshToken() throws {
        let body = try XCTUnwrap(fixture.token("grant_type=client_credentials").members)
        XCTAssertEqual(body["token_type"]?.stringValue?.lowercased(), "bearer")
        XCTAssertEqual(body["scope"], "api")
        XCTAssertNil(body["refresh_token"])
        XCTAssertNil(body["id_token"])
        XCTAssertEqual(body["expires_in"], 3600)
    }

    func testClientCredentialsRefusesPublicClientsScopesAndWrongSecrets() {
        XCTAssertEqual(
            fixture.token("grant_type=client_credentials&client_id=spa", basic: nil).errorCode, "unauthorized_client")
        XCTAssertEqual(fixture.token("grant_type=client_credentials&scope=admin").errorCode, "invalid_scope")
        XCTAssertEqual(
            fixture.token("grant_type=client_credentials", basic: ("web", "wrong")).errorCode, "invalid_client")
        XCTAssertEqual(
            fixture.token("grant_type=client_credentials&scope=a&scope=b").errorCode, "invalid_request",
            "a repeated parameter")
        XCTAssertEqual(fixture.token("grant_type=magic").errorCode, "unsupported_grant_type")
    }

    // MARK: authorization_code

    func testCodeExchangeIssuesAccessRefreshAndIDTokens() throws {
        let code = try fixture.code()
        let body = try XCTUnwrap(fixture.token(GrantFixture.exchange(code)).members)
        XCTAssertNotNil(body["access_token"]?.stringValue)
        XCTAssertNotNil(body["refresh_token"]?.stringValue, "offline_access was granted")
        let idToken = try XCTUnwrap(body["id_token"]?.stringValue)
        let claims = try JSON.parse(Array(try XCTUnwrap(Base64.decodeURL(String(idToken.split(separator: ".")[1])))))
        XCTAssertEqual(claims["sub"], "jane")
        XCTAssertEqual(claims["nonce"], "n-1")
        XCTAssertEqual(claims["auth_time"], .int(fixture.clock.now().epochSeconds), "the time of the sign-in")
    }

    func testACodeIsSingleUseAndItsReuseRevokesWhatItIssued() throws {
        let code = try fixture.code()
        let first = try XCTUnwrap(fixture.token(GrantFixture.exchange(code)).members)
        XCTAssertEqual(fixture.token(GrantFixture.exchange(code)).errorCode, "invalid_grant")
        let refresh = try XCTUnwrap(first["refresh_token"]?.stringValue)
        XCTAssertEqual(
            fixture.token("grant_type=refresh_token&refresh_token=" + refresh).errorCode, "invalid_grant",
            "the reused code's refresh token is revoked")
    }

    func testCodeChecksClientRedirectExpiryAndPKCE() throws {
        let verifier = String(repeating: "v", count: 43)
        let challenge = Base64.encodeURL(Array(SHA256.hash(data: Array(verifier.utf8))))
        let pkce = try fixture.code(challenge: challenge)
        XCTAssertEqual(
            fixture.token(GrantFixture.exchange(pkce)).errorCode, "invalid_grant", "code_verifier is required")
        XCTAssertEqual(
            fixture.token(GrantFixture.exchange(pkce, verifier: String(repeating: "w", count: 43))).errorCode,
            "invalid_grant")
        XCTAssertNotNil(
            fixture.token(GrantFixture.exchange(try fixture.code(challenge: challenge), verifier: verifier)).members)

        let other = try fixture.code(challenge: challenge, client: "spa")
        XCTAssertEqual(
            fixture.token(GrantFixture.exchange(other, verifier: verifier)).errorCode, "invalid_grant",
            "issued to another client")
        let wrongRedirect =
            "grant_type=authorization_code&code=\(try fixture.code())&redirect_uri=https%3A%2F%2Fevil.example"
        XCTAssertEqual(fixture.token(wrongRedirect).errorCode, "invalid_grant")
        let late = try fixture.code()
        fixture.clock.advance(by: .seconds(601))
        XCTAssertEqual(fixture.token(GrantFixture.exchange(late)).errorCode, "invalid_grant", "expired")
        XCTAssertEqual(fixture.token("grant_type=authorization_code").errorCode, "invalid_request")
    }

    /// A code whose use cannot be stored must not be exchanged: otherwise it could be exchanged again.
    func testACodeIsNotExchangedWhenItsUseCannotBeStored() throws {
        let code = try fixture.code()
        let refused = try fixture.withFailingUpdates(of: "oauth_codes") { fixture.token(GrantFixture.exchange(code)) }
        XCTAssertEqual(refused.errorCode, "server_error")
        XCTAssertNotNil(
            fixture.token(GrantFixture.exchange(code)).members, "the code was not used by the failed exchange")
        XCTAssertEqual(
            fixture.token(GrantFixture.exchange(code)).errorCode, "invalid_grant", "and is single-use after it")
    }

    // MARK: refresh_token

    func testRefreshRotatesAndDetectsReuse() throws {
        let first = try XCTUnwrap(fixture.token(GrantFixture.exchange(try fixture.code())).members)
        let refresh = try XCTUnwrap(first["refresh_token"]?.stringValue)
        let second = try XCTUnwrap(fixture.token("grant_type=refresh_token&refresh_token=" + refresh).members)
        let rotated = try XCTUnwrap(second["refresh_token"]?.stringValue)
        XCTAssertNotEqual(rotated, refresh)
        XCTAssertEqual(
            fixture.token("grant_type=refresh_token&refresh_token=" + refresh).errorCode, "invalid_grant",
            "the used refresh token")
        XCTAssertEqual(
            fixture.token("grant_type=refresh_token&refresh_token=" + rotated).errorCode, "invalid_grant",
            "reuse revoked the whole family")
    }

    func testRefreshNarrowsScopesButNeverWidensThem() throws {
        let first = try XCTUnwrap(fixture.token(GrantFixture.exchange(try fixture.code())).members)
        let refresh = try XCTUnwrap(first["refresh_token"]?.stringValue)
        XCTAssertEqual(
            fixture.token("grant_type=refresh_token&scope=api&refresh_token=" + refresh).errorCode, "invalid_scope")
        let narrowed = try XCTUnwrap(
            fixture.token("grant_type=refresh_token&scope=openid&refresh_token=" + refresh).members)
        XCTAssertEqual(narrowed["scope"], "openid")
    }

    func testRefreshIsRefusedWhenTheRotationCannotBeStored() throws {
        let first = try XCTUnwrap(fixture.token(GrantFixture.exchange(try fixture.code())).members)
        let refresh = try XCTUnwrap(first["refresh_token"]?.stringValue)
        let refused = try fixture.withFailingUpdates(of: "oauth_tokens") {
            fixture.token("grant_type=refresh_token&refresh_token=" + refresh)
        }
        XCTAssertEqual(refused.errorCode, "server_error")
        XCTAssertNotNil(
            fixture.token("grant_type=refresh_token&refresh_token=" + refresh).members,
            "the refresh token is still unused")
    }

    func testRefreshRefusesOtherClientsAndUnknownTokens() throws {
        XCTAssertEqual(fixture.token("grant_type=refresh_token&refresh_token=nope").errorCode, "invalid_grant")
        XCTAssertEqual(fixture.token("grant_type=refresh_token").errorCode, "invalid_request")
        let first = try XCTUnwrap(fixture.token(GrantFixture.exchange(try fixture.code())).members)
        let refresh = try XCTUnwrap(first["refresh_token"]?.stringValue)
        XCTAssertEqual(
            fixture.token("grant_type=refresh_token&client_id=spa&refresh_token=" + refresh, basic: nil).errorCode,
            "invalid_grant", "issued to another client")
    }

    // MARK: password

    func testPasswordGrantChecksTheCredentials() throws {
        let body = try XCTUnwrap(fixture.token("grant_type=password&username=jane&password=pw&scope=openid").members)
        XCTAssertNotNil(body["id_token"])
        XCTAssertEqual(fixture.token("grant_type=password&username=jane&password=bad").errorCode, "invalid_grant")
        XCTAssertEqual(fixture.token("grant_type=password&username=jane").errorCode, "invalid_request")
    }

    // MARK: revocation

    func testRevocationThatCannotBeStoredThrows() throws {
        let first = try XCTUnwrap(fixture.token(GrantFixture.exchange(try fixture.code())).members)
        let refresh = try XCTUnwrap(first["refresh_token"]?.stringValue)
        XCTAssertThrowsError(
            try fixture.withFailingUpdates(of: "oauth_tokens") {
                try fixture.engine.revoke(refresh, realm: fixture.realm, callerClientID: "web")
            })
        XCTAssertNotNil(fixture.token("grant_type=refresh_token&refresh_token=" + refresh).members, "not revoked")
    }
}
