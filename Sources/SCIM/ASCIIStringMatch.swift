/// The string comparisons of filters and `sortBy` over UTF-8 bytes when both sides are ASCII (the common case), folding
/// case without allocating. Nil when either side is not ASCII: the caller then compares lower-cased Unicode strings.
enum ASCIIStringMatch {
    static func matches(_ value: String, _ operand: String, _ op: ComparisonOperator, fold: Bool) -> Bool? {
        var value = value, operand = operand
        return value.withUTF8 { a in
            operand.withUTF8 { b -> Bool? in
                guard isASCII(a), isASCII(b) else { return nil }
                switch op {
                case .co: return b.isEmpty || contains(a, b, fold: fold)
                case .sw: return a.count >= b.count && equal(a, at: 0, b, fold: fold)
                case .ew: return a.count >= b.count && equal(a, at: a.count - b.count, b, fold: fold)
                case .eq: return a.count == b.count && equal(a, at: 0, b, fold: fold)
                case .ne: return !(a.count == b.count && equal(a, at: 0, b, fold: fold))
                case .gt: return compare(a, b, fold: fold) > 0
                case .ge: return compare(a, b, fold: fold) >= 0
                case .lt: return compare(a, b, fold: fold) < 0
                case .le: return compare(a, b, fold: fold) <= 0
                }
            }
        }
    }

    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.allSatisfy { $0 < 0x80 }
    }

    private static func folded(_ byte: UInt8, _ fold: Bool) -> UInt8 {
        fold && byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Whether `needle` occurs in `haystack` at `offset`.
    private static func equal(
        _ haystack: UnsafeBufferPointer<UInt8>, at offset: Int, _ needle: UnsafeBufferPointer<UInt8>,
        fold: Bool
    ) -> Bool {
        for index in 0..<needle.count where folded(haystack[offset + index], fold) != folded(needle[index], fold) {
            return false
        }
        return true
    }

    private static func contains(
        _ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>, fold: Bool
    ) -> Bool {
        guard haystack.count >= needle.count else { return false }
        for offset in 0...(haystack.count - needle.count) where equal(haystack, at: offset, needle, fold: fold) {
            return true
        }
        return false
    }

    /// Lexicographic order of the (folded) bytes, which for ASCII is the order of Swift's `String` comparison.
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, fold: Bool) -> Int {
        for index in 0..<min(a.count, b.count) {
            let x = folded(a[index], fold), y = folded(b[index], fold)
            if x != y { return x < y ? -1 : 1 }
        }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }
}
