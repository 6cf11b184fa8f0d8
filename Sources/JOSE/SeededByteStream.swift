import Crypto

/// A reproducible stream of pseudo-random bytes: block `i` is HMAC-SHA256(key: seed, message: label || i as
/// 8 big-endian bytes), in the manner of an HMAC-DRBG. The same seed and label always yield the same bytes;
/// seeded with fresh random bytes it serves as an ordinary CSPRNG.
struct SeededByteStream {
    private let key: SymmetricKey
    private let label: [UInt8]
    private var counter: UInt64 = 0
    private var buffered: [UInt8] = []

    init(seed: [UInt8], label: String) {
        key = SymmetricKey(data: seed)
        self.label = Array(label.utf8)
    }

    /// The next `count` bytes of the stream.
    mutating func next(_ count: Int) -> [UInt8] {
        while buffered.count < count {
            var message = label
            withUnsafeBytes(of: counter.bigEndian) { message.append(contentsOf: $0) }
            buffered.append(contentsOf: HMAC<SHA256>.authenticationCode(for: message, using: key))
            counter += 1
        }
        defer { buffered.removeFirst(count) }
        return Array(buffered.prefix(count))
    }
}
