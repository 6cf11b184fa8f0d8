import SwiftASN1

/// The integers of an RSA private key (RFC 8017 §A.1.2) as unsigned big-endian bytes without leading zeros,
/// which is how JWK members encode them (RFC 7518 §6.3).
struct RSAKeyComponents: Sendable {
    let n: [UInt8], e: [UInt8], d: [UInt8], p: [UInt8], q: [UInt8], dp: [UInt8], dq: [UInt8], qi: [UInt8]

    /// Reads a PKCS#1 `RSAPrivateKey`, as swift-crypto's `derRepresentation` writes it.
    init(pkcs1DER der: [UInt8]) throws {
        var integers: [[UInt8]] = []
        try DER.sequence(try DER.parse(der), identifier: .sequence) { nodes in
            guard try Int(derEncoded: &nodes) == 0 else { throw JOSEError("unsupported RSA private key version") }
            for _ in 0..<8 { integers.append(Array(try ArraySlice<UInt8>(derEncoded: &nodes))) }
        }
        (n, e, d, p, q, dp, dq, qi) = (
            integers[0], integers[1], integers[2], integers[3],
            integers[4], integers[5], integers[6], integers[7]
        )
    }
}
