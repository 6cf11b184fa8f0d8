import JSON

extension FieldRules {
    /// `sanitize` for a create or update body: a member that does not fit is a 400 that names it
    /// (`The client has an invalid member 'clientType': …`); `document` is `client` or `service`.
    static func checked(
        _ body: JSONObject, rules: [String: FieldKind], document: String,
        apiPath: String
    ) throws(AuthleteError) -> JSONObject {
        do throws(DocumentProblem) {
            return try sanitize(body, rules: rules).get()
        } catch {
            throw .badRequest(apiPath, "The \(document) has an invalid member \(error.description).")
        }
    }
}
