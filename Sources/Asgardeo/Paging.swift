import HTTP
import JSON

/// The paging of the management APIs' lists: `limit` and `offset` query parameters read as WSO2 reads them (Java
/// ints), and the `{"href", "rel"}` links to the next and previous pages.
enum Paging {
    /// A non-negative integer query parameter, or its default when absent; a malformed one is `refusal`.
    static func count(
        _ request: Request, _ name: String, default value: Int,
        or refusal: @autoclosure () -> AsgardeoError
    ) throws(AsgardeoError) -> Int {
        guard let text = request.query[name] else { return value }
        // WSO2 reads paging parameters as Java ints: a larger value is as invalid as a negative one.
        guard let parsed = Int(text), (0...Int(Int32.max)).contains(parsed) else { throw refusal() }
        return parsed
    }

    /// `{"href", "rel"}` links to the next and previous pages of `path`.
    static func links(path: String, offset: Int, limit: Int, total: Int, returned: Int, filter: String?) -> JSON {
        let filterPart = filter.map { "&filter=" + PercentDecoding.encode($0) } ?? ""
        var links: [JSON] = []
        if offset + returned < total {
            let next = offset + limit
            links.append(["href": .string("\(path)?offset=\(next)&limit=\(limit)\(filterPart)"), "rel": "next"])
        }
        if offset > 0 {
            let previous = max(0, offset - limit)
            links.append(["href": .string("\(path)?offset=\(previous)&limit=\(limit)\(filterPart)"), "rel": "previous"])
        }
        return .array(links)
    }
}
