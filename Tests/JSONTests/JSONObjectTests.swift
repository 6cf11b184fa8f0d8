import JSON
import XCTest

final class JSONObjectTests: XCTestCase {
    func testInsertionOrderIsKept() {
        var object = JSONObject()
        object["z"] = 1
        object["a"] = 2
        object["m"] = 3
        XCTAssertEqual(object.keys, ["z", "a", "m"])
        XCTAssertEqual(object.map(\.key), ["z", "a", "m"])
        XCTAssertEqual(object.map(\.value), [1, 2, 3])
    }

    func testSettingAnExistingKeyKeepsItsPosition() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        object["a"] = "new"
        XCTAssertEqual(object.keys, ["a", "b", "c"])
        XCTAssertEqual(object["a"], "new")
    }

    func testSettingNilRemoves() {
        var object: JSONObject = ["a": 1, "b": 2]
        object["a"] = nil
        object["absent"] = nil
        XCTAssertEqual(object.keys, ["b"])
        XCTAssertFalse(object.contains("a"))
    }

    func testSettingJSONNullStoresNull() {
        var object = JSONObject()
        object["a"] = .null
        XCTAssertTrue(object.contains("a"))
        XCTAssertEqual(object["a"], .null)
    }

    func testRemoveValue() {
        var object: JSONObject = ["a": 1, "b": 2, "c": 3]
        XCTAssertEqual(object.removeValue(forKey: "b"), 2)
        XCTAssertNil(object.removeValue(forKey: "b"))
        XCTAssertEqual(object.keys, ["a", "c"])
        XCTAssertEqual(object.count, 2)
    }

    func testCountIsEmptyAndContains() {
        var object = JSONObject()
        XCTAssertTrue(object.isEmpty)
        XCTAssertEqual(object.count, 0)
        object["x"] = true
        XCTAssertFalse(object.isEmpty)
        XCTAssertEqual(object.count, 1)
        XCTAssertTrue(object.contains("x"))
        XCTAssertFalse(object.contains("y"))
        XCTAssertNil(object["y"])
    }

    func testPairsInitializerAndLiteralKeepOrderAndLastValue() {
        let fromPairs = JSONObject([("b", 1), ("a", 2), ("b", 3)])
        XCTAssertEqual(fromPairs.keys, ["b", "a"])
        XCTAssertEqual(fromPairs["b"], 3)
        let literal: JSONObject = ["q": 1, "p": 2]
        XCTAssertEqual(literal.keys, ["q", "p"])
    }

    func testEqualityIgnoresOrder() {
        let first: JSONObject = ["a": 1, "b": ["c": 2, "d": 3]]
        let second: JSONObject = ["b": ["d": 3, "c": 2], "a": 1]
        XCTAssertEqual(first, second)
        XCTAssertEqual(JSON.object(first), JSON.object(second))
        XCTAssertNotEqual(first, ["a": 1])
        XCTAssertNotEqual(first, ["a": 1, "b": ["c": 2, "d": 4]])
        XCTAssertNotEqual(first, ["a": 1, "x": ["c": 2, "d": 3]])
        XCTAssertNotEqual(JSONObject([("a", 1)]), JSONObject([("a", 1.0)]))
    }

    func testLargeObjectsBehaveLikeSmallOnes() {
        var object = JSONObject()
        for number in 0..<100 {
            object["k\(number)"] = .int(Int64(number))
        }
        XCTAssertEqual(object.count, 100)
        XCTAssertEqual(object.keys, (0..<100).map { "k\($0)" })
        for number in 0..<100 {
            XCTAssertEqual(object["k\(number)"], .int(Int64(number)))
        }
        object["k50"] = "replaced"
        XCTAssertEqual(object.keys[50], "k50")
        XCTAssertEqual(object["k50"], "replaced")

        for number in stride(from: 0, to: 100, by: 2) {
            XCTAssertEqual(object.removeValue(forKey: "k\(number)"), number == 50 ? "replaced" : .int(Int64(number)))
        }
        XCTAssertEqual(object.keys, stride(from: 1, to: 100, by: 2).map { "k\($0)" })
        for number in 0..<100 {
            XCTAssertEqual(object.contains("k\(number)"), number % 2 == 1)
        }
        object["new"] = 1
        XCTAssertEqual(object.keys.last, "new")
        XCTAssertEqual(object["new"], 1)
        XCTAssertEqual(object["k99"], 99)
    }

    func testShrinkingBelowTheIndexThresholdKeepsLookupsWorking() {
        var object = JSONObject()
        for number in 0..<20 {
            object["k\(number)"] = .int(Int64(number))
        }
        for number in 0..<15 {
            object["k\(number)"] = nil
        }
        XCTAssertEqual(object.keys, ["k15", "k16", "k17", "k18", "k19"])
        XCTAssertEqual(object["k17"], 17)
        object["k15"] = nil
        XCTAssertEqual(object["k19"], 19)
    }

    func testLargeAndSmallObjectsCompareEqualRegardlessOfOrder() {
        let keys = (0..<40).map { "key\($0)" }
        let forward = JSONObject(keys.map { ($0, JSON.string($0)) })
        let backward = JSONObject(keys.reversed().map { ($0, JSON.string($0)) })
        XCTAssertEqual(forward, backward)
    }
}
