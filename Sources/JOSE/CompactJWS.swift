import JSON
import Primitives

/// A JWS compact serialization split into its decoded parts, before any signature check.
struct CompactJWS {
    let header: JSONObject
    let payload: JSON
    let signingInput: [UInt8]
    let signature: [UInt8]

    /// Rejects anything but three base64url parts whose first two are a JSON object and a JSON value.
    init(_ token: String) throws(JOSEError) {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw JOSEError("malformed JWS: expected 3 dot-separated parts, found \(parts.count)")
        }
        let headerBytes = try Self.decode(parts[0], as: "header")
        let payloadBytes = try Self.decode(parts[1], as: "payload")
        signature = try Self.decode(parts[2], as: "signature")
        guard case .object(let header)? = try? JSON.parse(headerBytes) else {
            throw JOSEError("malformed JWS: header is not a JSON object")
        }
        guard let payload = try? JSON.parse(payloadBytes) else { throw JOSEError("malformed JWS: payload is not JSON") }
        self.header = header
        self.payload = payload
        signingInput = Array(token[..<parts[1].endIndex].utf8)
    }

    /// The header's `alg`, which must be one of `allowed`. Headers with `crit` are refused: this implementation
    /// understands no extensions (RFC 7515 §4.1.11).
    func checkedAlgorithm(allowed: Set<JWSAlgorithm>) throws(JOSEError) -> JWSAlgorithm {
        guard let name = header["alg"]?.stringValue else { throw JOSEError("JWS header has no alg") }
        guard let algorithm = JWSAlgorithm(rawValue: name), allowed.contains(algorithm) else {
            let names = allowed.map(\.rawValue).sorted().joined(separator: ", ")
            throw JOSEError("JWS alg \"\(name)\" is not allowed (allowed: \(names))")
        }
        guard header["crit"] == nil else {
            throw JOSEError("JWS header has critical extensions, none of which are supported")
        }
        return algorithm
    }

    var decoded: VerifiedJWS {
        VerifiedJWS(header: header, payload: payload, signingInput: signingInput)
    }

    private static func decode(_ part: Substring, as name: String) throws(JOSEError) -> [UInt8] {
        guard let bytes = Base64.decodeURL(part) else {
            throw JOSEError("malformed JWS: \(name) is not valid base64url")
        }
        return bytes
    }
}
