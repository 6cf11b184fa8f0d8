import JSON

/// An authenticated end user: the subject and the claims a realm releases about them.
public struct UserProfile: Sendable, Equatable {
    public var subject: String
    /// Profile claims (`name`, `email`, …) released by scope at userinfo and in ID tokens.
    public var claims: JSONObject
    /// The identity provider that authenticated the user (SecureAuth's `idp` claim).
    public var idp: String?
    public var amr: [String]

    public init(subject: String, claims: JSONObject = [:], idp: String? = nil, amr: [String] = ["pwd"]) {
        self.subject = subject
        self.claims = claims
        self.idp = idp
        self.amr = amr
    }

    var json: JSON {
        [
            "sub": .string(subject), "claims": .object(claims), "idp": idp.map(JSON.string) ?? .null,
            "amr": .array(amr.map(JSON.string)),
        ]
    }

    init?(json: JSON) {
        guard let subject = json["sub"]?.stringValue else { return nil }
        self.init(
            subject: subject, claims: json["claims"]?.objectValue ?? [:], idp: json["idp"]?.stringValue,
            amr: json["amr"]?.arrayValue?.compactMap(\.stringValue) ?? ["pwd"])
    }

    /// The claims released for `scopes` (OIDC Core §5.4): `profile` → name-like claims, `email`, `phone`, `address`.
    public func releasedClaims(for scopes: [String]) -> JSONObject {
        var released: JSONObject = [:]
        let byScope: [String: [String]] = [
            "profile": [
                "name", "family_name", "given_name", "middle_name", "nickname", "preferred_username", "profile",
                "picture", "website", "gender", "birthdate", "zoneinfo", "locale", "updated_at",
            ],
            "email": ["email", "email_verified"],
            "phone": ["phone_number", "phone_number_verified"],
            "address": ["address"],
        ]
        for scope in scopes {
            for name in byScope[scope] ?? [] { if let value = claims[name] { released[name] = value } }
        }
        return released
    }
}
