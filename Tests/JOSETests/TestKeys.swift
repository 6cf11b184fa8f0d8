import JOSE
import JSON
import Primitives

/// Keys shared by the tests (RSA generation is slow in debug builds, so each is made once).
enum TestKeys {
    static let createdAt = Timestamp(seconds: 1_700_000_000)
    static let es256 = try! SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: createdAt)
    static let rs256 = try! SigningKey.generate(.rsa, use: "sig", algorithm: "RS256", createdAt: createdAt)
    static let ps256 = try! SigningKey.generate(.rsa, use: "sig", algorithm: "PS256", createdAt: createdAt)
    static let rsaEncryption = try! SigningKey.generate(
        .rsa, use: "enc", algorithm: "RSA-OAEP-256", createdAt: createdAt)

    static let claims: JSON = [
        "iss": "https://idemu.test/default", "sub": "alice", "aud": "client-1",
        "iat": 1_700_000_000, "exp": 1_700_003_600, "scope": "openid profile",
    ]
}

extension Result {
    /// The failure, or nil on success.
    var failure: Failure? {
        guard case .failure(let error) = self else { return nil }
        return error
    }
}
