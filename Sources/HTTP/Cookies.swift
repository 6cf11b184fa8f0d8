/// Cookie parsing (`Cookie` request header) and `Set-Cookie` rendering (RFC 6265).
public enum Cookies {
    /// Name/value pairs of a `Cookie` header; the first occurrence of a name wins.
    public static func parse(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        for piece in header.split(separator: ";") {
            let pair = piece.drop { $0 == " " }
            guard let eq = pair.firstIndex(of: "=") else { continue }
            let name = String(pair[..<eq]).trimmingTrailingWhitespace()
            var value = pair[pair.index(after: eq)...]
            if value.count >= 2, value.first == "\"", value.last == "\"" { value = value.dropFirst().dropLast() }
            if !name.isEmpty && result[name] == nil { result[name] = String(value).trimmingTrailingWhitespace() }
        }
        return result
    }

    /// A `Set-Cookie` value; `maxAge` 0 deletes the cookie.
    public static func setCookie(
        name: String, value: String, path: String = "/", maxAge: Int? = nil,
        httpOnly: Bool = true, sameSite: String? = "Lax", secure: Bool = false
    ) -> String {
        var s = "\(name)=\(value); Path=\(path)"
        if let maxAge { s += "; Max-Age=\(maxAge)" }
        if httpOnly { s += "; HttpOnly" }
        if secure { s += "; Secure" }
        if let sameSite { s += "; SameSite=\(sameSite)" }
        return s
    }
}
