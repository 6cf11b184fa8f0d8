/// Authlete's upper-case enum names and the OAuth wire values they stand for (SDK `GrantType`, `ResponseType`).
enum GrantTypeNames {
    static let oauthValue: [String: String] = [
        "AUTHORIZATION_CODE": "authorization_code", "IMPLICIT": "implicit", "PASSWORD": "password",
        "CLIENT_CREDENTIALS": "client_credentials", "REFRESH_TOKEN": "refresh_token",
        "CIBA": "urn:openid:params:grant-type:ciba", "DEVICE_CODE": "urn:ietf:params:oauth:grant-type:device_code",
        "TOKEN_EXCHANGE": "urn:ietf:params:oauth:grant-type:token-exchange",
        "JWT_BEARER": "urn:ietf:params:oauth:grant-type:jwt-bearer",
        "PRE_AUTHORIZED_CODE": "urn:ietf:params:oauth:grant-type:pre-authorized_code",
    ]

    /// The enum name of an OAuth `grant_type` value.
    static func name(ofGrantType value: String) -> String? {
        oauthValue.first { $0.value == value }?.key
    }

    /// `CODE_ID_TOKEN` → `code id_token`.
    static func responseTypeValue(_ name: String) -> String {
        switch name {
        case "NONE": return "none"
        case "CODE": return "code"
        case "TOKEN": return "token"
        case "ID_TOKEN": return "id_token"
        case "CODE_TOKEN": return "code token"
        case "CODE_ID_TOKEN": return "code id_token"
        case "ID_TOKEN_TOKEN": return "id_token token"
        case "CODE_ID_TOKEN_TOKEN": return "code id_token token"
        default: return name.lowercased()
        }
    }

    /// `CLIENT_SECRET_BASIC` → `client_secret_basic`.
    static func authMethodValue(_ name: String) -> String { name.lowercased() }
}
