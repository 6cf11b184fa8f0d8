import Asgardeo
import Emulator
import EmulatorTestSupport
import Foundation
import JSON
import Primitives
import TestSupport

/// The emulator with the default seed's Asgardeo file and the Asgardeo module, on a free port, with request helpers for the
/// seed's organization `acme`.
final class AsgardeoEmulator: @unchecked Sendable {
    static let m2mClient = "wmUFnhcleXRMHQYoobRLyTf4MLEa"
    static let m2mSecret = "0sGhSGN8n31rEBzRF92bSutnHEAa"
    static let webClient = "acme-web-client"
    static let webSecret = "acme-web-secret"
    static let webRedirect = "https://localhost:3000/callback"
    static let form = ("Content-Type", "application/x-www-form-urlencoded")
    static let json = ("Content-Type", "application/json")

    private let running: TestEmulator
    let client: TestClient
    var emulator: Emulator { running.emulator }

    /// The seed is `seed-data/default/asgardeo.json` alone (the built-in seed holds other vendors' files too).
    init() throws {
        running = try TestEmulator(
            modules: [AsgardeoModule()], seedFiles: try TestEmulator.defaultSeedFiles(["asgardeo.json"]))
        client = try running.client()
    }

    func stop() { running.stop() }

    static func basic(_ id: String, _ secret: String) -> (String, String) {
        ("Authorization", "Basic " + Base64.encode(Array("\(id):\(secret)".utf8)))
    }

    static func bearer(_ token: String) -> (String, String) { ("Authorization", "Bearer " + token) }

    /// A client_credentials response of the M2M app (or another app) for `scope`.
    func clientCredentials(scope: String?, id: String = m2mClient, secret: String = m2mSecret) throws -> RawResponse {
        try client.request(
            "POST", "/t/acme/oauth2/token", headers: [Self.form, Self.basic(id, secret)],
            body: "grant_type=client_credentials"
                + (scope.map { "&scope=" + $0.replacingOccurrences(of: " ", with: "+") } ?? ""))
    }

    func token(scope: String = "SYSTEM") throws -> String {
        try JSON.parse(try clientCredentials(scope: scope).body)["access_token"]!.stringValue!
    }

    func clock(_ body: String) throws {
        _ = try client.request("POST", "/_emulator/clock", body: body)
    }
}
