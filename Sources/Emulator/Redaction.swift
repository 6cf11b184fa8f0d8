import HTTP

/// Hides secrets in request targets before they are logged or journaled.
enum Redaction {
    /// Query parameters whose values are credentials or grants.
    static let secretParameters: Set<String> = [
        "client_secret", "password", "code", "code_verifier", "token", "access_token", "refresh_token",
        "id_token", "id_token_hint", "assertion", "client_assertion", "subject_token", "actor_token", "ticket",
        "otp", "secret",
    ]

    /// `target` with the values of secret query parameters replaced by `REDACTED`.
    static func target(_ request: Request) -> String {
        guard let query = request.rawQuery else { return request.target }
        let redacted = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return String(pair) }
            let name = PercentDecoding.decode(pair[..<eq], plusAsSpace: true)
            return secretParameters.contains(name) ? String(pair[..<eq]) + "=REDACTED" : String(pair)
        }
        return String(request.path) + "?" + redacted.joined(separator: "&")
    }
}
