import Emulator
import JOSE
import JSON
import Primitives
import SCIM

/// Reads `asgardeo.json`: `{"organizations": [{"id", "name", "orgHandle", "signingKeys": [private JWK...],
/// "applications": [ApplicationModel + "id" + "authorizedAPIs": [{"identifier", "scopes"}]], "users": [SCIM User with
/// "id" and "password"], "groups": [SCIM Group], "subOrganizations": [{"id", "name", "orgHandle", "applications",
/// "users", "groups"}]}]}`.
/// A root organization without keys gets an RSA key derived from `--key-seed` (or a random one).
enum AsgardeoSeed {
    static func load(_ seed: JSONReader, context: EmulatorContext) throws {
        let directory = OrganizationDirectory(database: context.database)
        let scim = SCIMService(
            registry: AsgardeoSCIMRegistry.registry, database: context.database,
            clock: context.clock)
        let now = DateFormats.iso8601(context.clock.now(), fractionDigits: 3)
        for org in try seed.array("organizations") {
            let id = try org.string("id"), handle = try org.string("orgHandle")
            let keys = try signingKeys(org, handle: handle, context: context)
            let document = OrganizationDocument.new(
                id: id, name: try org.optionalString("name") ?? handle,
                handle: handle, now: now)
            try directory.insertOrganization(document, rootID: id, signingKeys: keys)
            try loadContents(org, orgID: id, directory: directory, scim: scim)
            for sub in try org.optionalArray("subOrganizations") ?? [] {
                let subID = try sub.string("id")
                let subDocument = OrganizationDocument.new(
                    id: subID, name: try sub.string("name"),
                    handle: try sub.string("orgHandle"), parentID: id, now: now)
                try directory.insertOrganization(subDocument, rootID: id, signingKeys: nil)
                try loadContents(sub, orgID: subID, directory: directory, scim: scim)
            }
        }
    }

    private static func signingKeys(_ org: JSONReader, handle: String, context: EmulatorContext) throws -> JSON {
        guard let given = try org.optionalArray("signingKeys"), !given.isEmpty else {
            let key = try SigningKey.generate(
                .rsa, use: "sig", algorithm: "RS256", createdAt: context.clock.now(),
                seed: context.configuration.keySeed.map { Array($0.utf8) },
                label: "asgardeo/\(handle)/sig")
            return [key.privateJWK()]
        }
        for key in given {
            let parsed: SigningKey
            do { parsed = try SigningKey(jwk: key.value) } catch {
                throw JSONReadError(path: key.path, reason: "\(error)")
            }
            guard parsed.jwsAlgorithm == .RS256 else {
                throw JSONReadError(path: key.path, reason: "Asgardeo signs with RS256 keys")
            }
        }
        return .array(given.map(\.value))
    }

    private static func loadContents(
        _ org: JSONReader, orgID: String, directory: OrganizationDirectory,
        scim: SCIMService
    ) throws {
        for app in try org.optionalArray("applications") ?? [] {
            let input = try app.object()
            var document = ApplicationDocument.new(id: try app.string("id"))
            guard let name = input["name"]?.stringValue, !name.isEmpty else {
                throw JSONReadError(path: app.path + ".name", reason: "is required")
            }
            if let problem = ApplicationDocument.apply(input, to: &document, creating: true) {
                throw JSONReadError(path: app.path, reason: problem)
            }
            if let oidc = input["inboundProtocolConfiguration"]?["oidc"]?.objectValue {
                do {
                    document["oidc"] = .object(try OIDCConfiguration.complete(oidc, existing: nil))
                } catch {
                    throw JSONReadError(path: app.path + ".inboundProtocolConfiguration.oidc", reason: error.reason)
                }
            }
            var apis: [JSON] = []
            for api in try app.optionalArray("authorizedAPIs") ?? [] {
                let identifier = try api.string("identifier")
                guard let resource = APIResourceCatalogue.resource(identifier: identifier) else {
                    throw JSONReadError(
                        path: api.path + ".identifier",
                        reason: "no system API resource has this identifier")
                }
                let scopes = try api.array("scopes").map { try $0.string() }
                if let unknown = scopes.first(where: { name in !resource.scopes.contains { $0.name == name } }) {
                    throw JSONReadError(
                        path: api.path + ".scopes",
                        reason: "\(unknown) is not a scope of \(identifier)")
                }
                apis.append([
                    "id": .string(resource.id), "policyIdentifier": "RBAC",
                    "scopes": .array(scopes.map(JSON.string)),
                ])
            }
            document["authorizedAPIs"] = .array(apis)
            try directory.insertApplication(Application(document), orgID: orgID)
        }
        for (kind, definition) in [("users", AsgardeoSCIMRegistry.users), ("groups", AsgardeoSCIMRegistry.groups)] {
            for resource in try org.optionalArray(kind) ?? [] {
                var document = try resource.object()
                if document["schemas"] == nil { document["schemas"] = [.string(definition.type.schema)] }
                do {
                    _ = try scim.seed(
                        definition, document: .object(document),
                        partition: AsgardeoSCIMRegistry.partition(orgID))
                } catch let error as SCIMError {
                    throw JSONReadError(path: resource.path, reason: error.detail)
                }
            }
        }
    }
}
