import Crypto
import _CryptoExtras

extension PrivateKeyMaterial {
    /// The private key of a JWK: `d` (P-256; `x` and `y`, when present, must match it) or `n`, `e`, `d` and
    /// optionally `p` and `q` (RSA; `dp`, `dq` and `qi`, when present, must match the others).
    init(jwk: JWKMembers, type: KeyType) throws {
        switch type {
        case .ec:
            self = .ec(try Self.ecKey(jwk))
        case .rsa:
            self = .rsa(try Self.rsaKey(jwk))
        }
    }

    private static func ecKey(_ jwk: JWKMembers) throws -> P256.Signing.PrivateKey {
        try jwk.checkCurve()
        let d = try jwk.bytes("d")
        guard d.count == 32, let key = try? P256.Signing.PrivateKey(rawRepresentation: d) else {
            throw JOSEError("invalid JWK: d is not a P-256 private key")
        }
        let point = Array(key.publicKey.rawRepresentation)
        if let x = try jwk.optionalBytes("x"), x != Array(point[..<32]) {
            throw JOSEError("invalid JWK: x does not match d")
        }
        if let y = try jwk.optionalBytes("y"), y != Array(point[32...]) {
            throw JOSEError("invalid JWK: y does not match d")
        }
        return key
    }

    private static func rsaKey(_ jwk: JWKMembers) throws -> _RSA.Signing.PrivateKey {
        let n = try jwk.bytes("n"), e = try jwk.bytes("e"), d = try jwk.bytes("d")
        try PublicKeyMaterial.checkModulusSize(n)
        let key: _RSA.Signing.PrivateKey
        switch (try jwk.optionalBytes("p"), try jwk.optionalBytes("q")) {
        case (let p?, let q?):
            guard let parsed = try? _RSA.Signing.PrivateKey(n: n, e: e, d: d, p: p, q: q) else {
                throw JOSEError("invalid JWK: n, e, d, p and q are not a consistent RSA private key")
            }
            key = parsed
        case (nil, nil):
            guard let parsed = try? _RSA.Signing.PrivateKey._createFromNumbers(n: n, e: e, d: d) else {
                throw JOSEError("invalid JWK: n, e and d are not a consistent RSA private key")
            }
            key = parsed
        default:
            throw JOSEError("invalid JWK: p and q must both be present or both absent")
        }
        let components = try RSAKeyComponents(pkcs1DER: Array(key.derRepresentation))
        for (name, expected) in [("dp", components.dp), ("dq", components.dq), ("qi", components.qi)] {
            if let given = try jwk.optionalBytes(name), Array(given.drop(while: { $0 == 0 })) != expected {
                throw JOSEError("invalid JWK: \(name) does not match the other RSA members")
            }
        }
        return key
    }
}
