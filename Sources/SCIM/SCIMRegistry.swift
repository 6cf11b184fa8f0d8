import JSON

/// Group membership as the engine keeps it consistent: which resource type holds members in which attribute, and
/// which attribute of member resources lists their groups (computed on read, never stored).
public struct SCIMMembership: Sendable {
    public var groupType: String
    public var membersAttribute: String
    /// The read-only attribute of members that lists their groups (`groups` of core User), if any.
    public var memberGroupsAttribute: String?

    public init(
        groupType: String = "Group", membersAttribute: String = "members", memberGroupsAttribute: String? = "groups"
    ) {
        self.groupType = groupType
        self.membersAttribute = membersAttribute
        self.memberGroupsAttribute = memberGroupsAttribute
    }
}

/// Everything a vendor registers with the engine: its schemas, resource types, service provider configuration and
/// membership rule. Discovery documents (`/Schemas`, `/ResourceTypes`, `/ServiceProviderConfig`) are generated from it.
public final class SCIMRegistry: Sendable {
    public let schemas: [SCIMSchema]
    public let resourceTypes: [SCIMResourceType]
    public let config: SCIMServiceProviderConfig
    public let membership: SCIMMembership?
    public let definitions: [ResourceDefinition]

    /// Fails (with a reason, for the vendor's start-up) when a resource type names a schema that is not registered.
    public init(
        schemas: [SCIMSchema], resourceTypes: [SCIMResourceType], config: SCIMServiceProviderConfig,
        membership: SCIMMembership? = SCIMMembership()
    ) {
        self.schemas = schemas
        self.resourceTypes = resourceTypes
        self.config = config
        self.membership = membership
        definitions = resourceTypes.map { type in
            guard let core = schemas.first(where: { $0.id == type.schema }) else {
                preconditionFailure("resource type \(type.name) names the unregistered schema \(type.schema)")
            }
            let extensions = type.extensions.map { ext in
                guard let schema = schemas.first(where: { $0.id == ext.schema }) else {
                    preconditionFailure("resource type \(type.name) names the unregistered extension \(ext.schema)")
                }
                return (schema: schema, required: ext.required)
            }
            return ResourceDefinition(type: type, core: core, extensions: extensions)
        }
    }

    public func definition(named name: String) -> ResourceDefinition? {
        definitions.first { $0.type.name == name }
    }

    public func definition(endpoint: String) -> ResourceDefinition? {
        definitions.first { $0.type.endpoint == endpoint }
    }

    public func schema(id: String) -> SCIMSchema? {
        schemas.first { SCIMNames.equal($0.id, id) }
    }
}
