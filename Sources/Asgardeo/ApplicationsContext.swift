import HTTP

/// What an Applications API handler works on: the accepted caller (its organization and granted scopes), the path
/// family, and the collection's path as the client addressed it.
struct ApplicationsContext {
    let caller: ManagementCaller
    let family: ApplicationFamily
    /// `/t/{org}/api/server/v1/applications` (or the `/o/` path).
    let collectionPath: String

    /// The context of a request to `family`'s paths, or the auth valve's 401/404.
    init(_ request: Request, family: ApplicationFamily, access: ManagementAccess) throws {
        caller = try access.restCaller(request, target: family.target)
        self.family = family
        collectionPath = family.collectionPath(org: try request.require("org"))
    }

    var organization: Organization { caller.organization }

    /// Refuses the request (403) unless the token may perform `operation` on these paths.
    func require(_ operation: ApplicationFamily.Operation) throws(AsgardeoError) {
        try caller.require(scope: family.scope(operation))
    }

    func selfPath(_ id: String) -> String { collectionPath + "/" + id }

    /// The application the path's `{id}` names, or `APP-60006`.
    func application(_ request: Request) throws -> Application {
        let id = try request.require("id")
        guard let application = organization.application(id: id) else {
            throw AsgardeoError.applicationNotFound(id, organization: organization)
        }
        return application
    }
}
