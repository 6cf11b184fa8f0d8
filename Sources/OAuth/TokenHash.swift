import Crypto

/// Tokens and codes are stored by the SHA-256 of their text (a 32-byte key), never in clear.
public enum TokenHash {
    public static func of(_ token: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(token.utf8)))
    }
}
