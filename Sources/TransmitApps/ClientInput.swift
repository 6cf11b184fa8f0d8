import JSON

/// The fields of a client request body (`ApiCreateClientInput`, `ApiUpdateClientInput`, an app's `first_client`),
/// validated and ready to store as client document members.
enum ClientInput {
    static let clientTypes = ["web", "native"]
    static let responseTypes = ["code", "id_token"]
    static let authMethods = [
        "client_secret_basic", "self_signed_tls_client_auth", "tls_client_auth", "none", "private_key_jwt",
    ]
    static let pkceModes = [
        "enforcePkceInsteadOfClientCredentials", "enforcePkceAlongsideClientCredentials",
        "allowPkceAlongsideClientCredentials",
    ]
    static let prompts = ["login", "consent", "none"]
    static let customClaims = [
        "tid", "fname", "lname", "mname", "email", "email_verified", "phone_number", "phone_number_verified",
        "groups", "new_user", "birthday", "language", "city", "address", "country", "street_address",
        "address_type", "webauthn", "roles", "ts_roles", "role_values", "ts_permissions", "permissions",
        "approval_data", "custom_group_data", "username", "secondary_phone_numbers", "secondary_emails",
        "picture", "created_at", "last_auth", "auth_time", "external_account_id", "external_user_id",
        "app_name", "custom_data", "custom_app_data",
    ]

    /// An API request's client body, or 400 with a message per invalid field.
    static func parse(_ body: JSONObject, creating: Bool) throws(TransmitError) -> JSONObject {
        let input = InputValidator(body)
        let fields = read(input, creating: creating)
        try input.check()
        return fields
    }

    /// `{"resource_ids": [string]}` (`ApiUpdateResourceInAppInput`), or 400.
    static func resourceIDs(_ body: JSONObject) throws(TransmitError) -> [String] {
        let input = InputValidator(body)
        let ids = input.strings("resource_ids", required: true)
        try input.check()
        return ids ?? []
    }

    /// The given fields; on create `name` and `redirect_uris` are required (apps.openapi.json).
    static func read(_ input: InputValidator, creating: Bool) -> JSONObject {
        var fields: JSONObject = [:]
        fields["name"] = input.string(
            "name", required: creating, nonEmpty: true, maxLength: InputValidator.maxNameLength
        ).map(JSON.string)
        fields["description"] = input.string("description").map(JSON.string)
        fields["redirect_uris"] = input.strings("redirect_uris", required: creating, urls: true).map(strings)
        fields["client_type"] = input.oneOf("client_type", clientTypes).map(JSON.string)
        fields["response_types"] = input.strings("response_types", allowed: responseTypes).map(strings)
        fields["token_endpoint_auth_method"] = input.oneOf("token_endpoint_auth_method", authMethods).map(JSON.string)
        fields["resources"] = input.strings("resources").map(strings)
        fields["device_authorization"] = deviceAuthorization(input)
        fields["ciba_authorization"] = cibaAuthorization(input)
        fields["pkce"] = input.oneOf("pkce", pkceModes).map(JSON.string)
        if input.oneOf("authentication_protocol", ["oidc", "saml"]) == "saml" {
            input.fail("authentication_protocol saml is not supported by the emulator (OIDC clients only)")
        }
        fields["client_group_id"] = input.string("client_group_id").map(JSON.string)
        fields["default_custom_claims"] = input.strings("default_custom_claims", allowed: customClaims).map(strings)
        fields["supported_prompts"] = input.strings("supported_prompts", allowed: prompts).map(strings)
        fields["token_expiration"] = input.nested("token_expiration") { expiration -> JSON in
            var members: JSONObject = [:]
            for key in ["access_token_ttl", "refresh_token_ttl", "max_refresh_rotate"] {
                members[key] = expiration.number(key, minimum: key == "max_refresh_rotate" ? 0 : 1)
            }
            return .object(members)
        }
        fields["session_expiration"] = input.number("session_expiration", minimum: 1)
        fields["enforce_par"] = input.bool("enforce_par").map(JSON.bool)
        _ = input.strings("role_ids")
        fields["fapi_version_compliancy"] = input.bool("fapi_version_compliancy").map(JSON.bool)
        return fields
    }

    /// `ApiDeviceAuthConfiguration`: all four members required.
    static func deviceAuthorization(_ input: InputValidator) -> JSON? {
        input.nested("device_authorization") { device -> JSON in
            [
                "enabled": device.bool("enabled", required: true).map(JSON.bool) ?? false,
                "approval_uri": .string(device.string("approval_uri", required: true) ?? ""),
                "success_uri": .string(device.string("success_uri", required: true) ?? ""),
                "input_uri": .string(device.string("input_uri", required: true) ?? ""),
            ]
        }
    }

    /// `ApiCibaAuthConfiguration`: `enabled` required.
    static func cibaAuthorization(_ input: InputValidator) -> JSON? {
        input.nested("ciba_authorization") { ciba -> JSON in
            var members: JSONObject = ["enabled": .bool(ciba.bool("enabled", required: true) ?? false)]
            members["login_uri"] = ciba.string("login_uri").map(JSON.string)
            return .object(members)
        }
    }

    static func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
}
