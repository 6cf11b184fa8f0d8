import JSON
import Primitives
import TestSupport
import XCTest

/// Calls of the System and Hub configuration tests: tokens from the seed's `system` workspaces, Bearer requests
/// with JSON bodies, and the SecureAuth error envelope.
struct ConfigurationAPIClient {
    let raw: TestClient

    static let form = ("Content-Type", "application/x-www-form-urlencoded")

    static func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
    }

    /// A client-credentials access token of workspace `tenant/workspace`.
    func token(
        _ tenant: String, _ workspace: String, _ id: String, _ secret: String, scope: String? = nil
    ) throws -> String {
        let response = try raw.request(
            "POST", "/\(tenant)/\(workspace)/oauth2/token", headers: [Self.form, Self.basic(id, secret)],
            body: "grant_type=client_credentials" + (scope.map { "&scope=" + $0 } ?? ""))
        guard response.status == 200, let token = try JSON.parse(response.body)["access_token"]?.stringValue else {
            throw TokenRequestFailed(description: "no token for \(id): \(response.status) \(response.text)")
        }
        return token
    }

    /// The tenant's `system` workspace token (`system-client`, both configuration scopes).
    func systemToken(scope: String? = nil) throws -> String {
        try token("acme", "system", "system-client", "system-secret", scope: scope)
    }

    /// The `setup` scheme's token: the `system` workspace of the `system` tenant.
    func setupToken() throws -> String {
        try token("system", "system", "setup-client", "setup-secret")
    }

    func call(_ method: String, _ target: String, token: String?, body: String = "") throws -> RawResponse {
        var headers: [(String, String)] = []
        if let token { headers.append(("Authorization", "Bearer " + token)) }
        if !body.isEmpty { headers.append(("Content-Type", "application/json")) }
        return try raw.request(method, target, headers: headers, body: body)
    }

    func call(_ method: String, _ target: String, token: String?, json: JSON) throws -> RawResponse {
        try call(method, target, token: token, body: json.jsonString())
    }

    /// A GET that must answer 200 with JSON.
    func get(_ target: String, token: String?, file: StaticString = #filePath, line: UInt = #line) throws -> JSON {
        let response = try call("GET", target, token: token)
        XCTAssertEqual(response.status, 200, response.text, file: file, line: line)
        return try JSON.parse(response.body)
    }

    /// The System API export of tenant `acme`.
    func export(_ token: String, query: String = "") throws -> JSON {
        try get("/api/system/acme/configuration" + query, token: token)
    }

    /// Asserts a SecureAuth Admin-style error (`status_code`, `error`, `error_code`, `details`) and returns its body.
    @discardableResult
    static func assertError(
        _ response: RawResponse, _ status: Int, _ code: String,
        file: StaticString = #filePath, line: UInt = #line
    ) throws -> JSON {
        XCTAssertEqual(response.status, status, response.text, file: file, line: line)
        let body = try JSON.parse(response.body)
        XCTAssertEqual(body["status_code"], .int(Int64(status)), file: file, line: line)
        XCTAssertEqual(body["error_code"]?.stringValue, code, file: file, line: line)
        XCTAssertNotNil(body["error"]?.stringValue, file: file, line: line)
        XCTAssertNotNil(body["details"]?.objectValue, file: file, line: line)
        return body
    }

    /// The status of a client-credentials token request.
    func tokenStatus(_ tenant: String, _ workspace: String, _ id: String, _ secret: String) throws -> Int {
        try raw.request(
            "POST", "/\(tenant)/\(workspace)/oauth2/token", headers: [Self.form, Self.basic(id, secret)],
            body: "grant_type=client_credentials"
        ).status
    }

    /// The status of an authorization request (200: the sign-in form, 400: unknown client or redirect URI).
    func authorizeStatus(_ tenant: String, _ workspace: String, client: String, redirectURI: String) throws -> Int {
        let query = FormData(pairs: [
            ("client_id", client), ("response_type", "code"), ("redirect_uri", redirectURI), ("state", "s1"),
        ])
        return try raw.request("GET", "/\(tenant)/\(workspace)/oauth2/authorize?" + query.encoded).status
    }
}

struct TokenRequestFailed: Error, CustomStringConvertible {
    let description: String
}

/// `FormData`'s encoding without importing HTTP into the tests.
private struct FormData {
    let pairs: [(String, String)]

    var encoded: String {
        pairs.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&")
    }

    private func escape(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                result.append(Character(Unicode.Scalar(byte)))
            default:
                let hex = Array("0123456789ABCDEF")
                result += "%" + String(hex[Int(byte >> 4)]) + String(hex[Int(byte & 15)])
            }
        }
        return result
    }
}

extension JSON {
    /// The element of array `self` whose member `key` is `value`, and its index.
    func element(where key: String, is value: String) -> (index: Int, value: JSON)? {
        guard let elements = arrayValue, let index = elements.firstIndex(where: { $0[key]?.stringValue == value })
        else { return nil }
        return (index, elements[index])
    }
}
