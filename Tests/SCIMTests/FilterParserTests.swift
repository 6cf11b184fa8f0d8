import JSON
import SCIM
import XCTest

/// RFC 7644 §3.4.2.2 grammar: operators, precedence, value paths, URN paths, literals and malformed input.
final class FilterParserTests: XCTestCase {
    private func path(_ text: String) -> AttributePath { AttributePath.parse(text)! }

    func testComparisonsAndLiterals() throws {
        XCTAssertEqual(try FilterParser.parse(#"userName eq "bjensen""#), .compare(path("userName"), .eq, "bjensen"))
        XCTAssertEqual(try FilterParser.parse(#"userName Eq "a\"b""#), .compare(path("userName"), .eq, "a\"b"))
        XCTAssertEqual(try FilterParser.parse("active eq TRUE"), .compare(path("active"), .eq, true))
        XCTAssertEqual(try FilterParser.parse("x.y gt -1.5e2"), .compare(path("x.y"), .gt, -150.0))
        XCTAssertEqual(try FilterParser.parse("title pr"), .present(path("title")))
        XCTAssertEqual(try FilterParser.parse("title eq null"), .compare(path("title"), .eq, .null))
        for op in ComparisonOperator.allCases {
            XCTAssertEqual(try FilterParser.parse("a \(op.rawValue.uppercased()) \"v\""), .compare(path("a"), op, "v"))
        }
    }

    func testPrecedenceNotAndOr() throws {
        let a = Filter.compare(path("a"), .eq, "1"), b = Filter.compare(path("b"), .eq, "2"),
            c = Filter.compare(path("c"), .eq, "3")
        XCTAssertEqual(try FilterParser.parse(#"a eq "1" or b eq "2" and c eq "3""#), .or(a, .and(b, c)))
        XCTAssertEqual(try FilterParser.parse(#"(a eq "1" or b eq "2") and c eq "3""#), .and(.or(a, b), c))
        XCTAssertEqual(try FilterParser.parse(#"not (a eq "1") and b eq "2""#), .and(.not(a), b))
    }

    func testValuePathsAndURNs() throws {
        XCTAssertEqual(
            try FilterParser.parse(#"emails[type eq "work" and value co "@example.com"]"#),
            .valuePath(
                path("emails"), .and(.compare(path("type"), .eq, "work"), .compare(path("value"), .co, "@example.com")))
        )
        let urn = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
        XCTAssertEqual(
            try FilterParser.parse(urn + #" eq "26118915-6090-4610-87e4-49d8ca9f808d""#),
            .compare(
                AttributePath(
                    schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", name: "manager",
                    subAttribute: "value"), .eq, "26118915-6090-4610-87e4-49d8ca9f808d"))
    }

    func testMalformedFiltersNameTheProblemAndPosition() {
        let cases: [(String, String)] = [
            ("", "empty"),
            ("userName", "Expected an operator"),
            (#"userName xx "a""#, "Unknown operator \"xx\" at position 10"),
            ("userName eq", "Expected a value"),
            ("userName eq bjensen", "Expected a value"),
            (#"userName eq "abc"#, "Unterminated string starting at position 13"),
            (#"(userName eq "a""#, "Expected ')'"),
            (#"emails[type eq "work""#, "Expected ']'"),
            (#"emails[type[value eq "x"]]"#, "cannot be nested"),
            (#"not userName eq "a""#, "'(' after 'not'"),
            (#"userName eq "a" and"#, "Expected an attribute path at the end"),
            (#"userName eq "a" "b""#, "Unexpected text at position 17"),
            (#"userName eq "a" # 1"#, "Unexpected character '#' at position 17"),
            (#"9lives eq "a""#, "Expected an attribute path"),
            (#"a..b eq "a""#, "is not an attribute path"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try FilterParser.parse(text), text) { error in
                let error = error as! SCIMError
                XCTAssertEqual(error.status, 400, text)
                XCTAssertEqual(error.scimType, "invalidFilter", text)
                XCTAssertTrue(error.detail.contains(expected), "\(text): \(error.detail)")
            }
        }
    }

    /// Nesting and the number of `and`/`or` are bounded, so a hostile filter (a 1 MB `.search` body) is an
    /// `invalidFilter` error, not a stack overflow in the recursive parser or evaluator.
    func testHostileFiltersAreBounded() throws {
        let term = #"userName eq "a""#
        XCTAssertNoThrow(
            try FilterParser.parse(String(repeating: "(", count: 64) + term + String(repeating: ")", count: 64)))
        XCTAssertThrowsError(
            try FilterParser.parse(String(repeating: "(", count: 2000) + term + String(repeating: ")", count: 2000))
        ) {
            XCTAssertTrue(($0 as! SCIMError).detail.contains("more than 64 levels"), "\($0)")
        }
        XCTAssertThrowsError(
            try FilterParser.parse(String(repeating: "not (", count: 65) + term + String(repeating: ")", count: 65)))
        let chain = Array(repeating: term, count: 1002)
        XCTAssertNoThrow(try FilterParser.parse(chain.dropLast().joined(separator: " and ")), "1,000 connectives")
        XCTAssertThrowsError(try FilterParser.parse(chain.joined(separator: " or "))) {
            XCTAssertEqual(($0 as! SCIMError).scimType, "invalidFilter")
        }
    }

    func testPatchPaths() throws {
        XCTAssertEqual(
            try FilterParser.parsePatchPath(#"emails[type eq "work"].value"#),
            PatchPath(attribute: path("emails"), filter: .compare(path("type"), .eq, "work"), subAttribute: "value"))
        XCTAssertEqual(
            try FilterParser.parsePatchPath("name.givenName"),
            PatchPath(attribute: path("name.givenName"), filter: nil, subAttribute: nil))
        XCTAssertThrowsError(try FilterParser.parsePatchPath(#"emails[type eq "work"] x"#)) { error in
            XCTAssertEqual((error as! SCIMError).scimType, "invalidPath")
        }
    }
}
