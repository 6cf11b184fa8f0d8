import JOSE
import JSON

/// The OpenID Provider metadata a service publishes (OIDC Discovery 1.0 §3, RFC 8414 §2), from its settings:
/// what `/service/configuration` returns for the authorization server to serve at `/.well-known/openid-configuration`.
enum Discovery {
    static func document(_ service: AuthleteService) -> JSON {
        let d = service.document
        var metadata: JSONObject = ["issuer": .string(service.issuer)]
        let endpoints: [(String, String)] = [
            ("authorizationEndpoint", "authorization_endpoint"), ("tokenEndpoint", "token_endpoint"),
            ("userInfoEndpoint", "userinfo_endpoint"), ("jwksUri", "jwks_uri"),
            ("registrationEndpoint", "registration_endpoint"),
            ("revocationEndpoint", "revocation_endpoint"), ("introspectionEndpoint", "introspection_endpoint"),
            ("pushedAuthReqEndpoint", "pushed_authorization_request_endpoint"),
            ("endSessionEndpoint", "end_session_endpoint"),
            ("serviceDocumentation", "service_documentation"), ("policyUri", "op_policy_uri"), ("tosUri", "op_tos_uri"),
        ]
        for (member, key) in endpoints { if let value = d[member]?.stringValue { metadata[key] = .string(value) } }
        metadata["scopes_supported"] = .array(service.supportedScopes.map(JSON.string))
        metadata["response_types_supported"] = .array(
            names(d["supportedResponseTypes"]).map {
                .string(GrantTypeNames.responseTypeValue($0))
            })
        metadata["response_modes_supported"] = ["query", "fragment", "form_post"]
        metadata["grant_types_supported"] = .array(
            names(d["supportedGrantTypes"]).compactMap {
                GrantTypeNames.oauthValue[$0].map(JSON.string)
            })
        metadata["subject_types_supported"] = ["public"]
        let algorithms = Array(Set(service.signingKeys.map(\.algorithm))).sorted()
        metadata["id_token_signing_alg_values_supported"] = .array(algorithms.map(JSON.string))
        metadata["token_endpoint_auth_methods_supported"] = authMethods(d["supportedTokenAuthMethods"])
        if d["revocationEndpoint"] != nil {
            metadata["revocation_endpoint_auth_methods_supported"] =
                authMethods(d["supportedRevocationAuthMethods"] ?? d["supportedTokenAuthMethods"])
        }
        let claims =
            d["supportedClaims"]?.arrayValue?.compactMap(\.stringValue)
            ?? ["sub"] + UserInfoClaims.names(for: service.supportedScopes)
        metadata["claims_supported"] = .array(claims.map(JSON.string))
        metadata["code_challenge_methods_supported"] =
            d["pkceS256Required"]?.boolValue == true ? ["S256"] : ["plain", "S256"]
        metadata["request_parameter_supported"] = false
        metadata["request_uri_parameter_supported"] = .bool(d["pushedAuthReqEndpoint"] != nil)
        metadata["require_pushed_authorization_requests"] = .bool(d["parRequired"]?.boolValue == true)
        metadata["authorization_response_iss_parameter_supported"] = .bool(d["issSuppressed"]?.boolValue != true)
        return .object(metadata)
    }

    private static func names(_ value: JSON?) -> [String] { value?.arrayValue?.compactMap(\.stringValue) ?? [] }

    /// `CLIENT_SECRET_BASIC` names as the metadata's `client_secret_basic`.
    private static func authMethods(_ value: JSON?) -> JSON {
        .array(names(value).map { .string(GrantTypeNames.authMethodValue($0)) })
    }
}
