/// Cryptographically secure random values for ids, secrets and tokens.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    /// A random token of `byteCount` bytes in base64url (43 characters for 32 bytes).
    public static func token(byteCount: Int = 32) -> String {
        Base64.encodeURL(bytes(byteCount))
    }

    /// A random version 4 UUID in lower-case canonical form.
    public static func uuid() -> String {
        var b = bytes(16)
        b[6] = b[6] & 0x0F | 0x40
        b[8] = b[8] & 0x3F | 0x80
        let hex = Hex.encode(b)
        let h = Array(hex)
        return String(h[0..<8]) + "-" + String(h[8..<12]) + "-" + String(h[12..<16]) + "-" + String(h[16..<20]) + "-" + String(h[20..<32])
    }
}
