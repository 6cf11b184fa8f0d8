import JSON

/// JWK Set documents (RFC 7517 §5), as served at `jwks_uri`.
public enum JWKS {
    /// `{"keys": [...]}` with the public JWK of each key, in order.
    public static func document(_ keys: [SigningKey]) -> JSON {
        ["keys": .array(keys.map { $0.publicJWK() })]
    }
}
