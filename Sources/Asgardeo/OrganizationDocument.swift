import JSON
import Primitives

/// The organization JSON of the Organization Management API (org.wso2.carbon.identity.organization.management.yaml):
/// a new organization's stored document with WSO2's defaults, the handle derived from a name, and the shapes
/// rendered from a stored organization.
enum OrganizationDocument {
    /// A new organization's stored document (`created` and `lastModified` are `now`, ISO 8601), with a random id
    /// unless one is given (the seed's); `parentID` is nil for a root organization.
    static func new(
        id: String = SecureRandom.uuid(), name: String, handle: String, description: JSON? = nil,
        type: String = "TENANT",
        parentID: String? = nil, attributes: [JSON] = [], now: String
    ) -> JSONObject {
        var document: JSONObject = ["id": .string(id), "name": .string(name), "orgHandle": .string(handle)]
        document["description"] = description
        document["status"] = "ACTIVE"
        document["version"] = "v1.0.0"
        document["created"] = .string(now)
        document["lastModified"] = .string(now)
        document["type"] = .string(type)
        if let parentID { document["parent"] = ["id": .string(parentID), "ref": .string(ref(parentID))] }
        document["attributes"] = .array(attributes)
        return document
    }

    /// A handle from a name when none is given: lower case letters and digits only (INFERRED: Asgardeo's console
    /// derives handles this way; the API documents no default).
    static func handle(from name: String) -> String {
        String(
            String.UnicodeScalarView(
                name.lowercased().unicodeScalars.filter {
                    ("a"..."z").contains($0) || ("0"..."9").contains($0)
                }))
    }

    /// The `ref` of an organization: its path under the API.
    static func ref(_ id: String) -> String { "/api/server/v1/organizations/" + id }

    /// `OrganizationResponse` / `GetOrganizationResponse` of a stored organization.
    static func response(_ document: JSONObject, hasChildren: Bool) -> JSON {
        var body = document
        body["hasChildren"] = .bool(hasChildren)
        return .object(body)
    }

    /// A `BasicOrganizationResponse` item of the list.
    static func listItem(_ document: JSONObject, hasChildren: Bool) -> JSON {
        let id = document["id"]?.stringValue ?? ""
        return [
            "id": .string(id), "name": document["name"] ?? "", "orgHandle": document["orgHandle"] ?? "",
            "status": document["status"] ?? "ACTIVE", "version": document["version"] ?? "v1.0.0",
            "hasChildren": .bool(hasChildren), "ref": .string(ref(id)),
        ]
    }
}
