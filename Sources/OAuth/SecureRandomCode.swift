import Primitives

/// Random codes and grant ids: 32 bytes in base64url.
enum SecureRandomCode {
    static func make() -> String { SecureRandom.token() }
}
