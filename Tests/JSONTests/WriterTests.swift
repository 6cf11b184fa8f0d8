import JSON
import XCTest

final class WriterTests: XCTestCase {
    func testCompactOutput() {
        let value: JSON = ["b": [1, 2.5, true, false, nil], "a": ["x": "y"], "e": [], "o": .object([:])]
        XCTAssertEqual(value.jsonString(), #"{"b":[1,2.5,true,false,null],"a":{"x":"y"},"e":[],"o":{}}"#)
    }

    func testScalars() {
        XCTAssertEqual(JSON.null.jsonString(), "null")
        XCTAssertEqual(JSON.bool(true).jsonString(), "true")
        XCTAssertEqual(JSON.string("").jsonString(), #""""#)
    }

    func testIntegers() {
        XCTAssertEqual(JSON.int(0).jsonString(), "0")
        XCTAssertEqual(JSON.int(-7).jsonString(), "-7")
        XCTAssertEqual(JSON.int(1_000_000).jsonString(), "1000000")
        XCTAssertEqual(JSON.int(.max).jsonString(), "9223372036854775807")
        XCTAssertEqual(JSON.int(.min).jsonString(), "-9223372036854775808")
    }

    func testDoublesAlwaysReadBackAsDoubles() {
        XCTAssertEqual(JSON.double(3).jsonString(), "3.0")
        XCTAssertEqual(JSON.double(-0.0).jsonString(), "-0.0")
        XCTAssertEqual(JSON.double(0.1).jsonString(), "0.1")
        XCTAssertEqual(JSON.double(1e-5).jsonString(), "1e-05")
        XCTAssertEqual(JSON.double(1e16).jsonString(), "1e+16")
        XCTAssertEqual(JSON.double(1.7976931348623157e308).jsonString(), "1.7976931348623157e+308")
        XCTAssertEqual(JSON.double(.leastNonzeroMagnitude).jsonString(), "5e-324")
    }

    func testNonFiniteDoublesBecomeNull() {
        XCTAssertEqual(JSON.double(.nan).jsonString(), "null")
        XCTAssertEqual(JSON.double(.infinity).jsonString(), "null")
        XCTAssertEqual(JSON.double(-.infinity).jsonString(), "null")
    }

    func testStringEscaping() {
        XCTAssertEqual(JSON.string("a\"b\\c/d").jsonString(), #""a\"b\\c/d""#)
        XCTAssertEqual(JSON.string("\u{8}\u{C}\n\r\t").jsonString(), #""\b\f\n\r\t""#)
        XCTAssertEqual(JSON.string("\u{0}\u{1}\u{1F}\u{7F}").jsonString(), "\"\\u0000\\u0001\\u001f\u{7F}\"")
        XCTAssertEqual(JSON.string("\u{1B}[0m").jsonString(), #""\u001b[0m""#)
    }

    func testEscapeSlashesOption() {
        XCTAssertEqual(JSON.string("</script>").jsonString(.escapeSlashes), #""<\/script>""#)
        XCTAssertEqual(JSON.string("a/b").jsonString(), #""a/b""#)
    }

    func testNonASCIIIsWrittenAsRawUTF8() {
        XCTAssertEqual(JSON.string("é€😀").serialized(), Array("\"é€😀\"".utf8))
        XCTAssertEqual(JSON.string("\u{2028}").serialized(), [0x22, 0xE2, 0x80, 0xA8, 0x22])
    }

    func testKeysAreEscapedToo() {
        XCTAssertEqual(JSON.object(["a\"\n": 1]).jsonString(), #"{"a\"\n":1}"#)
    }

    func testSortedKeysUseUTF8ByteOrderRecursively() {
        let value: JSON = ["b": 1, "a": ["z": 1, "y": [["d": 1, "c": 2]]], "B": 2, "é": 3, "e": 4, "": 5]
        XCTAssertEqual(
            value.jsonString(.sortedKeys),
            #"{"":5,"B":2,"a":{"y":[{"c":2,"d":1}],"z":1},"b":1,"e":4,"é":3}"#
        )
    }

    func testSortedKeysOrdersByBytesNotByCanonicalEquivalence() {
        // As Strings, "\u{E9}" equals "e\u{301}" and so sorts first; as bytes, "e" (0x65) precedes 0xC3 0xA9.
        let value: JSON = ["\u{E9}": 1, "e\u{301}x": 2]
        XCTAssertEqual(value.jsonString(.sortedKeys), "{\"e\u{301}x\":2,\"\u{E9}\":1}")
    }

    func testPrettyPrinting() {
        let value: JSON = ["name": "idemu", "tags": ["a", 1], "empty": [], "none": .object([:]), "nested": ["x": nil]]
        let expected = """
            {
              "name": "idemu",
              "tags": [
                "a",
                1
              ],
              "empty": [],
              "none": {},
              "nested": {
                "x": null
              }
            }
            """
        XCTAssertEqual(value.jsonString(.prettyPrinted), expected)
    }

    func testPrettyPrintedScalarsAndEmptyContainers() {
        XCTAssertEqual(JSON.int(1).jsonString(.prettyPrinted), "1")
        XCTAssertEqual(JSON.array([]).jsonString(.prettyPrinted), "[]")
        XCTAssertEqual(JSON.object([:]).jsonString(.prettyPrinted), "{}")
        XCTAssertEqual(JSON.array([[]]).jsonString(.prettyPrinted), "[\n  []\n]")
    }

    func testPrettyAndSortedTogether() {
        let value: JSON = ["b": [1], "a": 2]
        XCTAssertEqual(value.jsonString([.prettyPrinted, .sortedKeys]), "{\n  \"a\": 2,\n  \"b\": [\n    1\n  ]\n}")
    }

    func testWriteAppendsToExistingBuffer() {
        var buffer = Array("prefix:".utf8)
        JSON.array([1, "x"]).write(into: &buffer)
        JSON.bool(false).write(into: &buffer, options: .prettyPrinted)
        XCTAssertEqual(String(decoding: buffer, as: UTF8.self), #"prefix:[1,"x"]false"#)
    }

    func testDescriptionIsCompactJSON() {
        let value: JSON = ["a": [1, "b"]]
        XCTAssertEqual(value.description, #"{"a":[1,"b"]}"#)
        XCTAssertEqual("\(value)", #"{"a":[1,"b"]}"#)
    }
}
