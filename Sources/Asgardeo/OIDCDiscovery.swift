import JSON

/// The OpenID Provider metadata of a root organization, served at WSO2's location
/// `/t/{org}/oauth2/token/.well-known/openid-configuration` (VENDOR-NOTES §5.4). `asgardeo-auth-python-sdk` needs
/// all of issuer, authorization, token, end-session, JWKS, revocation and introspection endpoints.
enum OIDCDiscovery {
    static func document(origin: String, rootHandle: String) -> JSON {
        let base = origin + "/t/" + rootHandle
        return [
            "issuer": .string(OrganizationRealm.issuer(origin: origin, rootHandle: rootHandle)),
            "authorization_endpoint": .string(base + "/oauth2/authorize"),
            "token_endpoint": .string(base + "/oauth2/token"),
            "end_session_endpoint": .string(base + "/oidc/logout"),
            "jwks_uri": .string(base + "/oauth2/jwks"),
            "revocation_endpoint": .string(base + "/oauth2/revoke"),
            "introspection_endpoint": .string(base + "/oauth2/introspect"),
            "userinfo_endpoint": .string(base + "/oauth2/userinfo"),
            "scopes_supported": .array((ScopeResolution.userScopes).map(JSON.string)),
            "response_types_supported": ["code"],
            "response_modes_supported": ["query", "direct"],
            "grant_types_supported": [
                "authorization_code", "client_credentials", "refresh_token", "password",
                "organization_switch",
            ],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "revocation_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "introspection_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "userinfo_signing_alg_values_supported": ["RS256"],
            "subject_types_supported": ["public"],
            "claims_supported": [
                "sub", "iss", "aud", "exp", "iat", "auth_time", "nonce", "at_hash", "amr", "azp",
                "name", "given_name", "family_name", "preferred_username", "email", "email_verified",
                "org_id", "org_name", "org_handle",
            ],
            "claims_parameter_supported": false,
            "request_parameter_supported": false,
            "request_uri_parameter_supported": false,
        ]
    }
}
