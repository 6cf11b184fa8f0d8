import Emulator
import JSON
import OAuth
import SCIM

/// Reads `secureauth-identity-store.json`: `{"stores": [{"id", "users": [SCIM User…], "groups": [SCIM Group…],
/// "accessTokens": [{"token", "userId", "expiresIn"?}]}]}`. Users and groups keep their `id` and `meta`;
/// `accessTokens` are fixed bearer tokens for scripts and benchmarks (valid `expiresIn` seconds from the load, 3600
/// by default).
struct IdentityStoreSeed {
    let directory: IdentityStoreDirectory
    let service: SCIMService
    let tokens: IdentityStoreTokens

    init(context: EmulatorContext) {
        directory = IdentityStoreDirectory(database: context.database)
        service = SCIMService(registry: IdentityStoreSchemas.registry, database: context.database, clock: context.clock)
        tokens = IdentityStoreTokens(tokens: TokenStore(database: context.database), clock: context.clock)
    }

    func load(_ seed: JSONReader) throws {
        for store in try seed.array("stores") {
            let id = try store.string("id")
            guard !id.isEmpty, id.utf8.allSatisfy(Self.isIdentifierByte) else {
                throw JSONReadError(path: store.path + ".id", reason: "must match ^[a-zA-Z0-9_-]+$")
            }
            guard try !directory.exists(id) else {
                throw JSONReadError(path: store.path + ".id", reason: "duplicate identity store \(id)")
            }
            try directory.insert(id)
            try loadResources(store, partition: IdentityStoreDirectory.partition(id))
            try loadTokens(store, storeID: id)
        }
    }

    private func loadResources(_ store: JSONReader, partition: String) throws {
        for (typeName, key) in [("User", "users"), ("Group", "groups")] {
            let definition = IdentityStoreSchemas.registry.definition(named: typeName)!
            for document in try store.optionalArray(key) ?? [] {
                do {
                    _ = try service.seed(definition, document: document.value, partition: partition)
                } catch let error as SCIMError {
                    throw JSONReadError(path: document.path, reason: error.detail)
                }
            }
        }
    }

    private func loadTokens(_ store: JSONReader, storeID: String) throws {
        for token in try store.optionalArray("accessTokens") ?? [] {
            let text = try token.string("token"), userID = try token.string("userId")
            let lifetime = try token.optionalInt("expiresIn") ?? IdentityStoreTokens.lifetimeSeconds
            guard !text.isEmpty, lifetime > 0 else {
                throw JSONReadError(path: token.path, reason: "needs a non-empty token and a positive expiresIn")
            }
            guard try service.store.find(IdentityStoreDirectory.partition(storeID), "User", id: userID) != nil else {
                throw JSONReadError(path: token.path + ".userId", reason: "no user \(userID) in store \(storeID)")
            }
            try tokens.record(text, store: storeID, userID: userID, clientID: "seed", lifetime: lifetime)
        }
    }

    /// `[a-zA-Z0-9_-]`.
    private static func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte | 0x20 >= 97 && byte | 0x20 <= 122) || byte == 45 || byte == 95
    }
}
