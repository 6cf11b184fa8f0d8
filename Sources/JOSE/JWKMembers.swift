import JSON
import Primitives

/// Typed access to the members of a JWK, with errors that name the offending member
/// (`invalid JWK: $.kid: missing required field`, `invalid JWK: $.n is not valid base64url`).
struct JWKMembers {
    private let reader: JSONReader

    init(_ jwk: JSON) throws {
        guard case .object = jwk else { throw JOSEError("invalid JWK: expected a JSON object") }
        reader = JSONReader(jwk)
    }

    func string(_ name: String) throws -> String {
        try reading { () throws(JSONReadError) in try reader.string(name) }
    }

    func optionalString(_ name: String) throws -> String? {
        try reading { () throws(JSONReadError) in try reader.optionalString(name) }
    }

    func keyType() throws -> KeyType {
        let kty = try string("kty")
        guard let type = KeyType(rawValue: kty) else {
            throw JOSEError("invalid JWK: unsupported kty \"\(kty)\" (expected EC or RSA)")
        }
        return type
    }

    /// A base64url member (RFC 7518 §6).
    func bytes(_ name: String) throws -> [UInt8] {
        guard let bytes = try optionalBytes(name) else {
            throw JOSEError("invalid JWK: $.\(name): missing required field")
        }
        return bytes
    }

    func optionalBytes(_ name: String) throws -> [UInt8]? {
        guard let text = try optionalString(name) else { return nil }
        guard let bytes = Base64.decodeURL(text), !bytes.isEmpty else {
            throw JOSEError("invalid JWK: $.\(name) is not valid base64url")
        }
        return bytes
    }

    /// The EC curve, which must be P-256.
    func checkCurve() throws {
        let curve = try string("crv")
        guard curve == "P-256" else { throw JOSEError("invalid JWK: unsupported crv \"\(curve)\" (expected P-256)") }
    }

    /// An RFC 3339 date-time member.
    func optionalTimestamp(_ name: String) throws -> Timestamp? {
        guard let text = try optionalString(name) else { return nil }
        guard let timestamp = DateFormats.parseISO8601(text) else {
            throw JOSEError("invalid JWK: $.\(name) is not an RFC 3339 date-time")
        }
        return timestamp
    }

    /// The DER certificates of `x5c` (standard base64), or nil when absent.
    func certificateChain() throws -> [[UInt8]]? {
        let entries = try reading { () throws(JSONReadError) in try reader.optionalArray("x5c") }
        guard let entries else { return nil }
        guard !entries.isEmpty else { throw JOSEError("invalid JWK: $.x5c is empty") }
        return try entries.map { entry in
            let text = try reading { () throws(JSONReadError) in try entry.string() }
            guard let der = Base64.decode(text), !der.isEmpty else {
                throw JOSEError("invalid JWK: \(entry.path) is not valid base64")
            }
            return der
        }
    }

    private func reading<T>(_ read: () throws(JSONReadError) -> T) throws -> T {
        do {
            return try read()
        } catch {
            throw JOSEError("invalid JWK: \(error)")
        }
    }
}
