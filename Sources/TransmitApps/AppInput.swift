import JSON

/// The fields of an application request body (`ApiCreateAppInput`, `ApiUpdateAppInput`, and the management-app
/// variants), validated and split into the app's own members and the deprecated default-client members.
struct AppInput {
    /// Members of the app document (`app_name`, `logo`, …).
    var app: JSONObject = [:]
    /// Members of the default client, named as on the client (`name`, `token_endpoint_auth_method`, …).
    var defaultClient: JSONObject = [:]
    /// `first_client`, when given (it supersedes the deprecated default-client fields).
    var firstClient: JSONObject?

    /// An API request's app body, or 400 with a message per invalid field.
    static func parse(_ body: JSONObject, creating: Bool, management: Bool) throws(TransmitError) -> AppInput {
        let input = InputValidator(body)
        let fields = read(input, creating: creating, management: management)
        try input.check()
        return fields
    }

    /// Reads an app body. `creating` makes `app_name` (and, for ordinary apps, `client_display_name`) required;
    /// `management` accepts only the management-app fields (management-apps.openapi.json).
    static func read(_ input: InputValidator, creating: Bool, management: Bool) -> AppInput {
        var result = AppInput()
        result.app["app_name"] = input.string(
            "app_name", required: creating, nonEmpty: true, maxLength: InputValidator.maxNameLength
        ).map(JSON.string)
        result.app["app_description"] = input.string("app_description").map(JSON.string)
        for key in ["login_uri", "invite_member_uri", "invite_client_id", "subdomain", "custom_domain"] {
            result.app[key] = input.string(key).map(JSON.string)
        }
        result.app["invite_member_email_expiration_minutes"] = input.number(
            "invite_member_email_expiration_minutes", minimum: 1)
        result.app["pkce"] = input.oneOf("pkce", ClientInput.pkceModes).map(JSON.string)
        let protocolName = input.oneOf("first_client_authentication_protocol", ["oidc", "saml"])
        if protocolName == "saml" {
            input.fail("first_client_authentication_protocol saml is not supported by the emulator (OIDC clients only)")
        }
        result.firstClient = input.nested("first_client") { ClientInput.read($0, creating: true) }
        if management { return result }

        result.app["logo"] = input.string("logo").map(JSON.string)
        result.app["service_providers"] = input.strings("service_providers").map(ClientInput.strings)
        result.app["authenticator_preferences"] = input.nested("authenticator_preferences") { preferences -> JSON in
            [
                "is_centralized": .bool(preferences.bool("is_centralized", required: true) ?? false),
                "login_uri": .string(preferences.string("login_uri", required: true) ?? ""),
            ]
        }
        result.app["allow_public_signup"] = input.bool("allow_public_signup").map(JSON.bool)
        let displayName = input.string(
            "client_display_name", required: creating, nonEmpty: true, maxLength: InputValidator.maxNameLength)
        result.defaultClient["name"] = displayName.map(JSON.string)
        result.defaultClient["description"] = input.string("client_description").map(JSON.string)
        result.defaultClient["client_type"] = input.oneOf("client_type", ClientInput.clientTypes).map(JSON.string)
        result.defaultClient["redirect_uris"] = input.strings("redirect_uris", urls: true).map(ClientInput.strings)
        result.defaultClient["resources"] = input.strings("resources").map(ClientInput.strings)
        result.defaultClient["token_endpoint_auth_method"] = input.oneOf("client_auth_method", ClientInput.authMethods)
            .map(JSON.string)
        result.defaultClient["device_authorization"] = ClientInput.deviceAuthorization(input)
        result.defaultClient["ciba_authorization"] = ClientInput.cibaAuthorization(input)
        result.defaultClient["pkce"] = result.app["pkce"]
        return result
    }
}
