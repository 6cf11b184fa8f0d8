import JSON

/// Creates apps with their first (default) client, for the API and the seed alike: "An application requires at
/// least one client, the first client is created automatically and set as default" (apps.openapi.json).
struct AppProvisioning {
    /// The app name is already used in the tenant (409 `IdentifierIsTakenHttpError`).
    struct NameTaken: Error { let name: String }

    let directory: TransmitDirectory

    /// Stores the app and its default client, with generated ids and secret unless given (the seed fixes them).
    func create(tenantID: String, input: AppInput, management: Bool, createdBy: String, now: String,
                appID: String? = nil, clientID: String? = nil, clientSecret: String? = nil) throws -> TransmitDirectory.App {
        let name = input.app["app_name"]?.stringValue ?? ""
        if isTaken(name, tenantID: tenantID) { throw NameTaken(name: name) }
        let app = AppDocument.new(appID: appID ?? Identifiers.appID(), tenantID: tenantID, input: input, createdBy: createdBy, now: now)
        var clientFields = input.firstClient ?? input.defaultClient
        if clientFields["name"] == nil { clientFields["name"] = .string(name) }
        let client = ClientDocument.new(appID: app["app_id"]!.stringValue!, tenantID: tenantID, clientID: clientID ?? Identifiers.clientID(),
                                        secret: clientSecret ?? Identifiers.clientSecret(), fields: clientFields, now: now)
        try directory.insertApp(tenantID, app, management: management, clients: [client])
        return TransmitDirectory.App(document: app, isManagement: management, clients: [client])
    }

    /// Whether another app of the tenant (ordinary or management) has this name.
    func isTaken(_ name: String, tenantID: String, except appID: String? = nil) -> Bool {
        let tenant = directory.tenant(tenantID)?.apps ?? []
        return tenant.contains { $0.name == name && $0.id != appID }
    }
}
