import Primitives
import SwiftASN1
import X509

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The self-signed X.509 certificate published in a key's `x5c`: subject and issuer CN = kid, valid for ten
/// years from the key's creation, signed by the key itself (ECDSA with SHA-256, or RSA PKCS#1 v1.5 with SHA-256).
enum SelfSignedCertificate {
    /// The DER certificate. `serialNumber` bytes are read as an unsigned integer.
    static func der(
        for key: PrivateKeyMaterial, kid: String, serialNumber: [UInt8],
        createdAt: Timestamp
    ) throws -> [UInt8] {
        let (signer, algorithm): (Certificate.PrivateKey, Certificate.SignatureAlgorithm)
        switch key {
        case .ec(let ecKey): (signer, algorithm) = (Certificate.PrivateKey(ecKey), .ecdsaWithSHA256)
        case .rsa(let rsaKey): (signer, algorithm) = (Certificate.PrivateKey(rsaKey), .sha256WithRSAEncryption)
        }
        var expiry = CivilTime(createdAt)
        expiry.year += 10
        let name = try DistinguishedName { CommonName(kid) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(bytes: serialNumber),
            publicKey: signer.publicKey,
            notValidBefore: date(createdAt),
            notValidAfter: date(expiry.timestamp),
            issuer: name,
            subject: name,
            signatureAlgorithm: algorithm,
            extensions: Certificate.Extensions(),
            issuerPrivateKey: signer)
        var serializer = DER.Serializer()
        try serializer.serialize(certificate)
        return serializer.serializedBytes
    }

    /// Whether `der` is a certificate for `key`.
    static func certifies(_ der: [UInt8], key: PublicKeyMaterial) -> Bool {
        guard let certificate = try? Certificate(derEncoded: der) else { return false }
        switch key {
        case .ec(let ecKey): return certificate.publicKey == Certificate.PublicKey(ecKey)
        case .rsa(let rsaKey): return certificate.publicKey == Certificate.PublicKey(rsaKey)
        }
    }

    /// Whole seconds: X.509 validity has no fractions.
    private static func date(_ timestamp: Timestamp) -> Date {
        Date(timeIntervalSince1970: Double(timestamp.epochSeconds))
    }
}
