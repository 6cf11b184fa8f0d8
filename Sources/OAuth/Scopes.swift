/// Space-delimited scope lists (RFC 6749 §3.3), kept in request order without duplicates.
public enum Scopes {
    public static func parse(_ text: String?) -> [String] {
        guard let text else { return [] }
        var seen = Set<String>()
        return text.split(separator: " ").map(String.init).filter { seen.insert($0).inserted }
    }

    public static func format(_ scopes: [String]) -> String { scopes.joined(separator: " ") }

    /// RFC 6749 §3.3 scope-token characters: %x21 / %x23-5B / %x5D-7E.
    public static func isValidToken(_ scope: String) -> Bool {
        !scope.isEmpty
            && scope.utf8.allSatisfy { $0 == 0x21 || (0x23...0x5B).contains($0) || (0x5D...0x7E).contains($0) }
    }

    /// The scopes to grant: the requested ones (all must be allowed) or the client's defaults.
    public static func grant(requested: String?, client: OAuthClient) throws(OAuthError) -> [String] {
        let wanted = parse(requested)
        if let bad = wanted.first(where: { !isValidToken($0) }) {
            throw .invalidScope("The scope \"\(bad)\" is malformed")
        }
        if wanted.isEmpty { return client.defaultScopes }
        if let allowed = client.allowedScopes, let outside = wanted.first(where: { !allowed.contains($0) }) {
            throw .invalidScope("The requested scope \"\(outside)\" is not allowed for this client")
        }
        return wanted
    }
}
