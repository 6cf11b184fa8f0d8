import Primitives

/// Generated ids and secrets in the shapes Transmit uses (client_access_tokens.md's example: app ids of 20
/// lower-case letters and digits, client ids of mixed-case letters and digits).
enum Identifiers {
    private static let lower = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)
    private static let mixed = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func appID() -> String { random(20, from: lower) }
    static func clientID() -> String { random(22, from: mixed) }
    static func clientSecret() -> String { random(40, from: mixed) }

    /// Uniform over `alphabet` (rejection sampling, so no character is favoured).
    private static func random(_ count: Int, from alphabet: [UInt8]) -> String {
        let limit = 256 - 256 % alphabet.count
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            for byte in SecureRandom.bytes(count * 2) where Int(byte) < limit && out.count < count {
                out.append(alphabet[Int(byte) % alphabet.count])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
