import JSON
import XCTest

final class JSONAccessorTests: XCTestCase {
    func testLiterals() {
        let value: JSON = ["n": nil, "b": true, "i": 1, "d": 1.5, "s": "x", "a": [1, "y"], "o": ["k": false]]
        XCTAssertEqual(value["n"], .null)
        XCTAssertEqual(value["b"], .bool(true))
        XCTAssertEqual(value["i"], .int(1))
        XCTAssertEqual(value["d"], .double(1.5))
        XCTAssertEqual(value["s"], .string("x"))
        XCTAssertEqual(value["a"], .array([.int(1), .string("y")]))
        XCTAssertEqual(value["o"], .object(JSONObject([("k", .bool(false))])))
        XCTAssertEqual(value.objectValue?.keys, ["n", "b", "i", "d", "s", "a", "o"])
    }

    func testSubscripts() {
        let value: JSON = ["list": [10, 20], "key": "v"]
        XCTAssertEqual(value["list"]?[1], 20)
        XCTAssertNil(value["list"]?[2])
        XCTAssertNil(value["list"]?[-1])
        XCTAssertNil(value["missing"])
        XCTAssertNil(value[0])
        XCTAssertNil(JSON.string("s")["key"])
    }

    func testTypedAccessors() {
        XCTAssertEqual(JSON.string("s").stringValue, "s")
        XCTAssertNil(JSON.int(1).stringValue)
        XCTAssertEqual(JSON.int(5).intValue, 5)
        XCTAssertNil(JSON.double(5).intValue)
        XCTAssertEqual(JSON.int(5).doubleValue, 5)
        XCTAssertEqual(JSON.double(2.5).doubleValue, 2.5)
        XCTAssertNil(JSON.bool(true).doubleValue)
        XCTAssertEqual(JSON.bool(false).boolValue, false)
        XCTAssertNil(JSON.int(0).boolValue)
        XCTAssertEqual(JSON.array([1]).arrayValue, [1])
        XCTAssertNil(JSON.object([:]).arrayValue)
        XCTAssertEqual(JSON.object(["a": 1]).objectValue, ["a": 1])
        XCTAssertNil(JSON.array([]).objectValue)
        XCTAssertTrue(JSON.null.isNull)
        XCTAssertFalse(JSON.int(0).isNull)
        XCTAssertFalse(JSON.string("").isNull)
    }

    func testParseErrorDescription() {
        XCTAssertEqual(
            JSONParseError(offset: 3, reason: "nesting too deep").description,
            "invalid JSON at byte 3: nesting too deep")
    }
}
