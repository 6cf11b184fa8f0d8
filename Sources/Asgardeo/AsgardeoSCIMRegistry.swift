import SCIM

/// The SCIM2 resources an Asgardeo organization serves (scim2.yaml): Users with the enterprise extension, Groups with
/// members, PATCH and Bulk, OAuth bearer authentication.
enum AsgardeoSCIMRegistry {
    static let registry = SCIMRegistry(
        schemas: [CoreSchemas.user, CoreSchemas.enterpriseUser, CoreSchemas.group],
        resourceTypes: [
            SCIMResourceType(
                name: "User", endpoint: "Users", description: "User Account", schema: CoreSchemas.userURN,
                extensions: [.init(schema: CoreSchemas.enterpriseUserURN, required: false)]),
            SCIMResourceType(name: "Group", endpoint: "Groups", description: "Group", schema: CoreSchemas.groupURN),
        ],
        config: SCIMServiceProviderConfig(
            documentationUri: "https://wso2.com/asgardeo/docs/apis/scim2/", patchSupported: true, bulkSupported: true,
            bulkMaxOperations: SCIMBulk.maxOperations, bulkMaxPayloadSize: SCIMBulk.maxPayloadSize,
            filterMaxResults: 200,
            changePasswordSupported: true, sortSupported: true, etagSupported: true,
            authenticationSchemes: [SCIMServiceProviderConfig.oauthBearerToken()]),
        membership: SCIMMembership(groupType: "Group", membersAttribute: "members", memberGroupsAttribute: "groups"))

    static var users: ResourceDefinition { registry.definition(named: "User")! }
    static var groups: ResourceDefinition { registry.definition(named: "Group")! }

    /// The store partition of an organization's users and groups.
    static func partition(_ orgID: String) -> String { "asgardeo/" + orgID }
}
