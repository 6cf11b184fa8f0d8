import HTTP

/// What an import does with an entity (server, client, IdP) that already exists: the `mode` query parameter
/// (`format: insertMode`) of importTenantConfiguration and patchTenantConfiguration in system.yaml and of every
/// promote operation in hub.yaml, whose description lists the three values:
/// `ignore` keeps the existing entity, `fail` stops the import with an error (409, nothing changed),
/// `update` replaces the existing entity with the imported one.
///
/// The spec gives no default. Without `mode` the emulator uses `update`, the default of SecureAuth's own
/// configuration-as-code tool (`cloudentity/cac`, `push --mode`, "One of ignore, fail, update (default update)").
enum InsertMode: String, CaseIterable {
    case ignore
    case fail
    case update

    static let defaultMode = InsertMode.update

    /// The `mode` query parameter, or the 400 to answer for an unknown value.
    static func of(_ request: Request) throws(SecureAuthError) -> InsertMode {
        guard let text = request.query["mode"], !text.isEmpty else { return defaultMode }
        guard let mode = InsertMode(rawValue: text) else {
            throw .badRequest("mode must be one of \(allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return mode
    }
}
