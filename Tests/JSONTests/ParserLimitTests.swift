import JSON
import XCTest

final class ParserLimitTests: XCTestCase {
    func testDepthAtTheLimitIsAccepted() {
        let text = String(repeating: "[", count: 256) + String(repeating: "]", count: 256)
        XCTAssertNotNil(parsed(text))
    }

    func testDepthBeyondTheLimitIsRejectedAtTheOpeningBracket() {
        let text = String(repeating: "[", count: 257) + String(repeating: "]", count: 257)
        assertRejects(text, offset: 256, reason: "nesting too deep")
    }

    func testDepthCountsObjectsAndArraysTogether() {
        let options = JSONParseOptions(maxDepth: 3)
        XCTAssertNotNil(parsed(#"{"a":[{"b":1}]}"#, options: options))
        assertRejects(#"{"a":[{"b":[]}]}"#, offset: 11, reason: "nesting too deep", options: options)
        assertRejects(#"[{"a":[{}]}]"#, offset: 7, reason: "nesting too deep", options: options)
    }

    func testZeroDepthAllowsOnlyScalars() {
        let options = JSONParseOptions(maxDepth: 0)
        XCTAssertEqual(parsed("1", options: options), 1)
        assertRejects("[]", offset: 0, reason: "nesting too deep", options: options)
    }

    func testHugeNestingFailsWithoutExhaustingTheStack() {
        let bytes = [UInt8](repeating: UInt8(ascii: "["), count: 1_000_000)
        assertRejects(bytes, offset: 256, reason: "nesting too deep")
        let unlimited = JSONParseOptions(maxDepth: .max)
        assertRejects(bytes, offset: 1_000_000, reason: "unexpected end of input", options: unlimited)
    }

    func testSizeLimit() {
        let options = JSONParseOptions(maxBytes: 8)
        XCTAssertEqual(parsed("[1,2,3] ", options: options), [1, 2, 3])
        assertRejects("[1,2,3]  ", offset: 0, reason: "document too large", options: options)
        assertRejects("x\u{1}\u{2}garbage", offset: 0, reason: "document too large", options: options)
    }

    func testDefaultLimits() {
        let options = JSONParseOptions()
        XCTAssertEqual(options.maxDepth, 256)
        XCTAssertEqual(options.maxBytes, 16 << 20)
        XCTAssertEqual(options.duplicateKeys, .reject)
    }

    func testDuplicateKeysAreRejectedByDefaultAtTheRepeatedKey() {
        assertRejects(#"{"a":1,"b":2,"a":3}"#, offset: 13, reason: "duplicate key \"a\"")
        assertRejects(#"[{"x":{"k":1, "k":1}}]"#, offset: 14, reason: "duplicate key \"k\"")
    }

    func testDuplicateDetectionComparesDecodedKeys() {
        assertRejects(#"{"é":1,"\u00e9":2}"#, offset: 8, reason: "duplicate key \"é\"")
    }

    func testDuplicateKeysInLargeObjects() {
        let members = (0..<40).map { "\"k\($0)\":\($0)" }.joined(separator: ",")
        let text = "{\(members),\"k7\":0}"
        assertRejects(text, offset: text.utf8.count - 7, reason: "duplicate key \"k7\"")
        let lastWins = parsed(text, options: JSONParseOptions(duplicateKeys: .lastWins))
        XCTAssertEqual(lastWins?["k7"], 0)
        XCTAssertEqual(lastWins?.objectValue?.keys, (0..<40).map { "k\($0)" })
    }

    func testLastWinsKeepsTheFirstPositionAndTheLastValue() throws {
        let options = JSONParseOptions(duplicateKeys: .lastWins)
        let value = try XCTUnwrap(parsed(#"{"a":1,"b":2,"a":3,"a":{"c":4}}"#, options: options))
        XCTAssertEqual(value.objectValue?.keys, ["a", "b"])
        XCTAssertEqual(value["a"], ["c": 4])
        XCTAssertEqual(value["b"], 2)
    }
}
