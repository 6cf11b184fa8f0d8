import JSON
import XCTest

final class JSONReaderTests: XCTestCase {
    private let document: JSON = [
        "tenants": [["id": "t1", "port": 8080, "ratio": 0.5, "enabled": true, "tags": ["x"], "meta": ["k": "v"]]],
        "odd key": ["inner": 1],
        "count": 3,
        "nothing": nil,
    ]

    private func assertReadError(
        _ expected: JSONReadError, file: StaticString = #filePath, line: UInt = #line,
        _ body: () throws -> Void
    ) {
        do {
            try body()
            XCTFail("expected \(expected)", file: file, line: line)
        } catch {
            XCTAssertEqual(error as? JSONReadError, expected, file: file, line: line)
        }
    }

    func testRootPath() {
        XCTAssertEqual(JSONReader(document).path, "$")
        XCTAssertEqual(JSONReader(1, path: "$.x").path, "$.x")
    }

    func testTypedValuesAndPaths() throws {
        let tenant = try XCTUnwrap(try JSONReader(document).array("tenants").first)
        XCTAssertEqual(tenant.path, "$.tenants[0]")
        XCTAssertEqual(try tenant.string("id"), "t1")
        XCTAssertEqual(try tenant.int("port"), 8080)
        XCTAssertEqual(try tenant.double("ratio"), 0.5)
        XCTAssertEqual(try tenant.double("port"), 8080)
        XCTAssertEqual(try tenant.bool("enabled"), true)
        XCTAssertEqual(try tenant.array("tags").map { $0.path }, ["$.tenants[0].tags[0]"])
        XCTAssertEqual(try tenant.object("meta"), ["k": "v"])
        XCTAssertEqual(try tenant.required("id").path, "$.tenants[0].id")
    }

    func testChild() {
        let reader = JSONReader(document)
        XCTAssertEqual(reader.child("count")?.path, "$.count")
        XCTAssertEqual(reader.child("count")?.value, 3)
        XCTAssertNil(reader.child("absent"))
        XCTAssertEqual(reader.child("nothing")?.value, .null)
        XCTAssertNil(JSONReader("scalar").child("a"))
    }

    func testKeysThatAreNotIdentifiersUseBracketNotation() {
        let reader = JSONReader(["odd key": ["a-b": ["1st": ["ok_2": ["q\"\\": 1]]]]])
        let path = reader.child("odd key")?.child("a-b")?.child("1st")?.child("ok_2")?.child("q\"\\")?.path
        XCTAssertEqual(path, #"$["odd key"]["a-b"]["1st"].ok_2["q\"\\"]"#)
        XCTAssertEqual(JSONReader(["": 1]).child("")?.path, #"$[""]"#)
        XCTAssertEqual(JSONReader(["é": 1]).child("é")?.path, #"$["é"]"#)
    }

    func testTypeMismatchMessages() {
        let reader = JSONReader(document)
        assertReadError(JSONReadError(path: "$.tenants[0].id", reason: "expected a number, found a string")) {
            _ = try reader.array("tenants")[0].double("id")
        }
        assertReadError(JSONReadError(path: "$.count", reason: "expected a string, found a number")) {
            _ = try reader.string("count")
        }
        assertReadError(JSONReadError(path: "$.count", reason: "expected a boolean, found a number")) {
            _ = try reader.bool("count")
        }
        assertReadError(JSONReadError(path: "$.tenants", reason: "expected an object, found an array")) {
            _ = try reader.object("tenants")
        }
        assertReadError(JSONReadError(path: #"$["odd key"]"#, reason: "expected an array, found an object")) {
            _ = try reader.array("odd key")
        }
        assertReadError(JSONReadError(path: "$.nothing", reason: "expected an integer, found null")) {
            _ = try reader.int("nothing")
        }
        assertReadError(JSONReadError(path: "$", reason: "expected an object, found a boolean")) {
            _ = try JSONReader(true).string("a")
        }
    }

    func testMissingRequiredField() {
        let reader = JSONReader(document)
        assertReadError(JSONReadError(path: "$.tenants[0].secret", reason: "missing required field")) {
            _ = try reader.array("tenants")[0].string("secret")
        }
        assertReadError(JSONReadError(path: "$.absent", reason: "missing required field")) {
            _ = try reader.required("absent")
        }
    }

    func testRequiredNullIsATypeError() {
        assertReadError(JSONReadError(path: "$.nothing", reason: "expected a string, found null")) {
            _ = try JSONReader(document).string("nothing")
        }
    }

    func testOptionalMembers() throws {
        let reader = try JSONReader(document).array("tenants")[0]
        XCTAssertEqual(try reader.optionalString("id"), "t1")
        XCTAssertNil(try reader.optionalString("absent"))
        XCTAssertNil(try JSONReader(document).optionalString("nothing"))
        XCTAssertEqual(try reader.optionalInt("port"), 8080)
        XCTAssertNil(try reader.optionalInt("absent"))
        XCTAssertEqual(try reader.optionalDouble("ratio"), 0.5)
        XCTAssertNil(try reader.optionalDouble("absent"))
        XCTAssertEqual(try reader.optionalBool("enabled"), true)
        XCTAssertNil(try reader.optionalBool("absent"))
        XCTAssertEqual(try reader.optionalArray("tags")?.map(\.value), ["x"])
        XCTAssertNil(try reader.optionalArray("absent"))
        XCTAssertEqual(try reader.optionalObject("meta"), ["k": "v"])
        XCTAssertNil(try reader.optionalObject("absent"))
    }

    func testOptionalMemberOfTheWrongTypeIsAnError() {
        assertReadError(JSONReadError(path: "$.count", reason: "expected a string, found a number")) {
            _ = try JSONReader(document).optionalString("count")
        }
        assertReadError(JSONReadError(path: "$", reason: "expected an object, found an array")) {
            _ = try JSONReader([1]).optionalString("a")
        }
    }

    func testIntegersWrittenAsIntegralDoublesAreAccepted() throws {
        XCTAssertEqual(try JSONReader(2.0).int(), 2)
        XCTAssertEqual(try JSONReader(JSON.double(-1e3)).int(), -1000)
        XCTAssertEqual(try JSONReader(JSON.double(-0x1p63)).int(), .min)
        assertReadError(JSONReadError(path: "$", reason: "expected an integer, found a fractional number")) {
            _ = try JSONReader(2.5).int()
        }
        assertReadError(JSONReadError(path: "$", reason: "integer out of range")) {
            _ = try JSONReader(JSON.double(0x1p63)).int()
        }
        assertReadError(JSONReadError(path: "$", reason: "expected an integer, found a number")) {
            _ = try JSONReader(JSON.double(.nan)).int()
        }
    }

    func testErrorDescription() {
        let error = JSONReadError(path: "$.tenants[0].id", reason: "expected a string, found a number")
        XCTAssertEqual(error.description, "$.tenants[0].id: expected a string, found a number")
    }
}
