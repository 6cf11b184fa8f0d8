import HTTP
import SCIM

/// `GET /api/v1/ismanager/ids/{ids_id}/Me`: the token's user as a SCIM User with the SecureAuth and LDAP extensions,
/// `meta.location` under the store's SCIM base.
struct MeRoute {
    let authorization: BearerAuthorization
    let service: SCIMService
    let baseURL: (Request, String) -> String

    func register(on router: Router) {
        router.claim(prefix: "/api/v1/ismanager/ids/", for: IdentityStoreError.envelope)
        let manager = router.group("/api/v1/ismanager/ids/{ids_id}", envelope: IdentityStoreError.envelope) { request in
            try authorization.caller(of: request)
        }
        manager.on(.GET, "/Me") { request, caller in
            let definition = IdentityStoreSchemas.registry.definition(named: "User")!
            let projection = AttributeProjection(
                attributes: Self.names(request.query["attributes"]),
                excludedAttributes: Self.names(request.query["excludedAttributes"]),
                definition: definition)
            let body = try service.render(
                caller.user, definition, baseURL: baseURL(request, caller.storeID),
                partition: caller.partition, projection: projection)
            var response = SCIMRoutes.scimJSON(.object(body))
            response.headers.set("ETag", caller.user.version)
            return response
        }
    }

    private static func names(_ text: String?) -> [String] {
        (text ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
    }
}
