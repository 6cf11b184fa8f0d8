import JOSE
import JSON

/// The workspace's OpenID Provider metadata (oauth2.yaml `wellKnown`), for one origin.
enum Discovery {
    static func document(_ workspace: Workspace, issuer: String) -> JSON {
        let algorithms = Array(Set(workspace.keys.compactMap(\.jwsAlgorithm?.rawValue))).sorted()
        let grants = workspace.grantTypes.filter {
            ["authorization_code", "client_credentials", "refresh_token", "password"].contains($0)
        }.sorted()
        return [
            "issuer": .string(issuer),
            "authorization_endpoint": .string(issuer + "/oauth2/authorize"),
            "token_endpoint": .string(issuer + "/oauth2/token"),
            "introspection_endpoint": .string(issuer + "/oauth2/introspect"),
            "revocation_endpoint": .string(issuer + "/oauth2/revoke"),
            "userinfo_endpoint": .string(issuer + "/userinfo"),
            "jwks_uri": .string(issuer + "/.well-known/jwks.json"),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query"],
            "grant_types_supported": .array(grants.map(JSON.string)),
            "token_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none",
            ],
            "token_endpoint_auth_signing_alg_values_supported": ["ES256", "RS256", "PS256", "HS256"],
            "introspection_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
            ],
            "revocation_endpoint_auth_methods_supported": [
                "client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt",
            ],
            "code_challenge_methods_supported": ["S256", "plain"],
            "id_token_signing_alg_values_supported": .array(algorithms.map(JSON.string)),
            "subject_types_supported": ["public"],
            "scopes_supported": [
                "openid", "profile", "email", "address", "phone", "offline_access", "introspect_tokens",
                "revoke_tokens",
            ],
            "claims_supported": [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "idp", "name", "email",
                "preferred_username",
            ],
            "claims_parameter_supported": false,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
            "tenant_id": .string(workspace.tenantID),
            "server_id": .string(workspace.id),
        ]
    }
}
