import Emulator
import JOSE
import JSON
import OAuth
import Primitives

/// Reads `transmit.json`: `{"signing_keys": [private JWK], "tenants": [{"id", "rate_limit", "management_applications":
/// [app], "applications": [app]}]}`. An app is an API create body (`ApiCreateAppInput`; management apps take
/// `ApiCreateManagementAppInput`) plus fixed `app_id`, `client_id`, `client_secret` and, for ordinary apps, more
/// `clients` (API client bodies with fixed `client_id` and `client_secret`). Without `signing_keys` an RS256 key
/// is generated (from `--key-seed` when set).
struct TransmitSeed {
    let directory: TransmitDirectory
    let context: EmulatorContext

    func load(_ seed: JSONReader) throws {
        let now = context.clock.now()
        let keys = try seed.optionalArray("signing_keys") ?? []
        for key in keys {
            do {
                let parsed = try SigningKey(jwk: key.value, createdAt: now)
                guard parsed.jwsAlgorithm == .RS256 else {
                    throw JSONReadError(path: key.path, reason: "Transmit signs with RS256 keys only")
                }
                try directory.insertSigningKey(parsed)
            } catch let error as JSONReadError {
                throw error
            } catch {
                throw JSONReadError(path: key.path, reason: "\(error)")
            }
        }
        if keys.isEmpty {
            try directory.insertSigningKey(
                try SigningKeyRing.generate(keySeed: context.configuration.keySeed, createdAt: now))
        }

        let timestamp = DateFormats.iso8601(now, fractionDigits: 3)
        let provisioning = AppProvisioning(
            directory: directory, tokens: TokenStore(database: context.database),
            clock: context.clock)
        for tenant in try seed.array("tenants") {
            let tenantID = try tenant.string("id")
            guard !tenantID.isEmpty else { throw JSONReadError(path: tenant.path + ".id", reason: "must not be empty") }
            try directory.insertTenant(tenantID)
            if let limit = tenant.child("rate_limit"), limit.value != .null {
                guard let quota = TransmitRateLimits.quota(from: limit.value) else {
                    throw JSONReadError(path: limit.path, reason: TransmitRateLimits.quotaHelp)
                }
                try directory.setRateLimit(quota, tenant: tenantID)
            }
            for (key, management) in [("management_applications", true), ("applications", false)] {
                for app in try tenant.optionalArray(key) ?? [] {
                    try loadApp(
                        app, tenantID: tenantID, management: management, provisioning: provisioning, now: timestamp)
                }
            }
        }
    }

    private func loadApp(
        _ app: JSONReader, tenantID: String, management: Bool, provisioning: AppProvisioning, now: String
    ) throws {
        let input = InputValidator(try app.object())
        let fields = AppInput.read(input, creating: true, management: management)
        try check(input, at: app.path)
        let appID = try identifier(app, "app_id")
        guard directory.client(try app.string("client_id")) == nil else {
            throw JSONReadError(path: app.path + ".client_id", reason: "client id already used")
        }
        let createdBy = try app.optionalString("created_by") ?? "seed"
        let clientID = try identifier(app, "client_id"), clientSecret = try identifier(app, "client_secret")
        let name = fields.app["app_name"]?.stringValue ?? ""
        guard !provisioning.isTaken(name, tenantID: tenantID) else {
            throw JSONReadError(path: app.path + ".app_name", reason: "app name \(name) is already used in the tenant")
        }
        let created: TransmitDirectory.App
        do {
            created = try provisioning.create(
                tenantID: tenantID, input: fields, management: management,
                createdBy: createdBy, now: now, appID: appID, clientID: clientID,
                clientSecret: clientSecret)
        } catch {
            throw JSONReadError(path: app.path + ".app_id", reason: "cannot store the app: \(error)")
        }
        for client in try app.optionalArray("clients") ?? [] {
            let clientInput = InputValidator(try client.object())
            let clientFields = ClientInput.read(clientInput, creating: true)
            try check(clientInput, at: client.path)
            let clientID = try identifier(client, "client_id")
            guard directory.client(clientID) == nil else {
                throw JSONReadError(path: client.path + ".client_id", reason: "client id already used")
            }
            let current = directory.app(tenantID, appID) ?? created
            guard !current.clients.contains(where: { $0["name"] == clientFields["name"] }) else {
                throw JSONReadError(path: client.path + ".name", reason: "client name already used in the app")
            }
            _ = try provisioning.addClient(
                to: current, tenantID: tenantID, fields: clientFields, clientID: clientID,
                secret: try identifier(client, "client_secret"), now: now)
        }
    }

    private func identifier(_ reader: JSONReader, _ key: String) throws -> String {
        let value = try reader.string(key)
        guard !value.isEmpty, value.utf8.count <= 255, !value.utf8.contains(where: { $0 <= 0x20 || $0 == 0x2F }) else {
            throw JSONReadError(
                path: reader.path + "." + key, reason: "must be 1 to 255 characters without spaces or slashes")
        }
        return value
    }

    private func check(_ input: InputValidator, at path: String) throws {
        guard input.isValid else { throw JSONReadError(path: path, reason: input.messages.joined(separator: "; ")) }
    }
}
