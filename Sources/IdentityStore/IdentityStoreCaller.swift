import SCIM

/// Who calls an Identity Store API with a bearer token: a user of the store in the path.
struct IdentityStoreCaller {
    let storeID: String
    let user: StoredResource

    /// The store's SCIM partition.
    var partition: String { IdentityStoreDirectory.partition(storeID) }
}
