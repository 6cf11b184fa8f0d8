import Emulator
import HTTP
import JSON
import OAuth
import Primitives
import Store

/// The Applications API (applications.yaml) of a root organization under `/t/{org}/api/server/v1/applications`, and of
/// a sub-organization under `/t/{org}/o/api/server/v1/applications` (with the `internal_org_application_mgt_*`
/// scopes): list, create, get, patch, delete, the OIDC inbound protocol and the authorized APIs.
final class ApplicationRoutes {
    /// The scope each operation needs on one family of paths.
    struct OperationScopes {
        let view, create, update, delete: String
        let target: ManagementAccess.Target
        let prefix: String
    }

    static let root = OperationScopes(view: "internal_application_mgt_view", create: "internal_application_mgt_create",
                                      update: "internal_application_mgt_update", delete: "internal_application_mgt_delete",
                                      target: .root, prefix: "/t/{org}/api/server/v1/applications")
    static let subOrganization = OperationScopes(view: "internal_org_application_mgt_view", create: "internal_org_application_mgt_create",
                                                 update: "internal_org_application_mgt_update", delete: "internal_org_application_mgt_delete",
                                                 target: .subOrganization, prefix: "/t/{org}/o/api/server/v1/applications")

    private let directory: OrganizationDirectory
    private let engine: OAuthEngine
    private let access: ManagementAccess
    private let context: EmulatorContext

    init(directory: OrganizationDirectory, engine: OAuthEngine, context: EmulatorContext) {
        self.directory = directory
        self.engine = engine
        self.context = context
        access = ManagementAccess(directory: directory, engine: engine)
    }

    func register(on router: Router) {
        for scopes in [Self.root, Self.subOrganization] {
            let v = AsgardeoErrors.api, g = "api", p = scopes.prefix
            router.add(.GET, p, envelope: v, group: g) { self.guarded($0, scopes, scopes.view, self.list) }
            router.add(.POST, p, envelope: v, group: g) { self.guarded($0, scopes, scopes.create, self.create) }
            router.add(.GET, p + "/{id}", envelope: v, group: g) { self.guarded($0, scopes, scopes.view, self.get) }
            router.add(.PATCH, p + "/{id}", envelope: v, group: g) { self.guarded($0, scopes, scopes.update, self.patch) }
            router.add(.DELETE, p + "/{id}", envelope: v, group: g) { self.guarded($0, scopes, scopes.delete, self.delete) }
            router.add(.GET, p + "/{id}/inbound-protocols/oidc", envelope: v, group: g) { self.guarded($0, scopes, scopes.view, self.getOIDC) }
            router.add(.PUT, p + "/{id}/inbound-protocols/oidc", envelope: v, group: g) { self.guarded($0, scopes, scopes.update, self.putOIDC) }
            router.add(.DELETE, p + "/{id}/inbound-protocols/oidc", envelope: v, group: g) {
                self.guarded($0, scopes, scopes.delete, self.deleteOIDC)
            }
            router.add(.GET, p + "/{id}/authorized-apis", envelope: v, group: g) { self.guarded($0, scopes, scopes.view, self.listAuthorized) }
            router.add(.POST, p + "/{id}/authorized-apis", envelope: v, group: g) { self.guarded($0, scopes, scopes.update, self.authorize) }
            router.add(.PATCH, p + "/{id}/authorized-apis/{apiId}", envelope: v, group: g) {
                self.guarded($0, scopes, scopes.update, self.patchAuthorized)
            }
            router.add(.DELETE, p + "/{id}/authorized-apis/{apiId}", envelope: v, group: g) {
                self.guarded($0, scopes, scopes.update, self.unauthorize)
            }
        }
    }

    /// What a handler works on: the request, the addressed organization and the collection's path.
    private struct Call {
        let request: Request
        let organization: Organization
        /// `/t/{org}/api/server/v1/applications` (or the `/o/` path), as the client addressed it.
        let collectionPath: String
        var id: String { request.param("id") ?? "" }
        func selfPath(_ id: String) -> String { collectionPath + "/" + id }
    }

    private func guarded(_ request: Request, _ scopes: OperationScopes, _ scope: String, _ body: (Call) -> Response) -> Reply {
        switch access.authorizeREST(request, target: scopes.target, scope: scope) {
        case .failure(let refusal): return .now(refusal.response)
        case .success(let organization):
            let collection = "/t/" + (request.param("org") ?? "") + (scopes.target == .root ? "" : "/o") + "/api/server/v1/applications"
            return .now(body(Call(request: request, organization: organization, collectionPath: collection)))
        }
    }

    private func notFound(_ call: Call) -> Response {
        AsgardeoErrors.apiError(status: 404, code: "APP-60006", message: "Application not found.",
                                description: "Application cannot be found for the provided id: \(call.id) in the tenantDomain: \(call.organization.handle).")
    }

    private func conflict(_ name: String) -> Response {
        AsgardeoErrors.apiError(status: 409, code: "APP-60007", message: "Application already exists.",
                                description: "Already an application available with the same name: \(name).")
    }

    private func clientIDConflict(_ clientID: String) -> Response {
        AsgardeoErrors.apiError(status: 409, code: "APP-60009", message: "Inbound key already exists.",
                                description: "An application with the client id: \(clientID) already exists.")
    }

    private func storeFailure(_ error: Error) -> Response {
        AsgardeoErrors.apiError(status: 500, code: "APP-65001", message: "Unexpected server error.", description: "The change could not be stored.")
    }

    // MARK: Applications

    private func list(_ call: Call) -> Response {
        let request = call.request
        if request.query["sortOrder"] != nil || request.query["sortBy"] != nil {
            return AsgardeoErrors.apiError(status: 501, code: "APP-65002", message: "Sorting not supported.",
                                           description: "Sorting capability is not supported in this version of the API.")
        }
        guard let limit = APIRequests.count(request, "limit", default: 30) else {
            return APIRequests.badRequest("Invalid limit requested. Limit value should be a non-negative integer.", code: "APP-60003",
                                          message: "Invalid limit.")
        }
        guard let offset = APIRequests.count(request, "offset", default: 0) else {
            return APIRequests.badRequest("Invalid offset requested. Offset value should be a non-negative integer.", code: "APP-60002",
                                          message: "Invalid offset.")
        }
        var applications = call.organization.applications
        let filter = request.query["filter"].flatMap { $0.isEmpty ? nil : $0 }
        if let filter {
            switch FilterExpression.parse(filter, attributes: ["name", "clientId", "issuer"]) {
            case .failure(.attribute(let name)):
                return APIRequests.badRequest("Filtering cannot be done with the '\(name)' attribute. Filtering is only supported with 'name', "
                                              + "'clientId', and 'issuer' attributes.", code: "APP-60004",
                                              message: "Filtering using the attempted attribute is not supported.")
            case .failure(.operation(let operation)):
                return APIRequests.badRequest("Attempted filtering operation '\(operation)' is invalid. Please use one of the supported "
                                              + "filtering operations such as 'eq', 'co', 'sw', 'ew', 'and', 'or'.", code: "APP-60004",
                                              message: "Attempted filtering operation is invalid.")
            case .failure(.format):
                return APIRequests.badRequest("Filter needs to be in the format <attribute>+<operation>+<value>. Eg: name+eq+john",
                                              code: "APP-60004", message: "Invalid filter query format.")
            case .success(let expression):
                applications = applications.filter { application in
                    expression.matches { attribute in
                        switch attribute {
                        case "name": return application.name
                        case "clientId": return application.clientID
                        default: return nil
                        }
                    }
                }
            }
        }
        let attributes = Set((request.query["attributes"] ?? "").split(separator: ",").map { String($0).trimmingSpaces() })
        let page = Array(applications.dropFirst(offset).prefix(limit))
        return .json([
            "totalResults": .int(Int64(applications.count)),
            "startIndex": .int(Int64(offset + 1)),
            "count": .int(Int64(page.count)),
            "applications": .array(page.map { ApplicationDocument.listItem($0, selfPath: call.selfPath($0.id), attributes: attributes) }),
            "links": APIRequests.pageLinks(path: call.collectionPath, offset: offset, limit: limit, total: applications.count,
                                           returned: page.count, filter: filter),
        ])
    }

    private func create(_ call: Call) -> Response {
        let input: JSONObject
        switch APIRequests.object(call.request) {
        case .failure(let refusal): return refusal.response
        case .success(let object): input = object
        }
        guard let name = input["name"]?.stringValue, !name.isEmpty else { return APIRequests.badRequest("Application name is required.") }
        var document = ApplicationDocument.new(id: SecureRandom.uuid())
        if let problem = ApplicationDocument.apply(input, to: &document, creating: true) { return APIRequests.badRequest(problem) }
        if let inbound = input["inboundProtocolConfiguration"], inbound != .null {
            guard let protocols = inbound.objectValue else { return APIRequests.badRequest("inboundProtocolConfiguration must be an object.") }
            if let oidc = protocols["oidc"], oidc != .null {
                guard let object = oidc.objectValue else { return APIRequests.badRequest("inboundProtocolConfiguration.oidc must be an object.") }
                switch OIDCConfiguration.complete(object, existing: nil) {
                case .failure(let problem): return APIRequests.badRequest(problem.reason)
                case .success(let completed): document["oidc"] = .object(completed)
                }
            }
        }
        let application = Application(document)
        let orgID = call.organization.id
        if directory.applicationNameInUse(name, orgID: orgID) { return conflict(name) }
        if let clientID = application.clientID, directory.clientIDInUse(clientID, orgID: orgID) { return clientIDConflict(clientID) }
        do {
            try directory.insertApplication(application, orgID: orgID)
        } catch {
            return storeFailure(error)
        }
        var response = Response(status: 201)
        response.headers.set("Location", context.origin(for: call.request) + call.selfPath(application.id))
        return response
    }

    private func get(_ call: Call) -> Response {
        guard let application = call.organization.application(id: call.id) else { return notFound(call) }
        return .json(ApplicationDocument.response(application, selfPath: call.selfPath(application.id)))
    }

    private func patch(_ call: Call) -> Response {
        guard var application = call.organization.application(id: call.id) else { return notFound(call) }
        let input: JSONObject
        switch APIRequests.object(call.request) {
        case .failure(let refusal): return refusal.response
        case .success(let object): input = object
        }
        if let problem = ApplicationDocument.apply(input, to: &application.document, creating: false) { return APIRequests.badRequest(problem) }
        if directory.applicationNameInUse(application.name, orgID: call.organization.id, except: application.id) {
            return conflict(application.name)
        }
        return save(application, call, status: 200)
    }

    private func delete(_ call: Call) -> Response {
        guard let application = call.organization.application(id: call.id) else { return notFound(call) }
        do {
            try directory.database.transaction {
                try directory.deleteApplication(id: application.id, orgID: call.organization.id)
                if let clientID = application.clientID { try engine.tokens.revokeAll(realm: call.organization.realmID, clientID: clientID) }
            }
        } catch {
            directory.invalidate(call.organization.id)
            return storeFailure(error)
        }
        return .empty(204)
    }

    private func save(_ application: Application, _ call: Call, status: Int) -> Response {
        do {
            try directory.replaceApplication(application, orgID: call.organization.id)
        } catch {
            return storeFailure(error)
        }
        return Response(status: status)
    }

    // MARK: OIDC inbound protocol

    private func oidcNotConfigured(_ call: Call) -> Response {
        AsgardeoErrors.apiError(status: 404, code: "APP-60502", message: "Inbound protocol not configured.",
                                description: "Inbound protocol: oidc not configured for application id: \(call.id).")
    }

    private func getOIDC(_ call: Call) -> Response {
        guard let application = call.organization.application(id: call.id) else { return notFound(call) }
        guard let oidc = application.oidc else { return oidcNotConfigured(call) }
        return .json(.object(oidc))
    }

    /// Replaces the OIDC configuration; the client id and secret are kept unless given. Tokens already issued stay
    /// valid; new ones follow the new settings at once.
    private func putOIDC(_ call: Call) -> Response {
        guard var application = call.organization.application(id: call.id) else { return notFound(call) }
        let input: JSONObject
        switch APIRequests.object(call.request) {
        case .failure(let refusal): return refusal.response
        case .success(let object): input = object
        }
        let completed: JSONObject
        switch OIDCConfiguration.complete(input, existing: application.oidc) {
        case .failure(let problem): return APIRequests.badRequest(problem.reason)
        case .success(let result): completed = result
        }
        let oldClientID = application.clientID
        application.document["oidc"] = .object(completed)
        if let clientID = application.clientID, directory.clientIDInUse(clientID, orgID: call.organization.id, except: application.id) {
            return clientIDConflict(clientID)
        }
        do {
            try directory.database.transaction {
                try directory.replaceApplication(application, orgID: call.organization.id)
                if let oldClientID, oldClientID != application.clientID {
                    try engine.tokens.revokeAll(realm: call.organization.realmID, clientID: oldClientID)
                }
            }
        } catch {
            directory.invalidate(call.organization.id)
            return storeFailure(error)
        }
        return .json(.object(completed))
    }

    private func deleteOIDC(_ call: Call) -> Response {
        guard var application = call.organization.application(id: call.id) else { return notFound(call) }
        guard let clientID = application.clientID else { return oidcNotConfigured(call) }
        application.document["oidc"] = JSON?.none
        do {
            try directory.database.transaction {
                try directory.replaceApplication(application, orgID: call.organization.id)
                try engine.tokens.revokeAll(realm: call.organization.realmID, clientID: clientID)
            }
        } catch {
            directory.invalidate(call.organization.id)
            return storeFailure(error)
        }
        return .empty(204)
    }

    // MARK: Authorized APIs

    private func listAuthorized(_ call: Call) -> Response {
        guard let application = call.organization.application(id: call.id) else { return notFound(call) }
        return .json(ApplicationDocument.authorizedAPIs(application))
    }

    private func apiNotFound(_ id: String) -> Response {
        AsgardeoErrors.apiError(status: 404, code: "APP-60510", message: "API resource not found.",
                                description: "API resource with id: \(id) is not found.")
    }

    /// The catalogue resource and the checked scope names of a request, or the 400/404 to answer.
    private func checkedScopes(_ names: [JSON]?, resource: APIResourceCatalogue.Resource, field: String) -> Result<[String], Refusal> {
        var scopes: [String] = []
        for value in names ?? [] {
            guard let name = value.stringValue else { return .failure(Refusal(response: APIRequests.badRequest("\(field) must be an array of scope names."))) }
            guard resource.scopes.contains(where: { $0.name == name }) else {
                return .failure(Refusal(response: APIRequests.badRequest("Scope \(name) is not defined by the API resource \(resource.identifier).")))
            }
            if !scopes.contains(name) { scopes.append(name) }
        }
        return .success(scopes)
    }

    /// `POST authorized-apis {"id", "policyIdentifier", "scopes"}`: authorizes the application for scopes of an API
    /// (adding to those it already has for that API).
    private func authorize(_ call: Call) -> Response {
        guard var application = call.organization.application(id: call.id) else { return notFound(call) }
        let input: JSONObject
        switch APIRequests.object(call.request) {
        case .failure(let refusal): return refusal.response
        case .success(let object): input = object
        }
        guard let apiID = input["id"]?.stringValue else { return APIRequests.badRequest("The API resource id is required.") }
        guard let resource = APIResourceCatalogue.resource(id: apiID) else { return apiNotFound(apiID) }
        if let policy = input["policyIdentifier"], policy != .null, policy.stringValue != "RBAC" {
            return APIRequests.badRequest("Unsupported authorization policy. Use RBAC.")
        }
        let scopes: [String]
        switch checkedScopes(input["scopes"]?.arrayValue, resource: resource, field: "scopes") {
        case .failure(let refusal): return refusal.response
        case .success(let checked): scopes = checked
        }
        var apis = application.authorizedAPIs
        if let index = apis.firstIndex(where: { $0["id"]?.stringValue == resource.id }) {
            var existing = apis[index]["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
            for scope in scopes where !existing.contains(scope) { existing.append(scope) }
            apis[index]["scopes"] = .array(existing.map(JSON.string))
        } else {
            apis.append(["id": .string(resource.id), "policyIdentifier": "RBAC", "scopes": .array(scopes.map(JSON.string))])
        }
        application.document["authorizedAPIs"] = .array(apis.map(JSON.object))
        return save(application, call, status: 201)
    }

    private func patchAuthorized(_ call: Call) -> Response {
        guard var application = call.organization.application(id: call.id) else { return notFound(call) }
        let apiID = call.request.param("apiId") ?? ""
        guard let resource = APIResourceCatalogue.resource(id: apiID) else { return apiNotFound(apiID) }
        var apis = application.authorizedAPIs
        guard let index = apis.firstIndex(where: { $0["id"]?.stringValue == resource.id }) else { return apiNotFound(apiID) }
        let input: JSONObject
        switch APIRequests.object(call.request) {
        case .failure(let refusal): return refusal.response
        case .success(let object): input = object
        }
        var scopes = apis[index]["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        switch (checkedScopes(input["addedScopes"]?.arrayValue, resource: resource, field: "addedScopes"),
                checkedScopes(input["removedScopes"]?.arrayValue, resource: resource, field: "removedScopes")) {
        case (.failure(let refusal), _), (_, .failure(let refusal)): return refusal.response
        case (.success(let added), .success(let removed)):
            for scope in added where !scopes.contains(scope) { scopes.append(scope) }
            scopes.removeAll { removed.contains($0) }
        }
        apis[index]["scopes"] = .array(scopes.map(JSON.string))
        application.document["authorizedAPIs"] = .array(apis.map(JSON.object))
        return save(application, call, status: 200)
    }

    private func unauthorize(_ call: Call) -> Response {
        guard var application = call.organization.application(id: call.id) else { return notFound(call) }
        let apiID = call.request.param("apiId") ?? ""
        let apis = application.authorizedAPIs
        guard apis.contains(where: { $0["id"]?.stringValue == apiID }) else { return apiNotFound(apiID) }
        application.document["authorizedAPIs"] = .array(apis.filter { $0["id"]?.stringValue != apiID }.map(JSON.object))
        return save(application, call, status: 204)
    }
}

extension String {
    /// The string without leading and trailing spaces.
    func trimmingSpaces() -> String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
