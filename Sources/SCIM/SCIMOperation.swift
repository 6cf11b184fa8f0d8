/// What a SCIM request asks to do, for the vendor's authorization (scopes, privileges) and rate limits.
public enum SCIMOperation: Sendable, Equatable {
    /// `/ServiceProviderConfig`, `/ResourceTypes`, `/Schemas`.
    case discovery
    /// `GET /{endpoint}` and `POST /{endpoint}/.search`, with the resource type's name.
    case list(String)
    case read(String)
    case create(String)
    case replace(String)
    case patch(String)
    case delete(String)
}

/// Where an authorized request operates: the partition of the store and the base URL for `meta.location` and `$ref`.
public struct SCIMScope: Sendable {
    public var partition: String
    /// The SCIM base URL as clients reach it (`http://127.0.0.1:8080/api/v1/scim/ids/default/v2`), without a trailing slash.
    public var baseURL: String

    public init(partition: String, baseURL: String) {
        self.partition = partition
        self.baseURL = baseURL
    }
}
