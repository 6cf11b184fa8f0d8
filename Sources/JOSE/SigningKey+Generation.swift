import BigInt
import Crypto
import Primitives
import _CryptoExtras

extension SigningKey {
    /// Generates a key (EC: P-256; RSA: 2048 bits, e = 65537) with a random 128-bit decimal kid, like
    /// SecureAuth's, and a self-signed certificate for `x5c`.
    ///
    /// With a `seed` (any bytes) generation is deterministic: the kid, the key material and the certificate's
    /// serial number come from HMAC-SHA256(seed, label || counter) blocks, where the label also names the key
    /// type, use and algorithm; the same arguments give the same key. RSA keys then take their primes from that
    /// stream too (on average about 0.1 s in release builds and 1 s in debug builds, a few times that at worst),
    /// otherwise swift-crypto's generator. Callers should run RSA generation off the event loop.
    public static func generate(
        _ type: KeyType, use: String, algorithm: String, createdAt: Timestamp,
        seed: [UInt8]? = nil, label: String = ""
    ) throws -> SigningKey {
        try KeyAlgorithms.check(algorithm, for: type, use: use)
        var stream = SeededByteStream(
            seed: seed ?? SecureRandom.bytes(32),
            label: "\(label)|\(type.rawValue)|\(use)|\(algorithm)")
        let kid = stream.next(16).withUnsafeBytes { BigUInt($0) }.description
        let serialNumber = stream.next(16)
        let material: PrivateKeyMaterial
        switch type {
        case .ec:
            material = .ec(ecKey(from: &stream))
        case .rsa:
            material = .rsa(
                seed == nil
                    ? try _RSA.Signing.PrivateKey(keySize: .bits2048)
                    : try RSAKeyDerivation.privateKey(from: &stream))
        }
        let certificate = try SelfSignedCertificate.der(
            for: material, kid: kid, serialNumber: serialNumber,
            createdAt: createdAt)
        return try SigningKey(
            kid: kid, material: material, algorithm: algorithm, use: use, createdAt: createdAt,
            certificateChain: [certificate])
    }

    /// A P-256 scalar from the stream, drawing again in the rare case it is zero or not below the group order.
    private static func ecKey(from stream: inout SeededByteStream) -> P256.Signing.PrivateKey {
        while true {
            if let key = try? P256.Signing.PrivateKey(rawRepresentation: stream.next(32)) { return key }
        }
    }
}
