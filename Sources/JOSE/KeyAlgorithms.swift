/// The `use` and `alg` combinations a `SigningKey` may have, per key type.
enum KeyAlgorithms {
    /// The allowed `alg` values for a key type and use, the default first.
    static func allowed(for type: KeyType, use: String) -> [String] {
        switch (type, use) {
        case (.ec, "sig"): return [JWSAlgorithm.ES256.rawValue]
        case (.rsa, "sig"): return [JWSAlgorithm.RS256.rawValue, JWSAlgorithm.PS256.rawValue]
        case (.rsa, "enc"): return ["RSA-OAEP-256", "RSA-OAEP"]
        default: return []
        }
    }

    /// Throws unless `algorithm` suits a `type` key used for `use`.
    static func check(_ algorithm: String, for type: KeyType, use: String) throws {
        guard use == "sig" || use == "enc" else {
            throw JOSEError("unsupported key use \"\(use)\" (expected sig or enc)")
        }
        let allowed = allowed(for: type, use: use)
        guard !allowed.isEmpty else {
            throw JOSEError("\(type.rawValue) keys with use \"\(use)\" are not supported")
        }
        guard allowed.contains(algorithm) else {
            let expected = allowed.joined(separator: " or ")
            throw JOSEError("alg \"\(algorithm)\" does not suit an \(type.rawValue) \(use) key (expected \(expected))")
        }
    }
}
