import Crypto
import JSON
import Primitives

/// The system API resources an Asgardeo organization exposes and the internal scopes they define (APIResources.yaml
/// `APIResourceResponse`, `type: SYSTEM`). Applications are authorized for these scopes through `authorized-apis`.
/// Ids are stable UUIDs derived from the identifier, so they are the same in every run.
enum APIResourceCatalogue {
    struct Scope {
        let name: String
        let displayName: String
        var id: String { APIResourceCatalogue.stableID("scope:" + name) }
    }

    struct Resource {
        let name: String
        /// The API's path, as Asgardeo names its system API resources.
        let identifier: String
        let scopes: [Scope]
        var id: String { APIResourceCatalogue.stableID("api:" + identifier) }
    }

    static let resources: [Resource] = [
        resource(
            "Application Management API", "/api/server/v1/applications", prefix: "internal_application_mgt",
            ["view", "create", "update", "delete"], noun: "Application"),
        resource(
            "API Resource Management API", "/api/server/v1/api-resources", prefix: "internal_api_resource",
            ["view", "create", "update", "delete"], noun: "API Resource"),
        resource(
            "Organization Management API", "/api/server/v1/organizations", prefix: "internal_organization",
            ["view", "create", "update", "delete"], noun: "Organization"),
        resource(
            "SCIM2 Users API", "/scim2/Users", prefix: "internal_user_mgt",
            ["view", "list", "create", "update", "delete"], noun: "User"),
        resource(
            "SCIM2 Groups API", "/scim2/Groups", prefix: "internal_group_mgt",
            ["view", "create", "update", "delete"], noun: "Group"),
        Resource(
            name: "SCIM2 Bulk API", identifier: "/scim2/Bulk",
            scopes: [Scope(name: "internal_bulk_resource_create", displayName: "Create Bulk Resource")]),
        resource(
            "Organization Application Management API", "/o/api/server/v1/applications",
            prefix: "internal_org_application_mgt", ["view", "create", "update", "delete"],
            noun: "Organization Application"),
        resource(
            "Organization SCIM2 Users API", "/o/scim2/Users", prefix: "internal_org_user_mgt",
            ["view", "list", "create", "update", "delete"], noun: "Organization User"),
        resource(
            "Organization SCIM2 Groups API", "/o/scim2/Groups", prefix: "internal_org_group_mgt",
            ["view", "create", "update", "delete"], noun: "Organization Group"),
    ]

    /// The resource with this id, or with this identifier.
    static func resource(id: String) -> Resource? { resources.first { $0.id == id } }
    static func resource(identifier: String) -> Resource? { resources.first { $0.identifier == identifier } }

    static func scopeJSON(_ scope: Scope) -> JSON {
        [
            "id": .string(scope.id), "name": .string(scope.name), "displayName": .string(scope.displayName),
            "description": .string(scope.displayName),
        ]
    }

    private static func resource(
        _ name: String, _ identifier: String, prefix: String, _ actions: [String],
        noun: String
    ) -> Resource {
        Resource(
            name: name, identifier: identifier,
            scopes: actions.map {
                let verb = $0 == "list" ? "List" : $0.prefix(1).uppercased() + $0.dropFirst()
                return Scope(name: prefix + "_" + $0, displayName: verb + " " + noun)
            })
    }

    /// A UUID-shaped id from the SHA-256 of `label`.
    static func stableID(_ label: String) -> String {
        let hex = Hex.encode(Array(SHA256.hash(data: Array(label.utf8))).prefix(16))
        let c = Array(hex)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-" + String(c[12..<16]) + "-" + String(c[16..<20]) + "-"
            + String(c[20..<32])
    }
}
