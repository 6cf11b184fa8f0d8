import Emulator
import HTTP
import JOSE
import JSON
import OAuth
import Store

/// Imports a configuration into a tenant for the System and Hub APIs: plans it (`ImportPlanner`), generates keys
/// for new servers that came without any (on the worker pool, as the Admin API does), then applies every write in
/// one transaction and drops the cached workspaces, so the OAuth endpoints serve the new configuration at once.
/// A failing import changes nothing.
final class ConfigurationImporter {
    private let directory: WorkspaceDirectory
    private let engine: OAuthEngine
    private let context: EmulatorContext
    private let keys: KeyProvisioning

    init(directory: WorkspaceDirectory, engine: OAuthEngine, context: EmulatorContext, keys: KeyProvisioning) {
        self.directory = directory
        self.engine = engine
        self.context = context
        self.keys = keys
    }

    /// Answers 204 once the import is stored (or, with `dryRun`, once it is known to be acceptable).
    func run(
        _ incoming: IncomingConfiguration, planner: ImportPlanner, dryRun: Bool = false, for request: Request
    ) throws -> Reply {
        let first = try planner.plan(incoming)
        if dryRun { return .now(.empty(204)) }
        if first.keysNeeded.isEmpty { return .now(try apply(first, tenantID: planner.tenantID)) }
        return .collect(for: request) { resolve in
            generateKeys(first.keysNeeded, tenantID: planner.tenantID) { result in
                resolve {
                    guard case .success(let generated) = result else {
                        throw SecureAuthError(status: 503, "Key generation failed: \(result)")
                    }
                    // The store may have changed while the keys were generated: plan again, on the loop.
                    let plan = try planner.plan(incoming, generatedKeys: generated)
                    guard plan.keysNeeded.isEmpty else {
                        throw SecureAuthError.conflict("The configuration changed during the import; retry")
                    }
                    return try self.apply(plan, tenantID: planner.tenantID)
                }
            }
        }
    }

    /// Writes the plan in one transaction: a failure changes nothing.
    private func apply(_ plan: ImportPlan, tenantID tid: String) throws -> Response {
        defer { directory.invalidateAll() }
        do {
            try context.database.transaction {
                if let tenant = plan.tenant { try directory.replaceTenant(tid, tenant) }
                for id in plan.deletedServers {
                    _ = try directory.deleteServer(tid, id)
                    try engine.tokens.revokeAll(realm: tid + "/" + id)
                }
                for client in plan.deletedClients {
                    try directory.deleteClient(tid, client.id, serverID: client.serverID)
                    try engine.tokens.revokeAll(realm: tid + "/" + client.serverID, clientID: client.id)
                }
                for idp in plan.deletedIDPs { _ = try directory.deleteIDP(tid, idp.serverID, idp.id) }
                for server in plan.createdServers { try directory.insertServer(tid, server) }
                for server in plan.updatedServers {
                    try directory.replaceServer(tid, server["id"]!.stringValue!, server)
                }
                for client in plan.createdClients { try directory.insertClient(tid, client) }
                for client in plan.updatedClients {
                    try directory.replaceClient(tid, client["client_id"]!.stringValue!, client)
                }
                for idp in plan.createdIDPs {
                    try directory.insertIDP(tid, idp["authorization_server_id"]!.stringValue!, idp)
                }
                for idp in plan.updatedIDPs {
                    try directory.replaceIDP(
                        tid, idp["authorization_server_id"]!.stringValue!, idp["id"]!.stringValue!, idp)
                }
            }
        } catch let error as StoreError where error.isUniqueViolation {
            throw SecureAuthError.conflict("The configuration conflicts with the stored one: \(error)")
        }
        return .empty(204)
    }

    /// Generates `{"keys": [sig, enc]}` for each server, completing on the loop once all are done.
    private func generateKeys(
        _ needed: [(serverID: String, keyType: String)], tenantID: String,
        completion: @escaping (Result<[String: JSON], JOSEError>) -> Void
    ) {
        final class Progress {
            var remaining: Int
            var generated: [String: JSON] = [:]
            var failure: JOSEError?
            init(_ count: Int) { remaining = count }
        }
        let progress = Progress(needed.count)
        let now = context.clock.now()
        for (serverID, keyType) in needed {
            keys.generate(tenantID: tenantID, serverID: serverID, keyType: keyType, createdAt: now) { result in
                switch result {
                case .success(let generated):
                    progress.generated[serverID] = ["keys": .array(generated.map { $0.privateJWK() })]
                case .failure(let error): progress.failure = progress.failure ?? error
                }
                progress.remaining -= 1
                guard progress.remaining == 0 else { return }
                completion(progress.failure.map { .failure($0) } ?? .success(progress.generated))
            }
        }
    }
}
