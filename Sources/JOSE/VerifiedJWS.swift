import JSON

/// The decoded parts of a JWS: its protected header, its JSON payload, and the bytes the signature covers.
public struct VerifiedJWS: Sendable {
    public let header: JSONObject
    public let payload: JSON
    /// `BASE64URL(header) || '.' || BASE64URL(payload)` as it appeared in the token.
    public let signingInput: [UInt8]
}
