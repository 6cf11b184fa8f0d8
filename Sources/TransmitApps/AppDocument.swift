import JSON

/// An application as stored (`ApiApp` without the deprecated default-client members, which come from the default
/// client when it is rendered), with the documented defaults.
enum AppDocument {
    /// A new app: required `ApiApp` members with their defaults (apps.openapi.json), then the given optional ones.
    static func new(appID: String, tenantID: String, input: AppInput, createdBy: String, now: String) -> JSONObject {
        var document: JSONObject = [
            "app_id": .string(appID),
            "tenant_id": .string(tenantID),
            "app_name": input.app["app_name"] ?? "",
            "app_description": "",
            "logo": "",
            "login_preferences": ["auth_methods": [:]],
            "created_at": .string(now),
            "created_by": .string(createdBy),
            "updated_at": .string(now),
            "service_providers": [],
            "authenticator_preferences": ["is_centralized": false, "login_uri": ""],
            "allow_public_signup": false,
            "invite_member_email_expiration_minutes": 2880,
        ]
        apply(input, to: &document, now: now)
        return document
    }

    /// Replaces the given members whole (objects are not merged, as the spec says) and moves `updated_at`.
    static func apply(_ input: AppInput, to document: inout JSONObject, now: String) {
        for (key, value) in input.app {
            if key == "custom_domain", let domain = value.stringValue {
                document[key] = ["domain": .string(domain), "updated_at": .string(now), "status": "pending"]
            } else {
                document[key] = value
            }
        }
        document["updated_at"] = .string(now)
    }

    /// `ApiApp` (or `ApiAppWithoutLogo`) of a stored app.
    static func render(_ app: TransmitDirectory.App, logo: Bool = true) -> JSON {
        render(app.document, defaultClient: app.defaultClient, logo: logo)
    }

    /// `ApiApp` (or `ApiAppWithoutLogo`): the app with its default client's deprecated mirror members.
    static func render(_ document: JSONObject, defaultClient: JSONObject?, logo: Bool = true) -> JSON {
        var rendered = document
        if !logo { rendered["logo"] = nil }
        if let client = defaultClient {
            rendered["client_id"] = client["client_id"]
            rendered["client_secret"] = client["client_secret"]
            rendered["client_display_name"] = client["name"]
            rendered["client_description"] = client["description"]
            rendered["client_type"] = client["client_type"]
            rendered["redirect_uris"] = client["redirect_uris"]
            rendered["resources"] = client["resources"]
            rendered["client_auth_method"] = client["token_endpoint_auth_method"]
            rendered["device_authorization"] = client["device_authorization"]
            rendered["ciba_authorization"] = client["ciba_authorization"]
        }
        return .object(rendered)
    }

    /// `ApiBasicApp`.
    static func basic(_ document: JSONObject) -> JSON {
        var basic: JSONObject = [:]
        for key in ["app_id", "tenant_id", "app_name", "app_description", "login_uri"] { basic[key] = document[key] }
        return .object(basic)
    }
}
