import HTTP
import JOSE
import JSON
import OAuth
import Primitives
import XCTest

/// Authorization request checks (RFC 6749 §4.1.2.1): untrusted client or redirect URI → error page; otherwise the
/// error goes back to the client with `state`.
final class AuthorizationCheckTests: XCTestCase {
    private let web = OAuthClient(
        id: "web", secret: "s", authMethods: [.clientSecretBasic], grantTypes: ["authorization_code"],
        redirectURIs: ["https://app.example/cb"], allowedScopes: ["openid"])
    private let spa = OAuthClient(
        id: "spa", secret: nil, authMethods: [.none], grantTypes: ["authorization_code"],
        redirectURIs: ["https://spa.example/cb"])
    private let tokenOnly = OAuthClient(
        id: "token-only", secret: "s", authMethods: [.clientSecretBasic], grantTypes: ["authorization_code"],
        responseTypes: ["id_token"], redirectURIs: ["https://t.example/cb"])

    private func realm() throws -> OAuthRealm {
        let clients = [web, spa, tokenOnly]
        return OAuthRealm(
            id: "t/a", issuer: "http://h/t/a", tokenEndpoint: "http://h/t/a/token", policy: TokenPolicy(),
            signingKey: try SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: Timestamp(seconds: 0)),
            grantTypes: ["authorization_code"], findClient: { id in clients.first { $0.id == id } },
            authenticateUser: { _, _ in nil })
    }

    private func check(_ query: String) throws -> AuthorizationCheck {
        AuthorizationEndpoint.check(FormData(parsing: Substring(query)), realm: try realm())
    }

    private func redirectedError(_ outcome: AuthorizationCheck) -> FormData? {
        guard case .redirectError(let response) = outcome, let location = response.headers["Location"],
            let query = location.split(separator: "?", maxSplits: 1).last
        else { return nil }
        return FormData(parsing: query)
    }

    func testValidRequest() throws {
        guard
            case .valid(let request) = try check(
                "response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fapp.example%2Fcb&scope=openid&state=s1")
        else {
            return XCTFail("expected a valid request")
        }
        XCTAssertEqual(request.scopes, ["openid"])
        XCTAssertEqual(request.state, "s1")
    }

    func testUntrustedClientOrRedirectGetsAnErrorPage() throws {
        guard case .errorPage(400, _) = try check("response_type=code&client_id=nobody") else {
            return XCTFail("unknown client")
        }
        guard
            case .errorPage(400, _) = try check(
                "response_type=code&client_id=web&redirect_uri=https%3A%2F%2Fevil.example%2Fcb")
        else {
            return XCTFail("unregistered redirect URI")
        }
    }

    func testErrorsGoBackToTheClientWithState() throws {
        XCTAssertEqual(
            redirectedError(try check("response_type=token&client_id=web&state=x"))?["error"],
            "unsupported_response_type")
        XCTAssertEqual(
            redirectedError(try check("response_type=code&client_id=web&scope=admin&state=x"))?["error"],
            "invalid_scope")
        let pkce = redirectedError(try check("response_type=code&client_id=spa&state=a%20b"))
        XCTAssertEqual(pkce?["error"], "invalid_request", "a public client must send a code challenge")
        XCTAssertEqual(pkce?["state"], "a b")
        XCTAssertEqual(
            redirectedError(try check("response_type=code&client_id=token-only"))?["error"], "unauthorized_client",
            "a client not registered for response_type code")
    }
}
