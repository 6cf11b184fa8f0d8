/// A JWS signature algorithm (RFC 7518 §3) that the emulator signs and verifies; `none` is deliberately absent.
public enum JWSAlgorithm: String, Sendable, CaseIterable {
    /// ECDSA with P-256 and SHA-256; the signature is the 64-byte `r || s`.
    case ES256
    /// RSASSA-PKCS1-v1_5 with SHA-256.
    case RS256
    /// RSASSA-PSS with SHA-256, MGF1 with SHA-256 and a 32-byte salt.
    case PS256
    /// HMAC with SHA-256 over a shared secret.
    case HS256
}
