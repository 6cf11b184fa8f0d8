#if canImport(Glibc)
import Glibc
#endif

/// Cryptographically secure random values for ids, secrets and tokens.
public enum SecureRandom {
    /// `count` bytes from the system CSPRNG (glibc's `arc4random_buf`, backed by `getrandom`), in one call:
    /// tokens are issued on the hot path.
    public static func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { buffer in
            if let base = buffer.baseAddress { arc4random_buf(base, buffer.count) }
        }
        return result
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
