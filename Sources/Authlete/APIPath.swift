import HTTP

/// The name of an API in Authlete's messages: its route pattern without `/api`, the service prefix and path
/// parameters (`/api/{serviceId}/client/get/{clientId}` → `/client/get`, `/api/service/create` →
/// `/service/create`).
enum APIPath {
    static func of(pattern: String) -> String {
        pattern.split(separator: "/").dropFirst().filter { !$0.hasPrefix("{") }.reduce("") { $0 + "/" + $1 }
    }

    /// The API of the request's route (the request path when no route matched).
    static func of(_ request: Request) -> String { of(pattern: request.route?.pattern ?? String(request.path)) }
}
