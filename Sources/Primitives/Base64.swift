/// Base64 (RFC 4648 §4) and base64url (§5) encoding and strict decoding.
public enum Base64 {
    private static let standardAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let urlAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    private static let standardTable = decodeTable(standardAlphabet)
    private static let urlTable = decodeTable(urlAlphabet)

    /// Standard alphabet with `=` padding.
    public static func encode<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        encode(bytes, alphabet: standardAlphabet, padded: true)
    }

    /// URL-safe alphabet without padding (JOSE).
    public static func encodeURL<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        encode(bytes, alphabet: urlAlphabet, padded: false)
    }

    /// Standard alphabet; padding optional; whitespace and stray characters rejected.
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        decode(text.utf8, table: standardTable)
    }

    /// URL-safe alphabet; padding optional.
    public static func decodeURL(_ text: some StringProtocol) -> [UInt8]? {
        decode(text.utf8, table: urlTable)
    }

    private static func encode<C: Collection>(_ bytes: C, alphabet: [UInt8], padded: Bool) -> String
    where C.Element == UInt8 {
        if let encoded = bytes.withContiguousStorageIfAvailable({ encode($0, alphabet: alphabet, padded: padded) }) {
            return encoded
        }
        return Array(bytes).withUnsafeBufferPointer { encode($0, alphabet: alphabet, padded: padded) }
    }

    private static func encode(_ input: UnsafeBufferPointer<UInt8>, alphabet: [UInt8], padded: Bool) -> String {
        let fullGroups = input.count / 3
        let remainder = input.count % 3
        let outputLength = fullGroups * 4 + (remainder == 0 ? 0 : (padded ? 4 : remainder + 1))
        return alphabet.withUnsafeBufferPointer { table in
            String(unsafeUninitializedCapacity: outputLength) { out in
                var o = 0
                var i = 0
                for _ in 0..<fullGroups {
                    let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
                    out[o] = table[Int(n >> 18 & 63)]
                    out[o + 1] = table[Int(n >> 12 & 63)]
                    out[o + 2] = table[Int(n >> 6 & 63)]
                    out[o + 3] = table[Int(n & 63)]
                    i += 3
                    o += 4
                }
                if remainder > 0 {
                    let n = UInt32(input[i]) << 16 | (remainder == 2 ? UInt32(input[i + 1]) << 8 : 0)
                    out[o] = table[Int(n >> 18 & 63)]
                    out[o + 1] = table[Int(n >> 12 & 63)]
                    o += 2
                    if remainder == 2 {
                        out[o] = table[Int(n >> 6 & 63)]
                        o += 1
                    } else if padded {
                        out[o] = 61
                        o += 1
                    }
                    if padded {
                        out[o] = 61
                        o += 1
                    }
                }
                return o
            }
        }
    }

    private static func decodeTable(_ alphabet: [UInt8]) -> [UInt8] {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }

    private static func decode<C: Collection>(_ input: C, table: [UInt8]) -> [UInt8]? where C.Element == UInt8 {
        var chars = Array(input)
        var padding = 0
        while chars.last == 61 {
            chars.removeLast()
            padding += 1
        }
        guard padding <= 2, chars.count % 4 != 1 else { return nil }
        if padding > 0 && (chars.count + padding) % 4 != 0 { return nil }
        var out = [UInt8]()
        out.reserveCapacity(chars.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in chars {
            let v = table[Int(c)]
            guard v != 0xFF else { return nil }
            acc = acc << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: acc >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero (canonical encoding).
        if bits > 0 && acc & ((1 << UInt32(bits)) - 1) != 0 { return nil }
        return out
    }
}
