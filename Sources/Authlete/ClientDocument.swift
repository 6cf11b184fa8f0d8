import JSON
import Primitives

/// A client's stored document (the SDK's `Client` fields): the members a create or update body may set, the
/// defaults a new client gets, and its secrets.
enum ClientDocument {
    /// Members the server owns: a create or update cannot set them.
    static let serverOwned: Set<String> = [
        "clientId", "clientSecret", "number", "serviceNumber", "createdAt", "modifiedAt", "dynamicallyRegistered",
        "registrationAccessTokenHash", "locked",
    ]

    /// The checked members of a create or update body; `apiPath` names the API in the 400.
    static func members(of body: JSONObject, apiPath: String) throws(AuthleteError) -> JSONObject {
        let clean = try FieldRules.checked(body, rules: FieldRules.client, document: "client", apiPath: apiPath)
        // A parse whose failure means "not a JWK Set".
        if let jwks = clean["jwks"]?.stringValue, (try? JSON.parse(Array(jwks.utf8)))?["keys"]?.arrayValue == nil {
            throw .badRequest(apiPath, "'jwks' is not a JWK Set.")
        }
        return clean
    }

    /// 86 characters of base64url (512 bits), the length of the secrets Authlete generates.
    static func newSecret() -> String { SecureRandom.token(byteCount: 64) }

    /// Whether `secret` is one Authlete accepts from `/client/secret/update`: 1 to 86 characters of base64url.
    static func isAcceptableSecret(_ secret: String) -> Bool {
        (1...86).contains(secret.utf8.count)
            && secret.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
                    || $0 == 0x5F
            }
    }

    /// Defaults of a new client: confidential unless its `tokenAuthMethod` is `NONE` (RFC 7591 §2), `WEB`, RS256
    /// ID tokens.
    static func complete(_ document: inout JSONObject) {
        let method =
            document["tokenAuthMethod"]?.stringValue
            ?? (document["clientType"] == "PUBLIC" ? "NONE" : "CLIENT_SECRET_BASIC")
        document["tokenAuthMethod"] = .string(method)
        if document["clientType"] == nil { document["clientType"] = method == "NONE" ? "PUBLIC" : "CONFIDENTIAL" }
        let defaults: [(String, JSON)] = [
            ("applicationType", "WEB"), ("grantTypes", []), ("responseTypes", []), ("redirectUris", []),
            ("idTokenSignAlg", "RS256"), ("subjectType", "PUBLIC"), ("clientIdAliasEnabled", false),
            ("authTimeRequired", false), ("pkceRequired", false), ("pkceS256Required", false), ("parRequired", false),
            ("requestObjectRequired", false), ("locked", false), ("dynamicallyRegistered", false),
        ]
        for (name, value) in defaults where document[name] == nil { document[name] = value }
    }
}
