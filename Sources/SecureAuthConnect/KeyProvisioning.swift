import HTTP
import JOSE
import JSON
import Primitives

/// Generates a new workspace's keys: a `sig` key for its `key_type` and an RSA `enc` key (RSA-OAEP-256), on the
/// worker pool (RSA-2048 generation takes tens of milliseconds). With `--key-seed` the keys are derived from the
/// seed, the tenant and the workspace id, so a restarted emulator publishes the same keys.
struct KeyProvisioning {
    let workers: WorkerPool
    let keySeed: [UInt8]?

    func generate(
        tenantID: String, serverID: String, keyType: String, createdAt: Timestamp,
        completion: @escaping (Result<[SigningKey], JOSEError>) -> Void
    ) {
        let seed = keySeed
        workers.run(
            { () -> Result<[SigningKey], JOSEError> in
                do {
                    let algorithm = ServerDefaults.signingAlgorithm(keyType: keyType)
                    let signing = try SigningKey.generate(
                        algorithm == "ES256" ? .ec : .rsa, use: "sig", algorithm: algorithm,
                        createdAt: createdAt, seed: seed, label: "\(tenantID)/\(serverID)/sig")
                    let encryption = try SigningKey.generate(
                        .rsa, use: "enc", algorithm: "RSA-OAEP-256", createdAt: createdAt,
                        seed: seed, label: "\(tenantID)/\(serverID)/enc")
                    return .success([signing, encryption])
                } catch let error as JOSEError {
                    return .failure(error)
                } catch {
                    return .failure(JOSEError("\(error)"))
                }
            }, completion: completion)
    }
}
