import Emulator
import JOSE
import JSON

/// Loads `secureauth-connect.json`: `{"tenants": [{"id", "rate_limits": {module: {rate, burst, period}}, "servers":
/// [{server fields…, "clients": [...], "idps": [...]}]}]}`, with the Admin API's defaults and checks; servers without
/// keys get generated ones (from `--key-seed` when set).
struct SecureAuthSeed {
    let context: EmulatorContext

    private static let quotaShape =
        "needs integer rate and burst and a duration period, such as {\"rate\": 300, \"burst\": 50, \"period\": \"1m0s\"}"

    func load(_ seed: JSONReader) throws {
        let directory = WorkspaceDirectory(database: context.database)
        let keySeed = context.configuration.keySeed.map { Array($0.utf8) }
        for tenant in try seed.array("tenants") {
            let tid = try tenant.string("id")
            guard ServerDefaults.isValidID(tid) else {
                throw JSONReadError(path: tenant.path + ".id", reason: "must match ^[a-zA-Z0-9_-]+$")
            }
            try directory.insertTenant(tid, document: ["id": .string(tid)])
            for (module, quota) in try tenant.optionalObject("rate_limits") ?? [:] {
                guard SecureAuthRateLimits.defaults[module] != nil else {
                    throw JSONReadError(
                        path: tenant.path + ".rate_limits." + module, reason: "unknown rate-limit module")
                }
                guard let parsed = try? SecureAuthRateLimits.quota(from: quota) else {
                    throw JSONReadError(path: tenant.path + ".rate_limits." + module, reason: Self.quotaShape)
                }
                try SecureAuthRateLimits(database: context.database).set(parsed, tenant: tid, module: module)
            }
            for server in try tenant.array("servers") {
                var document = try server.object()
                document["clients"] = nil
                document["idps"] = nil
                if let reason = ServerDefaults.complete(&document, tenantID: tid) {
                    throw JSONReadError(path: server.path, reason: reason)
                }
                let sid = document["id"]!.stringValue!
                if (document["jwks"]?["keys"]?.arrayValue ?? []).isEmpty {
                    let algorithm = ServerDefaults.signingAlgorithm(keyType: document["key_type"]?.stringValue)
                    let now = context.clock.now()
                    let signing = try SigningKey.generate(
                        algorithm == "ES256" ? .ec : .rsa, use: "sig", algorithm: algorithm,
                        createdAt: now, seed: keySeed, label: "\(tid)/\(sid)/sig")
                    document["jwks"] = ["keys": [signing.privateJWK()]]
                } else {
                    for (index, key) in (document["jwks"]?["keys"]?.arrayValue ?? []).enumerated() {
                        do { _ = try SigningKey(jwk: key) } catch {
                            throw JSONReadError(path: server.path + ".jwks.keys[\(index)]", reason: "\(error)")
                        }
                    }
                }
                try directory.insertServer(tid, document)
                for client in try server.optionalArray("clients") ?? [] {
                    var object = try client.object()
                    if let reason = ClientDocument.complete(&object, tenantID: tid, serverID: sid) {
                        throw JSONReadError(path: client.path, reason: reason)
                    }
                    try directory.insertClient(tid, object)
                }
                for idp in try server.optionalArray("idps") ?? [] {
                    var object = try idp.object()
                    if let reason = StaticIDPDocument.complete(&object, tenantID: tid, serverID: sid) {
                        throw JSONReadError(path: idp.path, reason: reason)
                    }
                    try directory.insertIDP(tid, sid, object)
                }
            }
        }
    }
}
