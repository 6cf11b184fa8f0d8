import JSON
import XCTest

/// JSON Pointer (RFC 6901): parsing, escaping and evaluation, including the RFC's own examples.
final class JSONPointerTests: XCTestCase {
    /// RFC 6901 §5: the example document and what each pointer evaluates to.
    func testRFC6901Examples() throws {
        let document = try JSON.parse(
            #"""
            {"foo": ["bar", "baz"], "": 0, "a/b": 1, "c%d": 2, "e^f": 3, "g|h": 4, "i\\j": 5, "k\"l": 6, " ": 7, "m~n": 8}
            """#)
        let expectations: [(String, JSON)] = [
            ("", document), ("/foo", ["bar", "baz"]), ("/foo/0", "bar"), ("/", 0), ("/a~1b", 1), ("/c%d", 2),
            ("/e^f", 3),
            ("/g|h", 4), ("/i\\j", 5), ("/k\"l", 6), ("/ ", 7), ("/m~0n", 8),
        ]
        for (text, expected) in expectations {
            XCTAssertEqual(try JSONPointer(text).resolve(in: document), expected, text)
        }
    }

    func testTokensAndRoundTrip() throws {
        XCTAssertEqual(try JSONPointer("").tokens, [])
        XCTAssertEqual(try JSONPointer("/").tokens, [""])
        XCTAssertEqual(try JSONPointer("/a//b").tokens, ["a", "", "b"])
        XCTAssertEqual(try JSONPointer("/~01").tokens, ["~1"], "~0 is decoded after ~1, so ~01 is ~1, not /")
        XCTAssertEqual(try JSONPointer("/~10").tokens, ["/0"])
        XCTAssertEqual(JSONPointer(tokens: ["a/b", "m~n", "x"]).description, "/a~1b/m~0n/x")
        for text in ["", "/", "/a~1b/m~0n", "/~01", "/servers/0/jwks/keys/-", "/é/ü"] {
            XCTAssertEqual(try JSONPointer(text).description, text)
        }
    }

    func testRejectsMalformedPointers() {
        for text in ["a", "a/b", "/~", "/~2", "/a~", "/~a"] {
            XCTAssertThrowsError(try JSONPointer(text), text)
        }
    }

    func testArrayIndexes() throws {
        let document: JSON = ["list": [10, 20, 30]]
        XCTAssertEqual(try JSONPointer("/list/2").resolve(in: document), 30)
        XCTAssertNil(try JSONPointer("/list/3").resolve(in: document))
        XCTAssertNil(try JSONPointer("/list/-").resolve(in: document), "- names the position after the last element")
        XCTAssertNil(try JSONPointer("/list/01").resolve(in: document), "leading zeros are not indexes")
        XCTAssertNil(try JSONPointer("/list/-1").resolve(in: document))
        XCTAssertNil(try JSONPointer("/list/0/x").resolve(in: document))
        XCTAssertNil(try JSONPointer("/missing").resolve(in: document))
        XCTAssertEqual(JSONPointer.arrayIndex("0"), 0)
        XCTAssertEqual(JSONPointer.arrayIndex("10"), 10)
        XCTAssertNil(JSONPointer.arrayIndex("+1"))
        XCTAssertNil(JSONPointer.arrayIndex(""))
        XCTAssertNil(JSONPointer.arrayIndex("99999999999999999999999"))
    }

    func testRelations() throws {
        let pointer = try JSONPointer("/a/b")
        XCTAssertEqual(pointer.parent, try JSONPointer("/a"))
        XCTAssertNil(JSONPointer(tokens: []).parent)
        XCTAssertEqual(pointer.appending("c/d"), try JSONPointer("/a/b/c~1d"))
        XCTAssertTrue(try JSONPointer("/a").isPrefix(of: pointer))
        XCTAssertTrue(pointer.isPrefix(of: pointer))
        XCTAssertFalse(try JSONPointer("/a/bc").isPrefix(of: pointer))
        XCTAssertTrue(JSONPointer(tokens: []).isPrefix(of: pointer))
    }
}
