import HTTP
import JSON

/// System API: a tenant's configuration as one `TenantDump` document (system.yaml, path `/configuration` under
/// basePath `/api/system/{tid}`): exportTenantConfiguration (GET), importTenantConfiguration (PUT, insert `mode`)
/// and patchTenantConfiguration (PATCH, an RFC 6902 JSON Patch applied to the export, then imported).
///
/// Tokens come from the tenant's `system` workspace (`system` scheme). Export takes `read_configuration`, the
/// scope its `security` names; its description asks for `manage_configuration`, so that scope is accepted too.
/// Import and patch take `manage_configuration`.
struct SystemConfigurationRoutes {
    let directory: WorkspaceDirectory
    let importer: ConfigurationImporter
    let access: AdminAccess

    func register(on router: Router) {
        let prefix = "/api/system/{tid}/configuration", envelope = SecureAuthError.apiEnvelope
        let read = router.group(prefix, envelope: envelope, rateGroup: "system") { request in
            try access.configurationTenant(request, .system(anyOf: ["read_configuration", "manage_configuration"]))
        }
        let manage = router.group(prefix, envelope: envelope, rateGroup: "system") { request in
            try access.configurationTenant(request, .system(anyOf: ["manage_configuration"]))
        }
        // `workspace_id` limits the dump to one workspace; `with_data` (consents, audit events, …) has nothing to add.
        read.on(.GET, "") { request, tid in
            let workspaceID = request.query["workspace_id"].flatMap { $0.isEmpty ? nil : $0 }
            guard let configuration = directory.configuration(tid, workspaceID: workspaceID) else {
                throw SecureAuthError.notFound(workspaceID.map { "Workspace \($0)" } ?? "Tenant \(tid)")
            }
            return .json(TenantDumpFormat.render(configuration))
        }
        manage.deferred(.PUT, "") { request, tid in
            let mode = try InsertMode.of(request)
            let incoming = try TenantDumpFormat.parse(try request.json())
            return try importer.run(
                incoming, planner: ImportPlanner(directory: directory, tenantID: tid, mode: mode), for: request)
        }
        // The patch applies to the current export (so its paths are those of the exported dump); what it changes is
        // imported with the insert mode (default `update`), and entities it removes are deleted.
        manage.deferred(.PATCH, "") { request, tid in
            let mode = try InsertMode.of(request)
            let operations = try request.json()
            guard let stored = directory.configuration(tid) else { throw SecureAuthError.notFound("Tenant \(tid)") }
            let patched = try ConfigurationPatching.apply(operations, to: TenantDumpFormat.render(stored))
            let incoming: IncomingConfiguration
            do throws(SecureAuthError) {
                incoming = try TenantDumpFormat.parse(patched)
            } catch {
                throw error.withStatus(422)
            }
            let planner = ImportPlanner(
                directory: directory, tenantID: tid, mode: mode,
                removed: stored.keys.subtracting(incoming.keys), skipUnchanged: true)
            return try importer.run(incoming, planner: planner, for: request)
        }
    }
}
