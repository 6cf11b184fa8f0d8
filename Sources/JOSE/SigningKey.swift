import Crypto
import JSON
import Primitives

/// A private key with its JWK metadata (kid, use, alg, self-signed certificate, lifecycle timestamps); signs JWS.
///
/// Immutable: lifecycle changes (promotion, rotation, revocation) make a new value with `withLifecycle`.
public final class SigningKey: Sendable {
    public let kid: String
    public let keyType: KeyType
    /// `ES256`, `RS256` or `PS256` for signing keys; `RSA-OAEP-256` or `RSA-OAEP` for encryption keys.
    public let algorithm: String
    /// `sig` or `enc`.
    public let use: String
    public let createdAt: Timestamp
    /// When the key became the current one.
    public let promotedAt: Timestamp?
    public let rotatedAt: Timestamp?
    public let revokedAt: Timestamp?

    let material: PrivateKeyMaterial
    /// DER certificates, the first one certifying this key (`x5c`).
    private let certificateChain: [[UInt8]]
    private let publicKeyMembers: [(String, JSON)]
    private let privateKeyMembers: [(String, JSON)]
    private let certificateMembers: [(String, JSON)]

    init(
        kid: String, material: PrivateKeyMaterial, algorithm: String, use: String, createdAt: Timestamp,
        promotedAt: Timestamp? = nil, rotatedAt: Timestamp? = nil, revokedAt: Timestamp? = nil,
        certificateChain: [[UInt8]]
    ) throws {
        try KeyAlgorithms.check(algorithm, for: material.keyType, use: use)
        self.kid = kid
        keyType = material.keyType
        self.algorithm = algorithm
        self.use = use
        self.createdAt = createdAt
        self.promotedAt = promotedAt
        self.rotatedAt = rotatedAt
        self.revokedAt = revokedAt
        self.material = material
        self.certificateChain = certificateChain
        publicKeyMembers = try material.publicKey.members()
        privateKeyMembers = try material.privateMembers()
        certificateMembers = [
            ("x5c", .array(certificateChain.map { .string(Base64.encode($0)) })),
            ("x5t", .string(Base64.encodeURL(Array(Insecure.SHA1.hash(data: certificateChain[0]))))),
            ("x5t#S256", .string(Base64.encodeURL(Array(SHA256.hash(data: certificateChain[0]))))),
        ]
    }

    /// The JWS algorithm of a signing key; nil for encryption keys.
    public var jwsAlgorithm: JWSAlgorithm? {
        use == "sig" ? JWSAlgorithm(rawValue: algorithm) : nil
    }

    private init(_ key: SigningKey, promotedAt: Timestamp?, rotatedAt: Timestamp?, revokedAt: Timestamp?) {
        kid = key.kid
        keyType = key.keyType
        algorithm = key.algorithm
        use = key.use
        createdAt = key.createdAt
        self.promotedAt = promotedAt
        self.rotatedAt = rotatedAt
        self.revokedAt = revokedAt
        material = key.material
        certificateChain = key.certificateChain
        publicKeyMembers = key.publicKeyMembers
        privateKeyMembers = key.privateKeyMembers
        certificateMembers = key.certificateMembers
    }

    /// The same key with other lifecycle timestamps.
    public func withLifecycle(promotedAt: Timestamp?, rotatedAt: Timestamp?, revokedAt: Timestamp?) -> SigningKey {
        SigningKey(self, promotedAt: promotedAt, rotatedAt: rotatedAt, revokedAt: revokedAt)
    }

    /// The raw JWS signature of `signingInput` (ES256: the 64-byte `r || s`, not DER).
    public func sign(_ signingInput: [UInt8]) throws -> [UInt8] {
        guard let jwsAlgorithm else { throw JOSEError("key \(kid) is an encryption key and cannot sign") }
        return try material.sign(signingInput, algorithm: jwsAlgorithm)
    }

    /// The public JWK: kty, use, kid, alg, crv/x/y or n/e, x5c, x5t and x5t#S256 (no private members, no timestamps).
    public func publicJWK() -> JSON {
        .object(JSONObject(headerMembers + publicKeyMembers + certificateMembers))
    }

    /// The JWK with its private members, certificate members and lifecycle timestamps (SecureAuth's `ServerJWK`);
    /// `init(jwk:)` reads it back.
    public func privateJWK() -> JSON {
        let lifecycle: [(String, JSON)] = [
            ("created_at", createdAt), ("promoted_at", promotedAt),
            ("rotated_at", rotatedAt), ("revoked_at", revokedAt),
        ]
        .compactMap { name, timestamp in timestamp.map { (name, .string(JWKTimestamp.format($0))) } }
        let members = headerMembers + publicKeyMembers + privateKeyMembers + certificateMembers + lifecycle
        return .object(JSONObject(members))
    }

    private var headerMembers: [(String, JSON)] {
        [("kty", .string(keyType.rawValue)), ("use", .string(use)), ("kid", .string(kid)), ("alg", .string(algorithm))]
    }
}
