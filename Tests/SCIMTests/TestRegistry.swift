import JSON
import Primitives
import SCIM
import Store

/// Core User (with the enterprise extension) and Group, as a vendor would register them, over an in-memory store.
enum TestRegistry {
    static let registry = SCIMRegistry(
        schemas: [CoreSchemas.user, CoreSchemas.group, CoreSchemas.enterpriseUser],
        resourceTypes: [
            SCIMResourceType(
                name: "User", endpoint: "Users", description: "User Account", schema: CoreSchemas.userURN,
                extensions: [.init(schema: CoreSchemas.enterpriseUserURN)]),
            SCIMResourceType(name: "Group", endpoint: "Groups", description: "Group", schema: CoreSchemas.groupURN),
        ],
        config: SCIMServiceProviderConfig(
            filterMaxResults: 50,
            authenticationSchemes: [SCIMServiceProviderConfig.oauthBearerToken()]))

    static var user: ResourceDefinition { registry.definition(named: "User")! }
    static var group: ResourceDefinition { registry.definition(named: "Group")! }

    static func service() throws -> SCIMService {
        let database = try Database()
        try Migrator.migrate(database, module: SCIMStorage.name, migrations: SCIMStorage.migrations)
        return SCIMService(registry: registry, database: database, clock: Clock())
    }

    static func userBody(_ userName: String, extra: JSONObject = [:]) -> JSON {
        var body: JSONObject = ["schemas": [.string(CoreSchemas.userURN)], "userName": .string(userName)]
        for (key, value) in extra { body[key] = value }
        return .object(body)
    }

    /// What a service call gives a client: its value, or the `SCIMError` it throws (any other error, such as a store
    /// failure, becomes a 500 so that the test's expectations fail).
    static func outcome<T>(_ call: () throws -> T) -> Result<T, SCIMError> {
        do {
            return .success(try call())
        } catch let error as SCIMError {
            return .failure(error)
        } catch {
            return .failure(.internalError("\(error)"))
        }
    }
}
