/// Which requested scopes Asgardeo grants (VENDOR-NOTES §5.1): internal API scopes the application is authorized
/// for, OIDC scopes for user flows, `SYSTEM` as every authorized scope; anything else is dropped silently.
enum ScopeResolution {
    /// Scopes any user flow may carry: OIDC scopes and `internal_login` (which `/scim2/Me` needs).
    static let userScopes = ["openid", "profile", "email", "phone", "address", "offline_access", "internal_login"]

    /// The granted scopes for `requested` (space-separated), in request order, without duplicates.
    static func grant(_ requested: [String], authorized: [String], userFlow: Bool) -> [String] {
        var granted: [String] = []
        for scope in requested {
            let expanded = scope == "SYSTEM" ? authorized : [scope]
            for name in expanded where !granted.contains(name) {
                if authorized.contains(name) || (userFlow && userScopes.contains(name)) { granted.append(name) }
            }
        }
        return granted
    }
}
