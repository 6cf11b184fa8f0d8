import HTTP
import XCTest

/// Query and form decoding, `Authorization` and cookie parsing.
final class FormAndHeaderTests: XCTestCase {
    func testFormDecoding() {
        let form = FormData(parsing: "a=1&b=x+y&a=%32&empty=&flag&&c=%E2%9C%93&bad=%zz&plus=%2B")
        XCTAssertEqual(form.all("a"), ["1", "2"])
        XCTAssertEqual(form["b"], "x y")
        XCTAssertEqual(form["empty"], "")
        XCTAssertEqual(form["flag"], "")
        XCTAssertEqual(form["c"], "✓")
        XCTAssertEqual(form["bad"], "%zz")
        XCTAssertEqual(form["plus"], "+")
        XCTAssertEqual(form.occurrences(of: "a"), 2)
        XCTAssertNil(form["missing"])
    }

    func testFormRoundTrip() {
        let form = FormData(pairs: [("redirect_uri", "https://a.example/cb?x=1&y=2"), ("scope", "openid profile")])
        let again = FormData(parsing: Substring(form.encoded))
        XCTAssertEqual(again["redirect_uri"], "https://a.example/cb?x=1&y=2")
        XCTAssertEqual(again["scope"], "openid profile")
    }

    func testRequestQueryAndForm() {
        let request = Request(
            method: .POST, target: "/p?x=1&x=2",
            headers: ["Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"],
            body: Array("grant_type=client_credentials&scope=a+b".utf8))
        XCTAssertEqual(request.query.all("x"), ["1", "2"])
        XCTAssertEqual(request.form["grant_type"], "client_credentials")
        XCTAssertEqual(request.form["scope"], "a b")
        let json = Request(
            method: .POST, target: "/p", headers: ["Content-Type": "application/json"], body: Array("a=b".utf8))
        XCTAssertTrue(json.form.isEmpty, "only form bodies are decoded as forms")
    }

    func testAuthorizationParsing() {
        XCTAssertEqual(
            Authorization(headerValue: "Basic ZGVtby1jbGllbnQ6ZGVtby1zZWNyZXQ="),
            .basic(user: "demo-client", password: "demo-secret"))
        XCTAssertEqual(Authorization(headerValue: "basic dTpwOmM="), .basic(user: "u", password: "p:c"))
        XCTAssertEqual(Authorization(headerValue: "Bearer abc.def"), .bearer("abc.def"))
        XCTAssertEqual(Authorization(headerValue: "bearer  abc "), .bearer("abc"))
        XCTAssertEqual(Authorization(headerValue: "Basic !!!"), .other(scheme: "Basic", credentials: "!!!"))
        XCTAssertEqual(
            Authorization(headerValue: "Basic bm9jb2xvbg=="), .other(scheme: "Basic", credentials: "bm9jb2xvbg=="))
        XCTAssertEqual(Authorization(headerValue: "Bearer"), .other(scheme: "Bearer", credentials: ""))
        XCTAssertNil(Authorization(headerValue: "  "))
        let request = Request(method: .GET, target: "/", headers: ["authorization": "Bearer t"])
        XCTAssertEqual(request.authorization, .bearer("t"))
    }

    func testCookies() {
        XCTAssertEqual(Cookies.parse("a=1; b=\"two\";c=3; a=ignored"), ["a": "1", "b": "two", "c": "3"])
        XCTAssertEqual(
            Cookies.setCookie(name: "s", value: "v", maxAge: 60),
            "s=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax")
    }

    func testHeadersAreCaseInsensitive() {
        var headers: HTTPHeaders = ["Content-Type": "a"]
        headers.add("X-A", "1")
        headers.add("x-a", "2")
        XCTAssertEqual(headers["content-type"], "a")
        XCTAssertEqual(headers.values("X-a"), ["1", "2"])
        headers.set("X-A", "3")
        XCTAssertEqual(headers.values("x-a"), ["3"])
    }

    func testOriginFromHostAndForwardedProto() {
        XCTAssertEqual(Request(method: .GET, target: "/", headers: ["Host": "idemu:8080"]).origin, "http://idemu:8080")
        XCTAssertEqual(
            Request(method: .GET, target: "/", headers: ["Host": "h", "X-Forwarded-Proto": "https"]).origin, "https://h"
        )
    }
}
