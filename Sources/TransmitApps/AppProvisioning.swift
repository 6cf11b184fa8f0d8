import JSON
import OAuth
import Primitives

/// Creates, changes and deletes apps and their clients, for the API and the seed alike: the generated ids and
/// secrets, the timestamps, and the names that must stay unique (app names in a tenant, client names in an app: 409
/// `IdentifierIsTakenHttpError`). "An application requires at least one client, the first client is created
/// automatically and set as default" (apps.openapi.json). Deleting clients revokes their tokens in the same
/// transaction.
struct AppProvisioning {
    let directory: TransmitDirectory
    let tokens: TokenStore
    let clock: Clock

    /// ISO-8601 with milliseconds, on the emulator's clock.
    func now() -> String { DateFormats.iso8601(clock.now(), fractionDigits: 3) }

    /// An app created by `caller` from an API body (`ApiCreateAppInput`, or `ApiCreateManagementAppInput` with
    /// `management`): 400 for invalid fields, 409 for a taken name.
    func create(from body: JSONObject, by caller: Caller, management: Bool) throws -> TransmitDirectory.App {
        try create(
            tenantID: caller.tenantID, input: try AppInput.parse(body, creating: true, management: management),
            management: management, createdBy: caller.clientID)
    }

    /// Stores the app and its default client, with generated ids and secret unless given (the seed fixes them).
    func create(
        tenantID: String, input: AppInput, management: Bool, createdBy: String, now: String? = nil,
        appID: String? = nil, clientID: String? = nil,
        clientSecret: String? = nil
    ) throws -> TransmitDirectory.App {
        let name = input.app["app_name"]?.stringValue ?? ""
        if isTaken(name, tenantID: tenantID) {
            throw TransmitError.conflict("Application name \(name) is already taken")
        }
        let now = now ?? self.now()
        let app = AppDocument.new(
            appID: appID ?? Identifiers.appID(), tenantID: tenantID, input: input,
            createdBy: createdBy, now: now)
        var clientFields = input.firstClient ?? input.defaultClient
        if clientFields["name"] == nil { clientFields["name"] = .string(name) }
        let client = ClientDocument.new(
            appID: app["app_id"]!.stringValue!, tenantID: tenantID,
            clientID: clientID ?? Identifiers.clientID(),
            secret: clientSecret ?? Identifiers.clientSecret(), fields: clientFields,
            now: now)
        try directory.insertApp(tenantID, app, management: management, clients: [client])
        return TransmitDirectory.App(document: app, isManagement: management, clients: [client])
    }

    /// Applies an update to an app and its default client's deprecated fields (objects are replaced whole): 409 for a
    /// name another app, or another client of the app, has.
    func update(_ app: TransmitDirectory.App, tenantID: String, input: AppInput) throws -> TransmitDirectory.App {
        if let name = input.app["app_name"]?.stringValue, isTaken(name, tenantID: tenantID, except: app.id) {
            throw TransmitError.conflict("Application name \(name) is already taken")
        }
        let now = now()
        var updated = app
        AppDocument.apply(input, to: &updated.document, now: now)
        var changedClient: JSONObject?
        if var client = app.defaultClient, !input.defaultClient.isEmpty {
            try checkClientName(input.defaultClient["name"]?.stringValue, in: app, except: client["client_id"])
            ClientDocument.apply(input.defaultClient, to: &client, now: now)
            updated.clients[0] = client
            changedClient = client
        }
        try directory.replaceApp(tenantID, updated.document, defaultClient: changedClient)
        return updated
    }

    /// Deletes an app with its clients, whose tokens stop working at once.
    func delete(_ app: TransmitDirectory.App, tenantID: String) throws {
        try directory.database.transaction {
            try directory.deleteApp(tenantID, app.id)
            try revokeTokens(tenantID: tenantID, clients: app.clients)
        }
    }

    /// Adds a client to `app`, with a generated id and secret unless given (the seed fixes them).
    func addClient(
        to app: TransmitDirectory.App, tenantID: String, fields: JSONObject, clientID: String? = nil,
        secret: String? = nil, now: String? = nil
    ) throws -> JSONObject {
        try checkClientName(fields["name"]?.stringValue, in: app)
        let client = ClientDocument.new(
            appID: app.id, tenantID: tenantID, clientID: clientID ?? Identifiers.clientID(),
            secret: secret ?? Identifiers.clientSecret(), fields: fields,
            now: now ?? self.now())
        try directory.insertClient(tenantID, client)
        return client
    }

    /// Replaces the given members of one of `app`'s clients whole.
    func updateClient(_ client: JSONObject, in app: TransmitDirectory.App, fields: JSONObject) throws -> JSONObject {
        try checkClientName(fields["name"]?.stringValue, in: app, except: client["client_id"])
        var updated = client
        ClientDocument.apply(fields, to: &updated, now: now())
        try directory.replaceClient(updated)
        return updated
    }

    /// Deletes one client of `app` (or, with nil, all of them), and revokes their tokens.
    func deleteClients(of app: TransmitDirectory.App, tenantID: String, clientID: String?) throws {
        let deleted = clientID.map { id in app.clients.filter { $0["client_id"]?.stringValue == id } } ?? app.clients
        try directory.database.transaction {
            try directory.deleteClients(tenantID, appID: app.id, clientID: clientID)
            try revokeTokens(tenantID: tenantID, clients: deleted)
        }
    }

    /// Whether another app of the tenant (ordinary or management) has this name.
    func isTaken(_ name: String, tenantID: String, except appID: String? = nil) -> Bool {
        let tenant = directory.tenant(tenantID)?.apps ?? []
        return tenant.contains { $0.name == name && $0.id != appID }
    }

    /// 409 when another client of `app` than `clientID` has the name.
    private func checkClientName(_ name: String?, in app: TransmitDirectory.App, except clientID: JSON? = nil) throws {
        guard let name, app.clients.contains(where: { $0["name"]?.stringValue == name && $0["client_id"] != clientID })
        else { return }
        throw TransmitError.conflict("Client name \(name) is already taken in application \(app.id)")
    }

    /// Revokes the stored tokens of deleted clients (their requests already fail: the client is gone).
    private func revokeTokens(tenantID: String, clients: [JSONObject]) throws {
        for clientID in clients.compactMap({ $0["client_id"]?.stringValue }) {
            try tokens.revokeAll(realm: TokenRoutes.realmPrefix + tenantID, clientID: clientID)
        }
    }
}
