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
        guard parts.count == 3 else { throw JOSEError("malformed JWS: expected 3 dot-separated parts, found \(parts.count)") }
        guard let headerBytes = Base64.decodeURL(parts[0]) else { throw JOSEError("malformed JWS: header is not valid base64url") }
        guard let payloadBytes = Base64.decodeURL(parts[1]) else { throw JOSEError("malformed JWS: payload is not valid base64url") }
        guard let signature = Base64.decodeURL(parts[2]) else { throw JOSEError("malformed JWS: signature is not valid base64url") }
        guard case .object(let header)? = try? JSON.parse(headerBytes) else {
            throw JOSEError("malformed JWS: header is not a JSON object")
        }
        guard let payload = try? JSON.parse(payloadBytes) else { throw JOSEError("malformed JWS: payload is not JSON") }
        self.header = header
        self.payload = payload
        signingInput = Array(token[..<parts[1].endIndex].utf8)
        self.signature = signature
    }

    /// The header's `alg`, which must be one of `allowed`.
    func algorithm(allowed: Set<JWSAlgorithm>) throws(JOSEError) -> JWSAlgorithm {
        guard let name = header["alg"]?.stringValue else { throw JOSEError("JWS header has no alg") }
        guard let algorithm = JWSAlgorithm(rawValue: name), allowed.contains(algorithm) else {
            throw JOSEError("JWS alg \"\(name)\" is not allowed (allowed: \(allowed.map(\.rawValue).sorted().joined(separator: ", ")))")
        }
        guard header["crit"] == nil else { throw JOSEError("JWS header has critical extensions, none of which are supported") }
        return algorithm
    }

    var decoded: VerifiedJWS {
        VerifiedJWS(header: header, payload: payload, signingInput: signingInput)
    }
}
