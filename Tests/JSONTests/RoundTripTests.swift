import Foundation
import JSON
import XCTest

final class RoundTripTests: XCTestCase {
    private let allFormats: [JSONWriteOptions] = [
        [], .sortedKeys, .prettyPrinted, .escapeSlashes, [.sortedKeys, .prettyPrinted, .escapeSlashes],
    ]

    func testHandWrittenValuesRoundTrip() throws {
        let values: [JSON] = [
            nil, true, false, 0, -1, .int(.max), .int(.min), 0.5, -0.0, 1e300, 1e-300, 3.0, 1e16,
            .double(.leastNonzeroMagnitude), .double(.greatestFiniteMagnitude), 9007199254740993.0,
            "", "plain", "quote\" backslash\\ slash/ controls\u{0}\u{1F}\n", "é€😀\u{10FFFF}\u{FFFF}",
            [], [[], [[]]], .object([:]), ["a": ["b": ["c": [1, 2, ["d": nil]]]]],
            ["": 1, " ": 2, "\u{0}": 3, "😀": 4],
        ]
        for value in values {
            for options in allFormats {
                XCTAssertEqual(try JSON.parse(value.serialized(options)), value, "\(value) with \(options.rawValue)")
            }
        }
    }

    func testRandomValuesRoundTrip() throws {
        var generator = SplitMix64(seed: 42)
        for _ in 0..<500 {
            let value = randomValue(depth: 0, using: &generator)
            for options in allFormats {
                XCTAssertEqual(try JSON.parse(value.serialized(options)), value)
            }
        }
    }

    func testRandomDoublesRoundTripBitForBit() throws {
        var generator = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            let number = Double(bitPattern: generator.next())
            guard number.isFinite else { continue }
            let reparsed = try JSON.parse(JSON.double(number).serialized())
            XCTAssertEqual(reparsed.doubleValue?.bitPattern, number.bitPattern, "\(number)")
        }
    }

    func testFoundationReadsOurOutput() throws {
        let value: JSON = ["s": "é\n\"/\u{1}", "n": [1, 2.5, -3e-7], "b": true, "z": nil]
        let object = try JSONSerialization.jsonObject(with: Data(value.serialized([.prettyPrinted, .escapeSlashes])))
        let dictionary = try XCTUnwrap(object as? [String: Any])
        XCTAssertEqual(dictionary["s"] as? String, "é\n\"/\u{1}")
        XCTAssertEqual(dictionary["b"] as? Bool, true)
        XCTAssertTrue(dictionary["z"] is NSNull)
    }

    func testWeReadFoundationOutput() throws {
        let source: [String: Any] = ["text": "a/b é 😀 \u{7}", "list": [1, 2], "flag": false]
        let data = try JSONSerialization.data(withJSONObject: source, options: [.sortedKeys])
        let value = try JSON.parse([UInt8](data))
        XCTAssertEqual(value, ["flag": false, "list": [1, 2], "text": "a/b é 😀 \u{7}"])
    }

    private func randomValue(depth: Int, using generator: inout SplitMix64) -> JSON {
        let kind = depth > 4 ? generator.next() % 5 : generator.next() % 7
        switch kind {
        case 0: return .null
        case 1: return .bool(generator.next() % 2 == 0)
        case 2: return .int(Int64(bitPattern: generator.next()) >> (generator.next() % 64))
        case 3:
            let number = Double(bitPattern: generator.next())
            return .double(number.isFinite ? number : 0.25)
        case 4: return .string(randomString(using: &generator))
        case 5:
            let count = Int(generator.next() % 6)
            return .array((0..<count).map { _ in randomValue(depth: depth + 1, using: &generator) })
        default:
            var members = JSONObject()
            for _ in 0..<(generator.next() % 24) {
                members[randomString(using: &generator)] = randomValue(depth: depth + 1, using: &generator)
            }
            return .object(members)
        }
    }

    private func randomString(using generator: inout SplitMix64) -> String {
        let alphabet: [Unicode.Scalar] = [
            "a", "b", "\"", "\\", "/", "\n", "\u{0}", "\u{1F}", "é", "€", "😀", "\u{FFFF}", " ",
        ]
        var text = String.UnicodeScalarView()
        for _ in 0..<(generator.next() % 8) {
            text.append(alphabet[Int(generator.next() % UInt64(alphabet.count))])
        }
        return String(text)
    }
}
