import Crypto
import JSON
import Primitives

/// Entity tags of resources (RFC 7644 §3.14): weak, derived from the stored representation, so an unchanged resource
/// keeps its version. Shaped like the vendor's (`W/"` + base64 of 20 bytes + `"`).
public enum ResourceVersion {
    public static func of(id: String, body: JSONObject) -> String {
        var bytes = Array(id.utf8)
        JSON.object(body).write(into: &bytes)
        return "W/\"" + Base64.encode(Array(SHA256.hash(data: bytes)).prefix(20)) + "\""
    }

    /// Whether an `If-Match` / `If-None-Match` header value (`*` or a list of entity tags) names `version`;
    /// tags compare weakly (RFC 9110 §8.8.3.2).
    public static func header(_ value: String, matches version: String) -> Bool {
        let wanted = opaque(version)
        return value.split(separator: ",").contains { tag in
            let trimmed = String(tag.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
            return trimmed == "*" || opaque(trimmed) == wanted
        }
    }

    private static func opaque(_ tag: String) -> String { tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag }
}
