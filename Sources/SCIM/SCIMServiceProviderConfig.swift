import JSON

/// What `/ServiceProviderConfig` advertises (RFC 7643 §5), and the limits the engine enforces from it.
public struct SCIMServiceProviderConfig: Sendable {
    public var documentationUri: String?
    public var patchSupported: Bool
    public var bulkSupported: Bool
    public var bulkMaxOperations: Int
    public var bulkMaxPayloadSize: Int
    /// Largest page a list or search returns; larger `count` values are lowered to it.
    public var filterMaxResults: Int
    public var changePasswordSupported: Bool
    public var sortSupported: Bool
    public var etagSupported: Bool
    /// The `authenticationSchemes` entries, as the vendor describes them.
    public var authenticationSchemes: [JSON]

    public init(
        documentationUri: String? = nil, patchSupported: Bool = true, bulkSupported: Bool = false,
        bulkMaxOperations: Int = 0, bulkMaxPayloadSize: Int = 0, filterMaxResults: Int = 1000,
        changePasswordSupported: Bool = false, sortSupported: Bool = true, etagSupported: Bool = true,
        authenticationSchemes: [JSON]
    ) {
        self.documentationUri = documentationUri
        self.patchSupported = patchSupported
        self.bulkSupported = bulkSupported
        self.bulkMaxOperations = bulkMaxOperations
        self.bulkMaxPayloadSize = bulkMaxPayloadSize
        self.filterMaxResults = filterMaxResults
        self.changePasswordSupported = changePasswordSupported
        self.sortSupported = sortSupported
        self.etagSupported = etagSupported
        self.authenticationSchemes = authenticationSchemes
    }

    /// An `oauthbearertoken` scheme entry (RFC 7643 §5 `authenticationSchemes`).
    public static func oauthBearerToken(
        name: String = "OAuth Bearer Token",
        description: String = "Authentication scheme using the OAuth Bearer Token Standard",
        documentationUri: String? = nil, primary: Bool = true
    ) -> JSON {
        var scheme: JSONObject = [
            "type": "oauthbearertoken",
            "name": .string(name),
            "description": .string(description),
            "specUri": "https://www.rfc-editor.org/info/rfc6750",
        ]
        if let documentationUri { scheme["documentationUri"] = .string(documentationUri) }
        scheme["primary"] = .bool(primary)
        return .object(scheme)
    }

    public func json(baseURL: String) -> JSON {
        var object: JSONObject = ["schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"]]
        if let documentationUri { object["documentationUri"] = .string(documentationUri) }
        object["patch"] = ["supported": .bool(patchSupported)]
        object["bulk"] = [
            "supported": .bool(bulkSupported), "maxOperations": .int(Int64(bulkMaxOperations)),
            "maxPayloadSize": .int(Int64(bulkMaxPayloadSize)),
        ]
        object["filter"] = ["supported": true, "maxResults": .int(Int64(filterMaxResults))]
        object["changePassword"] = ["supported": .bool(changePasswordSupported)]
        object["sort"] = ["supported": .bool(sortSupported)]
        object["etag"] = ["supported": .bool(etagSupported)]
        object["authenticationSchemes"] = .array(authenticationSchemes)
        object["meta"] = [
            "resourceType": "ServiceProviderConfig", "location": .string(baseURL + "/ServiceProviderConfig"),
        ]
        return .object(object)
    }
}
