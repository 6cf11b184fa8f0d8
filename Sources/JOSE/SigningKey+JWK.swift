import JSON
import Primitives
import Synchronization

extension SigningKey {
    /// Parses a private JWK (a seed file's, an Admin API request's, or `privateJWK()`'s): `kty`, `kid` and the
    /// private members are required; `use` defaults to `sig` and `alg` to ES256, RS256 or RSA-OAEP-256.
    /// `created_at`, `promoted_at`, `rotated_at` and `revoked_at` are kept; `createdAt` stands in for a missing
    /// `created_at`. An `x5c` must certify the key and is kept (`x5t` and `x5t#S256` are recomputed from it);
    /// without one the key gets a fresh self-signed certificate. Throws `JOSEError` saying what is wrong.
    public convenience init(jwk: JSON, createdAt defaultCreatedAt: Timestamp? = nil) throws {
        let members = try JWKMembers(jwk)
        let type = try members.keyType()
        let kid = try members.string("kid")
        let use = try members.optionalString("use") ?? "sig"
        let algorithm = try members.optionalString("alg") ?? KeyAlgorithms.allowed(for: type, use: use).first ?? ""
        try KeyAlgorithms.check(algorithm, for: type, use: use)
        guard let createdAt = try members.optionalTimestamp("created_at") ?? defaultCreatedAt else {
            throw JOSEError("invalid JWK: $.created_at: missing required field")
        }
        let material = try PrivateKeyMaterial.parsed(jwk: members, type: type, text: jwk.serialized())
        let chain: [[UInt8]]
        if let given = try members.certificateChain() {
            guard SelfSignedCertificate.certifies(given[0], key: material.publicKey) else {
                throw JOSEError("invalid JWK: $.x5c[0] is not a certificate for this key")
            }
            chain = given
        } else {
            chain = [
                try SelfSignedCertificate.der(
                    for: material, kid: kid, serialNumber: SecureRandom.bytes(16),
                    createdAt: createdAt)
            ]
        }
        try self.init(
            kid: kid, material: material, algorithm: algorithm, use: use, createdAt: createdAt,
            promotedAt: members.optionalTimestamp("promoted_at"),
            rotatedAt: members.optionalTimestamp("rotated_at"),
            revokedAt: members.optionalTimestamp("revoked_at"),
            certificateChain: chain)
    }
}

extension PrivateKeyMaterial {
    /// Parsed private keys by the text of their JWK: checking an RSA key (BoringSSL's RSA_check_key, a modular
    /// inverse) costs about a millisecond, and every reset parses the same seed keys again.
    private static let parsedByJWK = Mutex<[[UInt8]: PrivateKeyMaterial]>([:])
    private static let parsedCapacity = 256

    static func parsed(jwk members: JWKMembers, type: KeyType, text: [UInt8]) throws -> PrivateKeyMaterial {
        if let known = parsedByJWK.withLock({ $0[text] }) { return known }
        let material = try PrivateKeyMaterial(jwk: members, type: type)
        parsedByJWK.withLock { cache in
            if cache.count >= parsedCapacity { cache.removeAll() }
            cache[text] = material
        }
        return material
    }
}
