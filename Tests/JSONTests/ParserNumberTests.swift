import JSON
import XCTest

final class ParserNumberTests: XCTestCase {
    func testIntegersBecomeInt() {
        XCTAssertEqual(parsed("0"), .int(0))
        XCTAssertEqual(parsed("-0"), .int(0))
        XCTAssertEqual(parsed("7"), .int(7))
        XCTAssertEqual(parsed("-123"), .int(-123))
    }

    func testFractionsAndExponentsBecomeDouble() {
        XCTAssertEqual(parsed("1.0"), .double(1))
        XCTAssertEqual(parsed("1e2"), .double(100))
        XCTAssertEqual(parsed("1E2"), .double(100))
        XCTAssertEqual(parsed("1e+2"), .double(100))
        XCTAssertEqual(parsed("1e-2"), .double(0.01))
        XCTAssertEqual(parsed("-2.5E-3"), .double(-0.0025))
        XCTAssertEqual(parsed("0.1"), .double(0.1))
        XCTAssertEqual(parsed("0e0"), .double(0))
    }

    func testNegativeZeroDoubleKeepsItsSign() throws {
        let value = try XCTUnwrap(parsed("-0.0")?.doubleValue)
        XCTAssertEqual(value, 0)
        XCTAssertEqual(value.sign, .minus)
    }

    func testInt64Bounds() {
        XCTAssertEqual(parsed("9223372036854775807"), .int(.max))
        XCTAssertEqual(parsed("-9223372036854775808"), .int(.min))
    }

    func testIntegersBeyondInt64BecomeDouble() {
        XCTAssertEqual(parsed("9223372036854775808"), .double(0x1p63))
        XCTAssertEqual(parsed("-9223372036854775809"), .double(-0x1p63))
        XCTAssertEqual(parsed("18446744073709551616"), .double(0x1p64))
        XCTAssertEqual(parsed("123456789012345678901234"), .double(1.2345678901234568e23))
    }

    func testDoublesAreCorrectlyRounded() {
        let literals = [
            "0.1", "0.2", "0.3", "2.2250738585072014e-308", "2.2250738585072011e-308", "4.9e-324",
            "1.7976931348623157e308", "9007199254740993", "9007199254740993.0", "3.141592653589793",
            "1.00000000000000011102230246251565404236316680908203125", "123456789012345.678",
            "0.000000000000000000000000000001", "1e22", "1e23", "1e-22", "1e-23", "8.98846567431158e307",
            "7.3177701707893310e+15", "5e-324", "2.4703282292062327e-324", "100000000000000000000000.0",
        ]
        for literal in literals {
            XCTAssertEqual(parsed(literal)?.doubleValue, Double(literal), literal)
        }
    }

    func testFastPathAgreesWithStandardLibraryOnRandomDecimals() {
        var generator = SplitMix64(seed: 0x5EED)
        for _ in 0..<20_000 {
            let digits = String(generator.next() % 10_000_000_000_000_000)
            let point = Int(generator.next() % UInt64(digits.count + 1))
            let exponent = Int(generator.next() % 61) - 30
            let mantissa =
                point == digits.count
                ? digits + ".0" : digits.prefix(point).description.ifEmpty("0") + "." + digits.dropFirst(point)
            let literal = "\(mantissa)e\(exponent)"
            XCTAssertEqual(parsed(literal)?.doubleValue, Double(literal), literal)
        }
    }

    func testOverflowingExponentIsRejected() {
        assertRejects("1e400", offset: 0, reason: "number out of range")
        assertRejects("[-1e99999999999999999999]", offset: 1, reason: "number out of range")
    }

    func testUnderflowingExponentIsZero() {
        XCTAssertEqual(parsed("1e-400"), .double(0))
        XCTAssertEqual(parsed("0e99999999999999999999"), .double(0))
    }

    func testLongLiteralsParse() {
        let long = "1" + String(repeating: "0", count: 300) + ".5"
        XCTAssertEqual(parsed(long)?.doubleValue, 1e300)
    }
}

/// Deterministic generator so failures reproduce.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

private extension String {
    func ifEmpty(_ replacement: String) -> String {
        isEmpty ? replacement : self
    }
}
