import JSON

/// The context of the routes under `/cis/v1/applications/{appId}`: a caller allowed to act on that app (an admin
/// access token of its tenant, or the app's own client access token), and throwing lookups of the app and its clients.
struct CISAppRequest {
    let cis: CISRequests
    /// The `{appId}` of the path.
    let appID: String

    var tenantID: String { cis.tenantID }

    /// The app of the path, or 404.
    func app() throws(TransmitError) -> TransmitDirectory.App { try cis.app(appID) }

    /// The client `clientID` of `app`, or 404.
    func client(_ clientID: String, in app: TransmitDirectory.App) throws(TransmitError) -> JSONObject {
        guard let client = app.clients.first(where: { $0["client_id"]?.stringValue == clientID }) else {
            throw .notFound("Client \(clientID) not found in application \(app.id)")
        }
        return client
    }
}
