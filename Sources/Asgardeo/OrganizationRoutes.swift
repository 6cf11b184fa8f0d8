import Emulator
import HTTP
import JSON
import OAuth
import Primitives

/// The Organization Management API of a root organization (org.wso2.carbon.identity.organization.management.yaml):
/// create, list, get and delete its sub-organizations, with the `internal_organization_*` scopes. A new
/// sub-organization starts with no applications and no users; `organization_switch` tokens reach it.
struct OrganizationRoutes {
    static let prefix = "/t/{org}/api/server/v1/organizations"
    let directory: OrganizationDirectory
    let engine: OAuthEngine
    let users: OrganizationUsers
    let context: EmulatorContext

    func register(on organizations: RouteGroup<ManagementCaller>) {
        organizations.on(.POST, "", envelope: AsgardeoEnvelopes.organizationCreation, create)
        organizations.on(.GET, "", list)
        organizations.on(.GET, "/{id}", get)
        organizations.on(.DELETE, "/{id}", envelope: AsgardeoEnvelopes.organizationDeletion, delete)
    }

    private func create(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        try caller.require(scope: "internal_organization_create")
        let root = caller.organization
        let input = try request.jsonObject()
        guard let name = input["name"]?.stringValue, !name.isEmpty else {
            throw AsgardeoError.organization(400, "60002", "Invalid request body.", "Missing required field : name")
        }
        for key in ["orgHandle", "description", "parentId", "type"] {
            if let value = input[key], value != .null, value.stringValue == nil {
                throw AsgardeoError.unexpectedOrganizationFormat
            }
        }
        let type = input["type"]?.stringValue ?? "TENANT"
        guard type == "TENANT" || type == "STRUCTURAL" else {
            throw AsgardeoError.organization(
                400, "60034", "Invalid organization type.",
                "The organization type should be 'TENANT' or 'STRUCTURAL'.")
        }
        let parentID = input["parentId"]?.stringValue ?? root.id
        guard parentID == root.id || directory.organizationDocument(id: parentID, rootID: root.id) != nil else {
            throw AsgardeoError.organization(
                400, "60005", "Invalid parent organization.",
                "Defined parent organization doesn't exist in tenant: \(root.handle).")
        }
        let attributes = try Self.attributes(input["attributes"])
        if directory.nameInUse(name, rootID: root.id) {
            throw AsgardeoError.organization(
                409, "60006", "Organization name unavailable.",
                "Provided organization name: \(name) already exists in tenant: \(root.handle)")
        }
        let handle = input["orgHandle"]?.stringValue ?? OrganizationDocument.handle(from: name)
        if handle.isEmpty {
            throw AsgardeoError.organization(
                400, "60001", "Invalid request.",
                "No organization handle can be derived from the name: give an orgHandle.")
        }
        if directory.handleInUse(handle, rootID: root.id) {
            throw AsgardeoError.organization(
                409, "60083", "Organization handle unavailable.",
                "Provided organization handle: \(handle) already exists.")
        }
        let document = OrganizationDocument.new(
            name: name, handle: handle, description: input["description"], type: type, parentID: parentID,
            attributes: attributes, now: DateFormats.iso8601(engine.clock.now(), fractionDigits: 3))
        try directory.insertOrganization(document, rootID: root.id, signingKeys: nil)
        var response = Response.json(OrganizationDocument.response(document, hasChildren: false), status: 201)
        let id = document["id"]?.stringValue ?? ""
        response.headers.set(
            "Location",
            context.origin(for: request) + "/t/" + root.handle + "/api/server/v1/organizations/" + id)
        return response
    }

    /// The `attributes` of a create request: `{key, value}` pairs with distinct, non-empty keys.
    private static func attributes(_ given: JSON?) throws(AsgardeoError) -> [JSON] {
        guard let given, given != .null else { return [] }
        guard let list = given.arrayValue else { throw .unexpectedOrganizationFormat }
        var keys = Set<String>()
        for attribute in list {
            guard let key = attribute["key"]?.stringValue, !key.isEmpty else {
                throw .organization(400, "60003", "Invalid request body.", "Attribute keys cannot be empty.")
            }
            guard attribute["value"]?.stringValue != nil else {
                throw .organization(
                    400, "60016", "Invalid request body.",
                    "Attribute value is required for all attributes.")
            }
            guard keys.insert(key).inserted else {
                throw .organization(400, "60004", "Invalid request body.", "Attribute keys cannot be duplicated.")
            }
        }
        return list
    }

    private func list(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        try caller.require(scope: "internal_organization_view")
        var organizations = directory.subOrganizations(rootID: caller.organization.id)
        let attributes: Set<String> = ["name", "orgHandle", "id", "description", "status", "parentId"]
        if let expression = try FilterExpression.query(request, attributes: attributes, refusal: Self.filterError) {
            organizations = organizations.filter { document in
                expression.matches { attribute in
                    attribute == "parentId" ? document["parent"]?["id"]?.stringValue : document[attribute]?.stringValue
                }
            }
        }
        let limit = try Paging.count(
            request, "limit", default: 15,
            or: .organization(
                400, "60025", "Invalid pagination parameters.", "'limit' shouldn't be negative."))
        return .json([
            "organizations": .array(
                organizations.prefix(limit).map { document in
                    let id = document["id"]?.stringValue ?? ""
                    return OrganizationDocument.listItem(document, hasChildren: directory.hasChildren(id))
                }),
            "links": [],
        ])
    }

    private static func filterError(_ problem: FilterExpression.Problem) -> AsgardeoError {
        guard case .attribute(let name) = problem else {
            return .organization(
                400, "60022", "Unable to retrieve organizations.",
                "Invalid format used for filtering.")
        }
        return .organization(
            400, "60023", "Unsupported filter attribute.",
            "The filter attribute '\(name)' is not supported.")
    }

    private func get(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        try caller.require(scope: "internal_organization_view")
        let (id, document) = try subOrganization(request, caller.organization)
        return .json(OrganizationDocument.response(document, hasChildren: directory.hasChildren(id)))
    }

    /// Deletes a sub-organization without children, with its applications and users; its tokens stop working.
    private func delete(_ request: Request, _ caller: ManagementCaller) throws -> Response {
        try caller.require(scope: "internal_organization_delete")
        let root = caller.organization
        let (id, _) = try subOrganization(request, root)
        if directory.hasChildren(id) {
            throw AsgardeoError.organization(
                400, "60007", "Unable to delete the organization.",
                "Organization with ID: \(id) in tenant: \(root.handle) has one or more child organizations.")
        }
        try directory.write(id) {
            _ = try directory.deleteOrganization(id)
            try engine.tokens.revokeAll(realm: "asgardeo/" + id)
            try users.deleteAll(orgID: id)
        }
        return .empty(204)
    }

    /// The id and stored document of the sub-organization the path's `{id}` names, or `ORG-60015`.
    private func subOrganization(_ request: Request, _ root: Organization) throws -> (String, JSONObject) {
        let id = try request.require("id")
        guard id != root.id, let document = directory.organizationDocument(id: id, rootID: root.id) else {
            throw AsgardeoError.organizationNotFound(id, root: root)
        }
        return (id, document)
    }
}
