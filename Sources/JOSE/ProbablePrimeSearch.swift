import BigInt

/// Finds RSA prime factors in a `SeededByteStream`, so that the same stream always yields the same primes.
///
/// Each attempt draws a random odd start with its top two bits set (so two such primes make a modulus of
/// exactly twice the bits), sieves a window of odd numbers after it by the small primes (and drops numbers
/// `p` with `p ≡ 1 mod e`, so that gcd(e, p − 1) = 1 for the prime exponent e), and runs Miller–Rabin on the
/// survivors in order: base 2 first, then bases from the stream.
struct ProbablePrimeSearch {
    let bits: Int
    /// The RSA public exponent; must be prime.
    let publicExponent: UInt64
    /// Miller–Rabin rounds; on random 1024-bit candidates 5 leave an error probability far below 2⁻¹⁰⁰
    /// (Damgård, Landrock and Pomerance's bound).
    let rounds = 5
    /// Odd candidates sieved per attempt; they span 8192 numbers, an order of magnitude more than the average
    /// prime gap near 2¹⁰²⁴.
    private let window = 4096

    /// The odd primes below 2¹⁴.
    private static let sievingPrimes: [UInt64] = {
        let limit = 1 << 14
        var isComposite = [Bool](repeating: false, count: limit)
        var primes: [UInt64] = []
        for n in 3..<limit where n % 2 == 1 && !isComposite[n] {
            primes.append(UInt64(n))
            for multiple in stride(from: n * n, to: limit, by: 2 * n) { isComposite[multiple] = true }
        }
        return primes
    }()

    func prime(from stream: inout SeededByteStream) -> BigUInt {
        while true {
            var bytes = stream.next(bits / 8)
            bytes[0] |= 0xC0
            bytes[bytes.count - 1] |= 1
            let start = bytes.withUnsafeBytes { BigUInt($0) }
            let excluded = sieve(from: start)
            for index in 0..<window where !excluded[index] {
                let candidate = start + BigUInt(2 * index)
                guard candidate.bitWidth == bits else { break }
                if isProbablePrime(candidate, stream: &stream) { return candidate }
            }
        }
    }

    /// For each `start + 2·index` in the window, whether a small prime divides it or it is 1 mod e.
    private func sieve(from start: BigUInt) -> [Bool] {
        var excluded = [Bool](repeating: false, count: window)
        func exclude(residue target: UInt64, modulo p: UInt64, startResidue: UInt64) {
            // start + 2k ≡ target (mod p) ⇔ k ≡ (target − start)·2⁻¹ (mod p), and 2⁻¹ ≡ (p + 1)/2.
            let first = (target + p - startResidue) % p * ((p + 1) / 2) % p
            for index in stride(from: Int(first), to: window, by: Int(p)) { excluded[index] = true }
        }
        for p in Self.sievingPrimes {
            exclude(residue: 0, modulo: p, startResidue: remainder(of: start, modulo: p))
        }
        exclude(residue: 1, modulo: publicExponent, startResidue: remainder(of: start, modulo: publicExponent))
        return excluded
    }

    private func remainder(of value: BigUInt, modulo divisor: UInt64) -> UInt64 {
        var remainder: UInt64 = 0
        for word in value.words.reversed() {
            remainder = divisor.dividingFullWidth((high: remainder, low: UInt64(word))).remainder
        }
        return remainder
    }

    private func isProbablePrime(_ candidate: BigUInt, stream: inout SeededByteStream) -> Bool {
        let arithmetic = MontgomeryModulus(candidate)
        let minusOne = candidate - 1
        let twos = minusOne.trailingZeroBitCount
        let oddPart = minusOne >> twos
        let one = arithmetic.residue(of: 1)
        let negativeOne = arithmetic.residue(of: minusOne)
        for round in 0..<rounds {
            // Bases in [2, candidate − 2].
            let base = round == 0 ? 2 : stream.next(bits / 8).withUnsafeBytes { BigUInt($0) } % (candidate - 3) + 2
            var x = arithmetic.power(arithmetic.residue(of: base), oddPart)
            guard x != one && x != negativeOne else { continue }
            var reachedNegativeOne = false
            for _ in 1..<twos {
                x = arithmetic.multiply(x, x)
                if x == negativeOne {
                    reachedNegativeOne = true
                    break
                }
                if x == one { return false }
            }
            if !reachedNegativeOne { return false }
        }
        return true
    }
}
