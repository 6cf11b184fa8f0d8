import JSON
import OAuth
import Primitives

/// SecureAuth client documents (admin.yaml `Client` / `ClientAdminResponse`): defaults, validation, and the
/// `OAuthClient` the engine uses.
enum ClientDocument {
    static let authMethods = Set(ClientAuthMethod.allCases.map(\.rawValue))
    /// Scopes about the user; client credentials without a `scope` parameter grant the client's other scopes.
    static let userScopes: Set<String> = ["openid", "profile", "email", "address", "phone", "offline_access"]

    /// Checks a client document and fills the defaults (`token_endpoint_auth_method: client_secret_basic`,
    /// `application_type: web`, `response_types: [code]`, generated id and secret). Returns the reason it is invalid.
    static func complete(_ client: inout JSONObject, tenantID: String, serverID: String) -> String? {
        if client["client_id"] == nil || client["client_id"] == .null {
            client["client_id"] = .string(SecureRandom.uuid())
        }
        guard let id = client["client_id"]?.stringValue, !id.isEmpty, id.utf8.count <= 255 else {
            return "client_id must be a non-empty string"
        }
        let method = client["token_endpoint_auth_method"]?.stringValue ?? "client_secret_basic"
        guard authMethods.contains(method) else {
            return "token_endpoint_auth_method must be one of \(authMethods.sorted().joined(separator: ", "))"
        }
        client["token_endpoint_auth_method"] = .string(method)
        for field in ["grant_types", "response_types", "redirect_uris", "scopes"] {
            if let value = client[field], value != .null,
                value.arrayValue?.allSatisfy({ $0.stringValue != nil }) != true
            {
                return "\(field) must be an array of strings"
            }
        }
        if method == "none" {
            client["client_secret"] = nil
        } else if client["client_secret"] == nil || client["client_secret"] == .null {
            client["client_secret"] = .string(SecureRandom.token())
        } else if client["client_secret"]?.stringValue == nil {
            return "client_secret must be a string"
        }
        client["tenant_id"] = .string(tenantID)
        client["authorization_server_id"] = .string(serverID)
        if client["grant_types"] == nil || client["grant_types"] == .null {
            client["grant_types"] = ["authorization_code"]
        }
        if client["response_types"] == nil || client["response_types"] == .null { client["response_types"] = ["code"] }
        if client["redirect_uris"] == nil || client["redirect_uris"] == .null { client["redirect_uris"] = [] }
        if client["application_type"] == nil || client["application_type"] == .null {
            client["application_type"] = "web"
        }
        if client["client_name"] == nil || client["client_name"] == .null { client["client_name"] = .string(id) }
        if client["subject_type"] == nil || client["subject_type"] == .null { client["subject_type"] = "public" }
        return nil
    }

    /// The client `with_demo_client` adds to a new workspace (createAuthorizationServer).
    static func demoPortal(tenantID: String, serverID: String, origin: String) -> JSONObject {
        var client: JSONObject = [
            "client_name": "Demo Portal",
            "grant_types": ["authorization_code", "refresh_token"],
            "redirect_uris": .array([.string(origin + "/" + tenantID + "/" + serverID + "/demo/callback")]),
            "scopes": ["openid", "profile", "email", "offline_access"],
            "token_endpoint_auth_method": "client_secret_basic",
        ]
        _ = complete(&client, tenantID: tenantID, serverID: serverID)
        return client
    }

    static func oauthClient(_ document: JSON) -> OAuthClient? {
        guard let id = document["client_id"]?.stringValue else { return nil }
        let method = document["token_endpoint_auth_method"]?.stringValue ?? "client_secret_basic"
        let methods: Set<ClientAuthMethod>
        switch method {
        // The two secret methods are interchangeable for a confidential client (FIXTURES §1: "Basic or post").
        case "client_secret_basic", "client_secret_post": methods = [.clientSecretBasic, .clientSecretPost]
        default: methods = ClientAuthMethod(rawValue: method).map { [$0] } ?? []
        }
        let allowed = document["scopes"]?.arrayValue?.compactMap(\.stringValue)
        return OAuthClient(
            id: id, secret: document["client_secret"]?.stringValue, authMethods: methods,
            grantTypes: Set(document["grant_types"]?.arrayValue?.compactMap(\.stringValue) ?? ["authorization_code"]),
            responseTypes: Set(document["response_types"]?.arrayValue?.compactMap(\.stringValue) ?? ["code"]),
            redirectURIs: document["redirect_uris"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            allowedScopes: allowed, defaultScopes: (allowed ?? []).filter { !userScopes.contains($0) },
            requiresPKCE: method == "none", jwks: document["jwks"], name: document["client_name"]?.stringValue)
    }
}
