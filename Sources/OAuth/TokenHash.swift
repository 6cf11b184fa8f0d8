import Crypto
import Primitives

/// Tokens and codes are stored by the SHA-256 of their text, never in clear.
public enum TokenHash {
    public static func of(_ token: String) -> String {
        Base64.encodeURL(Array(SHA256.hash(data: Array(token.utf8))))
    }
}
