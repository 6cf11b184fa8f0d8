import JOSE
import JSON
import Primitives
import XCTest

final class KeySelectionTests: XCTestCase {
    private let otherEC = try! SigningKey.generate(.ec, use: "sig", algorithm: "ES256", createdAt: TestKeys.createdAt)

    func testKidPicksTheMatchingKey() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.es256)
        let keys = [VerificationKey(otherEC), VerificationKey(TestKeys.rs256), VerificationKey(TestKeys.es256)]
        XCTAssertNoThrow(try JWS.verify(token, keys: keys, allowed: [.ES256]).get())
    }

    func testUnknownKidIsRejectedEvenIfAnotherKeyWouldVerify() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.es256)
        // Same key material published under another kid.
        var jwk = TestKeys.es256.publicJWK().objectValue!
        jwk["kid"] = "renamed"
        XCTAssertEqual(
            JWS.verify(token, keys: [try VerificationKey(jwk: .object(jwk))], allowed: [.ES256]).failure?.reason,
            "no ES256 key with kid \"\(TestKeys.es256.kid)\" to verify the JWS with")
    }

    func testKeysWithoutKidAreTriedWhenNoKidMatches() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.es256)
        let anonymous = { (key: SigningKey) -> VerificationKey in
            var jwk = key.publicJWK().objectValue!
            jwk["kid"] = nil
            return try! VerificationKey(jwk: .object(jwk))
        }
        XCTAssertNil(anonymous(TestKeys.es256).kid)
        XCTAssertNoThrow(
            try JWS.verify(token, keys: [anonymous(otherEC), anonymous(TestKeys.es256)], allowed: [.ES256]).get())
    }

    func testTokenWithoutKidTriesEveryKeyInTurn() throws {
        let header = Base64.encodeURL(JSON.object(["alg": "ES256", "typ": "JWT"]).serialized())
        let signingInput = header + "." + Base64.encodeURL(TestKeys.claims.serialized())
        let token = signingInput + "." + Base64.encodeURL(try TestKeys.es256.sign(Array(signingInput.utf8)))
        let keys = [VerificationKey(otherEC), VerificationKey(TestKeys.rs256), VerificationKey(TestKeys.es256)]
        XCTAssertEqual(try JWS.verify(token, keys: keys, allowed: [.ES256]).get().payload, TestKeys.claims)
        XCTAssertEqual(
            JWS.verify(token, keys: [VerificationKey(otherEC)], allowed: [.ES256]).failure?.reason,
            "JWS signature is invalid")
    }

    func testKeyAlgRestrictsTheAlgorithm() throws {
        // The same RSA key material checks both RS256 and PS256, but a JWK with an alg accepts only that one.
        let psToken = try JWS.sign(payload: TestKeys.claims, key: TestKeys.ps256)
        var jwk = TestKeys.ps256.publicJWK().objectValue!
        jwk["alg"] = "RS256"
        XCTAssertEqual(
            JWS.verify(psToken, keys: [try VerificationKey(jwk: .object(jwk))], allowed: [.PS256]).failure?.reason,
            "no PS256 key with kid \"\(TestKeys.ps256.kid)\" to verify the JWS with")
        jwk["alg"] = nil
        XCTAssertNoThrow(
            try JWS.verify(psToken, keys: [try VerificationKey(jwk: .object(jwk))], allowed: [.PS256]).get())
    }

    func testEncryptionKeysDoNotVerify() throws {
        var jwk = TestKeys.rs256.publicJWK().objectValue!
        jwk["use"] = "enc"
        jwk["alg"] = nil
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.rs256)
        XCTAssertNotNil(JWS.verify(token, keys: [try VerificationKey(jwk: .object(jwk))], allowed: [.RS256]).failure)
    }

    func testVerificationKeyFromJWKRejectsBadInput() {
        let cases: [(JSON, String)] = [
            ("text", "invalid JWK: expected a JSON object"),
            (["kty": "oct", "k": "c2VjcmV0"], "invalid JWK: unsupported kty \"oct\" (expected EC or RSA)"),
            (["kid": "1"], "invalid JWK: $.kty: missing required field"),
            (["kty": 1], "invalid JWK: $.kty: expected a string, found a number"),
            (
                ["kty": "EC", "crv": "P-384", "x": "AA", "y": "AA"],
                "invalid JWK: unsupported crv \"P-384\" (expected P-256)"
            ),
            (["kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"], "invalid JWK: x and y are not a point on P-256"),
            (["kty": "EC", "crv": "P-256", "y": "AAAA"], "invalid JWK: $.x: missing required field"),
            (["kty": "RSA", "n": "AQAB", "e": "AQAB"], "invalid JWK: RSA keys must have at least 2048 bits"),
            (["kty": "RSA", "n": "!!", "e": "AQAB"], "invalid JWK: $.n is not valid base64url"),
        ]
        for (jwk, reason) in cases {
            XCTAssertThrowsError(try VerificationKey(jwk: jwk), reason) { error in
                XCTAssertEqual((error as? JOSEError)?.reason, reason)
            }
        }
    }
}
