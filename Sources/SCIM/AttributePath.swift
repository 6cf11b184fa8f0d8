/// An attribute reference as written in filters, `sortBy`, `attributes` and PATCH paths (RFC 7644 §3.10):
/// `[schemaURN ":"] name ["." subAttribute]`.
public struct AttributePath: Equatable, Sendable, CustomStringConvertible {
    /// The schema URN prefix, when given.
    public var schema: String?
    public var name: String
    public var subAttribute: String?

    public init(schema: String? = nil, name: String, subAttribute: String? = nil) {
        self.schema = schema
        self.name = name
        self.subAttribute = subAttribute
    }

    /// Splits `text` at its last `:` (URNs contain dots, as in `2.0`, but attribute names contain no colon) and then
    /// at the first `.` of the remainder. Nil when a part is empty or has characters no attribute name has.
    public static func parse(_ text: String) -> AttributePath? {
        var schema: String?
        var rest = Substring(text)
        if let colon = text.lastIndex(of: ":") {
            schema = String(text[..<colon])
            rest = text[text.index(after: colon)...]
            guard !schema!.isEmpty else { return nil }
        }
        let parts = rest.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard let first = parts.first, isName(first) else { return nil }
        if parts.count == 2 {
            guard isName(parts[1]) else { return nil }
            return AttributePath(schema: schema, name: String(first), subAttribute: String(parts[1]))
        }
        return AttributePath(schema: schema, name: String(first))
    }

    /// RFC 7643 §2.1 ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA; plus `$ref`.
    static func isName(_ text: Substring) -> Bool {
        if text == "$ref" { return true }
        guard let first = text.utf8.first, isAlpha(first) else { return false }
        return text.utf8.allSatisfy { isAlpha($0) || ($0 >= 48 && $0 <= 57) || $0 == 45 || $0 == 95 }
    }

    private static func isAlpha(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }

    public var description: String {
        (schema.map { $0 + ":" } ?? "") + name + (subAttribute.map { "." + $0 } ?? "")
    }
}
