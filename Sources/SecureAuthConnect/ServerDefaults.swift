import JSON
import Primitives

/// Server (workspace) defaults and validation, from the createAuthorizationServer description in admin.yaml:
/// grant types `authorization_code, implicit, client_credentials, refresh_token`; TTLs 10m code, 1h access and ID
/// token, 30d refresh; id and secret generated when absent, the secret at least 32 characters; `key_type` ecdsa;
/// `access_token_strategy` jwt.
enum ServerDefaults {
    static let grantTypes = ["authorization_code", "implicit", "client_credentials", "refresh_token"]
    static let tokenEndpointAuthMethods = [
        "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
        "self_signed_tls_client_auth", "tls_client_auth", "none",
    ]
    static let keyTypes = ["ecdsa", "rsa", "ps"]
    static let serverTypes = ["admin", "developer", "system", "regular", "organization"]

    /// The JWS algorithm of a `key_type`.
    static func signingAlgorithm(keyType: String?) -> String {
        switch keyType {
        case "rsa": return "RS256"
        case "ps": return "PS256"
        default: return "ES256"
        }
    }

    /// Checks a server document and fills in the defaults; `id` is required here (callers generate one when absent).
    /// Returns the reason when the document is not acceptable (a 422).
    static func complete(_ server: inout JSONObject, tenantID: String) -> String? {
        guard let id = server["id"]?.stringValue, isValidID(id) else {
            return "id must match ^[a-zA-Z0-9_-]+$"
        }
        if let tenant = server["tenant_id"], tenant != .null, tenant.stringValue != tenantID {
            return "tenant_id must be \(tenantID)"
        }
        server["tenant_id"] = .string(tenantID)
        if let secret = server["secret"]?.stringValue {
            if secret.count < 32 { return "secret must be at least 32 characters long" }
        } else {
            server["secret"] = .string(SecureRandom.token())
        }
        for (field, allowed) in [
            ("key_type", keyTypes), ("type", serverTypes), ("access_token_strategy", ["jwt", "opaque"]),
        ] {
            if let value = server[field], value != .null, !(value.stringValue.map(allowed.contains) ?? false) {
                return "\(field) must be one of \(allowed.joined(separator: ", "))"
            }
        }
        for field in [
            "access_token_ttl", "id_token_ttl", "refresh_token_ttl", "authorization_code_ttl", "cookie_max_age",
        ] {
            if let value = server[field], value != .null {
                guard let text = value.stringValue, let duration = GoDuration.parse(text), duration.nanoseconds > 0
                else {
                    return "\(field) must be a duration such as \"1h0m0s\""
                }
            }
        }
        if let grants = server["grant_types"], grants != .null,
            grants.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true
        {
            return "grant_types must be an array of strings"
        }
        setDefault(&server, "name", .string(id))
        setDefault(&server, "type", "regular")
        setDefault(&server, "profile", "default")
        setDefault(&server, "key_type", "ecdsa")
        setDefault(&server, "access_token_strategy", "jwt")
        setDefault(&server, "access_token_ttl", "1h0m0s")
        setDefault(&server, "id_token_ttl", "1h0m0s")
        setDefault(&server, "refresh_token_ttl", "720h0m0s")
        setDefault(&server, "authorization_code_ttl", "10m0s")
        setDefault(&server, "grant_types", .array(grantTypes.map(JSON.string)))
        setDefault(&server, "scope_claim_formats", ["scp_array"])
        setDefault(&server, "subject_identifier_types", ["public", "pairwise"])
        setDefault(&server, "token_endpoint_auth_methods", .array(tokenEndpointAuthMethods.map(JSON.string)))
        setDefault(&server, "color", "#007FFF")
        setDefault(&server, "dynamic_scope_separator", ".")
        setDefault(&server, "enforce_pkce", false)
        setDefault(&server, "enforce_pkce_for_public_clients", false)
        setDefault(&server, "version", 3)
        return nil
    }

    /// Workspace (and IdP) ids Cloudentity generates: 20 lower-case letters and digits.
    static func generatedID() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return String(SecureRandom.bytes(20).map { alphabet[Int($0) % alphabet.count] })
    }

    static func isValidID(_ id: String) -> Bool {
        !id.isEmpty && id.utf8.count <= 128
            && id.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0) || $0 == 0x2D
                    || $0 == 0x5F
            }
    }

    private static func setDefault(_ object: inout JSONObject, _ key: String, _ value: JSON) {
        if object[key] == nil || object[key] == .null { object[key] = value }
    }
}
