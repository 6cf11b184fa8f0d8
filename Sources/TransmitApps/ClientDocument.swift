import JSON
import OAuth

/// An app's OIDC client as stored and returned (`ApiOidcClient`), with the documented defaults, and its view for
/// the OAuth engine.
enum ClientDocument {
    /// Access tokens live an hour unless the client's `token_expiration.access_token_ttl` says otherwise (token.openapi.json).
    static let defaultAccessTokenTTL: Int64 = 3600

    /// A new client: `ApiOidcClient`'s required members with their defaults, then the given fields.
    static func new(
        appID: String, tenantID: String, clientID: String, secret: String, fields: JSONObject, now: String
    ) -> JSONObject {
        var document: JSONObject = [
            "app_id": .string(appID),
            "tenant_id": .string(tenantID),
            "client_id": .string(clientID),
            "client_secret": .string(secret),
            "name": "",
            "description": "",
            "resources": [],
            "created_at": .string(now),
            "updated_at": .string(now),
            "authentication_protocol": "oidc",
            "client_group_id": "",
            "default_custom_claims": [],
            "redirect_uris": [],
            "client_type": "web",
            "response_types": ["code", "id_token"],
            "token_endpoint_auth_method": "client_secret_basic",
            "device_authorization": ["enabled": false, "approval_uri": "", "success_uri": "", "input_uri": ""],
            "ciba_authorization": ["enabled": false],
            "supported_prompts": ["login", "consent", "none"],
            "token_expiration": ["access_token_ttl": .int(defaultAccessTokenTTL), "refresh_token_ttl": 1_209_600],
            "session_expiration": 1_209_600,
            "enforce_par": false,
            "fapi_version_compliancy": false,
        ]
        apply(fields, to: &document, now: now)
        return document
    }

    /// Replaces the given members whole and moves `updated_at`.
    static func apply(_ fields: JSONObject, to document: inout JSONObject, now: String) {
        for (key, value) in fields { document[key] = value }
        document["updated_at"] = .string(now)
    }

    /// The engine's view: client credentials only. Secrets work in the form body or with Basic whatever the
    /// registered method (Transmit's documented curl posts them in the body); `none` makes a public client, and
    /// the mTLS and private-key methods, which the emulator cannot check, fall back to the secret.
    static func oauthClient(_ document: JSONObject) -> OAuthClient {
        let method = document["token_endpoint_auth_method"]?.stringValue
        return OAuthClient(
            id: document["client_id"]?.stringValue ?? "", secret: document["client_secret"]?.stringValue,
            authMethods: method == "none" ? [.none] : [.clientSecretBasic, .clientSecretPost],
            grantTypes: ["client_credentials"], responseTypes: [], redirectURIs: [],
            allowedScopes: nil, defaultScopes: [], name: document["name"]?.stringValue)
    }

    static func accessTokenTTL(_ document: JSONObject) -> Int64 {
        guard let ttl = document["token_expiration"]?["access_token_ttl"]?.doubleValue, ttl >= 1, ttl <= 1e9 else {
            return defaultAccessTokenTTL
        }
        return Int64(ttl)
    }
}
