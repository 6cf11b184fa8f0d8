import JSON
import Primitives

/// The application JSON of the Applications API (applications.yaml): which `ApplicationModel` members are kept and
/// with what types, WSO2's defaults, and the list-item, response and OIDC shapes rendered from a stored application.
enum ApplicationDocument {
    static let stringMembers = [
        "name", "description", "imageUrl", "accessUrl", "logoutReturnUrl", "templateId",
        "templateVersion",
        "applicationVersion",
    ]
    static let boolMembers = [
        "isManagementApp", "isB2BSelfServiceApp", "applicationEnabled",
        "enhancedOrgAuthenticationEnabled",
    ]
    static let objectMembers = [
        "associatedRoles", "claimConfiguration", "authenticationSequence",
        "advancedConfigurations",
        "provisioningConfigurations",
    ]
    /// `ApplicationPatchModel` has the same members except these, which only creation sets.
    static let createOnlyMembers: Set<String> = ["isManagementApp", "isB2BSelfServiceApp"]

    static let defaultAdvancedConfigurations: JSONObject = [
        "saas": false, "discoverableByEndUsers": false, "skipLoginConsent": true, "skipLogoutConsent": true,
        "returnAuthenticatedIdpList": false, "enableAuthorization": false, "fragment": false,
        "enableAPIBasedAuthentication": false,
    ]

    /// Copies the known members of `input` onto `target` (a new or stored application), checking their types;
    /// objects replace the stored ones except `advancedConfigurations`, whose members are merged.
    static func apply(_ input: JSONObject, to target: inout JSONObject, creating: Bool) -> String? {
        for key in stringMembers {
            guard let value = input[key], value != .null else { continue }
            guard let text = value.stringValue else { return "\(key) must be a string." }
            if key == "name" && text.isEmpty { return "Application name cannot be empty." }
            target[key] = value
        }
        for key in boolMembers where creating || !createOnlyMembers.contains(key) {
            guard let value = input[key], value != .null else { continue }
            guard value.boolValue != nil else { return "\(key) must be a boolean." }
            target[key] = value
        }
        for key in objectMembers {
            guard let value = input[key], value != .null else { continue }
            guard let object = value.objectValue else { return "\(key) must be an object." }
            if key == "advancedConfigurations" {
                var merged = target[key]?.objectValue ?? defaultAdvancedConfigurations
                for (name, member) in object { merged[name] = member }
                if let flag = merged["enableAPIBasedAuthentication"], flag.boolValue == nil {
                    return "advancedConfigurations.enableAPIBasedAuthentication must be a boolean."
                }
                target[key] = .object(merged)
            } else {
                target[key] = .object(object)
            }
        }
        return nil
    }

    /// A new application from a create request's `ApplicationModel` (`name` is required): a generated id, the
    /// known members, WSO2's defaults and the completed OIDC inbound configuration.
    static func created(from input: JSONObject) throws(InvalidApplication) -> Application {
        guard let name = input["name"]?.stringValue, !name.isEmpty else {
            throw InvalidApplication("Application name is required.")
        }
        var document = new(id: SecureRandom.uuid())
        if let problem = apply(input, to: &document, creating: true) { throw InvalidApplication(problem) }
        if let inbound = input["inboundProtocolConfiguration"], inbound != .null {
            guard let protocols = inbound.objectValue else {
                throw InvalidApplication("inboundProtocolConfiguration must be an object.")
            }
            if let oidc = protocols["oidc"], oidc != .null {
                guard let object = oidc.objectValue else {
                    throw InvalidApplication("inboundProtocolConfiguration.oidc must be an object.")
                }
                document["oidc"] = .object(try OIDCConfiguration.complete(object, existing: nil))
            }
        }
        return Application(document)
    }

    /// A new application's stored document: an id, the given members and the defaults.
    static func new(id: String) -> JSONObject {
        [
            "id": .string(id), "isManagementApp": false, "isB2BSelfServiceApp": false, "applicationEnabled": true,
            "associatedRoles": ["allowedAudience": "ORGANIZATION", "roles": []],
            "advancedConfigurations": .object(defaultAdvancedConfigurations), "authorizedAPIs": [],
        ]
    }

    /// `ApplicationListItem`; `attributes` may add `advancedConfigurations` and `associatedRoles`.
    static func listItem(_ application: Application, selfPath: String, attributes: Set<String>) -> JSON {
        let d = application.document
        var item: JSONObject = ["id": .string(application.id), "name": .string(application.name)]
        item["description"] = d["description"]
        item["image"] = d["imageUrl"]
        item["accessUrl"] = d["accessUrl"]
        item["clientId"] = application.clientID.map(JSON.string)
        item["access"] = "WRITE"
        item["self"] = .string(selfPath)
        item["templateId"] = d["templateId"]
        item["templateVersion"] = d["templateVersion"]
        item["applicationEnabled"] = .bool(application.isEnabled)
        if attributes.contains("advancedConfigurations") {
            item["advancedConfigurations"] = d["advancedConfigurations"]
        }
        if attributes.contains("associatedRoles") || attributes.contains("associatedRoles.allowedAudience") {
            item["associatedRoles"] = d["associatedRoles"]
        }
        return .object(item)
    }

    /// `ApplicationResponseModel`.
    static func response(_ application: Application, selfPath: String) -> JSON {
        let d = application.document
        var body: JSONObject = ["id": .string(application.id), "name": .string(application.name)]
        for key in ["description", "applicationVersion", "imageUrl", "accessUrl", "logoutReturnUrl"] {
            body[key] = d[key]
        }
        body["clientId"] = application.clientID.map(JSON.string)
        for key in ["templateId", "templateVersion"] { body[key] = d[key] }
        for key in boolMembers { body[key] = d[key] ?? false }
        body["applicationEnabled"] = .bool(application.isEnabled)
        for key in ["associatedRoles", "claimConfiguration"] { body[key] = d[key] }
        body["inboundProtocols"] =
            application.oidc == nil
            ? [] : [["type": "oauth2", "self": .string(selfPath + "/inbound-protocols/oidc")]]
        for key in ["authenticationSequence", "advancedConfigurations", "provisioningConfigurations"] {
            body[key] = d[key]
        }
        body["access"] = "WRITE"
        return .object(body)
    }

    /// `AuthorizedAPIResponse` items for the application's authorized APIs.
    static func authorizedAPIs(_ application: Application) -> JSON {
        .array(
            application.authorizedAPIs.compactMap { api in
                guard let resource = api["id"]?.stringValue.flatMap(APIResourceCatalogue.resource(id:)) else {
                    return nil
                }
                let names = Set(api["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? [])
                return [
                    "id": .string(resource.id), "identifier": .string(resource.identifier),
                    "displayName": .string(resource.name),
                    "policyId": .string(api["policyIdentifier"]?.stringValue ?? "RBAC"), "type": "SYSTEM",
                    "authorizedScopes": .array(
                        resource.scopes.filter { names.contains($0.name) }.map {
                            ["id": .string($0.id), "name": .string($0.name), "displayName": .string($0.displayName)]
                        }),
                ]
            })
    }
}
