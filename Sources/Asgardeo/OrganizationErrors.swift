/// The Organization Management API's business errors (`ORG-6xxxx`, identity-organization-management
/// `OrganizationManagementConstants`).
extension AsgardeoError {
    /// An `ORG-` error with the number `code`.
    static func organization(_ status: Int, _ code: String, _ message: String, _ description: String) -> AsgardeoError {
        api(status: status, code: "ORG-" + code, message: message, description: description)
    }

    static func organizationNotFound(_ id: String, root: Organization) -> AsgardeoError {
        organization(
            404, "60015", "Invalid organization.",
            "Organization with ID: \(id) doesn't exist in tenant \(root.handle).")
    }

    /// `ORG-60001`: a member of the body has the wrong type.
    static var unexpectedOrganizationFormat: AsgardeoError {
        organization(400, "60001", "Invalid request.", "Provided request body content is not in the expected format.")
    }
}
