import Crypto
import JSON
import Primitives
import _CryptoExtras

/// The private key behind a `SigningKey`.
enum PrivateKeyMaterial: Sendable {
    case ec(P256.Signing.PrivateKey)
    case rsa(_RSA.Signing.PrivateKey)

    var keyType: KeyType {
        switch self {
        case .ec: return .ec
        case .rsa: return .rsa
        }
    }

    var publicKey: PublicKeyMaterial {
        switch self {
        case .ec(let key): return .ec(key.publicKey)
        case .rsa(let key): return .rsa(key.publicKey)
        }
    }

    /// The JWK members of the private part: `d` (EC, 32 bytes) or `d`, `p`, `q`, `dp`, `dq`, `qi` (RSA).
    func privateMembers() throws -> [(String, JSON)] {
        switch self {
        case .ec(let key):
            return [("d", .string(Base64.encodeURL(key.rawRepresentation)))]
        case .rsa(let key):
            let components = try RSAKeyComponents(pkcs1DER: Array(key.derRepresentation))
            return [
                ("d", components.d), ("p", components.p), ("q", components.q),
                ("dp", components.dp), ("dq", components.dq), ("qi", components.qi),
            ]
            .map { ($0.0, .string(Base64.encodeURL($0.1))) }
        }
    }

    /// A raw JWS signature over `signingInput`.
    func sign(_ signingInput: [UInt8], algorithm: JWSAlgorithm) throws -> [UInt8] {
        switch (self, algorithm) {
        case (.ec(let key), .ES256):
            return Array(try key.signature(for: signingInput).rawRepresentation)
        case (.rsa(let key), .RS256):
            return Array(try key.signature(for: signingInput, padding: .insecurePKCS1v1_5).rawRepresentation)
        case (.rsa(let key), .PS256):
            return Array(try key.signature(for: signingInput, padding: .PSS).rawRepresentation)
        default:
            throw JOSEError("a \(keyType.rawValue) key cannot sign \(algorithm.rawValue)")
        }
    }
}
