import Emulator
import EmulatorTestSupport
import HTTP
import JSON
import SCIM
import Store
import TestSupport
import XCTest

/// The SCIM routes on the handler kit, mounted by a test vendor twice (`status` as a string and as an integer): the
/// vendor's authorizer refuses in SCIM errors of its style, handlers' errors come in the same style, a failed store
/// write is the envelope's 500 rather than a silent success.
final class SCIMRoutesTests: XCTestCase {
    var emulator: TestEmulator!

    override func setUpWithError() throws {
        emulator = try TestEmulator(modules: [SCIMTestVendor()]) { $0.seed = .none }
    }

    override func tearDown() { emulator.stop() }

    private func call(
        _ method: String, _ path: String, token: String = "writer", body: String = ""
    ) throws
        -> (status: Int, body: JSON, raw: RawResponse)
    {
        let response = try emulator.request(
            method, path,
            headers: [
                ("Authorization", "Bearer " + token),
                ("Content-Type", "application/scim+json"),
            ],
            body: body)
        return (response.status, response.body.isEmpty ? .null : try JSON.parse(response.body), response)
    }

    private static let user = #"{"schemas": ["urn:ietf:params:scim:schemas:core:2.0:User"], "userName": "bjensen"}"#

    func testAuthorizerRefusalsInEitherStatusStyle() throws {
        for (prefix, status401, status403) in [
            ("/string/v2", JSON.string("401"), JSON.string("403")),
            ("/integer/v2", JSON.int(401), JSON.int(403)),
        ] {
            let anonymous = try call("GET", prefix + "/Users", token: "nobody")
            XCTAssertEqual(anonymous.status, 401, prefix)
            XCTAssertEqual(anonymous.body["status"], status401, prefix)
            XCTAssertEqual(anonymous.body["schemas"], [.string(SCIMError.errorSchema)])
            XCTAssertEqual(anonymous.raw.header("Content-Type"), "application/scim+json")
            let reader = try call("POST", prefix + "/Users", token: "reader", body: Self.user)
            XCTAssertEqual(reader.status, 403, prefix)
            XCTAssertEqual(reader.body["status"], status403, prefix)
            XCTAssertEqual(try call("GET", prefix + "/Users", token: "reader").status, 200, "reading is allowed")
        }
    }

    func testHandlerErrorsInTheVendorsStyle() throws {
        let malformed = try call("POST", "/integer/v2/Users", body: "{not json")
        XCTAssertEqual(malformed.status, 400)
        XCTAssertEqual(malformed.body["scimType"], "invalidSyntax")
        XCTAssertEqual(malformed.body["status"], 400)
        XCTAssertTrue(malformed.body["detail"]?.stringValue?.hasPrefix("The request body is not valid JSON") == true)
        let empty = try call("PUT", "/string/v2/Users/x", body: "")
        XCTAssertEqual(empty.body["detail"], "The request needs a JSON body")
        XCTAssertEqual(empty.body["status"], "400")
        let missing = try call("GET", "/string/v2/Users/nobody")
        XCTAssertEqual(missing.status, 404)
        XCTAssertEqual(missing.body["detail"], "User nobody not found")
        XCTAssertEqual(try call("POST", "/string/v2/Users", body: Self.user).status, 201)
        let duplicate = try call("POST", "/integer/v2/Users", body: Self.user)
        XCTAssertEqual(duplicate.status, 409)
        XCTAssertEqual(duplicate.body["scimType"], "uniqueness")
        XCTAssertEqual(duplicate.body["status"], 409)
        let search = try call("POST", "/string/v2/.search", body: "{}")
        XCTAssertEqual(search.status, 501)
        XCTAssertEqual(search.body["status"], "501")
    }

    func testAFailedStoreWriteIsThe500OfTheEnvelope() throws {
        _ = try emulator.emulator.database.run("DROP TABLE scim_resources")
        let failed = try call("POST", "/string/v2/Users", body: Self.user)
        XCTAssertEqual(failed.status, 500)
        XCTAssertEqual(failed.body["status"], "500")
        XCTAssertEqual(failed.body["schemas"], [.string(SCIMError.errorSchema)])
    }
}

/// A vendor that mounts the test registry's SCIM service twice, with a token that reads (`reader`) or writes
/// (`writer`); any other token is 401, and a reader's write is 403.
private final class SCIMTestVendor: VendorModule {
    let name = "scim-test"
    let seedFileName: String? = nil
    var migrations: [Migration] { [] }
    var sharedSchemas: [SharedSchema] { [SharedSchema(name: SCIMStorage.name, migrations: SCIMStorage.migrations)] }

    func registerRoutes(on router: Router, context: EmulatorContext) {
        let service = SCIMService(registry: TestRegistry.registry, database: context.database, clock: context.clock)
        for (prefix, style) in [("/string/v2", SCIMError.StatusStyle.string), ("/integer/v2", .integer)] {
            let envelope = ErrorEnvelope(id: "scim-test" + prefix, module: name) { status, message in
                SCIMError(status: status, detail: message).response(statusStyle: style)
            }
            SCIMRoutes(service: service, statusStyle: style) { request, operation in
                let token = request.headers["Authorization"]
                guard token == "Bearer reader" || token == "Bearer writer" else { throw SCIMError.unauthorized("No") }
                switch operation {
                case .create, .replace, .patch, .delete:
                    guard token == "Bearer writer" else { throw SCIMError.forbidden("Read only") }
                case .discovery, .list, .read: break
                }
                return SCIMScope(partition: "p", baseURL: "http://localhost" + prefix)
            }.register(on: router, prefix: prefix, envelope: envelope)
        }
    }

    func resetState() {}

    func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {}
}
