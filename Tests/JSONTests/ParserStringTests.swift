import JSON
import XCTest

final class ParserStringTests: XCTestCase {
    func testShortEscapes() {
        XCTAssertEqual(parsed(#""\" \\ \/ \b \f \n \r \t""#), .string("\" \\ / \u{8} \u{C} \n \r \t"))
    }

    func testUnicodeEscapes() {
        XCTAssertEqual(parsed(#""\u0041\u00e9\u00E9\u20ac""#), .string("Aéé€"))
        XCTAssertEqual(parsed(#""\u0000""#), .string("\u{0}"))
        XCTAssertEqual(parsed(#""\uffff""#), .string("\u{FFFF}"))
    }

    func testSurrogatePairsCombine() {
        XCTAssertEqual(parsed(#""\ud83d\ude00""#), .string("😀"))
        XCTAssertEqual(parsed(#""\uD800\uDC00""#), .string("\u{10000}"))
        XCTAssertEqual(parsed(#""\uDBFF\uDFFF""#), .string("\u{10FFFF}"))
        XCTAssertEqual(parsed(#""a\ud83d\ude00b""#), .string("a😀b"))
    }

    func testLoneSurrogateEscapesAreRejected() {
        assertRejects(#""\ud83d""#, offset: 1, reason: "unpaired surrogate in \\u escape")
        assertRejects(#""ab\ud83dx""#, offset: 3, reason: "unpaired surrogate in \\u escape")
        assertRejects(#""\ude00""#, offset: 1, reason: "unpaired surrogate in \\u escape")
        assertRejects(#""\ud83d\u0041""#, offset: 1, reason: "unpaired surrogate in \\u escape")
        assertRejects(#""\ud83d\ud83d""#, offset: 1, reason: "unpaired surrogate in \\u escape")
        assertRejects(#""\ude00\ud83d""#, offset: 1, reason: "unpaired surrogate in \\u escape")
    }

    func testMalformedEscapesAreRejected() {
        assertRejects(#""\x""#, offset: 1, reason: "invalid escape sequence")
        assertRejects(#""\'""#, offset: 1, reason: "invalid escape sequence")
        assertRejects(#""\U0041""#, offset: 1, reason: "invalid escape sequence")
        assertRejects(#""\u12""#, offset: 1, reason: "invalid \\u escape")
        assertRejects(#""\u12G4""#, offset: 1, reason: "invalid \\u escape")
        assertRejects(#""\ud83d\u12""#, offset: 7, reason: "invalid \\u escape")
        assertRejects(#""\"#, offset: 2, reason: "unterminated string")
    }

    func testRawUTF8IsKept() {
        XCTAssertEqual(parsed("\"é€😀\""), .string("é€😀"))
        XCTAssertEqual(try JSON.parse([0x22, 0xF4, 0x8F, 0xBF, 0xBF, 0x22]), .string("\u{10FFFF}"))
        XCTAssertEqual(try JSON.parse([0x22, 0xEF, 0xBF, 0xBF, 0x22]), .string("\u{FFFF}"))
    }

    func testMixedEscapesAndUTF8() {
        XCTAssertEqual(parsed("\"é\\n€\\u00e9😀\""), .string("é\n€é😀"))
    }

    func testInvalidUTF8IsRejectedAtTheLeadByte() {
        let quote: UInt8 = 0x22
        let cases: [[UInt8]] = [
            [0x80],  // continuation without lead
            [0xBF],
            [0xC0, 0xAF],  // overlong '/'
            [0xC1, 0xBF],  // overlong
            [0xE0, 0x80, 0xAF],  // overlong 3-byte
            [0xF0, 0x80, 0x80, 0xAF],  // overlong 4-byte
            [0xED, 0xA0, 0x80],  // UTF-8 encoded high surrogate
            [0xED, 0xBF, 0xBF],  // UTF-8 encoded low surrogate
            [0xF4, 0x90, 0x80, 0x80],  // above U+10FFFF
            [0xF5, 0x80, 0x80, 0x80],
            [0xFE], [0xFF],
            [0xC3, 0x28],  // bad continuation
            [0xE2, 0x82, 0x28],
            [0xF0, 0x9F, 0x98, 0x28],
        ]
        for sequence in cases {
            assertRejects([quote, 0x61] + sequence + [quote], offset: 2, reason: "invalid UTF-8")
        }
    }

    func testTruncatedUTF8AtEndOfInput() {
        assertRejects([0x22, 0xE2, 0x82], offset: 1, reason: "invalid UTF-8")
        assertRejects([0x22, 0xC3], offset: 1, reason: "invalid UTF-8")
    }

    func testInvalidUTF8AfterAnEscapeIsRejected() {
        assertRejects([0x22, 0x5C, 0x6E, 0xC0, 0x80, 0x22], offset: 3, reason: "invalid UTF-8")
    }

    func testControlCharactersMustBeEscaped() {
        for byte: UInt8 in 0..<0x20 {
            assertRejects([0x22, 0x61, byte, 0x22], offset: 2, reason: "unescaped control character in string")
        }
        XCTAssertEqual(try JSON.parse([0x22, 0x7F, 0x22]), .string("\u{7F}"))
    }

    func testUnterminatedStrings() {
        assertRejects(#""abc"#, offset: 4, reason: "unterminated string")
        assertRejects(#""ab\n"#, offset: 5, reason: "unterminated string")
        assertRejects(#"{"a"#, offset: 3, reason: "unterminated string")
    }
}
