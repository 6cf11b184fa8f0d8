/// The enum names the `authlete` Python SDK (1.3.0) accepts for typed fields, by type (`authlete/types/*.py`). It looks
/// values up with `Enum[name]`, so a value outside these sets makes it fail while parsing (SDK-NOTES §1): the
/// emulator rejects such input and never emits one.
enum EnumSets {
    static let applicationType: Set<String> = ["WEB", "NATIVE"]
    static let attachmentType: Set<String> = ["EMBEDDED", "EXTERNAL"]
    static let claimType: Set<String> = ["NORMAL", "AGGREGATED", "DISTRIBUTED"]
    static let clientAuthMethod: Set<String> = [
        "NONE", "CLIENT_SECRET_BASIC", "CLIENT_SECRET_POST", "CLIENT_SECRET_JWT", "PRIVATE_KEY_JWT", "TLS_CLIENT_AUTH",
        "SELF_SIGNED_TLS_CLIENT_AUTH",
    ]
    static let clientRegistrationType: Set<String> = ["AUTOMATIC", "EXPLICIT"]
    static let clientType: Set<String> = ["PUBLIC", "CONFIDENTIAL"]
    static let deliveryMode: Set<String> = ["POLL", "PING", "PUSH"]
    static let display: Set<String> = ["PAGE", "POPUP", "TOUCH", "WAP"]
    static let fapiMode: Set<String> = [
        "FAPI1_BASELINE", "FAPI1_ADVANCED", "FAPI2_SECURITY", "FAPI2_MESSAGE_SIGNING_AUTH_REQ",
        "FAPI2_MESSAGE_SIGNING_AUTH_RES", "FAPI2_MESSAGE_SIGNING_INTROSPECTION_RES",
    ]
    static let grantType: Set<String> = [
        "AUTHORIZATION_CODE", "IMPLICIT", "PASSWORD", "CLIENT_CREDENTIALS", "REFRESH_TOKEN", "CIBA", "DEVICE_CODE",
        "TOKEN_EXCHANGE", "JWT_BEARER", "PRE_AUTHORIZED_CODE",
    ]
    static let jweAlg: Set<String> = [
        "RSA1_5", "RSA_OAEP", "RSA_OAEP_256", "A128KW", "A192KW", "A256KW", "DIR", "ECDH_ES", "ECDH_ES_A128KW",
        "ECDH_ES_A192KW", "ECDH_ES_A256KW", "A128GCMKW", "A192GCMKW", "A256GCMKW", "PBES2_HS256_A128KW",
        "PBES2_HS384_A192KW", "PBES2_HS512_A256KW",
    ]
    static let jweEnc: Set<String> = [
        "A128CBC_HS256", "A192CBC_HS384", "A256CBC_HS512", "A128GCM", "A192GCM", "A256GCM",
    ]
    static let jwsAlg: Set<String> = [
        "NONE", "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256", "PS384",
        "PS512",
    ]
    static let prompt: Set<String> = ["NONE", "LOGIN", "CONSENT", "SELECT_ACCOUNT", "CREATE"]
    static let responseType: Set<String> = [
        "NONE", "CODE", "TOKEN", "ID_TOKEN", "CODE_TOKEN", "CODE_ID_TOKEN", "ID_TOKEN_TOKEN", "CODE_ID_TOKEN_TOKEN",
    ]
    static let serviceProfile: Set<String> = ["FAPI", "OPEN_BANKING"]
    static let sns: Set<String> = ["FACEBOOK"]
    static let subjectType: Set<String> = ["PUBLIC", "PAIRWISE"]
    static let userCodeCharset: Set<String> = ["BASE20", "NUMERIC"]
    /// `reason` of `/auth/token/fail` (spec `token_fail_request`).
    static let tokenFailReason: Set<String> = ["UNKNOWN", "INVALID_RESOURCE_OWNER_CREDENTIALS", "INVALID_TARGET"]
    /// `reason` of `/auth/authorization/fail` (spec `authorization_fail_request`).
    static let authorizationFailReason: Set<String> = [
        "UNKNOWN", "NOT_LOGGED_IN", "MAX_AGE_NOT_SUPPORTED", "EXCEEDS_MAX_AGE", "DIFFERENT_SUBJECT",
        "ACR_NOT_SATISFIED",
        "DENIED", "SERVER_ERROR", "NOT_AUTHENTICATED", "ACCOUNT_SELECTION_REQUIRED", "CONSENT_REQUIRED",
        "INTERACTION_REQUIRED", "INVALID_TARGET",
    ]
}
