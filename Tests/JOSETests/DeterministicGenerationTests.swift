import JOSE
import JSON
import Primitives
import XCTest

final class DeterministicGenerationTests: XCTestCase {
    private let seed = Array("idemu default seed".utf8)
    private let certificateMembers: Set<String> = ["x5c", "x5t", "x5t#S256"]

    private func ecKey(label: String, seed: [UInt8]? = nil) throws -> SigningKey {
        try SigningKey.generate(
            .ec, use: "sig", algorithm: "ES256", createdAt: TestKeys.createdAt,
            seed: seed ?? self.seed, label: label)
    }

    private func rsaKey(label: String) throws -> SigningKey {
        try SigningKey.generate(
            .rsa, use: "enc", algorithm: "RSA-OAEP-256", createdAt: TestKeys.createdAt,
            seed: seed, label: label)
    }

    private func withoutCertificate(_ jwk: JSON) -> JSONObject {
        var members = jwk.objectValue!
        for name in certificateMembers { members[name] = nil }
        return members
    }

    func testSameSeedAndLabelGiveTheSameECKey() throws {
        let first = try ecKey(label: "workspace/default/sig"), second = try ecKey(label: "workspace/default/sig")
        XCTAssertEqual(first.kid, second.kid)
        // ECDSA signatures are randomized, so the self-signed certificate (x5c, x5t, x5t#S256) differs.
        XCTAssertEqual(withoutCertificate(first.privateJWK()), withoutCertificate(second.privateJWK()))
        let token = try JWS.sign(payload: TestKeys.claims, key: first)
        XCTAssertNoThrow(try JWS.verify(token, keys: [VerificationKey(second)], allowed: [.ES256]).get())
    }

    func testSameSeedAndLabelGiveTheSameRSAKeyAndCertificate() throws {
        let first = try rsaKey(label: "workspace/default/enc"), second = try rsaKey(label: "workspace/default/enc")
        // PKCS#1 v1.5 signatures are deterministic, so here the whole JWK is stable, certificate included.
        XCTAssertEqual(first.privateJWK(), second.privateJWK())
        XCTAssertEqual(first.privateJWK()["e"], "AQAB")
        XCTAssertEqual(Base64.decodeURL(first.privateJWK()["n"]!.stringValue!)?.count, 256)
    }

    func testDeterministicRSAKeySigns() throws {
        let key = try SigningKey.generate(
            .rsa, use: "sig", algorithm: "RS256", createdAt: TestKeys.createdAt,
            seed: seed, label: "signing")
        let token = try JWS.sign(payload: TestKeys.claims, key: key)
        XCTAssertNoThrow(try JWS.verify(token, keys: [VerificationKey(key)], allowed: [.RS256]).get())
        XCTAssertEqual(try SigningKey(jwk: key.privateJWK()).publicJWK(), key.publicJWK())
    }

    func testDifferentLabelSeedOrParametersGiveDifferentKeys() throws {
        let base = try ecKey(label: "a")
        for other in [
            try ecKey(label: "b"), try ecKey(label: "a", seed: Array("another seed".utf8)),
            try SigningKey.generate(
                .rsa, use: "sig", algorithm: "RS256", createdAt: TestKeys.createdAt,
                seed: seed, label: "a"),
        ] {
            XCTAssertNotEqual(other.kid, base.kid)
            XCTAssertNotEqual(other.publicJWK()["x"] ?? other.publicJWK()["n"], base.publicJWK()["x"])
        }
        XCTAssertNotEqual(try rsaKey(label: "enc-2").publicJWK()["n"], try rsaKey(label: "enc-3").publicJWK()["n"])
    }

    func testUnseededKeysDiffer() throws {
        let first = try SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: TestKeys.createdAt)
        let second = try SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: TestKeys.createdAt)
        XCTAssertNotEqual(first.kid, second.kid)
        XCTAssertNotEqual(first.publicJWK()["x"], second.publicJWK()["x"])
    }

    /// Pins the derivation: changing it would change every seeded key (and kid) that users may have recorded.
    func testDerivationIsStableAcrossVersions() throws {
        let ec = try ecKey(label: "pinned")
        XCTAssertEqual(ec.kid, Self.pinnedECKid)
        XCTAssertEqual(ec.privateJWK()["d"], .string(Self.pinnedECD))
        let rsa = try rsaKey(label: "pinned")
        XCTAssertEqual(rsa.kid, Self.pinnedRSAKid)
        XCTAssertEqual(rsa.privateJWK()["n"]?.stringValue?.prefix(43), Substring(Self.pinnedRSANPrefix))
    }

    private static let pinnedECKid = "6102544266847739275091960709595863446"
    private static let pinnedECD = "NeWHZ3sNfA0YWzChprj9DF9_Y1owpH5_gCRbgaEihr0"
    private static let pinnedRSAKid = "323463681627818481827217341719565435019"
    private static let pinnedRSANPrefix = "4EuS789-9NkDcMI-w2tn-ZmITD0OpWN1cRN70P3smkh"
}
