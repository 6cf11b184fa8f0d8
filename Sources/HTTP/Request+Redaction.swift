/// Which request parts may not be written to logs, the journal or metrics: values of parameters that carry
/// credentials or grants, wherever they appear (query, path parameter, form).
public enum SecretNames {
    /// True for names that hold a token, ticket, code, secret, password or assertion, in any spelling
    /// (`client_secret`, `accessToken`, `{accessTokenIdentifier}`, `code`, `device_code`, `otp`).
    public static func isSecret(_ name: some StringProtocol) -> Bool {
        let folded = String(name).lowercased().filter { $0 != "_" && $0 != "-" && $0 != "." }
        if folded == "otp" || folded == "pin" || folded == "code" || folded.hasSuffix("code") { return true }
        return ["token", "ticket", "secret", "password", "passwd", "assertion", "verifier", "credential", "apikey"]
            .contains { folded.contains($0) }
    }
}

extension Request {
    /// The path with every path parameter whose name in the route pattern is a secret (`{token}`, `{ticket}`,
    /// `{accessTokenIdentifier}`, …) replaced by `replacement`; the path unchanged when no route matched.
    public func redactedPath(replacement: String = "REDACTED") -> String {
        guard let route, route.hasSecretParameters else { return String(path) }
        let patternSegments = Router.segments(of: Substring(route.pattern))
        let pathSegments = Router.segments(of: path)
        var out: [Substring] = []
        out.reserveCapacity(pathSegments.count)
        for (index, segment) in pathSegments.enumerated() {
            guard index < patternSegments.count else {
                out.append(segment)
                continue
            }
            let pattern = patternSegments[index]
            if pattern.hasPrefix("{") && pattern.hasSuffix("...}") {
                out.append(SecretNames.isSecret(pattern.dropFirst().dropLast(4)) ? Substring(replacement) : segment)
                if SecretNames.isSecret(pattern.dropFirst().dropLast(4)) { break }
            } else if pattern.hasPrefix("{") && pattern.hasSuffix("}")
                && SecretNames.isSecret(pattern.dropFirst().dropLast())
            {
                out.append(Substring(replacement))
            } else {
                out.append(segment)
            }
        }
        var result = "/" + out.joined(separator: "/")
        if path.utf8.count > 1 && path.utf8.last == 0x2F { result += "/" }
        return result
    }
}
