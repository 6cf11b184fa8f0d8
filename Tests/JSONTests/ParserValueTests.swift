import JSON
import XCTest

final class ParserValueTests: XCTestCase {
    func testScalarsAtTopLevel() {
        XCTAssertEqual(parsed("null"), .null)
        XCTAssertEqual(parsed("true"), .bool(true))
        XCTAssertEqual(parsed("false"), .bool(false))
        XCTAssertEqual(parsed("42"), .int(42))
        XCTAssertEqual(parsed("\"hi\""), .string("hi"))
    }

    func testContainers() {
        XCTAssertEqual(parsed("[]"), .array([]))
        XCTAssertEqual(parsed("{}"), .object(JSONObject()))
        XCTAssertEqual(parsed("[1,[2,[3]],{\"a\":{\"b\":[]}}]"), [1, [2, [3]], ["a": ["b": []]]])
    }

    func testWhitespaceAroundEveryToken() {
        let text = " \t\r\n{ \"a\" : [ 1 , true , null ] , \"b\" : { } }\n"
        XCTAssertEqual(parsed(text), ["a": [1, true, nil], "b": .object([:])])
    }

    func testObjectMembersKeepDocumentOrder() throws {
        let value = try XCTUnwrap(parsed(#"{"z":1,"a":2,"m":3}"#))
        XCTAssertEqual(value.objectValue?.keys, ["z", "a", "m"])
    }

    func testIntDoubleAndBoolAreDistinct() {
        XCTAssertEqual(parsed("1"), .int(1))
        XCTAssertEqual(parsed("1.0"), .double(1.0))
        XCTAssertEqual(parsed("true"), .bool(true))
        XCTAssertNotEqual(parsed("1"), parsed("1.0"))
        XCTAssertNotEqual(parsed("1"), parsed("true"))
    }

    func testAllThreeEntryPointsAgree() throws {
        let text = #"{"a":[1,2.5,"é"]}"#
        let bytes = Array(text.utf8)
        let fromBuffer = try bytes.withUnsafeBytes { try JSON.parse($0) }
        XCTAssertEqual(try JSON.parse(text), try JSON.parse(bytes))
        XCTAssertEqual(fromBuffer, try JSON.parse(bytes))
    }

    func testParsesFromASubstringBackedString() throws {
        let text = String(#"xx{"a":1}xx"#.dropFirst(2).dropLast(2))
        XCTAssertEqual(try JSON.parse(text), ["a": 1])
    }

    func testLargeObjectUsesIndexedLookupCorrectly() throws {
        let members = (0..<100).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let value = try XCTUnwrap(parsed("{\(members)}"))
        XCTAssertEqual(value.objectValue?.count, 100)
        XCTAssertEqual(value["k0"], 0)
        XCTAssertEqual(value["k99"], 99)
        XCTAssertEqual(value.objectValue?.keys.first, "k0")
    }
}
