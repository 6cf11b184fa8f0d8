import Emulator
import HTTP
import JSON
import OAuth

/// Hub API, configuration promotion (hub.yaml, basePath `/api/hub`): a tenant's or a workspace's configuration as a
/// tree (`TreeTenant`, `TreeServer`). ExportTenantConfig / ExportWorkspaceConfig (GET `…/promote/config`,
/// `with_credentials`), ImportTenantConfig / ImportWorkspaceConfig (POST, insert `mode`, `dry_run`), and the
/// JSON Patch (PATCH `…/promote/config-rfc6902`) and JSON Merge Patch (PATCH `…/promote/config-rfc7396`) of the
/// tree, imported with the insert `mode` (default `update`). All answer 204 but the exports.
///
/// Security as the spec gives it: the imports use the `setup` scheme (a token of the `system` workspace of the
/// `system` tenant), every other operation the `system` scheme (a token of the tenant's own `system` workspace)
/// with no scope listed (`system: []`).
struct HubPromoteRoutes {
    let directory: WorkspaceDirectory
    let importer: ConfigurationImporter
    let access: AdminAccess

    private enum Patch {
        case rfc6902, rfc7396
    }

    func register(on router: Router) {
        let envelope = SecureAuthError.apiEnvelope
        let system = router.group("/api/hub/{tid}", envelope: envelope, rateGroup: "system") { request in
            try access.configurationTenant(request, .system(anyOf: []))
        }
        let setup = router.group("/api/hub/{tid}", envelope: envelope, rateGroup: "system") { request in
            try access.configurationTenant(request, .setup)
        }
        let tenant = "/promote/config", workspace = "/workspaces/{wid}/promote/config"
        system.on(.GET, tenant) { request, tid in try exportTenant(request, tid) }
        setup.deferred(.POST, tenant) { request, tid in try importTenant(request, tid) }
        system.deferred(.PATCH, tenant + "-rfc6902") { request, tid in try patchTenant(request, tid, .rfc6902) }
        system.deferred(.PATCH, tenant + "-rfc7396") { request, tid in try patchTenant(request, tid, .rfc7396) }
        system.on(.GET, workspace) { request, tid in try exportWorkspace(request, tid) }
        setup.deferred(.POST, workspace) { request, tid in try importWorkspace(request, tid) }
        system.deferred(.PATCH, workspace + "-rfc6902") { request, tid in try patchWorkspace(request, tid, .rfc6902) }
        system.deferred(.PATCH, workspace + "-rfc7396") { request, tid in try patchWorkspace(request, tid, .rfc7396) }
    }

    // MARK: Tenant

    private func exportTenant(_ request: Request, _ tid: String) throws(SecureAuthError) -> Response {
        let withCredentials = try Self.flag(request, "with_credentials")
        return .json(TreeConfigurationFormat.renderTenant(try stored(tid), withCredentials: withCredentials))
    }

    private func importTenant(_ request: Request, _ tid: String) throws -> Reply {
        let mode = try InsertMode.of(request)
        let dryRun = try Self.flag(request, "dry_run")
        let incoming = try TreeConfigurationFormat.parseTenant(try request.json())
        return try importer.run(
            incoming, planner: ImportPlanner(directory: directory, tenantID: tid, mode: mode),
            dryRun: dryRun, for: request)
    }

    private func patchTenant(_ request: Request, _ tid: String, _ kind: Patch) throws -> Reply {
        let mode = try InsertMode.of(request)
        let dryRun = try Self.flag(request, "dry_run")
        let body = try request.json()
        let configuration = try stored(tid)
        let patched = try Self.patch(
            body, kind, TreeConfigurationFormat.renderTenant(configuration, withCredentials: true))
        let incoming: IncomingConfiguration
        do throws(SecureAuthError) {
            incoming = try TreeConfigurationFormat.parseTenant(patched)
        } catch {
            throw error.withStatus(422)
        }
        return try importer.run(
            incoming, planner: patchPlanner(tid, mode, stored: configuration, incoming: incoming), dryRun: dryRun,
            for: request)
    }

    // MARK: Workspace

    private func exportWorkspace(_ request: Request, _ tid: String) throws -> Response {
        let withCredentials = try Self.flag(request, "with_credentials")
        let configuration = try stored(tid, workspaceID: try request.require("wid"))
        return .json(
            TreeConfigurationFormat.renderServer(
                configuration.servers[0], of: configuration,
                withCredentials: withCredentials))
    }

    /// Creates the workspace when it does not exist yet.
    private func importWorkspace(_ request: Request, _ tid: String) throws -> Reply {
        let mode = try InsertMode.of(request)
        let dryRun = try Self.flag(request, "dry_run")
        let incoming = try TreeConfigurationFormat.parseServer(try request.json(), serverID: try request.require("wid"))
        return try importer.run(
            incoming, planner: ImportPlanner(directory: directory, tenantID: tid, mode: mode),
            dryRun: dryRun, for: request)
    }

    private func patchWorkspace(_ request: Request, _ tid: String, _ kind: Patch) throws -> Reply {
        let wid = try request.require("wid")
        let mode = try InsertMode.of(request)
        let dryRun = try Self.flag(request, "dry_run")
        let body = try request.json()
        let configuration = try stored(tid, workspaceID: wid)
        let tree = TreeConfigurationFormat.renderServer(
            configuration.servers[0], of: configuration, withCredentials: true)
        let patched = try Self.patch(body, kind, tree)
        let incoming: IncomingConfiguration
        do throws(SecureAuthError) {
            incoming = try TreeConfigurationFormat.parseServer(patched, serverID: wid)
        } catch {
            throw error.withStatus(422)
        }
        return try importer.run(
            incoming, planner: patchPlanner(tid, mode, stored: configuration, incoming: incoming), dryRun: dryRun,
            for: request)
    }

    // MARK: Helpers

    private func stored(_ tenantID: String, workspaceID: String? = nil) throws(SecureAuthError) -> StoredConfiguration {
        guard let configuration = directory.configuration(tenantID, workspaceID: workspaceID) else {
            throw .notFound(workspaceID.map { "Workspace \($0)" } ?? "Tenant \(tenantID)")
        }
        return configuration
    }

    private func patchPlanner(
        _ tenantID: String, _ mode: InsertMode, stored: StoredConfiguration,
        incoming: IncomingConfiguration
    ) -> ImportPlanner {
        ImportPlanner(
            directory: directory, tenantID: tenantID, mode: mode, removed: stored.keys.subtracting(incoming.keys),
            skipUnchanged: true)
    }

    private static func patch(_ body: JSON, _ kind: Patch, _ tree: JSON) throws(SecureAuthError) -> JSON {
        switch kind {
        case .rfc6902: return try ConfigurationPatching.apply(body, to: tree)
        case .rfc7396: return try ConfigurationPatching.merge(body, into: tree)
        }
    }

    /// A boolean query parameter as Go's `strconv.ParseBool` reads it; absent or empty is false.
    private static func flag(_ request: Request, _ name: String) throws(SecureAuthError) -> Bool {
        guard let text = request.query[name], !text.isEmpty else { return false }
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw .badRequest("\(name) must be true or false")
        }
    }
}
