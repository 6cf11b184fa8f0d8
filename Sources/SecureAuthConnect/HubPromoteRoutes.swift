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
final class HubPromoteRoutes {
    private let directory: WorkspaceDirectory
    private let importer: ConfigurationImporter
    private let authorization: ConfigurationAuthorization

    init(directory: WorkspaceDirectory, importer: ConfigurationImporter, authorization: ConfigurationAuthorization) {
        self.directory = directory
        self.importer = importer
        self.authorization = authorization
    }

    private enum Patch {
        case rfc6902, rfc7396
    }

    func register(on router: Router) {
        let v = SecureAuthErrors.admin
        let system = ConfigurationAuthorization.Scheme.system(anyOf: [])
        let setup = ConfigurationAuthorization.Scheme.setup
        let tenant = "/api/hub/{tid}/promote/config", workspace = "/api/hub/{tid}/workspaces/{wid}/promote/config"
        router.add(.GET, tenant, envelope: v, group: "system") { self.guarded($0, system) { (r: Request) throws(ConfigurationError) in try self.exportTenant(r) } }
        router.add(.POST, tenant, envelope: v, group: "system") { self.guarded($0, setup) { (r: Request) throws(ConfigurationError) in try self.importTenant(r) } }
        router.add(.PATCH, tenant + "-rfc6902", envelope: v, group: "system") { self.guarded($0, system) { (r: Request) throws(ConfigurationError) in try self.patchTenant(r, .rfc6902) } }
        router.add(.PATCH, tenant + "-rfc7396", envelope: v, group: "system") { self.guarded($0, system) { (r: Request) throws(ConfigurationError) in try self.patchTenant(r, .rfc7396) } }
        router.add(.GET, workspace, envelope: v, group: "system") { self.guarded($0, system) { (r: Request) throws(ConfigurationError) in try self.exportWorkspace(r) } }
        router.add(.POST, workspace, envelope: v, group: "system") { self.guarded($0, setup) { (r: Request) throws(ConfigurationError) in try self.importWorkspace(r) } }
        router.add(.PATCH, workspace + "-rfc6902", envelope: v, group: "system") { self.guarded($0, system) { (r: Request) throws(ConfigurationError) in try self.patchWorkspace(r, .rfc6902) } }
        router.add(.PATCH, workspace + "-rfc7396", envelope: v, group: "system") { self.guarded($0, system) { (r: Request) throws(ConfigurationError) in try self.patchWorkspace(r, .rfc7396) } }
    }

    private func guarded(_ request: Request, _ scheme: ConfigurationAuthorization.Scheme, _ body: (Request) throws(ConfigurationError) -> Reply) -> Reply {
        if let denied = authorization.check(request, tenantID: request.param("tid")!, scheme: scheme) { return .now(denied) }
        do throws(ConfigurationError) {
            return try body(request)
        } catch {
            return .now(error.response)
        }
    }

    // MARK: Tenant

    private func exportTenant(_ request: Request) throws(ConfigurationError) -> Reply {
        let withCredentials = try Self.flag(request, "with_credentials")
        let configuration = try stored(request.param("tid")!)
        return .now(.json(TreeConfigurationFormat.renderTenant(configuration, withCredentials: withCredentials)))
    }

    private func importTenant(_ request: Request) throws(ConfigurationError) -> Reply {
        let mode = try InsertMode.of(request).get()
        let dryRun = try Self.flag(request, "dry_run")
        let incoming = try TreeConfigurationFormat.parseTenant(try ConfigurationError.body(of: request).get())
        return importer.run(incoming, planner: ImportPlanner(directory: directory, tenantID: request.param("tid")!, mode: mode),
                            dryRun: dryRun)
    }

    private func patchTenant(_ request: Request, _ kind: Patch) throws(ConfigurationError) -> Reply {
        let tid = request.param("tid")!
        let mode = try InsertMode.of(request).get()
        let dryRun = try Self.flag(request, "dry_run")
        let body = try ConfigurationError.body(of: request).get()
        let configuration = try stored(tid)
        let patched = try Self.patch(body, kind, TreeConfigurationFormat.renderTenant(configuration, withCredentials: true))
        let incoming: IncomingConfiguration
        do throws(ConfigurationError) {
            incoming = try TreeConfigurationFormat.parseTenant(patched)
        } catch {
            throw error.withStatus(422)
        }
        return importer.run(incoming, planner: patchPlanner(tid, mode, stored: configuration, incoming: incoming), dryRun: dryRun)
    }

    // MARK: Workspace

    private func exportWorkspace(_ request: Request) throws(ConfigurationError) -> Reply {
        let withCredentials = try Self.flag(request, "with_credentials")
        let configuration = try stored(request.param("tid")!, workspaceID: request.param("wid")!)
        return .now(.json(TreeConfigurationFormat.renderServer(configuration.servers[0], of: configuration, withCredentials: withCredentials)))
    }

    /// Creates the workspace when it does not exist yet.
    private func importWorkspace(_ request: Request) throws(ConfigurationError) -> Reply {
        let mode = try InsertMode.of(request).get()
        let dryRun = try Self.flag(request, "dry_run")
        let body = try ConfigurationError.body(of: request).get()
        let incoming = try TreeConfigurationFormat.parseServer(body, serverID: request.param("wid")!)
        return importer.run(incoming, planner: ImportPlanner(directory: directory, tenantID: request.param("tid")!, mode: mode),
                            dryRun: dryRun)
    }

    private func patchWorkspace(_ request: Request, _ kind: Patch) throws(ConfigurationError) -> Reply {
        let tid = request.param("tid")!, wid = request.param("wid")!
        let mode = try InsertMode.of(request).get()
        let dryRun = try Self.flag(request, "dry_run")
        let body = try ConfigurationError.body(of: request).get()
        let configuration = try stored(tid, workspaceID: wid)
        let tree = TreeConfigurationFormat.renderServer(configuration.servers[0], of: configuration, withCredentials: true)
        let patched = try Self.patch(body, kind, tree)
        let incoming: IncomingConfiguration
        do throws(ConfigurationError) {
            incoming = try TreeConfigurationFormat.parseServer(patched, serverID: wid)
        } catch {
            throw error.withStatus(422)
        }
        return importer.run(incoming, planner: patchPlanner(tid, mode, stored: configuration, incoming: incoming), dryRun: dryRun)
    }

    // MARK: Helpers

    private func stored(_ tenantID: String, workspaceID: String? = nil) throws(ConfigurationError) -> StoredConfiguration {
        guard let configuration = directory.configuration(tenantID, workspaceID: workspaceID) else {
            throw .notFound(workspaceID.map { "Workspace \($0)" } ?? "Tenant \(tenantID)")
        }
        return configuration
    }

    private func patchPlanner(_ tenantID: String, _ mode: InsertMode, stored: StoredConfiguration,
                              incoming: IncomingConfiguration) -> ImportPlanner {
        ImportPlanner(directory: directory, tenantID: tenantID, mode: mode, removed: stored.keys.subtracting(incoming.keys),
                      skipUnchanged: true)
    }

    private static func patch(_ body: JSON, _ kind: Patch, _ tree: JSON) throws(ConfigurationError) -> JSON {
        switch kind {
        case .rfc6902: return try ConfigurationPatching.apply(body, to: tree)
        case .rfc7396: return try ConfigurationPatching.merge(body, into: tree)
        }
    }

    /// A boolean query parameter as Go's `strconv.ParseBool` reads it; absent or empty is false.
    private static func flag(_ request: Request, _ name: String) throws(ConfigurationError) -> Bool {
        guard let text = request.query[name], !text.isEmpty else { return false }
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw .badRequest("\(name) must be true or false")
        }
    }
}
