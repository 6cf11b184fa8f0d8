import HTTP
import SCIM

/// `GET /api/v1/ismanager/ids/{ids_id}/Me`: the token's user as a SCIM User with the SecureAuth and LDAP extensions,
/// `meta.location` under the store's SCIM base.
final class MeRoute {
    private let authorization: BearerAuthorization
    private let service: SCIMService
    private let baseURL: (Request, String) -> String

    init(authorization: BearerAuthorization, service: SCIMService, baseURL: @escaping (Request, String) -> String) {
        self.authorization = authorization
        self.service = service
        self.baseURL = baseURL
    }

    func register(on router: Router) {
        router.claim(prefix: "/api/v1/ismanager/ids/", for: IdentityStoreErrors.vendor)
        router.add(.GET, "/api/v1/ismanager/ids/{ids_id}/Me", envelope: IdentityStoreErrors.vendor) { .now(try self.me($0)) }
    }

    private func me(_ request: Request) throws -> Response {
        let storeID = request.param("ids_id") ?? ""
        let definition = IdentityStoreSchemas.registry.definition(named: "User")!
        let partition = IdentityStoreDirectory.partition(storeID)
        do {
            let user = try service.resource(definition, id: try authorization.user(of: request, store: storeID).get(),
                                            partition: partition)
            let projection = AttributeProjection(attributes: Self.names(request.query["attributes"]),
                                                 excludedAttributes: Self.names(request.query["excludedAttributes"]),
                                                 definition: definition)
            let body = try service.render(user, definition, baseURL: baseURL(request, storeID), partition: partition,
                                          projection: projection)
            var response = SCIMRoutes.scimJSON(.object(body))
            response.headers.set("ETag", user.version)
            return response
        } catch let error as SCIMError {
            return IdentityStoreErrors.render(error)
        }
    }

    private static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }
}
