/// One family of Applications API paths (applications.yaml): a root organization's under
/// `/t/{org}/api/server/v1/applications` with the `internal_application_mgt_*` scopes, or a sub-organization's under
/// `/t/{org}/o/api/server/v1/applications` with the `internal_org_application_mgt_*` ones.
struct ApplicationFamily {
    /// What an operation does, which names the scope it needs.
    enum Operation: String {
        case view, create, update, delete
    }

    /// The route pattern of the collection.
    let prefix: String
    let target: ManagementAccess.Target
    /// The scopes' common prefix: `internal_application_mgt` gives `internal_application_mgt_view`, ….
    let scopePrefix: String

    static let root = ApplicationFamily(
        prefix: "/t/{org}/api/server/v1/applications", target: .root,
        scopePrefix: "internal_application_mgt")
    static let subOrganization = ApplicationFamily(
        prefix: "/t/{org}/o/api/server/v1/applications",
        target: .subOrganization,
        scopePrefix: "internal_org_application_mgt")
    static let all = [root, subOrganization]

    /// The scope `operation` needs on these paths.
    func scope(_ operation: Operation) -> String { scopePrefix + "_" + operation.rawValue }

    /// `/t/{org}/api/server/v1/applications` (or the `/o/` path) for the organization handle the client addressed.
    func collectionPath(org: String) -> String {
        "/t/" + org + (target == .root ? "" : "/o") + "/api/server/v1/applications"
    }
}
