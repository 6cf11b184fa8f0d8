import JSON

/// A public key that JWS signatures are checked against: the public half of a `SigningKey`, or a public JWK
/// (a client's `jwks` for `private_key_jwt`).
public struct VerificationKey: Sendable {
    public let kid: String?
    /// The JWK's `alg`, when it names one: then only that algorithm is accepted.
    let algorithm: String?
    /// The JWK's `use`: keys marked `enc` never verify signatures.
    let use: String?
    let material: PublicKeyMaterial

    public init(_ key: SigningKey) {
        kid = key.kid
        algorithm = key.algorithm
        use = key.use
        material = key.material.publicKey
    }

    /// Reads `kty`, `kid`, `use`, `alg` and the public members of an EC (P-256) or RSA JWK; private members
    /// are ignored.
    public init(jwk: JSON) throws {
        let members = try JWKMembers(jwk)
        let type = try members.keyType()
        kid = try members.optionalString("kid")
        algorithm = try members.optionalString("alg")
        use = try members.optionalString("use")
        material = try PublicKeyMaterial(jwk: members, type: type)
    }

    /// Whether this key may check signatures made with `jwsAlgorithm`.
    func accepts(_ jwsAlgorithm: JWSAlgorithm) -> Bool {
        use != "enc" && (algorithm == nil || algorithm == jwsAlgorithm.rawValue) && material.supports(jwsAlgorithm)
    }
}
