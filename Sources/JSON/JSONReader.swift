/// Path-tracking typed reader for validating request bodies and seed files, with
/// errors like `$.tenants[0].id: expected a string, found a number`.
public struct JSONReader: Sendable {
    public let value: JSON
    /// Location of `value` in the document; the root is `$`.
    public let path: String

    public init(_ value: JSON, path: String = "$") {
        self.value = value
        self.path = path
    }

    /// The member named `key`, or nil when it is absent or this is not an object.
    public func child(_ key: String) -> JSONReader? {
        guard let member = value[key] else { return nil }
        return JSONReader(member, path: JSONPath.member(key, of: path))
    }

    /// The member named `key`; fails when this is not an object or the member is absent.
    public func required(_ key: String) throws(JSONReadError) -> JSONReader {
        guard let member = try object()[key] else {
            throw JSONReadError(path: JSONPath.member(key, of: path), reason: "missing required field")
        }
        return JSONReader(member, path: JSONPath.member(key, of: path))
    }

    public func string() throws(JSONReadError) -> String {
        guard case .string(let text) = value else { throw mismatch(expected: "a string") }
        return text
    }

    /// An integer literal, or a number with an integral value in `Int64` range (`2.0`, `1e3`).
    public func int() throws(JSONReadError) -> Int64 {
        switch value {
        case .int(let integer):
            return integer
        case .double(let number):
            // Range-checked conversion and comparison; `Int64(exactly:)` would need libm.
            guard number >= -0x1p63 && number < 0x1p63 else {
                throw JSONReadError(
                    path: path, reason: number.isFinite ? "integer out of range" : "expected an integer, found a number"
                )
            }
            guard Double(Int64(number)) == number else {
                throw JSONReadError(path: path, reason: "expected an integer, found a fractional number")
            }
            return Int64(number)
        default:
            throw mismatch(expected: "an integer")
        }
    }

    /// Any number, integer or not.
    public func double() throws(JSONReadError) -> Double {
        guard let number = value.doubleValue else { throw mismatch(expected: "a number") }
        return number
    }

    public func bool() throws(JSONReadError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(expected: "a boolean") }
        return flag
    }

    /// Readers for the elements, with paths like `$.a[0]`.
    public func array() throws(JSONReadError) -> [JSONReader] {
        guard case .array(let elements) = value else { throw mismatch(expected: "an array") }
        return elements.enumerated().map { index, element in
            JSONReader(element, path: JSONPath.element(index, of: path))
        }
    }

    public func object() throws(JSONReadError) -> JSONObject {
        guard case .object(let members) = value else { throw mismatch(expected: "an object") }
        return members
    }

    private func mismatch(expected: String) -> JSONReadError {
        JSONReadError(path: path, reason: "expected \(expected), found \(value.kindDescription)")
    }
}

extension JSON {
    /// The kind of value with an article, for error messages: `a string`, `null`.
    var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .int, .double: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}
