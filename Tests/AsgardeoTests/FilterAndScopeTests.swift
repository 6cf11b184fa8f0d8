import XCTest

@testable import Asgardeo

/// The management APIs' `filter` grammar and Asgardeo's scope resolution, as pure functions.
final class FilterAndScopeTests: XCTestCase {
    private func matches(_ filter: String, name: String, clientId: String? = nil) throws -> Bool {
        let expression = try FilterExpression.parse(filter, attributes: ["name", "clientId", "issuer"]).get()
        return expression.matches { ["name": name, "clientId": clientId][$0] ?? nil }
    }

    func testOperationsValuesWithSpacesAndPrecedence() throws {
        XCTAssertTrue(try matches("name eq My App", name: "My App"))
        XCTAssertFalse(try matches("name eq My", name: "My App"))
        XCTAssertTrue(try matches("name sw My", name: "My App"))
        XCTAssertTrue(try matches("name ew App", name: "My App"))
        XCTAssertTrue(try matches("name co y A", name: "My App"))
        XCTAssertTrue(
            try matches("name co and", name: "Sand and stone"),
            "`and` not followed by an attribute belongs to the value")
        // A and B or C = (A and B) or C.
        XCTAssertTrue(try matches("name eq x and clientId eq y or name eq z", name: "z"))
        XCTAssertFalse(try matches("name eq x and clientId eq y or name eq z", name: "x"))
        XCTAssertTrue(try matches("name eq x and clientId eq y or name eq z", name: "x", clientId: "y"))
        XCTAssertFalse(try matches("clientId eq y", name: "x"), "a missing attribute never matches")
    }

    func testInvalidFilters() {
        let attributes: Set<String> = ["name"]
        guard case .failure(.attribute("owner")) = FilterExpression.parse("owner eq x", attributes: attributes) else {
            return XCTFail()
        }
        guard case .failure(.operation("gt")) = FilterExpression.parse("name gt x", attributes: attributes) else {
            return XCTFail()
        }
        guard case .failure(.format) = FilterExpression.parse("name eq", attributes: attributes) else {
            return XCTFail()
        }
        guard case .failure(.format) = FilterExpression.parse("   ", attributes: attributes) else { return XCTFail() }
    }

    func testScopeResolution() {
        let authorized = ["internal_application_mgt_view", "internal_user_mgt_list"]
        XCTAssertEqual(
            ScopeResolution.grant(
                ["internal_user_mgt_list", "nope", "openid"], authorized: authorized, userFlow: false),
            ["internal_user_mgt_list"])
        XCTAssertEqual(
            ScopeResolution.grant(["openid", "SYSTEM", "internal_login"], authorized: authorized, userFlow: true),
            ["openid", "internal_application_mgt_view", "internal_user_mgt_list", "internal_login"])
        XCTAssertEqual(
            ScopeResolution.grant(["SYSTEM", "internal_user_mgt_list"], authorized: authorized, userFlow: false),
            authorized,
            "no duplicates")
    }

    func testCatalogueIDsAreStableUUIDs() {
        let ids = APIResourceCatalogue.resources.map(\.id)
        XCTAssertEqual(Set(ids).count, ids.count)
        XCTAssertEqual(
            APIResourceCatalogue.stableID("api:/scim2/Users"),
            APIResourceCatalogue.resource(identifier: "/scim2/Users")?.id)
        XCTAssertTrue(ids.allSatisfy { $0.split(separator: "-").map(\.count) == [8, 4, 4, 4, 12] })
    }
}
