import JOSE
import JSON
import Primitives
import XCTest

/// Tokens and keys made once with PyJWT 2.15.1 and cryptography 50.0.2 (Python), to check that what another JOSE
/// stack produces verifies here. The other direction (PyJWT verifying idemu's ES256, RS256 and PS256 tokens against
/// its published JWKs, and loading its private JWKs and x5c certificates) was checked by hand when this module was
/// written.
final class PyJWTInteropTests: XCTestCase {
    private static let claims: JSON = [
        "iss": "https://pyjwt.example", "sub": "interop", "aud": "idemu",
        "iat": 1_700_000_000, "exp": 4_102_444_800,
        "nested": ["list": [1, 2.5, "x/y", nil, true]],
    ]

    private func verificationKey(_ text: String) throws -> VerificationKey {
        try VerificationKey(jwk: JSON.parse(text))
    }

    func testPyJWTTokensVerify() throws {
        let ec = try verificationKey(Self.ecJWK), rsa = try verificationKey(Self.rsaJWK)
        for (token, algorithm, kid) in [
            (Self.es256Token, JWSAlgorithm.ES256, "pyjwt-ec"),
            (Self.rs256Token, .RS256, "pyjwt-rsa"), (Self.ps256Token, .PS256, "pyjwt-rsa"),
        ] {
            let verified = try JWS.verify(token, keys: [ec, rsa], allowed: [algorithm]).get()
            XCTAssertEqual(verified.payload, Self.claims, algorithm.rawValue)
            XCTAssertEqual(verified.header, ["alg": .string(algorithm.rawValue), "kid": .string(kid), "typ": "JWT"])
        }
        let hmac = try JWS.verifyHS256(Self.hs256Token, secret: Array("pyjwt-shared-secret-0123456789abcdef".utf8))
            .get()
        XCTAssertEqual(hmac.payload, Self.claims)
    }

    func testPyJWTTokensFailAgainstTheWrongKey() throws {
        let rsaRenamed = try VerificationKey(
            jwk: JSON.parse(Self.rsaJWK.replacingOccurrences(of: "pyjwt-rsa", with: "pyjwt-ec")))
        XCTAssertEqual(
            JWS.verify(Self.es256Token, keys: [rsaRenamed], allowed: [.ES256]).failure?.reason,
            "no ES256 key with kid \"pyjwt-ec\" to verify the JWS with")
        XCTAssertNotNil(JWS.verifyHS256(Self.hs256Token, secret: Array("wrong".utf8)).failure)
    }

    func testPyJWTPrivateJWKsParseToTheSameMembers() throws {
        for text in [Self.rsaPrivateJWK, Self.ecPrivateJWK] {
            let given = try JSON.parse(text)
            let key = try SigningKey(jwk: given, createdAt: Timestamp(seconds: 0))
            let written = key.privateJWK()
            for member in ["kty", "kid", "crv", "x", "y", "n", "e", "d", "p", "q", "dp", "dq", "qi"] {
                XCTAssertEqual(written[member], given[member], member)
            }
            let token = try JWS.sign(payload: Self.claims, key: key)
            XCTAssertNoThrow(
                try JWS.verify(token, keys: [VerificationKey(jwk: given)], allowed: [key.jwsAlgorithm!]).get())
        }
    }

    private static let ecJWK = #"""
        {
            "kty": "EC",
            "crv": "P-256",
            "x": "lRb9b4uMPRGok93gFmQFRM12SLFfQ8lw1OwJWpDqTc8",
            "y": "A7q4iCWGhx2eRyfzyu3UseBDldtfx7ywn0_RS4Kgb9s",
            "kid": "pyjwt-ec"
        }
        """#

    private static let rsaJWK = #"""
        {
            "kty": "RSA",
            "key_ops": [
                "verify"
            ],
            "n": "6Mecqs--BiT0uqxVLpzit6k3ewoMiT9xuq7pqOJluInut12BbdSjmIcaxAS87kZEfMAfEWLoSCNojhQqJlzYrcLUImZpQQFFN8k3HBl8AX3TaBOaMy3kGk-BDF3UILEBosOXpWFT_RjH2wXnj4gdCKmFtLzoEqQWwgavx_CuX4boDEjpJfat2PZcHS164eQrhsUGyA6j8etF_UQLr94Av7NZ9-rd1q-nZVhE7pC55sBNb8j1JbfynQoEcrCTKGVu81P-tnu_WFXR8noijqMn2JfjXAEABrw8pFR31TuzQfzuA-MXxOEEY4O0dtv9DPexZO7wAwgcHqqtYdCoRtOyIQ",
            "e": "AQAB",
            "kid": "pyjwt-rsa"
        }
        """#

    private static let es256Token = """
        eyJhbGciOiJFUzI1NiIsImtpZCI6InB5and0LWVjIiwidHlwIjoiSldUIn0.\
        eyJpc3MiOiJodHRwczovL3B5and0LmV4YW1wbGUiLCJzdWIiOiJpbnRlcm9wIiwiYXVkIjoiaWRlbXUiLCJpYXQiOjE3MDAwMDAw\
        MDAsImV4cCI6NDEwMjQ0NDgwMCwibmVzdGVkIjp7Imxpc3QiOlsxLDIuNSwieC95IixudWxsLHRydWVdfX0.\
        A7AMJN9FH-gWrO0WQr-Lfoh7bBI17AtWpKsnBmcTBvfx_DmOP9WLnPn0tW9dzldLiYG2kjAc_rUdn1ZMwDpHuw
        """

    private static let rs256Token = """
        eyJhbGciOiJSUzI1NiIsImtpZCI6InB5and0LXJzYSIsInR5cCI6IkpXVCJ9.\
        eyJpc3MiOiJodHRwczovL3B5and0LmV4YW1wbGUiLCJzdWIiOiJpbnRlcm9wIiwiYXVkIjoiaWRlbXUiLCJpYXQiOjE3MDAwMDAw\
        MDAsImV4cCI6NDEwMjQ0NDgwMCwibmVzdGVkIjp7Imxpc3QiOlsxLDIuNSwieC95IixudWxsLHRydWVdfX0.\
        lJgeGYrBXoV2m1zV8wBQ7YZ0abt0NDmKo0SQ8g9mIh07vXLOH0CGoE3JLnmneyjjzP9AIstNqrcM3FzMKSUsK_FntNfwF6EFDwqj\
        VP8i8OBbpEA8H_Mdn8nbeAcXgbBElm8kZtpzdpws9Gqa570dqUSN_fuD32vOZxkrBs5RAQ7MPX04m2ILOv8k8tDJycS8SrHsCJ9d\
        VbOZ4FEBqMPh56Mev-tH634KWTbxFONTgvjXoUoSmGg-PWVYCo9-vazZGh9Fe89Dbn9HrizqMVS7zsQr4vYl32e45epNTAbLahBL\
        7cbT8u-xWplE74-F874ngT80Q9E5hnta4JhfC0OR-Q
        """

    private static let ps256Token = """
        eyJhbGciOiJQUzI1NiIsImtpZCI6InB5and0LXJzYSIsInR5cCI6IkpXVCJ9.\
        eyJpc3MiOiJodHRwczovL3B5and0LmV4YW1wbGUiLCJzdWIiOiJpbnRlcm9wIiwiYXVkIjoiaWRlbXUiLCJpYXQiOjE3MDAwMDAw\
        MDAsImV4cCI6NDEwMjQ0NDgwMCwibmVzdGVkIjp7Imxpc3QiOlsxLDIuNSwieC95IixudWxsLHRydWVdfX0.\
        PIxsw1HKTeYONmxjH-GRi77Ik3CeDKdtEHmFCYnWShUKdkXPX5BpIARHjtcQU9DKSCxI2aDW5pUZtqzTmx2lH7C9_mY--UqE9oQY\
        N3_9mTMo6GuEd_kT4RLO7irYOe2-CyOwnWPNQd3E4qXpNtZ4A6DROOYQTkof1DAmqrTHyMmtlSeSLLAZ4Ykqal9pcMJA9jLr7i6c\
        ZHu4dFp2ktTOW6QBANtwqO2fmQyMQ8wnIkeBnwVHh10Ge9yqRXHZSpBAxXs8D0MMVb_PjtULW4Pd_hN2iYVcFGuNggYnLtcSg6Gk\
        SxiVw2HLMRY4nIHq0r3bDXpoFGAyB2_wevxfRWgNZA
        """

    private static let hs256Token = """
        eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.\
        eyJpc3MiOiJodHRwczovL3B5and0LmV4YW1wbGUiLCJzdWIiOiJpbnRlcm9wIiwiYXVkIjoiaWRlbXUiLCJpYXQiOjE3MDAwMDAw\
        MDAsImV4cCI6NDEwMjQ0NDgwMCwibmVzdGVkIjp7Imxpc3QiOlsxLDIuNSwieC95IixudWxsLHRydWVdfX0.\
        G-LxyhzYNz24byOdaSS4CLmbUVRW-nlAxWf53lweJ70
        """

    /// Private JWKs written by `jwt.algorithms.RSAAlgorithm.to_jwk` and `ECAlgorithm.to_jwk`.
    private static let rsaPrivateJWK = #"""
        {
            "kty": "RSA",
            "n": "xWeZjpAA4Kw-Z5pMtC-rFuphBund5jkzpO0uV05NFKyqguR-0NjCONmGKCYDmXzPb2IxnUauAD0uMCUM8T1hR7x52_OlE2zeFQv-8GkzI_izNLFio4c6DWQz78bh-nWEEUypiriWZg0F0W3hgAmqdx227Nl_6R0fYxVOoAOaJXfXSXyLeL1fYA0dW1YkLyO5LVrq2gjje8nPvGroPtFmbewvkILJttn9V-cjg5wMJdayfNzcAo3H-3Xe-eGkRhb5zyc7ddD8STIcMV4OuiDLKalVKsEAfmwjmcBPveedWqDCYGHI248vLJdvP0RWcD6qu2CDQ7jfn6hC5SLanvSviQ",
            "e": "AQAB",
            "d": "GzNK7GLuoVv6fqoQjE95LVTUU8XhJo-WjHuGBCUCPVQMFrHHa52X0t-I5c__H6TGrHFaUXKOF_MA10TJA2tSvotmOybXsH_dcLGmH5hPTKiV1i_kXeYMhhCFkNzVrH40Lsdidn6NcrhepzHofY0CE8cLZUK--5m2BnVxel5PXNQS6RRHBWhph720Dj2MV8-sPlPHBWICg5-r_otpe-HVrNs-1YCD1_jtwJBxCu6l9_SpsUi7I7wHIMlWnSfDOsqDfO6O0odfzjVk5LAv8qkd4rbDqPzHAyaUtkAYi3-jxMuHNZD3cjD7lIlRUx7dD4iVVzu_N6MIzR8BH9B8oJDgxQ",
            "p": "4nb35eQfx0NXgmjkHlbOI7YQDS4ZIdqPil0uZBhoLss7z240qE02rJICLYKhydigF09wuIjzMyDeOth69hdKC23J9DAoppooSRKc7hSQOMTHC-dQoNvuBS7JqIenWWhLLjzGJgQwJ42klHAtgDyJ_T1lk6q5KMFpXQYQZ0e-QiM",
            "q": "3yZlr9x3wAq9MIu4YLFuAnVCm0O3NnJ0w_2vjiOwnzF-exUCVayYVVoAnykZmzIyo0lmdO_B3hMsSC5WH4jL8MSVjtTq-TZGnuiYpWsbg2InSUeo9T5M3wjTNqGL37FNjkl--Zp0x6RAttTKnGC74cNiogPFyPz2ZyDrLytmNGM",
            "dp": "FKkb5qpQR-KZ6jjdjvMGbXWfs0QgYNlKvSnRIKqlXpeGBl-ciDo7IbVUY4iGcB7GRDooI33DCkgWXjH_zdHEHJTQlumJ2-E2iawcCxBvM-6n5isdTP-jkG97UFfH6b09FqPOxAsfxYwDltNBI3DieesPCFDMAa7biPQTrQh7kBc",
            "dq": "3gNCulP7pEpK7iikeTct_y4Q5Y7akkYPnAsihaVGjSvd7bD6UKjWKlzQL4nhmwG3VbOqRv9e_4ZN0UagkuE0HkhHkAKQAQAaBPHfJPzKM84MziCIne6s5l3OXhUdp6GsSrsepFEijJoDdKODLVAkvTn6QLzGI_BhajtbIePo3Ic",
            "qi": "1jY93FpM5oZY00x6ajkOeVebML54zra4_T_g_vofLzGuJLgU3G61GPR8vR15JsWLB8jFXF-bWxPwHIFmj_uo4-25WVcx-f4IXYBCi2kw8o1fOZDLaB5UVed96A7AHiTo9PcyHjzvhIDKd3TnwwlKsL5oki8BgZ2W9E9xfWHZB9s",
            "kid": "py-rsa-private"
        }
        """#

    private static let ecPrivateJWK = #"""
        {
            "kty": "EC",
            "crv": "P-256",
            "x": "t9T4XN7xYxuAwHjCqxKGicyIWLnE-YiWQM_An6vyZh0",
            "y": "n5AwOQu8DnxowYdULxEwetHIqG-XAQSlU4Xa8kUj-RI",
            "d": "ii35DBfMJ0OmftgufIZSEM0h9NeqqmTSxc-Sril8FIo",
            "kid": "py-ec-private"
        }
        """#
}
