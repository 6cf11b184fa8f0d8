import HTTP
import JSON

/// The parameters of a list or search (RFC 7644 §3.4.2, §3.4.3), from a query string or a `SearchRequest` body.
public struct ListQuery: Sendable {
    public enum SortOrder: String, Sendable { case ascending, descending }

    public var filter: String?
    public var sortBy: String?
    public var sortOrder: SortOrder = .ascending
    /// 1-based; values below 1 are read as 1 (RFC 7644 §3.4.2.4).
    public var startIndex = 1
    /// Nil when the client did not ask for a page size; negative values are read as 0.
    public var count: Int?
    public var attributes: [String] = []
    public var excludedAttributes: [String] = []

    public init() {}

    /// From `?filter=…&sortBy=…&sortOrder=…&startIndex=…&count=…&attributes=…&excludedAttributes=…`.
    public static func from(query: FormData) throws(SCIMError) -> ListQuery {
        var list = ListQuery()
        list.filter = query["filter"]
        list.sortBy = query["sortBy"].flatMap { $0.isEmpty ? nil : $0 }
        if let order = query["sortOrder"] { list.sortOrder = try sortOrder(order) }
        if let text = query["startIndex"] { list.startIndex = max(1, try integer(text, "startIndex")) }
        if let text = query["count"] { list.count = max(0, try integer(text, "count")) }
        list.attributes = names(query["attributes"])
        list.excludedAttributes = names(query["excludedAttributes"])
        return list
    }

    /// From a `SearchRequest` body (`POST …/.search`).
    public static func from(searchRequest body: JSON) throws(SCIMError) -> ListQuery {
        guard case .object(let members) = body else {
            throw .invalidSyntax("The request body must be a SearchRequest JSON object")
        }
        if let schemas = members["schemas"], !(schemas.arrayValue ?? []).contains(.string(SCIMMedia.searchRequest)) {
            throw .invalidSyntax("\"schemas\" must be [\"\(SCIMMedia.searchRequest)\"]")
        }
        var list = ListQuery()
        list.filter = try string(members["filter"], "filter")
        list.sortBy = try string(members["sortBy"], "sortBy")
        if let order = try string(members["sortOrder"], "sortOrder") { list.sortOrder = try sortOrder(order) }
        if let value = members["startIndex"], value != .null {
            list.startIndex = max(1, try integer(value, "startIndex"))
        }
        if let value = members["count"], value != .null { list.count = max(0, try integer(value, "count")) }
        list.attributes = try stringList(members["attributes"], "attributes")
        list.excludedAttributes = try stringList(members["excludedAttributes"], "excludedAttributes")
        return list
    }

    private static func sortOrder(_ text: String) throws(SCIMError) -> SortOrder {
        guard let order = SortOrder(rawValue: SCIMNames.fold(text)) else {
            throw .invalidValue("sortOrder must be \"ascending\" or \"descending\"")
        }
        return order
    }

    private static func integer(_ text: String, _ name: String) throws(SCIMError) -> Int {
        guard let value = Int(text) else { throw .invalidValue("\(name) must be an integer") }
        return value
    }

    private static func integer(_ value: JSON, _ name: String) throws(SCIMError) -> Int {
        guard let number = value.intValue, let int = Int(exactly: number) else {
            throw .invalidValue("\(name) must be an integer")
        }
        return int
    }

    private static func string(_ value: JSON?, _ name: String) throws(SCIMError) -> String? {
        guard let value, value != .null else { return nil }
        guard case .string(let text) = value else { throw .invalidValue("\(name) must be a string") }
        return text
    }

    private static func stringList(_ value: JSON?, _ name: String) throws(SCIMError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .string(let text)?: return names(text)
        case .array(let elements)?:
            var result: [String] = []
            for element in elements {
                guard let text = element.stringValue else {
                    throw .invalidValue("\(name) must be an array of attribute names")
                }
                result += names(text)
            }
            return result
        default: throw .invalidValue("\(name) must be an array of attribute names")
        }
    }

    /// A comma-separated attribute list.
    private static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map { String($0.filter { $0 != " " }) }.filter { !$0.isEmpty }
    }
}
