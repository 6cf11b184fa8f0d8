import HTTP
import JSON
import OAuth

/// An application's OIDC inbound protocol (`/{id}/inbound-protocols/oidc`, an `OpenIDConnectConfiguration`): get,
/// replace and remove. Changing or removing the client id revokes the old client's tokens.
struct InboundOIDCRoutes {
    let directory: OrganizationDirectory
    let engine: OAuthEngine

    func register(on applications: RouteGroup<ApplicationsContext>) {
        applications.on(.GET, "/{id}/inbound-protocols/oidc", get)
        applications.on(.PUT, "/{id}/inbound-protocols/oidc", put)
        applications.on(.DELETE, "/{id}/inbound-protocols/oidc", delete)
    }

    private func get(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.view)
        let application = try call.application(request)
        guard let oidc = application.oidc else { throw AsgardeoError.oidcNotConfigured(application.id) }
        return .json(.object(oidc))
    }

    /// Replaces the OIDC configuration; the client id and secret are kept unless given. Tokens already issued stay
    /// valid; new ones follow the new settings at once.
    private func put(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.update)
        var application = try call.application(request)
        let input = try request.jsonObject()
        let completed: JSONObject
        do {
            completed = try OIDCConfiguration.complete(input, existing: application.oidc)
        } catch {
            throw AsgardeoError.invalid(error)
        }
        let oldClientID = application.clientID
        application.document["oidc"] = .object(completed)
        let organization = call.organization
        if let clientID = application.clientID,
            directory.clientIDInUse(clientID, orgID: organization.id, except: application.id)
        {
            throw AsgardeoError.clientIDExists(clientID)
        }
        try directory.write(organization.id) {
            try directory.replaceApplication(application, orgID: organization.id)
            if let oldClientID, oldClientID != application.clientID {
                try engine.tokens.revokeAll(realm: organization.realmID, clientID: oldClientID)
            }
        }
        return .json(.object(completed))
    }

    /// Removes the configuration and revokes the client's tokens.
    private func delete(_ request: Request, _ call: ApplicationsContext) throws -> Response {
        try call.require(.delete)
        var application = try call.application(request)
        guard let clientID = application.clientID else { throw AsgardeoError.oidcNotConfigured(application.id) }
        application.document["oidc"] = JSON?.none
        let organization = call.organization
        try directory.write(organization.id) {
            try directory.replaceApplication(application, orgID: organization.id)
            try engine.tokens.revokeAll(realm: organization.realmID, clientID: clientID)
        }
        return .empty(204)
    }
}
