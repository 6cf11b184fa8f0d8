import Emulator
import HTTP
import JSON
import OAuth

/// System API: a tenant's configuration as one `TenantDump` document (system.yaml, path `/configuration` under
/// basePath `/api/system/{tid}`): exportTenantConfiguration (GET), importTenantConfiguration (PUT, insert `mode`)
/// and patchTenantConfiguration (PATCH, an RFC 6902 JSON Patch applied to the export, then imported).
///
/// Tokens come from the tenant's `system` workspace (`system` scheme). Export takes `read_configuration`, the
/// scope its `security` names; its description asks for `manage_configuration`, so that scope is accepted too.
/// Import and patch take `manage_configuration`.
final class SystemConfigurationRoutes {
    private let directory: WorkspaceDirectory
    private let importer: ConfigurationImporter
    private let authorization: ConfigurationAuthorization

    init(directory: WorkspaceDirectory, importer: ConfigurationImporter, authorization: ConfigurationAuthorization) {
        self.directory = directory
        self.importer = importer
        self.authorization = authorization
    }

    func register(on router: Router) {
        let v = SecureAuthErrors.admin
        let read = ConfigurationAuthorization.Scheme.system(anyOf: ["read_configuration", "manage_configuration"])
        let manage = ConfigurationAuthorization.Scheme.system(anyOf: ["manage_configuration"])
        router.add(.GET, "/api/system/{tid}/configuration", envelope: v, group: "system") { self.guarded($0, read) { self.export($0) } }
        router.add(.PUT, "/api/system/{tid}/configuration", envelope: v, group: "system") { self.guarded($0, manage) { self.importDump($0) } }
        router.add(.PATCH, "/api/system/{tid}/configuration", envelope: v, group: "system") { self.guarded($0, manage) { self.patch($0) } }
    }

    private func guarded(_ request: Request, _ scheme: ConfigurationAuthorization.Scheme, _ body: (Request) -> Reply) -> Reply {
        if let denied = authorization.check(request, tenantID: request.param("tid")!, scheme: scheme) { return .now(denied) }
        return body(request)
    }

    /// `workspace_id` limits the dump to one workspace; `with_data` (consents, audit events, …) has nothing to add.
    private func export(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        let workspaceID = request.query["workspace_id"].flatMap { $0.isEmpty ? nil : $0 }
        guard let configuration = directory.configuration(tid, workspaceID: workspaceID) else {
            return .now(AdminRequests.notFound(workspaceID.map { "Workspace \($0)" } ?? "Tenant \(tid)"))
        }
        return .now(.json(TenantDumpFormat.render(configuration)))
    }

    private func importDump(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        do throws(ConfigurationError) {
            let mode = try InsertMode.of(request).get()
            let incoming = try TenantDumpFormat.parse(try ConfigurationError.body(of: request).get())
            return importer.run(incoming, planner: ImportPlanner(directory: directory, tenantID: tid, mode: mode))
        } catch {
            return .now(error.response)
        }
    }

    /// The patch applies to the current export (so its paths are those of the exported dump); what it changes is
    /// imported with the insert mode (default `update`), and entities it removes are deleted.
    private func patch(_ request: Request) -> Reply {
        let tid = request.param("tid")!
        do throws(ConfigurationError) {
            let mode = try InsertMode.of(request).get()
            let operations = try ConfigurationError.body(of: request).get()
            guard let stored = directory.configuration(tid) else { throw ConfigurationError.notFound("Tenant \(tid)") }
            let patched = try ConfigurationPatching.apply(operations, to: TenantDumpFormat.render(stored))
            let incoming: IncomingConfiguration
            do throws(ConfigurationError) {
                incoming = try TenantDumpFormat.parse(patched)
            } catch {
                throw error.withStatus(422)
            }
            let planner = ImportPlanner(directory: directory, tenantID: tid, mode: mode,
                                        removed: stored.keys.subtracting(incoming.keys), skipUnchanged: true)
            return importer.run(incoming, planner: planner)
        } catch {
            return .now(error.response)
        }
    }
}
