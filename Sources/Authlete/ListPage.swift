import HTTP
import JSON

/// One page of a list API: `start` and `end` of the query (`end` exclusive; defaults 0 and 5, as Authlete's list
/// APIs), clamped to the Java `int` range Authlete reads them in, and the items in that range.
struct ListPage<Item> {
    let start: Int
    let end: Int
    let totalCount: Int
    let items: [Item]

    init(_ all: [Item], query: FormData) {
        func bounded(_ name: String) -> Int? { query[name].flatMap { Int($0) }.map { min(max(0, $0), Int(Int32.max)) } }
        start = bounded("start") ?? 0
        end = max(start, bounded("end") ?? start + 5)
        totalCount = all.count
        items = all.count > start ? Array(all[start..<min(end, all.count)]) : []
    }

    /// `start`, `end` and `totalCount`: the members a list response begins with.
    var counts: JSONObject {
        ["start": .int(Int64(start)), "end": .int(Int64(end)), "totalCount": .int(Int64(totalCount))]
    }
}
