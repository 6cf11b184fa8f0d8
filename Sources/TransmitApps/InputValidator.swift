import JSON

/// Reads a request body's fields and collects one message per problem in the wording of class-validator, which
/// Transmit's NestJS services answer with (`"app_name must be a string"`, `"client_type must be one of the following
/// values: web, native"`). Absent and null fields are "not given"; unknown fields are ignored.
final class InputValidator {
    private let object: JSONObject
    /// `first_client.` for nested objects, so messages name the full property path.
    private let prefix: String
    private let report: Report

    /// Messages shared by a validator and the validators of its nested objects.
    private final class Report { var messages: [String] = [] }

    /// Longest accepted name (app and client names, display names).
    static let maxNameLength = 255
    /// Longest accepted free text, URI or identifier.
    static let maxTextLength = 2048
    /// Most entries accepted in one array.
    static let maxArrayCount = 100

    init(_ object: JSONObject) {
        self.object = object
        prefix = ""
        report = Report()
    }

    private init(_ object: JSONObject, prefix: String, report: Report) {
        self.object = object
        self.prefix = prefix
        self.report = report
    }

    var messages: [String] { report.messages }
    var isValid: Bool { report.messages.isEmpty }

    func fail(_ message: String) { report.messages.append(message) }

    /// 400 `BadRequestHttpError` with every message, when there is one.
    func check() throws(TransmitError) {
        guard isValid else { throw .badRequest(messages) }
    }

    /// Whether the field is given (present and not null).
    func has(_ key: String) -> Bool { object[key].map { $0 != .null } ?? false }

    /// A string; `required` fails when it is absent, `nonEmpty` when it is given empty.
    func string(
        _ key: String, required: Bool = false, nonEmpty: Bool = false,
        maxLength: Int = maxTextLength
    ) -> String? {
        let name = prefix + key
        guard let value = object[key], value != .null else {
            if required {
                fail("\(name) should not be empty")
                fail("\(name) must be a string")
            }
            return nil
        }
        guard let text = value.stringValue else {
            fail("\(name) must be a string")
            return nil
        }
        if (required || nonEmpty) && text.isEmpty {
            fail("\(name) should not be empty")
            return nil
        }
        guard text.unicodeScalars.count <= maxLength else {
            fail("\(name) must be shorter than or equal to \(maxLength) characters")
            return nil
        }
        return text
    }

    func bool(_ key: String, required: Bool = false) -> Bool? {
        guard let value = object[key], value != .null else {
            if required { fail("\(prefix + key) must be a boolean value") }
            return nil
        }
        guard let flag = value.boolValue else {
            fail("\(prefix + key) must be a boolean value")
            return nil
        }
        return flag
    }

    /// A number at least `minimum` (written back as an integer when it is one).
    func number(_ key: String, minimum: Double = 0) -> JSON? {
        guard let value = object[key], value != .null else { return nil }
        guard let number = value.doubleValue, number.isFinite else {
            fail("\(prefix + key) must be a number conforming to the specified constraints")
            return nil
        }
        guard number >= minimum, number <= 1e15 else {
            fail(
                number < minimum
                    ? "\(prefix + key) must not be less than \(Self.text(minimum))"
                    : "\(prefix + key) must not be greater than 1000000000000000")
            return nil
        }
        return value
    }

    func oneOf(_ key: String, _ allowed: [String], required: Bool = false) -> String? {
        guard let value = object[key], value != .null else {
            if required {
                fail("\(prefix + key) must be one of the following values: \(allowed.joined(separator: ", "))")
            }
            return nil
        }
        guard let text = value.stringValue, allowed.contains(text) else {
            fail("\(prefix + key) must be one of the following values: \(allowed.joined(separator: ", "))")
            return nil
        }
        return text
    }

    /// An array of strings; with `allowed`, every entry must be one of them; with `urls`, every entry must be an
    /// absolute URI.
    func strings(_ key: String, required: Bool = false, allowed: [String]? = nil, urls: Bool = false) -> [String]? {
        let name = prefix + key
        guard let value = object[key], value != .null else {
            if required { fail("\(name) must be an array") }
            return nil
        }
        guard let elements = value.arrayValue else {
            fail("\(name) must be an array")
            return nil
        }
        guard elements.count <= Self.maxArrayCount else {
            fail("\(name) must contain no more than \(Self.maxArrayCount) elements")
            return nil
        }
        let texts = elements.compactMap(\.stringValue)
        guard texts.count == elements.count else {
            fail("each value in \(name) must be a string")
            return nil
        }
        if texts.contains(where: { $0.unicodeScalars.count > Self.maxTextLength }) {
            fail("each value in \(name) must be shorter than or equal to \(Self.maxTextLength) characters")
            return nil
        }
        if let allowed, !texts.allSatisfy(allowed.contains) {
            fail("each value in \(name) must be one of the following values: \(allowed.joined(separator: ", "))")
            return nil
        }
        if urls, !texts.allSatisfy(Self.isAbsoluteURI) {
            fail("each value in \(name) must be a URL address")
            return nil
        }
        return texts
    }

    /// A nested object, validated by `body` with messages prefixed by `key.`; returns what `body` returns.
    func nested<T>(_ key: String, _ body: (InputValidator) -> T) -> T? {
        guard let value = object[key], value != .null else { return nil }
        guard let members = value.objectValue else {
            fail("\(prefix + key) must be an object")
            return nil
        }
        let before = report.messages.count
        let result = body(InputValidator(members, prefix: prefix + key + ".", report: report))
        return report.messages.count == before ? result : nil
    }

    /// `scheme://rest` with an RFC 3986 scheme (custom schemes serve native apps).
    static func isAbsoluteURI(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        guard let colon = utf8.firstIndex(of: 0x3A), colon > 0, utf8.count > colon + 3,
            utf8[colon + 1] == 0x2F, utf8[colon + 2] == 0x2F
        else { return false }
        let isAlpha = { (c: UInt8) in (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) }
        return isAlpha(utf8[0])
            && utf8[..<colon].allSatisfy {
                isAlpha($0) || (0x30...0x39).contains($0) || $0 == 0x2B || $0 == 0x2D || $0 == 0x2E
            }
            && !utf8.contains(where: { $0 <= 0x20 })
    }

    private static func text(_ number: Double) -> String {
        number == number.rounded(.towardZero) && abs(number) < 1e15 ? String(Int64(number)) : String(number)
    }
}
