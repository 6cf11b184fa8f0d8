import Crypto
import Primitives

/// Proof Key for Code Exchange (RFC 7636).
public enum PKCE {
    /// `S256` or `plain`; anything else is rejected.
    public static let methods: Set<String> = ["S256", "plain"]

    /// A verifier or challenge: 43-128 characters of `[A-Za-z0-9-._~]` (RFC 7636 §4.1, §4.2).
    public static func isWellFormed(_ value: String) -> Bool {
        (43...128).contains(value.utf8.count)
            && value.utf8.allSatisfy {
                (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                    || $0 == 0x2D || $0 == 0x2E || $0 == 0x5F || $0 == 0x7E
            }
    }

    public static func verify(verifier: String, challenge: String, method: String) -> Bool {
        guard isWellFormed(verifier) else { return false }
        switch method {
        case "S256":
            return ConstantTime.equals(Base64.encodeURL(Array(SHA256.hash(data: Array(verifier.utf8)))), challenge)
        case "plain": return ConstantTime.equals(verifier, challenge)
        default: return false
        }
    }
}
