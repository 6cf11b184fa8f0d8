/// The JWK `kty` of a signing key.
public enum KeyType: String, Sendable {
    /// An elliptic-curve key on P-256.
    case ec = "EC"
    /// An RSA key of at least 2048 bits.
    case rsa = "RSA"
}
