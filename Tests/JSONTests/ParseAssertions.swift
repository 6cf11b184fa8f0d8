import JSON
import XCTest

/// Asserts that parsing `bytes` fails with exactly this offset and reason.
func assertRejects(
    _ bytes: [UInt8], offset: Int, reason: String, options: JSONParseOptions = .init(),
    file: StaticString = #filePath, line: UInt = #line
) {
    do {
        let value = try JSON.parse(bytes, options: options)
        XCTFail("accepted \(bytes) as \(value)", file: file, line: line)
    } catch {
        XCTAssertEqual(error, JSONParseError(offset: offset, reason: reason), file: file, line: line)
    }
}

/// Asserts that parsing `text` fails with exactly this offset and reason.
func assertRejects(
    _ text: String, offset: Int, reason: String, options: JSONParseOptions = .init(),
    file: StaticString = #filePath, line: UInt = #line
) {
    assertRejects(Array(text.utf8), offset: offset, reason: reason, options: options, file: file, line: line)
}

/// Parses `text`, failing the test (and returning nil) when it is rejected.
func parsed(
    _ text: String, options: JSONParseOptions = .init(), file: StaticString = #filePath, line: UInt = #line
) -> JSON? {
    do {
        return try JSON.parse(text, options: options)
    } catch {
        XCTFail("rejected \(text): \(error)", file: file, line: line)
        return nil
    }
}
