import Emulator
import EmulatorTestSupport
import Foundation
import JSON
import Primitives
import TestSupport

/// An emulator on a free port with every vendor module, with helpers for the calls Transmit tests make.
final class TransmitEmulator: @unchecked Sendable {
    private let running: TestEmulator
    let client: TestClient
    var emulator: Emulator { running.emulator }

    init(seed: SeedSource = .builtIn, keySeed: String? = nil, publicURL: String? = nil) throws {
        running = try TestEmulator {
            $0.seed = seed
            $0.keySeed = keySeed
            $0.publicURL = publicURL
        }
        client = try running.client()
    }

    func stop() { running.stop() }

    static let form = ("Content-Type", "application/x-www-form-urlencoded")
    static let json = ("Content-Type", "application/json")

    static func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
    }

    static func bearer(_ token: String) -> (String, String) { ("Authorization", "Bearer \(token)") }

    /// A client-credentials token request with the secret in the form body.
    func tokenResponse(
        _ id: String, _ secret: String, path: String = "/oidc/token", extra: String = ""
    ) throws -> RawResponse {
        try client.request(
            "POST", path, headers: [Self.form],
            body: "grant_type=client_credentials&client_id=\(id)&client_secret=\(secret)" + extra)
    }

    /// The access token of a client, failing the test's expectations loudly when there is none.
    func token(_ id: String, _ secret: String) throws -> String {
        let response = try tokenResponse(id, secret)
        guard response.status == 200, let token = try JSON.parse(response.body)["access_token"]?.stringValue else {
            throw TokenUnavailable(description: "no token for \(id): \(response.status) \(response.text)")
        }
        return token
    }

    func adminToken() throws -> String { try token("mgmt-client", "mgmt-secret") }

    /// A JSON call with a Bearer token; the response with its body parsed (null for an empty body).
    func call(
        _ method: String, _ path: String, token: String?, body: String = ""
    ) throws -> (status: Int, body: JSON, raw: RawResponse) {
        var headers = [Self.json]
        if let token { headers.append(Self.bearer(token)) }
        let response = try client.request(method, path, headers: headers, body: body)
        return (response.status, response.body.isEmpty ? .null : try JSON.parse(response.body), response)
    }

    func advanceClock(seconds: Int) throws {
        _ = try client.request("POST", "/_emulator/clock", body: #"{"action":"advance","seconds":\#(seconds)}"#)
    }

    /// A seed folder holding only `transmit.json` with `contents`.
    static func seedFolder(_ contents: String) throws -> String {
        let folder = NSTemporaryDirectory() + "idemu-transmit-seed-" + SecureRandom.uuid()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try contents.write(toFile: folder + "/transmit.json", atomically: true, encoding: .utf8)
        return folder
    }
}

/// A token request that did not give a token.
struct TokenUnavailable: Error, CustomStringConvertible { let description: String }
