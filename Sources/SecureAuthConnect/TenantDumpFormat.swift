import JSON
import Primitives

/// The System API's configuration document (system.yaml `TenantDump`): `tenant` (a `Tenant` object) and the arrays
/// `servers` (`ServerDump`), `clients` (`Client`) and `idps` (`IDPs`), each element the stored document. The dump's
/// other arrays (policies, scripts, consents, …) describe things the emulator does not model: an export leaves them
/// out and an import ignores them.
enum TenantDumpFormat {
    static func render(_ configuration: StoredConfiguration) -> JSON {
        [
            "tenant": .object(configuration.tenant),
            "servers": .array(configuration.servers.map(JSON.object)),
            "clients": .array(configuration.clients.map(JSON.object)),
            "idps": .array(configuration.idps.map(JSON.object)),
        ]
    }

    /// Reads a dump; a document without its id (`id`, `client_id`) gets a generated one, as the Admin API's create
    /// operations do. Throws a 400 for a body of the wrong shape, naming the JSON path.
    static func parse(_ body: JSON) throws(SecureAuthError) -> IncomingConfiguration {
        let root = JSONReader(body)
        var result = IncomingConfiguration()
        do throws(JSONReadError) {
            _ = try root.object()
            if let tenant = root.child("tenant"), tenant.value != .null {
                result.tenant = IncomingEntity(document: try tenant.object(), path: tenant.path)
            }
            result.servers = try entities(root, "servers", idKey: "id") { ServerDefaults.generatedID() }
            result.clients = try entities(root, "clients", idKey: "client_id") { SecureRandom.uuid() }
            result.idps = try entities(root, "idps", idKey: "id") { ServerDefaults.generatedID() }
        } catch {
            throw .shape(error)
        }
        return result
    }

    private static func entities(
        _ root: JSONReader, _ key: String, idKey: String,
        generateID: () -> String
    ) throws(JSONReadError) -> [IncomingEntity] {
        var result: [IncomingEntity] = []
        for element in try root.optionalArray(key) ?? [] {
            var document = try element.object()
            if document[idKey] == nil || document[idKey] == .null { document[idKey] = .string(generateID()) }
            result.append(IncomingEntity(document: document, path: element.path))
        }
        return result
    }
}
