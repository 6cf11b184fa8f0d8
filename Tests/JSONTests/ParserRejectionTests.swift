import JSON
import XCTest

final class ParserRejectionTests: XCTestCase {
    func testEmptyAndBlankInput() {
        assertRejects("", offset: 0, reason: "unexpected end of input")
        assertRejects(" \n\t", offset: 3, reason: "unexpected end of input")
    }

    func testOnlyJSONWhitespaceIsSkipped() {
        assertRejects("\u{0B}1", offset: 0, reason: "unexpected byte 0x0B")
        assertRejects("\u{0C}1", offset: 0, reason: "unexpected byte 0x0C")
        assertRejects("1\u{A0}", offset: 1, reason: "unexpected byte 0xC2 after the JSON value")
        assertRejects([0xEF, 0xBB, 0xBF, 0x31], offset: 0, reason: "unexpected byte 0xEF")
    }

    func testTrailingContent() {
        assertRejects("1 2", offset: 2, reason: "unexpected character '2' after the JSON value")
        assertRejects("{}x", offset: 2, reason: "unexpected character 'x' after the JSON value")
        assertRejects("nullx", offset: 4, reason: "unexpected character 'x' after the JSON value")
        assertRejects("[1]]", offset: 3, reason: "unexpected character ']' after the JSON value")
    }

    func testTrailingCommas() {
        assertRejects("[1,]", offset: 3, reason: "unexpected character ']'")
        assertRejects(#"{"a":1,}"#, offset: 7, reason: "expected a string key")
        assertRejects("[,]", offset: 1, reason: "unexpected character ','")
        assertRejects("[1,,2]", offset: 3, reason: "unexpected character ','")
    }

    func testComments() {
        assertRejects("// c\n1", offset: 0, reason: "unexpected character '/'")
        assertRejects("[1 /* c */]", offset: 3, reason: "expected ',' or ']'")
    }

    func testStructuralErrors() {
        assertRejects("[1 2]", offset: 3, reason: "expected ',' or ']'")
        assertRejects(#"{"a":1 "b":2}"#, offset: 7, reason: "expected ',' or '}'")
        assertRejects(#"{"a" 1}"#, offset: 5, reason: "expected ':'")
        assertRejects(#"{a:1}"#, offset: 1, reason: "expected a string key")
        assertRejects(#"{1:1}"#, offset: 1, reason: "expected a string key")
        assertRejects("[1", offset: 2, reason: "unexpected end of input")
        assertRejects("[", offset: 1, reason: "unexpected end of input")
        assertRejects(#"{"a":"#, offset: 5, reason: "unexpected end of input")
        assertRejects(#"{"a""#, offset: 4, reason: "unexpected end of input")
        assertRejects("{", offset: 1, reason: "unexpected end of input")
        assertRejects("]", offset: 0, reason: "unexpected character ']'")
        assertRejects("[}", offset: 1, reason: "unexpected character '}'")
        assertRejects("'a'", offset: 0, reason: "unexpected character '''")
    }

    func testLiterals() {
        assertRejects("tru", offset: 0, reason: "invalid literal")
        assertRejects("[truE]", offset: 1, reason: "invalid literal")
        assertRejects("nul", offset: 0, reason: "invalid literal")
        assertRejects("False", offset: 0, reason: "unexpected character 'F'")
        assertRejects("NaN", offset: 0, reason: "unexpected character 'N'")
        assertRejects("Infinity", offset: 0, reason: "unexpected character 'I'")
        assertRejects("-Infinity", offset: 1, reason: "expected a digit")
        assertRejects("[nan]", offset: 1, reason: "invalid literal")
    }

    func testNumberSyntax() {
        assertRejects("01", offset: 0, reason: "leading zeros are not allowed")
        assertRejects("-01", offset: 1, reason: "leading zeros are not allowed")
        assertRejects("[00]", offset: 1, reason: "leading zeros are not allowed")
        assertRejects("+1", offset: 0, reason: "unexpected character '+'")
        assertRejects(".5", offset: 0, reason: "unexpected character '.'")
        assertRejects("-.5", offset: 1, reason: "expected a digit")
        assertRejects("1.", offset: 2, reason: "expected a digit after the decimal point")
        assertRejects("1.e5", offset: 2, reason: "expected a digit after the decimal point")
        assertRejects("-", offset: 1, reason: "expected a digit")
        assertRejects("- 1", offset: 1, reason: "expected a digit")
        assertRejects("1e", offset: 2, reason: "expected a digit in the exponent")
        assertRejects("1e+", offset: 3, reason: "expected a digit in the exponent")
        assertRejects("1E-x", offset: 3, reason: "expected a digit in the exponent")
        assertRejects("0x10", offset: 1, reason: "unexpected character 'x' after the JSON value")
        assertRejects("1.5.2", offset: 3, reason: "unexpected character '.' after the JSON value")
        assertRejects("[1e5e5]", offset: 4, reason: "expected ',' or ']'")
    }
}
