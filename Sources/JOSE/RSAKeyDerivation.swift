import BigInt
import _CryptoExtras

/// Derives an RSA-2048 private key from a `SeededByteStream`: two 1024-bit probable primes, e = 65537,
/// d = e⁻¹ mod lcm(p − 1, q − 1), with p > q.
enum RSAKeyDerivation {
    static let publicExponent: UInt64 = 65537

    static func privateKey(from stream: inout SeededByteStream) throws -> _RSA.Signing.PrivateKey {
        let search = ProbablePrimeSearch(bits: 1024, publicExponent: publicExponent)
        let first = search.prime(from: &stream)
        var second = search.prime(from: &stream)
        while second == first { second = search.prime(from: &stream) }
        let (p, q) = first > second ? (first, second) : (second, first)

        let e = BigUInt(publicExponent)
        let pMinusOne = p - 1, qMinusOne = q - 1
        let lambda = pMinusOne * qMinusOne / pMinusOne.greatestCommonDivisor(with: qMinusOne)
        guard let d = e.inverse(lambda) else {
            throw JOSEError("derived RSA primes are not coprime to the public exponent")
        }
        return try _RSA.Signing.PrivateKey(
            n: bytes(p * q), e: bytes(e), d: bytes(d), p: bytes(p), q: bytes(q))
    }

    private static func bytes(_ value: BigUInt) -> [UInt8] {
        Array(value.serialize())
    }
}
