import JSON
import XCTest

/// JSON Patch (RFC 6902, with every example of its Appendix A) and JSON Merge Patch (RFC 7396 Appendix A).
final class JSONPatchTests: XCTestCase {
    private func patch(_ document: String, _ operations: String) throws -> JSON {
        try JSONPatch.apply(try JSON.parse(operations), to: try JSON.parse(document))
    }

    private func assertPatch(
        _ document: String, _ operations: String, gives expected: String,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let result = try patch(document, operations)
            XCTAssertEqual(result, try JSON.parse(expected), file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    private func assertFails(
        _ document: String, _ operations: String, kind: JSONPatchError.Kind, index: Int? = 0,
        file: StaticString = #filePath, line: UInt = #line
    ) {
        do {
            let result = try patch(document, operations)
            XCTFail("applied, giving \(result)", file: file, line: line)
        } catch let error as JSONPatchError {
            XCTAssertEqual(error.kind, kind, "\(error)", file: file, line: line)
            XCTAssertEqual(error.operationIndex, index, "\(error)", file: file, line: line)
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
    }

    // MARK: Bounds

    /// `copy` can double a document or nest it one level deeper per operation: results are bounded in depth, values
    /// and operation count, so a short hostile patch is an error rather than a stack overflow or a hang.
    func testPatchesThatWouldGrowWithoutBoundFail() {
        let nesting =
            "[" + Array(repeating: #"{"op":"copy","from":"/a","path":"/a/b"}"#, count: 300).joined(separator: ",") + "]"
        assertFails(#"{"a":{}}"#, nesting, kind: .unresolvable, index: JSONPatch.maximumDepth - 2)
        let doubling =
            #"[{"op":"add","path":"/x","value":[1]}"#
            + String(repeating: #",{"op":"copy","from":"/x","path":"/x/-"}"#, count: 40) + "]"
        assertFails("{}", doubling, kind: .unresolvable, index: 17)
        let many =
            "["
            + Array(repeating: #"{"op":"test","path":"","value":{}}"#, count: JSONPatch.maximumOperations + 1).joined(
                separator: ",") + "]"
        assertFails("{}", many, kind: .invalidPatch, index: nil)
        assertPatch(
            #"{"a":{}}"#,
            "[" + Array(repeating: #"{"op":"copy","from":"/a","path":"/a/b"}"#, count: 3).joined(separator: ",") + "]",
            gives: #"{"a":{"b":{"b":{"b":{}}}}}"#)
    }

    // MARK: RFC 6902 Appendix A

    func testA1AddingAnObjectMember() {
        assertPatch(
            #"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux"}]"#,
            gives: #"{"baz": "qux", "foo": "bar"}"#)
    }

    func testA2AddingAnArrayElement() {
        assertPatch(
            #"{"foo": ["bar", "baz"]}"#, #"[{"op": "add", "path": "/foo/1", "value": "qux"}]"#,
            gives: #"{"foo": ["bar", "qux", "baz"]}"#)
    }

    func testA3RemovingAnObjectMember() {
        assertPatch(#"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "remove", "path": "/baz"}]"#, gives: #"{"foo": "bar"}"#)
    }

    func testA4RemovingAnArrayElement() {
        assertPatch(
            #"{"foo": ["bar", "qux", "baz"]}"#, #"[{"op": "remove", "path": "/foo/1"}]"#,
            gives: #"{"foo": ["bar", "baz"]}"#)
    }

    func testA5ReplacingAValue() {
        assertPatch(
            #"{"baz": "qux", "foo": "bar"}"#, #"[{"op": "replace", "path": "/baz", "value": "boo"}]"#,
            gives: #"{"baz": "boo", "foo": "bar"}"#)
    }

    func testA6MovingAValue() {
        assertPatch(
            #"{"foo": {"bar": "baz", "waldo": "fred"}, "qux": {"corge": "grault"}}"#,
            #"[{"op": "move", "from": "/foo/waldo", "path": "/qux/thud"}]"#,
            gives: #"{"foo": {"bar": "baz"}, "qux": {"corge": "grault", "thud": "fred"}}"#)
    }

    func testA7MovingAnArrayElement() {
        assertPatch(
            #"{"foo": ["all", "grass", "cows", "eat"]}"#, #"[{"op": "move", "from": "/foo/1", "path": "/foo/3"}]"#,
            gives: #"{"foo": ["all", "cows", "eat", "grass"]}"#)
    }

    func testA8TestingAValueSuccess() {
        assertPatch(
            #"{"baz": "qux", "foo": ["a", 2, "c"]}"#,
            #"[{"op": "test", "path": "/baz", "value": "qux"}, {"op": "test", "path": "/foo/1", "value": 2}]"#,
            gives: #"{"baz": "qux", "foo": ["a", 2, "c"]}"#)
    }

    func testA9TestingAValueError() {
        assertFails(#"{"baz": "qux"}"#, #"[{"op": "test", "path": "/baz", "value": "bar"}]"#, kind: .testFailed)
    }

    func testA10AddingANestedMemberObject() {
        assertPatch(
            #"{"foo": "bar"}"#, #"[{"op": "add", "path": "/child", "value": {"grandchild": {}}}]"#,
            gives: #"{"foo": "bar", "child": {"grandchild": {}}}"#)
    }

    func testA11IgnoringUnrecognizedElements() {
        assertPatch(
            #"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz", "value": "qux", "xyz": 123}]"#,
            gives: #"{"foo": "bar", "baz": "qux"}"#)
    }

    func testA12AddingToANonexistentTarget() {
        assertFails(#"{"foo": "bar"}"#, #"[{"op": "add", "path": "/baz/bat", "value": "qux"}]"#, kind: .unresolvable)
    }

    func testA13InvalidJSONPatchDocument() throws {
        let text = #"[{"op": "add", "path": "/baz", "value": "qux", "op": "remove"}]"#
        XCTAssertThrowsError(try JSON.parse(text), "the strict parser rejects the repeated op member")
        // Read leniently, the last "op" wins and the remove has no target.
        let lenient = try JSON.parse(text, options: JSONParseOptions(duplicateKeys: .lastWins))
        XCTAssertThrowsError(try JSONPatch.apply(lenient, to: ["foo": "bar"]))
    }

    func testA14TildeEscapeOrdering() {
        assertPatch(
            #"{"/": 9, "~1": 10}"#, #"[{"op": "test", "path": "/~01", "value": 10}]"#, gives: #"{"/": 9, "~1": 10}"#)
    }

    func testA15ComparingStringsAndNumbers() {
        assertFails(#"{"/": 9, "~1": 10}"#, #"[{"op": "test", "path": "/~01", "value": "10"}]"#, kind: .testFailed)
    }

    func testA16AddingAnArrayValue() {
        assertPatch(
            #"{"foo": ["bar"]}"#, #"[{"op": "add", "path": "/foo/-", "value": ["abc", "def"]}]"#,
            gives: #"{"foo": ["bar", ["abc", "def"]]}"#)
    }

    // MARK: Further semantics

    func testAddReplacesAnExistingMemberAndAppendsAtTheEnd() {
        assertPatch(
            #"{"a": 1, "list": [1, 2]}"#,
            #"[{"op": "add", "path": "/a", "value": 2}, {"op": "add", "path": "/list/2", "value": 3}, {"op": "add", "path": "/list/-", "value": 4}]"#,
            gives: #"{"a": 2, "list": [1, 2, 3, 4]}"#)
        assertFails(#"{"list": [1, 2]}"#, #"[{"op": "add", "path": "/list/3", "value": 3}]"#, kind: .unresolvable)
        assertFails(#"{"list": [1, 2]}"#, #"[{"op": "add", "path": "/list/01", "value": 3}]"#, kind: .unresolvable)
        assertFails(#"{"s": "text"}"#, #"[{"op": "add", "path": "/s/x", "value": 3}]"#, kind: .unresolvable)
    }

    func testWholeDocument() {
        assertPatch(#"{"a": 1}"#, #"[{"op": "add", "path": "", "value": [1]}]"#, gives: "[1]")
        assertPatch(#"{"a": 1}"#, #"[{"op": "replace", "path": "", "value": {"b": 2}}]"#, gives: #"{"b": 2}"#)
        assertPatch(
            #"{"a": 1}"#, #"[{"op": "copy", "from": "", "path": "/self"}]"#, gives: #"{"a": 1, "self": {"a": 1}}"#)
        assertPatch(#"{"a": 1}"#, #"[{"op": "test", "path": "", "value": {"a": 1.0}}]"#, gives: #"{"a": 1}"#)
        assertFails(#"{"a": 1}"#, #"[{"op": "remove", "path": ""}]"#, kind: .unresolvable)
    }

    func testRemoveAndReplaceNeedAnExistingTarget() {
        assertFails(#"{"a": 1}"#, #"[{"op": "remove", "path": "/b"}]"#, kind: .unresolvable)
        assertFails(#"{"a": [1]}"#, #"[{"op": "remove", "path": "/a/1"}]"#, kind: .unresolvable)
        assertFails(#"{"a": [1]}"#, #"[{"op": "remove", "path": "/a/-"}]"#, kind: .unresolvable)
        assertFails(#"{"a": 1}"#, #"[{"op": "replace", "path": "/b", "value": 2}]"#, kind: .unresolvable)
        assertPatch(
            #"{"a": [1, 2]}"#, #"[{"op": "replace", "path": "/a/1", "value": null}]"#, gives: #"{"a": [1, null]}"#)
    }

    func testMoveAndCopy() {
        assertPatch(
            #"{"a": {"b": 1}, "c": [1, 2]}"#,
            #"[{"op": "copy", "from": "/a", "path": "/c/0"}, {"op": "move", "from": "/c/0/b", "path": "/d"}]"#,
            gives: #"{"a": {"b": 1}, "c": [{}, 1, 2], "d": 1}"#)
        assertPatch(#"{"a": 1}"#, #"[{"op": "move", "from": "/a", "path": "/a"}]"#, gives: #"{"a": 1}"#)
        assertFails(#"{"a": {"b": 1}}"#, #"[{"op": "move", "from": "/a", "path": "/a/b/c"}]"#, kind: .invalidPatch)
        assertFails(#"{"a": 1}"#, #"[{"op": "move", "from": "/x", "path": "/y"}]"#, kind: .unresolvable)
        assertFails(#"{"a": 1}"#, #"[{"op": "copy", "from": "/x", "path": "/y"}]"#, kind: .unresolvable)
    }

    func testTestComparesNumbersByValueAndObjectsWithoutOrder() {
        assertPatch(
            #"{"n": 1, "o": {"x": 1, "y": [2.0]}}"#,
            #"[{"op": "test", "path": "/n", "value": 1.0}, {"op": "test", "path": "/o", "value": {"y": [2], "x": 1}}]"#,
            gives: #"{"n": 1, "o": {"x": 1, "y": [2.0]}}"#)
        assertFails(
            #"{"o": {"x": 1}}"#, #"[{"op": "test", "path": "/o", "value": {"x": 1, "y": null}}]"#, kind: .testFailed)
        assertFails(#"{"a": [1, 2]}"#, #"[{"op": "test", "path": "/a", "value": [2, 1]}]"#, kind: .testFailed)
        assertFails(#"{"a": 1}"#, #"[{"op": "test", "path": "/b", "value": null}]"#, kind: .unresolvable)
        XCTAssertFalse(JSONPatch.valuesEqual(.int(Int64.max), .double(0x1p63)))
        XCTAssertFalse(JSONPatch.valuesEqual(.int(1), .double(1.5)))
        XCTAssertFalse(JSONPatch.valuesEqual(.bool(true), .int(1)))
    }

    func testMalformedPatches() {
        assertFails("{}", #"{"op": "add", "path": "/a", "value": 1}"#, kind: .invalidPatch, index: nil)
        assertFails("{}", #"["add"]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"path": "/a"}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "merge", "path": "/a"}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "add", "path": "/a"}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "add", "value": 1}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "add", "path": "a", "value": 1}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "add", "path": "/~2", "value": 1}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "copy", "path": "/a"}]"#, kind: .invalidPatch)
        assertFails("{}", #"[{"op": "move", "from": 1, "path": "/a"}]"#, kind: .invalidPatch)
        assertPatch(#"{"a": 1}"#, "[]", gives: #"{"a": 1}"#)
    }

    func testAMalformedLaterOperationStopsTheWholePatch() {
        // Every operation is read before any is applied: a malformed one is reported even after a failing one.
        assertFails(
            "{}", #"[{"op": "remove", "path": "/x"}, {"op": "nope", "path": "/a"}]"#, kind: .invalidPatch, index: 1)
        assertFails(
            #"{"a": 1}"#, #"[{"op": "replace", "path": "/a", "value": 2}, {"op": "test", "path": "/a", "value": 1}]"#,
            kind: .testFailed, index: 1)
    }

    func testErrorsNameTheOperation() throws {
        do {
            _ = try patch(#"{"a": 1}"#, #"[{"op": "test", "path": "/a", "value": 1}, {"op": "remove", "path": "/b"}]"#)
            XCTFail("applied")
        } catch let error as JSONPatchError {
            XCTAssertEqual(error.description, "operation 1: remove: /b does not exist")
        }
    }

    // MARK: RFC 7396 Appendix A

    func testMergePatchExamples() throws {
        let cases: [(String, String, String)] = [
            (#"{"a":"b"}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"b"}"#, #"{"b":"c"}"#, #"{"a":"b","b":"c"}"#),
            (#"{"a":"b"}"#, #"{"a":null}"#, "{}"),
            (#"{"a":"b","b":"c"}"#, #"{"a":null}"#, #"{"b":"c"}"#),
            (#"{"a":["b"]}"#, #"{"a":"c"}"#, #"{"a":"c"}"#),
            (#"{"a":"c"}"#, #"{"a":["b"]}"#, #"{"a":["b"]}"#),
            (#"{"a":{"b":"c"}}"#, #"{"a":{"b":"d","c":null}}"#, #"{"a":{"b":"d"}}"#),
            (#"{"a":[{"b":"c"}]}"#, #"{"a":[1]}"#, #"{"a":[1]}"#),
            (#"["a","b"]"#, #"["c","d"]"#, #"["c","d"]"#),
            (#"{"a":"b"}"#, #"["c"]"#, #"["c"]"#),
            (#"{"a":"foo"}"#, "null", "null"),
            (#"{"a":"foo"}"#, #""bar""#, #""bar""#),
            (#"{"e":null}"#, #"{"a":1}"#, #"{"e":null,"a":1}"#),
            ("[1,2]", #"{"a":"b","c":null}"#, #"{"a":"b"}"#),
            ("{}", #"{"a":{"bb":{"ccc":null}}}"#, #"{"a":{"bb":{}}}"#),
        ]
        for (original, patch, result) in cases {
            XCTAssertEqual(
                JSONPatch.merge(try JSON.parse(patch), into: try JSON.parse(original)), try JSON.parse(result),
                "\(original) + \(patch)")
        }
    }
}
