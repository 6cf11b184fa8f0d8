import JSON
import SCIM
import XCTest

/// Filters evaluated against resources: case rules, multi-valued attributes, dateTime ordering, type errors.
final class FilterEvaluationTests: XCTestCase {
    private let resource: JSONObject = [
        "id": "2819c223", "userName": "BJensen", "active": true, "title": "",
        "name": ["givenName": "Barbara", "familyName": "Jensen"],
        "emails": [
            ["value": "bjensen@example.com", "type": "work", "primary": true],
            ["value": "babs@jensen.org", "type": "home"],
        ],
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": [
            "employeeNumber": "701984", "manager": ["value": "m-1"],
        ],
        "meta": [
            "resourceType": "User", "created": "2011-08-01T18:29:49Z", "lastModified": "2011-08-01T18:29:49Z",
            "version": "W/\"1\"",
        ],
    ]

    private func matches(_ text: String) throws -> Bool {
        try CompiledFilter(try FilterParser.parse(text), for: TestRegistry.user).matches(resource)
    }

    func testCaseRules() throws {
        XCTAssertTrue(try matches(#"userName eq "bjensen""#), "userName is caseExact false")
        XCTAssertTrue(try matches(#"USERNAME sw "bj""#), "attribute names are case-insensitive")
        XCTAssertFalse(try matches(#"id eq "2819C223""#), "id is caseExact")
        XCTAssertTrue(try matches(#"id eq "2819c223""#))
    }

    func testOperators() throws {
        XCTAssertTrue(try matches(#"name.familyName co "ens""#))
        XCTAssertTrue(try matches(#"name.familyName ew "SEN""#))
        XCTAssertTrue(try matches(#"userName ne "other""#))
        XCTAssertFalse(try matches("title pr"), "an empty string is not present")
        XCTAssertTrue(try matches("name pr"))
        XCTAssertTrue(try matches("nickName eq null"))
        XCTAssertTrue(try matches("active eq true"))
        XCTAssertTrue(try matches(#"userName gt "a" and userName lt "c""#))
        XCTAssertTrue(try matches(#"meta.lastModified gt "2011-05-13T04:42:34Z""#))
        XCTAssertFalse(
            try matches(#"meta.lastModified gt "2011-08-01T18:29:49.000Z""#), "dateTimes compare chronologically")
        XCTAssertTrue(try matches(#"not (userName eq "x") and (title pr or active eq true)"#))
        XCTAssertTrue(try matches(#"meta.created gt "0001-01-01T00:00:00Z""#), "years outside 1678-2262 compare too")
    }

    func testMultiValuedAndValuePaths() throws {
        XCTAssertTrue(try matches(#"emails co "jensen.org""#), "a complex attribute compares through its value")
        XCTAssertTrue(try matches(#"emails.type eq "home""#))
        XCTAssertTrue(try matches(#"emails[type eq "work" and value ew "example.com"]"#))
        XCTAssertFalse(
            try matches(#"emails[type eq "home" and value ew "example.com"]"#), "both conditions hold on one value")
        XCTAssertTrue(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984""#))
        XCTAssertTrue(
            try matches(#"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "m-1""#))
    }

    func testInapplicableFiltersAreInvalidFilter() {
        for text in [
            #"active gt "x""#, "active co true", #"nosuch eq "x""#, #"emails[nosuch eq "x"]"#,
            #"meta.created gt "yesterday""#,
            "userName eq 5", #"userName[value eq "x"]"#, "userName gt null",
        ] {
            XCTAssertThrowsError(try matches(text), text) { error in
                XCTAssertEqual((error as! SCIMError).scimType, "invalidFilter", text)
            }
        }
    }

    /// ASCII values take a byte path that folds case without allocating; non-ASCII ones fold through Unicode. Both
    /// must agree, and a stored resource matches like its full object, `id` and `meta` included.
    func testASCIIAndUnicodeCaseFoldingAgree() throws {
        XCTAssertTrue(try matches(#"emails.value co "JENSEN.ORG""#))
        XCTAssertTrue(try matches(#"userName sw "bJ" and userName ew "SEN""#))
        XCTAssertTrue(try matches(#"userName gt "ajensen" and userName lt "CJENSEN""#))
        XCTAssertFalse(try matches(#"userName eq "bjensenx""#))
        XCTAssertTrue(try matches(#"name.familyName le "jensen" and name.familyName ge "JENSEN""#))
        var unicode = resource
        unicode["userName"] = "ÉLODIE"
        let filter = try CompiledFilter(try FilterParser.parse(#"userName co "élo""#), for: TestRegistry.user)
        XCTAssertTrue(filter.matches(unicode))

        var body = resource
        body["id"] = nil
        body["meta"] = nil
        let stored = StoredResource(
            id: "2819c223", resourceType: "User", body: body, created: "2011-08-01T18:29:49Z",
            lastModified: "2011-08-01T18:29:49Z", version: "W/\"1\"")
        for text in [#"id eq "2819c223""#, #"meta.created lt "2012-01-01T00:00:00Z""#, #"emails.value co "babs""#] {
            XCTAssertTrue(
                try CompiledFilter(try FilterParser.parse(text), for: TestRegistry.user).matches(stored), text)
        }
    }
}
