import Emulator
import EmulatorTestSupport
import Foundation
import IdentityStore
import JSON
import Primitives
import TestSupport

/// The emulator with the default seed's Identity Store file and the Identity Store module, on a free port, plus request helpers.
final class IdentityStoreEmulator: @unchecked Sendable {
    static let janeID = "48c21e3f-ec0d-4eb7-8917-95a5cbb3f8f2"
    static let clientID =
        "YXBpLWNyZWQuNDhjMjFlM2YtZWMwZC00ZWI3LTg5MTctOTVhNWNiYjNmOGYyLmQxUVhBNWwzdURMbFZ2SExQOFpBZ2RtOTEyU2F3d1ZJU3hyOVRiQzNkWlE="
    static let clientSecret =
        "ZDFRWEE1bDN1RExsVnZITFA4WkFnZG05MTJTYXd3VklTeHI5VGJDM2RaUVlYQnBMV055WldRdU5EaGpNakZsTTJZdFpXTXdaQzAwWldJM0xUZzVNVGN0T1RWaE5XTmlZak5tT0dZeUxtUXhVVmhCTld3emRVUk1iRloyU0V4UU9GcEJaMlJ0T1RFeVUyRjNkMVpKVTNoeU9WUmlRek5rV2xFPTE2MTU5OTcxMDE1MjcxMjEyMzI="
    static let scim = "/api/v1/scim/ids/default/v2"

    private let running: TestEmulator
    var emulator: Emulator { running.emulator }

    init() throws {
        running = try TestEmulator(
            modules: [IdentityStoreModule()],
            seedFiles: try TestEmulator.defaultSeedFiles(["secureauth-identity-store.json"]))
    }

    func client() throws -> TestClient { try running.client() }

    func stop() { running.stop() }

    struct TokenRefused: Error { let response: String }

    static func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
    }

    /// A bearer token for Jane Doe in store `default`.
    func janeToken() throws -> String {
        let response = try client().request(
            "POST", "/api/v1/privy/ids/default/g3/token", headers: [Self.basic(Self.clientID, Self.clientSecret)])
        guard response.status == 200, let token = try JSON.parse(response.body)["access_token"]?.stringValue else {
            throw TokenRefused(response: response.text)
        }
        return token
    }

    /// A request with Jane's bearer token and, for bodies, `application/scim+json`.
    func scim(
        _ method: String, _ path: String, body: JSON? = nil, headers: [(String, String)] = [], token: String? = nil
    ) throws -> RawResponse {
        var all = headers + [("Authorization", "Bearer " + (try token ?? janeToken()))]
        if body != nil { all.append(("Content-Type", "application/scim+json")) }
        return try client().request(
            method, path.hasPrefix("/") ? path : Self.scim + "/" + path, headers: all, body: body?.jsonString() ?? "")
    }
}
