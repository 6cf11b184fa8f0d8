import JOSE
import JSON
import Primitives
import XCTest

final class JWSSigningTests: XCTestCase {
    func testRoundTripForEachAsymmetricAlgorithm() throws {
        for (key, algorithm) in [
            (TestKeys.es256, JWSAlgorithm.ES256), (TestKeys.rs256, .RS256), (TestKeys.ps256, .PS256),
        ] {
            let token = try JWS.sign(payload: TestKeys.claims, key: key)
            let verified = try JWS.verify(token, keys: [VerificationKey(key)], allowed: [algorithm]).get()
            XCTAssertEqual(verified.payload, TestKeys.claims, "\(algorithm)")
            XCTAssertEqual(verified.header["alg"], .string(algorithm.rawValue))
            XCTAssertEqual(verified.header["kid"], .string(key.kid))
            XCTAssertEqual(verified.header["typ"], "JWT")
            XCTAssertEqual(
                verified.signingInput, Array(token.split(separator: ".").prefix(2).joined(separator: ".").utf8))
        }
    }

    func testES256SignatureIsRawRAndS() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.es256)
        XCTAssertEqual(Base64.decodeURL(token.split(separator: ".")[2])?.count, 64)
        XCTAssertEqual(try TestKeys.es256.sign(Array("input".utf8)).count, 64)
    }

    func testRSASignaturesHaveModulusLengthAndPSSIsRandomized() throws {
        let first = try TestKeys.ps256.sign(Array("input".utf8))
        let second = try TestKeys.ps256.sign(Array("input".utf8))
        XCTAssertEqual(first.count, 256)
        XCTAssertNotEqual(first, second, "PSS uses a random salt")
        XCTAssertEqual(
            try TestKeys.rs256.sign(Array("input".utf8)), try TestKeys.rs256.sign(Array("input".utf8)),
            "PKCS#1 v1.5 is deterministic")
    }

    func testHS256RoundTrip() throws {
        let secret = Array("a shared client secret".utf8)
        let token = JWS.signHS256(payload: TestKeys.claims, secret: secret)
        let verified = try JWS.verifyHS256(token, secret: secret).get()
        XCTAssertEqual(verified.payload, TestKeys.claims)
        XCTAssertEqual(verified.header, ["alg": "HS256", "typ": "JWT"])
        XCTAssertEqual(
            JWS.verifyHS256(token, secret: Array("another secret".utf8)).failure?.reason, "JWS signature is invalid")
    }

    func testHeaderMembersAreKeptAndTypCanBeOverridden() throws {
        let token = try JWS.sign(
            payload: ["jti": "1"], key: TestKeys.es256,
            header: ["typ": "at+jwt", "alg": "none", "kid": "spoofed", "x-extra": 7])
        let header = try JWS.decodeUnverified(token).get().header
        XCTAssertEqual(header, ["alg": "ES256", "kid": .string(TestKeys.es256.kid), "typ": "at+jwt", "x-extra": 7])
    }

    func testEncryptionKeysCannotSign() {
        XCTAssertNil(TestKeys.rsaEncryption.jwsAlgorithm)
        XCTAssertThrowsError(try JWS.sign(payload: [:], key: TestKeys.rsaEncryption)) { error in
            XCTAssertEqual(
                error as? JOSEError, JOSEError("key \(TestKeys.rsaEncryption.kid) is an encryption key and cannot sign")
            )
        }
        XCTAssertThrowsError(try TestKeys.rsaEncryption.sign([1, 2, 3]))
    }

    func testDecodeUnverifiedReadsWithoutKeys() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.rs256)
        let decoded = try JWS.decodeUnverified(token).get()
        XCTAssertEqual(decoded.payload["iss"], "https://idemu.test/default")
        XCTAssertEqual(decoded.header["kid"], .string(TestKeys.rs256.kid))
    }

    func testPayloadMayBeAnyJSONValue() throws {
        for payload: JSON in ["text", 42, [1, 2], ["nested": ["deep": [true, nil]]]] {
            let token = try JWS.sign(payload: payload, key: TestKeys.es256)
            XCTAssertEqual(
                try JWS.verify(token, keys: [VerificationKey(TestKeys.es256)], allowed: [.ES256]).get().payload, payload
            )
        }
    }
}
