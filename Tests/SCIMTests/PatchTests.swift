import JSON
import SCIM
import XCTest

/// PATCH (RFC 7644 §3.5.2) through the service: add/replace/remove semantics, paths with filters, atomicity.
final class PatchTests: XCTestCase {
    var service: SCIMService!
    var userID = ""

    override func setUpWithError() throws {
        service = try TestRegistry.service()
        userID = try service.create(
            TestRegistry.user,
            body: TestRegistry.userBody(
                "bjensen",
                extra: [
                    "name": ["givenName": "Barbara"],
                    "emails": [["value": "a@example.com", "type": "work", "primary": true]],
                ]), partition: "p"
        ).id
    }

    private func patch(_ operations: [JSON]) -> Result<StoredResource, SCIMError> {
        TestRegistry.outcome {
            try service.patch(
                TestRegistry.user, id: userID, body: Self.patchOp(operations), partition: "p",
                ifMatch: nil)
        }
    }

    private static func patchOp(_ operations: [JSON]) -> JSON {
        ["schemas": [.string(SCIMMedia.patchOp)], "Operations": .array(operations)]
    }

    func testAddAppendsToMultiValuedAndKeepsOnePrimary() throws {
        let added: JSON = [["value": "b@example.com", "type": "home", "primary": true]]
        let body = try patch([["op": "add", "path": "emails", "value": added]]).get().body
        XCTAssertEqual(
            body["emails"],
            [
                ["value": "a@example.com", "type": "work", "primary": false],
                ["value": "b@example.com", "type": "home", "primary": true],
            ])
    }

    func testReplaceWithoutPathMergesComplexAndReplacesMultiValued() throws {
        let value: JSON = [
            "name": ["familyName": "Jensen"], "emails": [["value": "c@example.com"]],
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": ["department": "Tour"],
        ]
        let body = try patch([["op": "Replace", "value": value]]).get().body
        XCTAssertEqual(body["name"], ["givenName": "Barbara", "familyName": "Jensen"])
        XCTAssertEqual(body["emails"], [["value": "c@example.com"]])
        XCTAssertEqual(body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"], ["department": "Tour"])
        XCTAssertEqual(body["schemas"], [.string(CoreSchemas.userURN), .string(CoreSchemas.enterpriseUserURN)])
    }

    func testFilteredPathsAndRemove() throws {
        var body = try patch([["op": "replace", "path": #"emails[type eq "work"].value"#, "value": "w@example.com"]])
            .get().body
        XCTAssertEqual(body["emails"]?[0]?["value"], "w@example.com")
        body = try patch([["op": "remove", "path": #"emails[type eq "work"]"#]]).get().body
        XCTAssertNil(body["emails"])
        body = try patch([["op": "remove", "path": "name.givenName"]]).get().body
        XCTAssertNil(body["name"])
        let enterprise = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
        body = try patch([["op": "add", "path": .string(enterprise + ":manager.value"), "value": "m-1"]]).get().body
        XCTAssertEqual(body[enterprise], ["manager": ["value": "m-1"]])
    }

    func testErrorsAndAtomicity() throws {
        let before = try service.resource(TestRegistry.user, id: userID, partition: "p")
        let cases: [([JSON], String)] = [
            ([["op": "replace", "path": #"emails[type eq "home"].value"#, "value": "x"]], "noTarget"),
            (
                [["op": "add", "path": "nickName", "value": "Babs"], ["op": "remove", "path": "userName"]],
                "invalidValue"
            ),
            ([["op": "replace", "path": "id", "value": "x"]], "mutability"),
            ([["op": "replace", "path": "groups", "value": [["value": "g"]]]], "mutability"),
            ([["op": "add", "path": "nosuch", "value": "x"]], "invalidPath"),
            ([["op": "add", "path": "emails[type eq", "value": "x"]], "invalidPath"),
            ([["op": "remove"]], "noTarget"),
            ([["op": "move", "path": "title"]], "invalidSyntax"),
            ([["op": "add", "path": "active", "value": "yes"]], "invalidValue"),
        ]
        for (operations, scimType) in cases {
            guard case .failure(let error) = patch(operations) else { return XCTFail("\(operations) succeeded") }
            XCTAssertEqual(error.status, 400, "\(operations)")
            XCTAssertEqual(error.scimType, scimType, "\(operations): \(error.detail)")
        }
        let after = try service.resource(TestRegistry.user, id: userID, partition: "p")
        XCTAssertEqual(after.body, before.body, "failed PATCH requests change nothing")
        XCTAssertEqual(after.version, before.version)
    }

    func testIfMatch() throws {
        let current = try service.resource(TestRegistry.user, id: userID, partition: "p")
        let addTitle = Self.patchOp([["op": "add", "path": "title", "value": "x"]])
        let stale = TestRegistry.outcome {
            try service.patch(TestRegistry.user, id: userID, body: addTitle, partition: "p", ifMatch: "W/\"stale\"")
        }
        guard case .failure(let error) = stale else { return XCTFail("a stale If-Match was accepted") }
        XCTAssertEqual(error.status, 412)
        let fresh = try service.patch(
            TestRegistry.user, id: userID, body: addTitle, partition: "p",
            ifMatch: current.version)
        XCTAssertNotEqual(fresh.version, current.version)
    }
}
