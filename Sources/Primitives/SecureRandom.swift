#if canImport(Glibc)
    import Glibc
#endif

/// Cryptographically secure random values for ids, secrets and tokens.
///
/// Bytes come from the system CSPRNG (`arc4random_buf`, backed by `getrandom`) in 4 KiB refills, so issuing a
/// token costs no system call; a lock makes it safe from worker threads too.
public enum SecureRandom {
    private final class Pool: @unchecked Sendable {
        var mutex = pthread_mutex_t()
        var bytes = [UInt8](repeating: 0, count: 4096)
        var next = 4096
        init() { pthread_mutex_init(&mutex, nil) }
    }

    private static let pool = Pool()

    public static func bytes(_ count: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: count)
        result.withUnsafeMutableBytes { fill($0) }
        return result
    }

    /// Fills `buffer` with random bytes.
    public static func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        if buffer.count > 1024 {
            arc4random_buf(base, buffer.count)
            return
        }
        pthread_mutex_lock(&pool.mutex)
        defer { pthread_mutex_unlock(&pool.mutex) }
        var filled = 0
        while filled < buffer.count {
            if pool.next == pool.bytes.count {
                pool.bytes.withUnsafeMutableBytes { arc4random_buf($0.baseAddress!, $0.count) }
                pool.next = 0
            }
            let n = min(buffer.count - filled, pool.bytes.count - pool.next)
            pool.bytes.withUnsafeMutableBytes { source in
                (base + filled).copyMemory(from: source.baseAddress! + pool.next, byteCount: n)
                // Bytes handed out are not kept.
                memset(source.baseAddress! + pool.next, 0, n)
            }
            pool.next += n
            filled += n
        }
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
        let digits = Array("0123456789abcdef".utf8)
        return String(unsafeUninitializedCapacity: 36) { out in
            var o = 0
            for (i, byte) in b.enumerated() {
                if i == 4 || i == 6 || i == 8 || i == 10 {
                    out[o] = 0x2D
                    o += 1
                }
                out[o] = digits[Int(byte >> 4)]
                out[o + 1] = digits[Int(byte & 15)]
                o += 2
            }
            return o
        }
    }
}
