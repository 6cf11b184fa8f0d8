import JOSE
import JSON

/// A service's stored document (the SDK's `Service` fields): the members a create or update body may set, the
/// defaults a new service gets, and the check of its `jwks`.
enum ServiceDocument {
    /// The members the server owns: an update cannot change them.
    static let serverOwned: Set<String> = ["apiKey", "number", "createdAt", "modifiedAt"]

    /// The checked members of a create or update body; `apiPath` names the API in the 400.
    static func members(of body: JSONObject, apiPath: String) throws(AuthleteError) -> JSONObject {
        var clean = try FieldRules.checked(body, rules: FieldRules.service, document: "service", apiPath: apiPath)
        if let jwks = clean["jwks"]?.stringValue, let problem = jwksProblem(jwks) {
            throw .badRequest(apiPath, "'jwks' is not a usable JWK Set: \(problem).")
        }
        for zero in ["accessTokenDuration", "refreshTokenDuration", "idTokenDuration"] where clean[zero] == 0 {
            clean[zero] = nil
        }
        return clean
    }

    /// Why `text` is not a JWK Set whose signing keys the emulator can use, or nil when it is.
    static func jwksProblem(_ text: String) -> String? {
        guard let set = try? JSON.parse(Array(text.utf8)), let keys = set["keys"]?.arrayValue else {
            return "expected {\"keys\": [...]}"
        }
        for (index, key) in keys.enumerated() where key["use"]?.stringValue != "enc" {
            do { _ = try SigningKey(jwk: key) } catch { return "keys[\(index)]: \(error)" }
        }
        return nil
    }

    /// Fills the defaults a new service gets (Authlete's console defaults).
    static func complete(_ document: inout JSONObject) {
        let defaults: [(String, JSON)] = [
            ("accessTokenType", "Bearer"), ("accessTokenDuration", 86_400), ("refreshTokenDuration", 864_000),
            ("idTokenDuration", 86_400), ("supportedGrantTypes", []), ("supportedResponseTypes", []),
            ("supportedScopes", []), ("supportedTokenAuthMethods", ["CLIENT_SECRET_BASIC"]),
            ("supportedClaimTypes", ["NORMAL"]), ("supportedDisplays", ["PAGE"]), ("pkceRequired", false),
            ("pkceS256Required", false), ("parRequired", false), ("issSuppressed", false),
            ("clientIdAliasEnabled", false), ("dynamicRegistrationSupported", false),
            ("singleAccessTokenPerSubject", false), ("refreshTokenKept", false), ("errorDescriptionOmitted", false),
            ("errorUriOmitted", false),
        ]
        for (name, value) in defaults where document[name] == nil { document[name] = value }
    }
}
