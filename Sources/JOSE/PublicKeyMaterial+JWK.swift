import Crypto
import _CryptoExtras

extension PublicKeyMaterial {
    /// The public key of a JWK's `crv`/`x`/`y` (P-256) or `n`/`e` (RSA, at least 2048 bits).
    init(jwk: JWKMembers, type: KeyType) throws {
        switch type {
        case .ec:
            try jwk.checkCurve()
            let x = try jwk.bytes("x"), y = try jwk.bytes("y")
            guard x.count == 32, y.count == 32, let key = try? P256.Signing.PublicKey(rawRepresentation: x + y) else {
                throw JOSEError("invalid JWK: x and y are not a point on P-256")
            }
            self = .ec(key)
        case .rsa:
            let n = try jwk.bytes("n"), e = try jwk.bytes("e")
            try Self.checkModulusSize(n)
            guard let key = try? _RSA.Signing.PublicKey(n: n, e: e) else {
                throw JOSEError("invalid JWK: n and e are not a valid RSA public key")
            }
            self = .rsa(key)
        }
    }

    /// swift-crypto refuses RSA keys under 2048 bits; say so plainly.
    static func checkModulusSize(_ n: [UInt8]) throws {
        guard n.drop(while: { $0 == 0 }).count >= 256 else {
            throw JOSEError("invalid JWK: RSA keys must have at least 2048 bits")
        }
    }
}
