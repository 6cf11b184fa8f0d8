import JSON

/// A static identity provider document (admin.yaml `StaticIDP`, `StaticUser`): its checks and server-side fields.
enum StaticIDPDocument {
    /// Checks `idp` and fills its server-side fields; returns the reason it is not acceptable, or nil.
    static func complete(_ idp: inout JSONObject, tenantID: String, serverID: String) -> String? {
        if idp["id"] == nil || idp["id"] == .null { idp["id"] = .string(ServerDefaults.generatedID()) }
        guard let id = idp["id"]?.stringValue, ServerDefaults.isValidID(id) else {
            return "id must match ^[a-zA-Z0-9_-]+$"
        }
        if let method = idp["method"], method != .null, method.stringValue != "static" {
            return "method must be static"
        }
        if let disabled = idp["disabled"], disabled != .null, disabled.boolValue == nil {
            return "disabled must be a boolean"
        }
        let users = idp["credentials"]?["users"] ?? .array([])
        guard let list = users.arrayValue else { return "credentials.users must be an array" }
        var names = Set<String>()
        for (index, user) in list.enumerated() {
            guard let username = user["username"]?.stringValue, !username.isEmpty else {
                return "credentials.users[\(index)].username is required"
            }
            guard user["password"]?.stringValue != nil else {
                return "credentials.users[\(index)].password is required"
            }
            if let context = user["authentication_context"], context != .null, context.objectValue == nil {
                return "credentials.users[\(index)].authentication_context must be an object"
            }
            guard names.insert(username).inserted else { return "credentials.users has the username \(username) twice" }
        }
        idp["method"] = "static"
        idp["tenant_id"] = .string(tenantID)
        idp["authorization_server_id"] = .string(serverID)
        if idp["name"] == nil || idp["name"] == .null { idp["name"] = .string(id) }
        if idp["disabled"] == nil || idp["disabled"] == .null { idp["disabled"] = false }
        var credentials = idp["credentials"]?.objectValue ?? [:]
        credentials["users"] = users
        idp["credentials"] = .object(credentials)
        return nil
    }
}
