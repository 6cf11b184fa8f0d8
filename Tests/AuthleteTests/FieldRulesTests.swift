import JSON
import XCTest

@testable import Authlete

/// What a Service or Client body may contain: the SDK's field types and enum names, nulls as "unset".
final class FieldRulesTests: XCTestCase {
    func testKeepsKnownMembersDropsNullsAndUnknowns() throws {
        let body: JSONObject = ["clientName": "a", "clientType": .null, "grantTypes": ["REFRESH_TOKEN"], "madeUp": 1]
        guard case .success(let clean) = FieldRules.sanitize(body, rules: FieldRules.client) else {
            return XCTFail("refused")
        }
        XCTAssertEqual(clean, ["clientName": "a", "grantTypes": ["REFRESH_TOKEN"]])
    }

    func testRefusesValuesTheSDKCannotRead() {
        for (member, value) in [
            ("clientType", JSON.string("public")), ("grantTypes", ["AUTHORIZATION_CODE", "NATIVE_SSO"]),
            ("clientId", "12"), ("redirectUris", [1]), ("idTokenSignAlg", "EdDSA"), ("locked", "yes"),
        ] {
            guard case .failure(let problem) = FieldRules.sanitize([member: value], rules: FieldRules.client) else {
                XCTFail("\(member) = \(value) was accepted")
                continue
            }
            XCTAssertEqual(problem.field, member)
        }
        guard
            case .failure(let scope) = FieldRules.sanitize(
                ["supportedScopes": [["description": "no name"]]], rules: FieldRules.service)
        else {
            return XCTFail("a scope without a name was accepted")
        }
        XCTAssertEqual(scope.field, "supportedScopes[0].name")
    }

    func testEnumSetsAreTheSDKs() {
        XCTAssertEqual(EnumSets.clientType, ["PUBLIC", "CONFIDENTIAL"])
        XCTAssertFalse(EnumSets.grantType.contains("NATIVE_SSO"))
        XCTAssertEqual(GrantTypeNames.responseTypeValue("CODE_ID_TOKEN"), "code id_token")
        XCTAssertEqual(GrantTypeNames.name(ofGrantType: "client_credentials"), "CLIENT_CREDENTIALS")
    }
}
