import Emulator
import HTTP
import JSON
import OAuth

/// The applications themselves (applications.yaml): list (paging, `filter`, `attributes`), create, get, patch and
/// delete, on both path families (see `ApplicationFamily`).
struct ApplicationRoutes {
    let directory: OrganizationDirectory
    let engine: OAuthEngine
    let context: EmulatorContext

    func register(on applications: RouteGroup<ApplicationsContext>) {
        applications.on(.GET, "", list)
        applications.on(.POST, "", create)
        applications.on(.GET, "/{id}", get)
        applications.on(.PATCH, "/{id}", patch)
        applications.on(.DELETE, "/{id}", delete)
    }

    private func list(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.view)
        if request.query["sortOrder"] != nil || request.query["sortBy"] != nil {
            throw AsgardeoError.sortingNotSupported
        }
        let limit = try Paging.count(request, "limit", default: 30, or: .invalidLimit)
        let offset = try Paging.count(request, "offset", default: 0, or: .invalidOffset)
        var applications = call.organization.applications
        if let expression = try FilterExpression.query(
            request, attributes: ["name", "clientId", "issuer"],
            refusal: AsgardeoError.applicationFilter)
        {
            applications = applications.filter { application in
                expression.matches { ["name": application.name, "clientId": application.clientID][$0] ?? nil }
            }
        }
        let attributes = Set(
            (request.query["attributes"] ?? "").split(separator: ",").map {
                String($0).trimmingSpaces()
            })
        let page = Array(applications.dropFirst(offset).prefix(limit))
        let filter = request.query["filter"].flatMap { $0.isEmpty ? nil : $0 }
        return .json([
            "totalResults": .int(Int64(applications.count)),
            "startIndex": .int(Int64(offset + 1)),
            "count": .int(Int64(page.count)),
            "applications": .array(
                page.map {
                    ApplicationDocument.listItem($0, selfPath: call.selfPath($0.id), attributes: attributes)
                }),
            "links": Paging.links(
                path: call.collectionPath, offset: offset, limit: limit, total: applications.count,
                returned: page.count, filter: filter),
        ])
    }

    private func create(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.create)
        let input = try request.jsonObject()
        let application: Application
        do {
            application = try ApplicationDocument.created(from: input)
        } catch {
            throw AsgardeoError.invalid(error)
        }
        let orgID = call.organization.id
        if directory.applicationNameInUse(application.name, orgID: orgID) {
            throw AsgardeoError.applicationExists(application.name)
        }
        if let clientID = application.clientID, directory.clientIDInUse(clientID, orgID: orgID) {
            throw AsgardeoError.clientIDExists(clientID)
        }
        try directory.insertApplication(application, orgID: orgID)
        var response = Response(status: 201)
        response.headers.set("Location", context.origin(for: request) + call.selfPath(application.id))
        return response
    }

    private func get(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.view)
        let application = try call.application(request)
        return .json(ApplicationDocument.response(application, selfPath: call.selfPath(application.id)))
    }

    private func patch(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.update)
        var application = try call.application(request)
        let input = try request.jsonObject()
        if let problem = ApplicationDocument.apply(input, to: &application.document, creating: false) {
            throw AsgardeoError.badRequest(problem)
        }
        if directory.applicationNameInUse(application.name, orgID: call.organization.id, except: application.id) {
            throw AsgardeoError.applicationExists(application.name)
        }
        try directory.replaceApplication(application, orgID: call.organization.id)
        return Response(status: 200)
    }

    /// Deletes the application and revokes the tokens of its client.
    private func delete(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.delete)
        let application = try call.application(request)
        let organization = call.organization
        try directory.write(organization.id) {
            try directory.deleteApplication(id: application.id, orgID: organization.id)
            if let clientID = application.clientID {
                try engine.tokens.revokeAll(realm: organization.realmID, clientID: clientID)
            }
        }
        return .empty(204)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
