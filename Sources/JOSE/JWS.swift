import Crypto
import JSON
import Primitives

/// JWS compact serialization (RFC 7515 §7.1): signing, verification and unverified decoding of JWTs.
public enum JWS {
    /// Signs `payload` (serialized compactly) with `key`. The header gets `alg` and `kid` from the key, and
    /// `"typ": "JWT"` unless `header` sets `typ`; other members of `header` are kept.
    public static func sign(payload: JSON, key: SigningKey, header: JSONObject = [:]) throws -> String {
        guard let algorithm = key.jwsAlgorithm else {
            throw JOSEError("key \(key.kid) is an encryption key and cannot sign")
        }
        let signingInput = self.signingInput(payload: payload, header: header, algorithm: algorithm, kid: key.kid)
        return signingInput + "." + Base64.encodeURL(try key.sign(Array(signingInput.utf8)))
    }

    /// Signs `payload` with HS256 over a shared secret (`client_secret_jwt` assertions); no `kid`.
    public static func signHS256(payload: JSON, secret: [UInt8], header: JSONObject = [:]) -> String {
        let signingInput = self.signingInput(payload: payload, header: header, algorithm: .HS256, kid: nil)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(signingInput.utf8), using: SymmetricKey(data: secret))
        return signingInput + "." + Base64.encodeURL(Array(mac))
    }

    /// Verifies `token` against candidate public `keys`: those with the header's `kid` when it has one (falling
    /// back to keys without a kid), else all of them, each tried in turn. `allowed` restricts the algorithms;
    /// `none` is never accepted.
    public static func verify(
        _ token: String, keys: [VerificationKey],
        allowed: Set<JWSAlgorithm>
    ) -> Result<VerifiedJWS, JOSEError> {
        Result { () throws(JOSEError) in
            let jws = try CompactJWS(token)
            let algorithm = try jws.checkedAlgorithm(allowed: allowed)
            let kid = jws.header["kid"]?.stringValue
            let candidates = candidateKeys(keys, kid: kid).filter { $0.accepts(algorithm) }
            guard !candidates.isEmpty else {
                let named = kid.map { " with kid \"\($0)\"" } ?? ""
                throw JOSEError("no \(algorithm.rawValue) key\(named) to verify the JWS with")
            }
            guard
                candidates.contains(where: {
                    $0.material.isValidSignature(jws.signature, for: jws.signingInput, algorithm: algorithm)
                })
            else {
                throw JOSEError("JWS signature is invalid")
            }
            return jws.decoded
        }
    }

    /// Verifies an HS256 `token` made with `secret`.
    public static func verifyHS256(_ token: String, secret: [UInt8]) -> Result<VerifiedJWS, JOSEError> {
        Result { () throws(JOSEError) in
            let jws = try CompactJWS(token)
            _ = try jws.checkedAlgorithm(allowed: [.HS256])
            guard
                HMAC<SHA256>.isValidAuthenticationCode(
                    jws.signature, authenticating: jws.signingInput,
                    using: SymmetricKey(data: secret))
            else {
                throw JOSEError("JWS signature is invalid")
            }
            return jws.decoded
        }
    }

    /// Splits and decodes `token` without checking its signature, to read `kid`, `alg` or `iss` first.
    public static func decodeUnverified(_ token: String) -> Result<VerifiedJWS, JOSEError> {
        Result { () throws(JOSEError) in try CompactJWS(token).decoded }
    }

    /// The keys named by `kid` (or, when none is, the keys without a kid); every key when there is no kid.
    private static func candidateKeys(_ keys: [VerificationKey], kid: String?) -> [VerificationKey] {
        guard let kid else { return keys }
        let named = keys.filter { $0.kid == kid }
        return named.isEmpty ? keys.filter { $0.kid == nil } : named
    }

    private static func signingInput(
        payload: JSON, header: JSONObject, algorithm: JWSAlgorithm,
        kid: String?
    ) -> String {
        var fullHeader: JSONObject = ["alg": .string(algorithm.rawValue)]
        fullHeader["kid"] = kid.map(JSON.string)
        if header["typ"] == nil { fullHeader["typ"] = "JWT" }
        for (name, value) in header where name != "alg" && name != "kid" {
            fullHeader[name] = value
        }
        return Base64.encodeURL(JSON.object(fullHeader).serialized()) + "." + Base64.encodeURL(payload.serialized())
    }
}
