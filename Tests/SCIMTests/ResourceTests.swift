import JSON
import SCIM
import XCTest

/// Schema validation, uniqueness, projection, paging and sorting, memberships, partitions.
final class ResourceTests: XCTestCase {
    var service: SCIMService!

    override func setUpWithError() throws { service = try TestRegistry.service() }

    private func create(
        _ userName: String, _ extra: JSONObject = [:],
        partition: String = "p"
    ) throws -> StoredResource {
        try service.create(
            TestRegistry.user, body: TestRegistry.userBody(userName, extra: extra),
            partition: partition)
    }

    func testValidationNormalizesAndRejects() throws {
        let created = try service.create(
            TestRegistry.user,
            body: [
                "schemas": [.string(CoreSchemas.userURN)],
                "USERNAME": "a", "id": "mine",
                "groups": [["value": "g"]], "password": "secret",
                "Name": ["GIVENNAME": "A"],
            ], partition: "p")
        XCTAssertNotEqual(created.id, "mine", "readOnly id is ignored")
        XCTAssertEqual(created.body["userName"], "a")
        XCTAssertEqual(created.body["name"], ["givenName": "A"])
        XCTAssertNil(created.body["groups"], "readOnly attributes are ignored on write")
        let rendered = try service.render(created, TestRegistry.user, baseURL: "http://h/v2", partition: "p")
        XCTAssertNil(rendered["password"], "writeOnly attributes are never returned")
        XCTAssertEqual(rendered["meta"]?["location"], .string("http://h/v2/Users/" + created.id))

        let bad: [(JSON, String)] = [
            (["userName": "x"], "invalidValue"),
            (["schemas": [.string(CoreSchemas.userURN)]], "invalidValue"),
            (TestRegistry.userBody("x", extra: ["active": "yes"]), "invalidValue"),
            (TestRegistry.userBody("x", extra: ["emails": ["value": "a@b"]]), "invalidSyntax"),
            (TestRegistry.userBody("x", extra: ["nosuch": 1]), "invalidSyntax"),
            (
                TestRegistry.userBody(
                    "x",
                    extra: [
                        "emails": [
                            ["value": "a", "primary": true],
                            ["value": "b", "primary": true],
                        ]
                    ]), "invalidValue"
            ),
            (["schemas": [.string(CoreSchemas.userURN), "urn:x"], "userName": "x"], "invalidValue"),
            ("[]", "invalidSyntax"),
        ]
        for (body, scimType) in bad {
            guard
                case .failure(let error) = TestRegistry.outcome({
                    try service.create(TestRegistry.user, body: body, partition: "p")
                })
            else { return XCTFail("\(body)") }
            XCTAssertEqual(error.scimType, scimType, "\(body): \(error.detail)")
        }
    }

    func testUniquenessIsCaseInsensitiveAndPerPartition() throws {
        _ = try create("bjensen")
        guard
            case .failure(let error) = TestRegistry.outcome({
                try service.create(TestRegistry.user, body: TestRegistry.userBody("BJENSEN"), partition: "p")
            })
        else {
            return XCTFail("duplicate accepted")
        }
        XCTAssertEqual(error.status, 409)
        XCTAssertEqual(error.scimType, "uniqueness")
        XCTAssertNoThrow(try create("bjensen", partition: "q"), "partitions are isolated")
    }

    func testPagingSortingAndProjection() throws {
        for name in ["carol", "alice", "bob", "dave"] {
            _ = try create(name, ["title": .string(name == "bob" ? "x" : "y")])
        }
        var query = ListQuery()
        query.sortBy = "userName"
        query.startIndex = 2
        query.count = 2
        let page = try service.list(TestRegistry.user, query: query, partition: "p")
        XCTAssertEqual(page.totalResults, 4)
        XCTAssertEqual(page.resources.map { $0.body["userName"] }, ["bob", "carol"])
        query.sortOrder = .descending
        let descending = try service.list(TestRegistry.user, query: query, partition: "p")
        XCTAssertEqual(descending.resources.map { $0.body["userName"] }, ["carol", "bob"])
        query = ListQuery()
        query.filter = #"title eq "y""#
        XCTAssertEqual(try service.list(TestRegistry.user, query: query, partition: "p").totalResults, 3)
        query.filter = #"userName eq "ALICE""#
        XCTAssertEqual(
            try service.list(TestRegistry.user, query: query, partition: "p").resources.count, 1,
            "indexed lookup folds case")
        query = ListQuery()
        query.count = 500
        XCTAssertEqual(try service.list(TestRegistry.user, query: query, partition: "q").totalResults, 0)

        var byName = ListQuery()
        byName.filter = #"userName eq "alice""#
        let alice = try service.list(TestRegistry.user, query: byName, partition: "p").resources[0]
        let projected = try service.render(
            alice, TestRegistry.user, baseURL: "b", partition: "p",
            projection: AttributeProjection(
                attributes: ["title"],
                excludedAttributes: [],
                definition: TestRegistry.user))
        XCTAssertEqual(Set(projected.keys), ["schemas", "id", "title"])
        let excluded = try service.render(
            alice, TestRegistry.user, baseURL: "b", partition: "p",
            projection: AttributeProjection(
                attributes: [],
                excludedAttributes: ["title", "id"],
                definition: TestRegistry.user))
        XCTAssertNil(excluded["title"])
        XCTAssertNotNil(excluded["id"], "id is always returned")
    }

    func testGroupMembershipStaysConsistent() throws {
        let user = try create("bjensen")
        guard
            case .failure(let missing) = TestRegistry.outcome({
                try service.create(
                    TestRegistry.group,
                    body: [
                        "schemas": [.string(CoreSchemas.groupURN)],
                        "displayName": "G", "members": [["value": "nobody"]],
                    ],
                    partition: "p")
            })
        else {
            return XCTFail("a group with an unknown member was created")
        }
        XCTAssertEqual(missing.scimType, "invalidValue")
        let members: JSON = [["value": .string(user.id), "type": "User"]]
        let group = try service.create(
            TestRegistry.group,
            body: [
                "schemas": [.string(CoreSchemas.groupURN)],
                "displayName": "Tour Guides", "members": members,
            ],
            partition: "p")
        let rendered = try service.render(user, TestRegistry.user, baseURL: "http://h", partition: "p")
        XCTAssertEqual(
            rendered["groups"],
            [
                [
                    "value": .string(group.id), "$ref": .string("http://h/Groups/" + group.id),
                    "display": "Tour Guides", "type": "direct",
                ]
            ])
        try service.delete(TestRegistry.user, id: user.id, partition: "p", ifMatch: nil)
        let after = try service.resource(TestRegistry.group, id: group.id, partition: "p")
        XCTAssertNil(after.body["members"], "deleting a user removes it from its groups")
        XCTAssertNotEqual(after.version, group.version)
        guard
            case .failure(let gone) = TestRegistry.outcome({
                try service.resource(TestRegistry.user, id: user.id, partition: "p")
            })
        else { return XCTFail() }
        XCTAssertEqual(gone.status, 404)
    }

    func testErrorRendering() {
        let error = SCIMError.invalidFilter("bad")
        XCTAssertEqual(
            error.json(statusStyle: .string),
            [
                "schemas": [.string(SCIMError.errorSchema)], "status": "400",
                "scimType": "invalidFilter", "detail": "bad",
            ])
        XCTAssertEqual(error.json(statusStyle: .integer)["status"], 400)
        XCTAssertEqual(error.response(statusStyle: .string).headers["Content-Type"], "application/scim+json")
    }
}
