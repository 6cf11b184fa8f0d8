import HTTP

/// Hides secrets in request targets before they are logged or journaled: values of query parameters and path
/// parameters whose names say they hold a credential or a grant (see `SecretNames`).
enum Redaction {
    /// `target` with secret path segments and secret query values replaced by `REDACTED`.
    static func target(_ request: Request) -> String {
        let path = request.redactedPath()
        guard let query = request.rawQuery else { return path }
        let redacted = query.split(separator: "&", omittingEmptySubsequences: false).map { pair -> String in
            guard let eq = pair.firstIndex(of: "=") else { return String(pair) }
            let name = PercentDecoding.decode(pair[..<eq], plusAsSpace: true)
            return SecretNames.isSecret(name) ? String(pair[..<eq]) + "=REDACTED" : String(pair)
        }
        return path + "?" + redacted.joined(separator: "&")
    }
}
