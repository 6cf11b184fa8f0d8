import HTTP
import OAuth
import Primitives
import XCTest

/// Reading client credentials from token requests (RFC 6749 §2.3.1).
final class CredentialTests: XCTestCase {
    private func request(_ body: String, authorization: String? = nil) -> Request {
        var headers: HTTPHeaders = ["Content-Type": "application/x-www-form-urlencoded"]
        if let authorization { headers.add("Authorization", authorization) }
        return Request(method: .POST, target: "/token", headers: headers, body: Array(body.utf8))
    }

    private func basic(_ user: String, _ password: String) -> String {
        "Basic " + Base64.encode(Array("\(user):\(password)".utf8))
    }

    func testBasicCredentialsAreFormDecoded() {
        let presented = PresentedCredentials.from(
            request("grant_type=client_credentials", authorization: basic("my%20client", "p%3Ass")))
        XCTAssertEqual(try presented.get(), .basic(id: "my client", secret: "p:ss"))
    }

    func testPostCredentials() {
        XCTAssertEqual(
            try PresentedCredentials.from(request("client_id=c&client_secret=s")).get(), .post(id: "c", secret: "s"))
        XCTAssertEqual(try PresentedCredentials.from(request("client_id=c")).get(), .none(id: "c"))
    }

    func testTwoMethodsAtOnceIsInvalidRequest() {
        let both = PresentedCredentials.from(request("client_id=c&client_secret=s", authorization: basic("c", "s")))
        XCTAssertEqual(both.failureCode, "invalid_request")
    }

    func testMissingCredentialsIsInvalidClient() {
        XCTAssertEqual(
            PresentedCredentials.from(request("grant_type=client_credentials")).failureCode, "invalid_client")
        XCTAssertEqual(PresentedCredentials.from(request("client_secret=s")).failureCode, "invalid_request")
    }

    func testAssertionNeedsItsType() {
        XCTAssertEqual(PresentedCredentials.from(request("client_assertion=x.y.z")).failureCode, "invalid_request")
        let ok = PresentedCredentials.from(
            request(
                "client_assertion=x.y.z&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            ))
        XCTAssertEqual(try ok.get(), .assertion(id: nil, jwt: "x.y.z"))
    }
}
