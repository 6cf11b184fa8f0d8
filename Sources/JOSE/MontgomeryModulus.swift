import BigInt

/// Multiplication and exponentiation modulo an odd number, in Montgomery form on 64-bit limbs.
///
/// Miller–Rabin on 1024-bit candidates is dominated by modular exponentiation; this runs it about ten times
/// faster than BigInt's generic `power(_:modulus:)` in release builds and stays usable in debug builds.
struct MontgomeryModulus {
    /// A value `x` stored as `x·R mod m` (R = 2^(64·limbs)), fully reduced, least significant limb first.
    typealias Residue = [UInt64]

    let modulus: BigUInt
    private let limbs: [UInt64]
    /// −m⁻¹ mod 2⁶⁴.
    private let negatedInverse: UInt64
    /// R² mod m, which converts into Montgomery form.
    private let rSquared: Residue

    init(_ modulus: BigUInt) {
        precondition(modulus[bitAt: 0] && modulus > 1, "Montgomery arithmetic needs an odd modulus")
        self.modulus = modulus
        let count = modulus.words.count
        limbs = Self.limbs(of: modulus, count: count)
        // Newton's iteration doubles the number of correct low bits each step: 3 → 6 → … → 96.
        var inverse = limbs[0]
        for _ in 0..<5 { inverse = inverse &* (2 &- limbs[0] &* inverse) }
        negatedInverse = 0 &- inverse
        rSquared = Self.limbs(of: (BigUInt(1) << (128 * count)) % modulus, count: count)
    }

    /// The Montgomery form of `value`.
    func residue(of value: BigUInt) -> Residue {
        multiply(Self.limbs(of: value % modulus, count: limbs.count), rSquared)
    }

    /// `base^exponent` for a base and result in Montgomery form (left-to-right square and multiply).
    func power(_ base: Residue, _ exponent: BigUInt) -> Residue {
        guard exponent > 0 else { return residue(of: 1) }
        var result = base
        for bit in stride(from: exponent.bitWidth - 2, through: 0, by: -1) {
            result = multiply(result, result)
            if exponent[bitAt: bit] { result = multiply(result, base) }
        }
        return result
    }

    /// The Montgomery product `a·b·R⁻¹ mod m`.
    func multiply(_ a: Residue, _ b: Residue) -> Residue {
        let n = limbs.count
        var t = [UInt64](repeating: 0, count: n + 2)
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                limbs.withUnsafeBufferPointer { m in
                    t.withUnsafeMutableBufferPointer { t in
                        Self.accumulateProduct(
                            a.baseAddress!, b.baseAddress!, modulus: m.baseAddress!,
                            negatedInverse: negatedInverse, count: n, into: t.baseAddress!)
                    }
                }
            }
        }
        var result = Array(t[0..<n])
        if t[n] != 0 || !Self.isLess(result, limbs) { Self.subtract(limbs, from: &result) }
        return result
    }

    /// Coarsely integrated operand scanning: leaves `a·b·R⁻¹` (below 2m) in `t[0...n]`.
    ///
    /// Written for debug builds too: one function with few named values (each costs a memset per scope entry
    /// at -Onone), `while` loops over pointers, and the double-width multiply-add spelled out inline.
    private static func accumulateProduct(
        _ a: UnsafePointer<UInt64>, _ b: UnsafePointer<UInt64>,
        modulus m: UnsafePointer<UInt64>, negatedInverse: UInt64, count n: Int,
        into t: UnsafeMutablePointer<UInt64>
    ) {
        var i = 0, j = 0
        var carry: UInt64 = 0, sum: UInt64 = 0, factor: UInt64 = 0
        var product: (high: UInt64, low: UInt64) = (0, 0)
        while i < n {
            // t += a·b[i]
            carry = 0
            j = 0
            while j < n {
                product = a[j].multipliedFullWidth(by: b[i])
                sum = product.low &+ t[j]
                product.high &+= sum < product.low ? 1 : 0
                t[j] = sum &+ carry
                carry = product.high &+ (t[j] < sum ? 1 : 0)
                j += 1
            }
            sum = t[n] &+ carry
            t[n + 1] = sum < carry ? 1 : 0
            t[n] = sum

            // t = (t + factor·m) / 2⁶⁴, where factor makes the low limb vanish.
            factor = t[0] &* negatedInverse
            product = factor.multipliedFullWidth(by: m[0])
            carry = product.high &+ (product.low &+ t[0] < product.low ? 1 : 0)
            j = 1
            while j < n {
                product = factor.multipliedFullWidth(by: m[j])
                sum = product.low &+ t[j]
                product.high &+= sum < product.low ? 1 : 0
                t[j - 1] = sum &+ carry
                carry = product.high &+ (t[j - 1] < sum ? 1 : 0)
                j += 1
            }
            sum = t[n] &+ carry
            t[n - 1] = sum
            t[n] = t[n + 1] &+ (sum < carry ? 1 : 0)
            i += 1
        }
    }

    private static func isLess(_ a: [UInt64], _ b: [UInt64]) -> Bool {
        for i in stride(from: a.count - 1, through: 0, by: -1) where a[i] != b[i] {
            return a[i] < b[i]
        }
        return false
    }

    /// `value -= subtrahend`, modulo 2^(64·limbs).
    private static func subtract(_ subtrahend: [UInt64], from value: inout [UInt64]) {
        var borrow = false
        for i in value.indices {
            let (difference1, borrow1) = value[i].subtractingReportingOverflow(subtrahend[i])
            let (difference2, borrow2) = difference1.subtractingReportingOverflow(borrow ? 1 : 0)
            value[i] = difference2
            borrow = borrow1 || borrow2
        }
    }

    private static func limbs(of value: BigUInt, count: Int) -> [UInt64] {
        let words = value.words
        return (0..<count).map { $0 < words.count ? UInt64(words[$0]) : 0 }
    }
}
