import ArgumentParser
import JOSE
import Primitives

/// `idemu generate-key`: prints a private JWK for a seed file (`jwks.keys` of a workspace).
struct GenerateKey: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-key",
        abstract: "Print a new private JWK (with x5c) for use in a seed file.")

    @Option(help: "ES256, RS256, PS256 (signing keys) or RSA-OAEP-256 (an encryption key).")
    var alg: String = "ES256"
    @Option(help: "Derive the key from this text instead of generating a random one.")
    var seed: String?
    @Option(help: "With --seed: a label that tells keys derived from the same seed apart.")
    var label: String = ""

    func run() throws {
        let type: KeyType
        let use: String
        switch alg {
        case "ES256": (type, use) = (.ec, "sig")
        case "RS256", "PS256": (type, use) = (.rsa, "sig")
        case "RSA-OAEP-256": (type, use) = (.rsa, "enc")
        default: throw ValidationError("--alg must be ES256, RS256, PS256 or RSA-OAEP-256")
        }
        let key = try SigningKey.generate(
            type, use: use, algorithm: alg, createdAt: Timestamp(nanoseconds: Clock.systemNanoseconds()),
            seed: seed.map { Array($0.utf8) }, label: label)
        print(key.privateJWK().jsonString([.prettyPrinted]))
    }
}
