import JOSE
import JSON
import Primitives
import XCTest

final class JWSRejectionTests: XCTestCase {
    private let keys = [
        VerificationKey(TestKeys.es256), VerificationKey(TestKeys.rs256), VerificationKey(TestKeys.ps256),
    ]
    private let everyAlgorithm = Set(JWSAlgorithm.allCases)

    private func parts(_ token: String) -> [String] {
        token.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    private func encode(_ json: JSON) -> String {
        Base64.encodeURL(json.serialized())
    }

    func testTamperedPayloadHeaderOrSignatureIsRejected() throws {
        for key in [TestKeys.es256, TestKeys.rs256, TestKeys.ps256] {
            let token = parts(try JWS.sign(payload: TestKeys.claims, key: key))
            var claims = TestKeys.claims.objectValue!
            claims["sub"] = "mallory"
            let forgedPayload = [token[0], encode(.object(claims)), token[2]].joined(separator: ".")
            var header = try JWS.decodeUnverified(token.joined(separator: ".")).get().header
            header["typ"] = "at+jwt"
            let forgedHeader = [encode(.object(header)), token[1], token[2]].joined(separator: ".")
            var signature = Base64.decodeURL(token[2])!
            signature[signature.count / 2] ^= 1
            let forgedSignature = [token[0], token[1], Base64.encodeURL(signature)].joined(separator: ".")
            for forged in [forgedPayload, forgedHeader, forgedSignature] {
                XCTAssertEqual(
                    JWS.verify(forged, keys: keys, allowed: everyAlgorithm).failure?.reason,
                    "JWS signature is invalid", key.algorithm)
            }
        }
    }

    func testTamperedHS256IsRejected() {
        let secret = Array("secret".utf8)
        let token = parts(JWS.signHS256(payload: ["sub": "alice"], secret: secret))
        let forged = [token[0], encode(["sub": "mallory"]), token[2]].joined(separator: ".")
        XCTAssertEqual(JWS.verifyHS256(forged, secret: secret).failure?.reason, "JWS signature is invalid")
    }

    func testAlgorithmOutsideTheAllowedSetIsRejected() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.rs256)
        XCTAssertEqual(
            JWS.verify(token, keys: keys, allowed: [.ES256, .PS256]).failure?.reason,
            "JWS alg \"RS256\" is not allowed (allowed: ES256, PS256)")
        let hmac = JWS.signHS256(payload: TestKeys.claims, secret: [1, 2, 3])
        XCTAssertNotNil(JWS.verify(hmac, keys: keys, allowed: [.ES256]).failure)
    }

    func testAlgNoneIsAlwaysRejected() {
        let unsigned = encode(["alg": "none", "typ": "JWT"]) + "." + encode(TestKeys.claims) + "."
        XCTAssertEqual(
            JWS.verify(unsigned, keys: keys, allowed: everyAlgorithm).failure?.reason,
            "JWS alg \"none\" is not allowed (allowed: ES256, HS256, PS256, RS256)")
        XCTAssertNotNil(JWS.verifyHS256(unsigned, secret: []).failure)
        let missingAlg = encode(["typ": "JWT"]) + "." + encode(TestKeys.claims) + ".c2ln"
        XCTAssertEqual(
            JWS.verify(missingAlg, keys: keys, allowed: everyAlgorithm).failure?.reason, "JWS header has no alg")
    }

    func testHS256TokenDoesNotVerifyWithPublicKeys() {
        // An RS256 public key must never be usable as an HMAC secret.
        let token = JWS.signHS256(payload: TestKeys.claims, secret: Array("secret".utf8))
        XCTAssertEqual(
            JWS.verify(token, keys: keys, allowed: everyAlgorithm).failure?.reason,
            "no HS256 key to verify the JWS with")
    }

    func testAsymmetricTokenDoesNotVerifyAsHS256() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.rs256)
        XCTAssertEqual(
            JWS.verifyHS256(token, secret: [1]).failure?.reason, "JWS alg \"RS256\" is not allowed (allowed: HS256)")
    }

    func testCriticalHeaderExtensionsAreRejected() throws {
        let token = try JWS.sign(payload: TestKeys.claims, key: TestKeys.es256, header: ["crit": ["exp"], "exp": 1])
        XCTAssertEqual(
            JWS.verify(token, keys: keys, allowed: [.ES256]).failure?.reason,
            "JWS header has critical extensions, none of which are supported")
    }

    func testMalformedTokensAreRejected() {
        let header = encode(["alg": "ES256"]), payload = encode(TestKeys.claims)
        let cases: [(String, String)] = [
            ("", "malformed JWS: expected 3 dot-separated parts, found 1"),
            ("a.b", "malformed JWS: expected 3 dot-separated parts, found 2"),
            ("a.b.c.d", "malformed JWS: expected 3 dot-separated parts, found 4"),
            ("a.b.c.d.e", "malformed JWS: expected 3 dot-separated parts, found 5"),
            ("*." + payload + ".c2ln", "malformed JWS: header is not valid base64url"),
            (header + ".a=b.c2ln", "malformed JWS: payload is not valid base64url"),
            (header + "." + payload + ".+/", "malformed JWS: signature is not valid base64url"),
            (
                Base64.encodeURL(Array("not json".utf8)) + "." + payload + ".c2ln",
                "malformed JWS: header is not a JSON object"
            ),
            (encode(["ES256"]) + "." + payload + ".c2ln", "malformed JWS: header is not a JSON object"),
            (header + "." + Base64.encodeURL(Array("{".utf8)) + ".c2ln", "malformed JWS: payload is not JSON"),
        ]
        for (token, reason) in cases {
            XCTAssertEqual(JWS.verify(token, keys: keys, allowed: everyAlgorithm).failure?.reason, reason, token)
            XCTAssertEqual(JWS.decodeUnverified(token).failure?.reason, reason, token)
        }
    }

    func testES256SignatureOfWrongLengthIsRejected() throws {
        let token = parts(try JWS.sign(payload: TestKeys.claims, key: TestKeys.es256))
        let derLike = [token[0], token[1], Base64.encodeURL(Base64.decodeURL(token[2])! + [0])].joined(separator: ".")
        XCTAssertEqual(JWS.verify(derLike, keys: keys, allowed: [.ES256]).failure?.reason, "JWS signature is invalid")
    }
}
