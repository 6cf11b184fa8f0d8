/// The standard claims each OIDC scope asks for (OIDC Core §5.4), which Authlete lists in `claims` for the
/// authorization server to gather.
enum UserInfoClaims {
    static let byScope: [(scope: String, claims: [String])] = [
        (
            "profile",
            [
                "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile",
                "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at",
            ]
        ),
        ("email", ["email", "email_verified"]),
        ("address", ["address"]),
        ("phone", ["phone_number", "phone_number_verified"]),
    ]

    static func names(for scopes: [String]) -> [String] {
        byScope.filter { scopes.contains($0.scope) }.flatMap(\.claims)
    }
}
