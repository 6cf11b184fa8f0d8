import Crypto
import JSON
import Primitives
import _CryptoExtras

/// The public key behind a `VerificationKey` or the public half of a `SigningKey`.
enum PublicKeyMaterial: Sendable {
    case ec(P256.Signing.PublicKey)
    case rsa(_RSA.Signing.PublicKey)

    /// The JWK members of the public key: `crv`, `x`, `y` (32 bytes each) or `n`, `e` (no leading zeros).
    func members() throws -> [(String, JSON)] {
        switch self {
        case .ec(let key):
            let point = Array(key.rawRepresentation)
            return [
                ("crv", "P-256"),
                ("x", .string(Base64.encodeURL(point[..<32]))),
                ("y", .string(Base64.encodeURL(point[32...]))),
            ]
        case .rsa(let key):
            // swift-crypto writes both in their minimal length (BoringSSL's BN_num_bytes).
            let primitives = try key.getKeyPrimitives()
            return [
                ("n", .string(Base64.encodeURL(primitives.modulus))),
                ("e", .string(Base64.encodeURL(primitives.publicExponent))),
            ]
        }
    }

    /// Whether this kind of key can check `algorithm`'s signatures.
    func supports(_ algorithm: JWSAlgorithm) -> Bool {
        switch (self, algorithm) {
        case (.ec, .ES256), (.rsa, .RS256), (.rsa, .PS256): return true
        default: return false
        }
    }

    func isValidSignature(_ signature: [UInt8], for signingInput: [UInt8], algorithm: JWSAlgorithm) -> Bool {
        switch (self, algorithm) {
        case (.ec(let key), .ES256):
            guard let parsed = try? P256.Signing.ECDSASignature(rawRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: signingInput)
        case (.rsa(let key), .RS256):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput,
                padding: .insecurePKCS1v1_5)
        case (.rsa(let key), .PS256):
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature), for: signingInput,
                padding: .PSS)
        default:
            return false
        }
    }
}
