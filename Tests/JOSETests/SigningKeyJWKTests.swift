import JOSE
import JSON
import Primitives
import XCTest

final class SigningKeyJWKTests: XCTestCase {
    private let privateMemberNames: Set<String> = ["d", "p", "q", "dp", "dq", "qi"]

    func testPrivateJWKRoundTripKeepsTheKey() throws {
        for key in [TestKeys.es256, TestKeys.rs256, TestKeys.ps256, TestKeys.rsaEncryption] {
            let tokenBefore = key.use == "sig" ? try JWS.sign(payload: TestKeys.claims, key: key) : nil
            let parsed = try SigningKey(jwk: key.privateJWK())
            XCTAssertEqual(parsed.publicJWK(), key.publicJWK())
            XCTAssertEqual(parsed.privateJWK(), key.privateJWK())
            XCTAssertEqual(parsed.kid, key.kid)
            XCTAssertEqual(parsed.keyType, key.keyType)
            XCTAssertEqual(parsed.algorithm, key.algorithm)
            XCTAssertEqual(parsed.use, key.use)
            XCTAssertEqual(parsed.createdAt, key.createdAt)
            if let tokenBefore, let algorithm = key.jwsAlgorithm {
                XCTAssertNoThrow(
                    try JWS.verify(tokenBefore, keys: [VerificationKey(parsed)], allowed: [algorithm]).get())
                let tokenAfter = try JWS.sign(payload: TestKeys.claims, key: parsed)
                XCTAssertNoThrow(try JWS.verify(tokenAfter, keys: [VerificationKey(key)], allowed: [algorithm]).get())
            }
        }
    }

    func testPrivateJWKHasSecureAuthServerJWKMembers() {
        let ec = TestKeys.es256.privateJWK().objectValue!
        XCTAssertEqual(
            Set(ec.keys), ["kty", "use", "kid", "alg", "crv", "x", "y", "d", "x5c", "x5t", "x5t#S256", "created_at"])
        XCTAssertEqual(ec["kty"], "EC")
        XCTAssertEqual(ec["crv"], "P-256")
        XCTAssertEqual(ec["use"], "sig")
        XCTAssertEqual(ec["alg"], "ES256")
        XCTAssertEqual(ec["created_at"], "2023-11-14T22:13:20Z")
        for member in ["x", "y", "d"] {
            XCTAssertEqual(Base64.decodeURL(ec[member]!.stringValue!)?.count, 32, member)
        }

        let rsa = TestKeys.rsaEncryption.privateJWK().objectValue!
        XCTAssertEqual(
            Set(rsa.keys),
            [
                "kty", "use", "kid", "alg", "n", "e", "d", "p", "q", "dp", "dq", "qi",
                "x5c", "x5t", "x5t#S256", "created_at",
            ])
        XCTAssertEqual(rsa["use"], "enc")
        XCTAssertEqual(rsa["alg"], "RSA-OAEP-256")
    }

    func testPublicJWKHasNoPrivateMembersOrTimestamps() {
        for key in [TestKeys.es256, TestKeys.rs256, TestKeys.rsaEncryption] {
            let jwk = key.publicJWK().objectValue!
            XCTAssertTrue(privateMemberNames.isDisjoint(with: jwk.keys), key.algorithm)
            XCTAssertFalse(jwk.keys.contains { $0.hasSuffix("_at") })
            XCTAssertEqual(Array(jwk.keys.prefix(4)), ["kty", "use", "kid", "alg"])
            XCTAssertEqual(Array(jwk.keys.suffix(3)), ["x5c", "x5t", "x5t#S256"])
        }
        XCTAssertEqual(
            Set(TestKeys.es256.publicJWK().objectValue!.keys),
            ["kty", "use", "kid", "alg", "crv", "x", "y", "x5c", "x5t", "x5t#S256"])
        XCTAssertEqual(
            Set(TestKeys.rs256.publicJWK().objectValue!.keys),
            ["kty", "use", "kid", "alg", "n", "e", "x5c", "x5t", "x5t#S256"])
    }

    func testRSAMembersAreMinimalUnsignedBase64URL() throws {
        for key in [TestKeys.rs256, TestKeys.ps256, TestKeys.rsaEncryption] {
            let jwk = key.privateJWK()
            XCTAssertEqual(jwk["e"], "AQAB")
            let n = try XCTUnwrap(Base64.decodeURL(jwk["n"]!.stringValue!))
            XCTAssertEqual(n.count, 256)
            XCTAssertGreaterThanOrEqual(n[0], 0x80, "a 2048-bit modulus fills 256 bytes with its top bit set")
            XCTAssertEqual(Base64.decodeURL(jwk["d"]!.stringValue!)?.first.map { $0 != 0 }, true)
            for member in ["p", "q", "dp", "dq", "qi"] {
                let bytes = try XCTUnwrap(Base64.decodeURL(jwk[member]!.stringValue!), member)
                XCTAssertNotEqual(bytes.first, 0, member)
                XCTAssertLessThanOrEqual(bytes.count, 128, member)
            }
            XCTAssertFalse(jwk["n"]!.stringValue!.contains("="))
        }
    }

    func testCertificateMembers() throws {
        for key in [TestKeys.es256, TestKeys.rsaEncryption] {
            let jwk = key.publicJWK()
            let x5c = try XCTUnwrap(jwk["x5c"]?.arrayValue)
            XCTAssertEqual(x5c.count, 1)
            let der = try XCTUnwrap(Base64.decode(x5c[0].stringValue!), "x5c is standard base64")
            XCTAssertEqual(der.first, 0x30, "a DER SEQUENCE")
            XCTAssertNotNil(Self.range(of: Array(key.kid.utf8), in: der), "subject CN is the kid")
            XCTAssertEqual(Base64.decodeURL(jwk["x5t"]!.stringValue!)?.count, 20)
            XCTAssertEqual(Base64.decodeURL(jwk["x5t#S256"]!.stringValue!)?.count, 32)
        }
    }

    func testX5cIsKeptAndMustCertifyTheKey() throws {
        var jwk = TestKeys.es256.privateJWK().objectValue!
        jwk["x5t"] = "ignored"
        XCTAssertEqual(try SigningKey(jwk: .object(jwk)).publicJWK(), TestKeys.es256.publicJWK())

        jwk["x5c"] = TestKeys.rs256.publicJWK()["x5c"]
        XCTAssertThrowsError(try SigningKey(jwk: .object(jwk))) { error in
            XCTAssertEqual((error as? JOSEError)?.reason, "invalid JWK: $.x5c[0] is not a certificate for this key")
        }
        jwk["x5c"] = ["not base64!"]
        XCTAssertThrowsError(try SigningKey(jwk: .object(jwk))) { error in
            XCTAssertEqual((error as? JOSEError)?.reason, "invalid JWK: $.x5c[0] is not valid base64")
        }
    }

    func testJWKWithoutCertificateGetsOne() throws {
        var jwk = TestKeys.es256.privateJWK().objectValue!
        for member in ["x5c", "x5t", "x5t#S256"] { jwk[member] = nil }
        let parsed = try SigningKey(jwk: .object(jwk))
        XCTAssertEqual(parsed.publicJWK()["x"], TestKeys.es256.publicJWK()["x"])
        XCTAssertEqual(parsed.publicJWK()["x5c"]?.arrayValue?.count, 1)
    }

    func testLifecycleTimestampsRoundTrip() throws {
        let promoted = Timestamp(nanoseconds: 1_700_000_100_250_000_000)
        let rotated = Timestamp(seconds: 1_700_086_400)
        let key = TestKeys.es256.withLifecycle(promotedAt: promoted, rotatedAt: rotated, revokedAt: nil)
        let jwk = key.privateJWK()
        XCTAssertEqual(jwk["promoted_at"], "2023-11-14T22:15:00.25Z")
        XCTAssertEqual(jwk["rotated_at"], "2023-11-15T22:13:20Z")
        XCTAssertNil(jwk["revoked_at"])
        XCTAssertNil(key.publicJWK()["promoted_at"])

        let parsed = try SigningKey(jwk: jwk)
        XCTAssertEqual(parsed.promotedAt, promoted)
        XCTAssertEqual(parsed.rotatedAt, rotated)
        XCTAssertNil(parsed.revokedAt)
        XCTAssertEqual(parsed.kid, TestKeys.es256.kid)
        XCTAssertNil(TestKeys.es256.promotedAt, "withLifecycle makes a new key")
    }

    func testDefaultsForMissingUseAlgAndCreatedAt() throws {
        var jwk = TestKeys.rs256.privateJWK().objectValue!
        for member in ["use", "alg", "created_at"] { jwk[member] = nil }
        XCTAssertThrowsError(try SigningKey(jwk: .object(jwk))) { error in
            XCTAssertEqual((error as? JOSEError)?.reason, "invalid JWK: $.created_at: missing required field")
        }
        let parsed = try SigningKey(jwk: .object(jwk), createdAt: Timestamp(seconds: 5))
        XCTAssertEqual(parsed.use, "sig")
        XCTAssertEqual(parsed.algorithm, "RS256")
        XCTAssertEqual(parsed.jwsAlgorithm, .RS256)
        XCTAssertEqual(parsed.createdAt, Timestamp(seconds: 5))

        jwk["use"] = "enc"
        XCTAssertEqual(try SigningKey(jwk: .object(jwk), createdAt: Timestamp(seconds: 5)).algorithm, "RSA-OAEP-256")
    }

    func testRSAJWKWithoutPrimesIsAccepted() throws {
        var jwk = TestKeys.rs256.privateJWK().objectValue!
        for member in ["p", "q", "dp", "dq", "qi"] { jwk[member] = nil }
        let parsed = try SigningKey(jwk: .object(jwk))
        XCTAssertEqual(parsed.publicJWK(), TestKeys.rs256.publicJWK())
        XCTAssertEqual(Set(parsed.privateJWK().objectValue!.keys).intersection(privateMemberNames), privateMemberNames)
        // The factors are recovered from n, e and d, in either order.
        let factors = { (jwk: JSON) in Set(["p", "q"].compactMap { jwk[$0]?.stringValue }) }
        XCTAssertEqual(factors(parsed.privateJWK()), factors(TestKeys.rs256.privateJWK()))
        let token = try JWS.sign(payload: TestKeys.claims, key: parsed)
        XCTAssertNoThrow(try JWS.verify(token, keys: [VerificationKey(TestKeys.rs256)], allowed: [.RS256]).get())
    }

    func testInvalidPrivateJWKsAreRejectedWithAReason() {
        let ec = TestKeys.es256.privateJWK().objectValue!
        let rsa = TestKeys.rs256.privateJWK().objectValue!
        func with(_ base: JSONObject, _ changes: [String: JSON?]) -> JSON {
            var jwk = base
            for (name, value) in changes { jwk[name] = value }
            return .object(jwk)
        }
        let otherD = TestKeys.ps256.privateJWK()["d"]!
        let cases: [(JSON, String)] = [
            ([1, 2], "invalid JWK: expected a JSON object"),
            (with(ec, ["kid": nil]), "invalid JWK: $.kid: missing required field"),
            (with(ec, ["kty": "OKP"]), "invalid JWK: unsupported kty \"OKP\" (expected EC or RSA)"),
            (with(ec, ["d": nil]), "invalid JWK: $.d: missing required field"),
            (with(ec, ["d": "AAAA"]), "invalid JWK: d is not a P-256 private key"),
            (with(ec, ["y": TestKeys.es256.privateJWK()["x"]!]), "invalid JWK: y does not match d"),
            (with(ec, ["alg": "RS256"]), "alg \"RS256\" does not suit an EC sig key (expected ES256)"),
            (with(ec, ["use": "enc"]), "EC keys with use \"enc\" are not supported"),
            (with(ec, ["use": "wrap"]), "unsupported key use \"wrap\" (expected sig or enc)"),
            (with(ec, ["created_at": "yesterday"]), "invalid JWK: $.created_at is not an RFC 3339 date-time"),
            (with(rsa, ["alg": "ES256"]), "alg \"ES256\" does not suit an RSA sig key (expected RS256 or PS256)"),
            (with(rsa, ["q": nil]), "invalid JWK: p and q must both be present or both absent"),
            (with(rsa, ["d": otherD]), "invalid JWK: n, e, d, p and q are not a consistent RSA private key"),
            (with(rsa, ["dp": rsa["dq"]!]), "invalid JWK: dp does not match the other RSA members"),
            (with(rsa, ["n": "AQAB"]), "invalid JWK: RSA keys must have at least 2048 bits"),
            (with(rsa, ["e": 65537]), "invalid JWK: $.e: expected a string, found a number"),
        ]
        for (jwk, reason) in cases {
            XCTAssertThrowsError(try SigningKey(jwk: jwk), reason) { error in
                XCTAssertEqual((error as? JOSEError)?.reason, reason)
            }
        }
    }

    func testGenerateRejectsUnsuitableAlgorithms() {
        XCTAssertThrowsError(
            try SigningKey.generate(.ec, use: "sig", algorithm: "RS256", createdAt: TestKeys.createdAt))
        XCTAssertThrowsError(
            try SigningKey.generate(.rsa, use: "enc", algorithm: "RS256", createdAt: TestKeys.createdAt))
        XCTAssertThrowsError(
            try SigningKey.generate(.ec, use: "enc", algorithm: "ECDH-ES", createdAt: TestKeys.createdAt))
    }

    func testGeneratedKidIsA128BitDecimal() {
        for key in [TestKeys.es256, TestKeys.rs256] {
            XCTAssertTrue(key.kid.allSatisfy(\.isNumber), key.kid)
            XCTAssertLessThanOrEqual(key.kid.count, 39)
            XCTAssertGreaterThan(key.kid.count, 20)
        }
        XCTAssertNotEqual(TestKeys.rs256.kid, TestKeys.ps256.kid)
    }

    func testJWKSDocument() {
        let document = JWKS.document([TestKeys.es256, TestKeys.rsaEncryption])
        XCTAssertEqual(document, ["keys": [TestKeys.es256.publicJWK(), TestKeys.rsaEncryption.publicJWK()]])
        XCTAssertEqual(JWKS.document([]), ["keys": []])
    }

    private static func range(of needle: [UInt8], in haystack: [UInt8]) -> Int? {
        guard needle.count <= haystack.count else { return nil }
        return (0...(haystack.count - needle.count)).first { Array(haystack[$0..<($0 + needle.count)]) == needle }
    }
}
