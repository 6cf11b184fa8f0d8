import JOSE
import JSON
import Primitives

/// The module's RS256 signing key (one for all tenants, like Mosaic's single `/cis/oidc/jwks`), read from the store
/// on first use and kept with its rendered JWKS until the next reset.
final class SigningKeyRing {
    private let directory: TransmitDirectory
    private var loaded: (key: SigningKey, jwks: [UInt8])?

    init(directory: TransmitDirectory) { self.directory = directory }

    /// The current key, or nil when the store holds none (a seed that failed to load).
    var signingKey: SigningKey? { current()?.key }

    var jwksBody: [UInt8]? { current()?.jwks }

    func forget() { loaded = nil }

    /// A new RS256 key: derived from `--key-seed` when set (the same seed gives the same key after a restart),
    /// random otherwise. RSA generation takes tens of milliseconds; it runs once, while the seed loads.
    static func generate(keySeed: String?, createdAt: Timestamp) throws -> SigningKey {
        try SigningKey.generate(
            .rsa, use: "sig", algorithm: "RS256", createdAt: createdAt,
            seed: keySeed.map { Array($0.utf8) }, label: "transmit/sig")
    }

    private func current() -> (key: SigningKey, jwks: [UInt8])? {
        if let loaded { return loaded }
        let keys = directory.signingKeys()
        guard let key = keys.first(where: { $0.jwsAlgorithm == .RS256 && $0.revokedAt == nil }) else { return nil }
        loaded = (key, JWKS.document(keys.filter { $0.use == "sig" }).serialized())
        return loaded
    }
}
