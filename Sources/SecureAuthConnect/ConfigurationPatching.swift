import JSON

/// Applying a JSON Patch (RFC 6902) or Merge Patch (RFC 7396) to an exported configuration, with the statuses of
/// the System and Hub APIs: a malformed patch is a 400, an operation that does not fit the document (a missing
/// path, a failed `test`) a 422.
enum ConfigurationPatching {
    static func apply(_ operations: JSON, to document: JSON) throws(SecureAuthError) -> JSON {
        do throws(JSONPatchError) {
            return try JSONPatch.apply(operations, to: document)
        } catch {
            throw SecureAuthError(status: error.kind == .invalidPatch ? 400 : 422, "Invalid JSON Patch: \(error)")
        }
    }

    static func merge(_ patch: JSON, into document: JSON) throws(SecureAuthError) -> JSON {
        guard patch.objectValue != nil else { throw .badRequest("A JSON Merge Patch must be a JSON object") }
        return JSONPatch.merge(patch, into: document)
    }
}
