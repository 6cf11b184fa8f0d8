import Emulator
import HTTP
import JSON
import OAuth
import Primitives
import SCIM

/// The Organization Management API of a root organization (org.wso2.carbon.identity.organization.management.yaml):
/// create, list, get and delete its sub-organizations, with the `internal_organization_*` scopes. A new
/// sub-organization starts with no applications and no users; `organization_switch` tokens reach it.
final class OrganizationRoutes {
    private let directory: OrganizationDirectory
    private let engine: OAuthEngine
    private let access: ManagementAccess
    private let scim: SCIMService
    private let context: EmulatorContext

    init(directory: OrganizationDirectory, engine: OAuthEngine, access: ManagementAccess, scim: SCIMService, context: EmulatorContext) {
        self.directory = directory
        self.engine = engine
        self.access = access
        self.scim = scim
        self.context = context
    }

    func register(on router: Router) {
        let v = AsgardeoErrors.api, p = "/t/{org}/api/server/v1/organizations"
        router.add(.POST, p, envelope: v, group: "api") { self.guarded($0, "internal_organization_create", self.create) }
        router.add(.GET, p, envelope: v, group: "api") { self.guarded($0, "internal_organization_view", self.list) }
        router.add(.GET, p + "/{id}", envelope: v, group: "api") { self.guarded($0, "internal_organization_view", self.get) }
        router.add(.DELETE, p + "/{id}", envelope: v, group: "api") { self.guarded($0, "internal_organization_delete", self.delete) }
    }

    private func guarded(_ request: Request, _ scope: String, _ body: (Request, Organization) -> Response) -> Reply {
        switch access.authorizeREST(request, target: .root, scope: scope) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let root): return .now(body(request, root))
        }
    }

    private static func error(_ status: Int, _ code: String, _ message: String, _ description: String) -> Response {
        AsgardeoErrors.apiError(status: status, code: "ORG-" + code, message: message, description: description)
    }

    private static func ref(_ id: String) -> String { "/api/server/v1/organizations/" + id }

    /// `OrganizationResponse` / `GetOrganizationResponse` of a stored organization.
    private func response(_ document: JSONObject) -> JSON {
        var body = document
        body["hasChildren"] = .bool(directory.hasChildren(document["id"]?.stringValue ?? ""))
        return .object(body)
    }

    private func create(_ request: Request, _ root: Organization) -> Response {
        let input: JSONObject
        switch APIRequests.object(request, codePrefix: "ORG") {
        case .failure(let refusal): return refusal.response
        case .success(let object): input = object
        }
        guard let name = input["name"]?.stringValue, !name.isEmpty else {
            return Self.error(400, "60002", "Invalid request body.", "Missing required field : name")
        }
        for key in ["orgHandle", "description", "parentId", "type"] {
            if let value = input[key], value != .null, value.stringValue == nil {
                return Self.error(400, "60001", "Invalid request.", "Provided request body content is not in the expected format.")
            }
        }
        let type = input["type"]?.stringValue ?? "TENANT"
        guard type == "TENANT" || type == "STRUCTURAL" else {
            return Self.error(400, "60034", "Invalid organization type.", "The organization type should be 'TENANT' or 'STRUCTURAL'.")
        }
        let parentID = input["parentId"]?.stringValue ?? root.id
        guard parentID == root.id || directory.organizationDocument(id: parentID, rootID: root.id) != nil else {
            return Self.error(400, "60005", "Invalid parent organization.", "Defined parent organization doesn't exist in tenant: \(root.handle).")
        }
        var attributes: [JSON] = []
        if let given = input["attributes"], given != .null {
            guard let list = given.arrayValue else {
                return Self.error(400, "60001", "Invalid request.", "Provided request body content is not in the expected format.")
            }
            var keys = Set<String>()
            for attribute in list {
                guard let key = attribute["key"]?.stringValue, !key.isEmpty else {
                    return Self.error(400, "60003", "Invalid request body.", "Attribute keys cannot be empty.")
                }
                guard attribute["value"]?.stringValue != nil else {
                    return Self.error(400, "60016", "Invalid request body.", "Attribute value is required for all attributes.")
                }
                guard keys.insert(key).inserted else {
                    return Self.error(400, "60004", "Invalid request body.", "Attribute keys cannot be duplicated.")
                }
                attributes.append(attribute)
            }
        }
        if directory.nameInUse(name, rootID: root.id) {
            return Self.error(409, "60006", "Organization name unavailable.",
                              "Provided organization name: \(name) already exists in tenant: \(root.handle)")
        }
        let handle = input["orgHandle"]?.stringValue ?? Self.handle(from: name)
        if handle.isEmpty {
            return Self.error(400, "60001", "Invalid request.", "No organization handle can be derived from the name: give an orgHandle.")
        }
        if directory.handleInUse(handle, rootID: root.id) {
            return Self.error(409, "60083", "Organization handle unavailable.", "Provided organization handle: \(handle) already exists.")
        }
        let id = SecureRandom.uuid()
        let now = DateFormats.iso8601(engine.clock.now(), fractionDigits: 3)
        var document: JSONObject = [
            "id": .string(id), "name": .string(name), "orgHandle": .string(handle),
        ]
        document["description"] = input["description"]
        document["status"] = "ACTIVE"
        document["version"] = "v1.0.0"
        document["created"] = .string(now)
        document["lastModified"] = .string(now)
        document["type"] = .string(type)
        document["parent"] = ["id": .string(parentID), "ref": .string(Self.ref(parentID))]
        document["attributes"] = .array(attributes)
        do {
            try directory.insertOrganization(document, rootID: root.id, signingKeys: nil)
        } catch {
            return Self.error(500, "65016", "Unable to create the organization.", "Server encountered an error while creating the organization.")
        }
        var response = Response.json(response(document), status: 201)
        response.headers.set("Location", context.origin(for: request) + "/t/" + root.handle + "/api/server/v1/organizations/" + id)
        return response
    }

    /// Removes the sub-organization's SCIM users and groups (inside the caller's transaction).
    private func deleteUsersAndGroups(of orgID: String) throws {
        let partition = AsgardeoSCIMRegistry.partition(orgID)
        for group in try scim.store.all(partition, "Group") {
            try scim.store.setMembers(partition, groupID: group.id, display: nil, memberIDs: [])
            _ = try scim.store.delete(partition, "Group", id: group.id)
        }
        for user in try scim.store.all(partition, "User") { _ = try scim.store.delete(partition, "User", id: user.id) }
    }

    /// A handle from a name when none is given: lower case letters and digits only (INFERRED: Asgardeo's console
    /// derives handles this way; the API documents no default).
    static func handle(from name: String) -> String {
        String(String.UnicodeScalarView(name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) || ("0"..."9").contains($0) }))
    }

    private func list(_ request: Request, _ root: Organization) -> Response {
        var organizations = directory.subOrganizations(rootID: root.id)
        if let filter = request.query["filter"], !filter.isEmpty {
            switch FilterExpression.parse(filter, attributes: ["name", "orgHandle", "id", "description", "status", "parentId"]) {
            case .failure(.attribute(let name)):
                return Self.error(400, "60023", "Unsupported filter attribute.", "The filter attribute '\(name)' is not supported.")
            case .failure:
                return Self.error(400, "60022", "Unable to retrieve organizations.", "Invalid format used for filtering.")
            case .success(let expression):
                organizations = organizations.filter { document in
                    expression.matches { attribute in
                        attribute == "parentId" ? document["parent"]?["id"]?.stringValue : document[attribute]?.stringValue
                    }
                }
            }
        }
        guard let limit = APIRequests.count(request, "limit", default: 15) else {
            return Self.error(400, "60025", "Invalid pagination parameters.", "'limit' shouldn't be negative.")
        }
        return .json([
            "organizations": .array(organizations.prefix(limit).map { document in
                let id = document["id"]?.stringValue ?? ""
                return ["id": .string(id), "name": document["name"] ?? "", "orgHandle": document["orgHandle"] ?? "",
                        "status": document["status"] ?? "ACTIVE", "version": document["version"] ?? "v1.0.0",
                        "hasChildren": .bool(directory.hasChildren(id)), "ref": .string(Self.ref(id))]
            }),
            "links": [],
        ])
    }

    private func notFound(_ id: String, _ root: Organization) -> Response {
        Self.error(404, "60015", "Invalid organization.", "Organization with ID: \(id) doesn't exist in tenant \(root.handle).")
    }

    private func get(_ request: Request, _ root: Organization) -> Response {
        let id = request.param("id") ?? ""
        guard let document = directory.organizationDocument(id: id, rootID: root.id), id != root.id else { return notFound(id, root) }
        return .json(response(document))
    }

    /// Deletes a sub-organization without children, with its applications and users; its tokens stop working.
    private func delete(_ request: Request, _ root: Organization) -> Response {
        let id = request.param("id") ?? ""
        guard directory.organizationDocument(id: id, rootID: root.id) != nil, id != root.id else { return notFound(id, root) }
        if directory.hasChildren(id) {
            return Self.error(400, "60007", "Unable to delete the organization.",
                              "Organization with ID: \(id) in tenant: \(root.handle) has one or more child organizations.")
        }
        do {
            try directory.database.transaction {
                _ = try directory.deleteOrganization(id)
                try engine.tokens.revokeAll(realm: "asgardeo/" + id)
                try deleteUsersAndGroups(of: id)
            }
        } catch {
            directory.invalidate(id)
            return Self.error(500, "65010", "Unable to delete the organization.",
                              "Server encountered an error while deleting the organization with ID: \(id) in tenant: \(root.handle).")
        }
        return .empty(204)
    }
}
