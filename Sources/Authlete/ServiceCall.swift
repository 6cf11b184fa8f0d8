/// One authenticated call of a service API (`/api/{serviceId}/...`): the service, the API path as Authlete names
/// it in messages (`/client/create`), and the scope of the caller's token. The context of the service routes.
struct ServiceCall {
    let service: AuthleteService
    let apiPath: String
    let scope: ServiceDirectory.TokenScope
}
