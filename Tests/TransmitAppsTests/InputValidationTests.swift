import JSON
import XCTest

@testable import TransmitApps

/// Request-body validation and document defaults without a server: class-validator wording, nested paths, and how
/// app fields split between the app and its default client.
final class InputValidationTests: XCTestCase {
    private func validator(_ text: String) throws -> InputValidator {
        InputValidator(try JSON.parse(text).objectValue!)
    }

    func testMessagesNameNestedPathsAndCollectEveryProblem() throws {
        let input = try validator(
            #"{"name": "", "redirect_uris": ["https://ok", "bad uri"], "token_expiration": {"access_token_ttl": 0}, "enforce_par": 1}"#
        )
        _ = ClientInput.read(input, creating: true)
        XCTAssertEqual(
            input.messages,
            [
                "name should not be empty",
                "each value in redirect_uris must be a URL address",
                "token_expiration.access_token_ttl must not be less than 1",
                "enforce_par must be a boolean value",
            ])
    }

    func testNullIsNotGivenAndUnknownFieldsAreIgnored() throws {
        let input = try validator(#"{"app_name": "A", "client_display_name": "A", "logo": null, "surprise": {"x": 1}}"#)
        let fields = AppInput.read(input, creating: true, management: false)
        XCTAssertTrue(input.isValid, "\(input.messages)")
        XCTAssertNil(fields.app["logo"])
        XCTAssertNil(fields.app["surprise"])
    }

    func testAbsoluteURIs() {
        for good in ["https://www.example.com/login", "myapp://callback", "http://localhost:3000/cb"] {
            XCTAssertTrue(InputValidator.isAbsoluteURI(good), good)
        }
        for bad in ["", "www.example.com", "https:/x", "://x", "https://a b", "1http://x"] {
            XCTAssertFalse(InputValidator.isAbsoluteURI(bad), bad)
        }
    }

    func testAppFieldsSplitBetweenAppAndDefaultClient() throws {
        let input = try validator(
            #"{"app_name": "A", "client_display_name": "Web", "client_auth_method": "none", "custom_domain": "a.example", "pkce": "enforcePkceInsteadOfClientCredentials"}"#
        )
        let fields = AppInput.read(input, creating: true, management: false)
        XCTAssertEqual(fields.defaultClient["name"], "Web")
        XCTAssertEqual(fields.defaultClient["token_endpoint_auth_method"], "none")
        XCTAssertEqual(fields.defaultClient["pkce"], "enforcePkceInsteadOfClientCredentials")
        let app = AppDocument.new(
            appID: "a1", tenantID: "t", input: fields, createdBy: "me", now: "2026-01-01T00:00:00.000Z")
        XCTAssertEqual(
            app["custom_domain"],
            ["domain": "a.example", "updated_at": "2026-01-01T00:00:00.000Z", "status": "pending"])
        let client = ClientDocument.new(
            appID: "a1", tenantID: "t", clientID: "c", secret: "s", fields: fields.defaultClient,
            now: "2026-01-01T00:00:00.000Z")
        XCTAssertTrue(ClientDocument.oauthClient(client).isPublic, "auth method none makes a public client")
        let rendered = AppDocument.render(app, defaultClient: client)
        XCTAssertEqual(rendered["client_display_name"], "Web")
        XCTAssertEqual(rendered["client_auth_method"], "none")
        XCTAssertNil(AppDocument.render(app, defaultClient: client, logo: false)["logo"])
    }

    func testGeneratedIdentifiersHaveTransmitsShapes() {
        let appID = Identifiers.appID(), clientID = Identifiers.clientID()
        XCTAssertEqual(appID.count, 20)
        XCTAssertTrue(appID.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) })
        XCTAssertEqual(clientID.count, 22)
        XCTAssertNotEqual(Identifiers.clientSecret(), Identifiers.clientSecret())
    }
}
