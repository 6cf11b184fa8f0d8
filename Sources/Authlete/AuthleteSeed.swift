import Emulator
import JOSE
import JSON

/// Loads Authlete's part of a seed: `{"organizationTokens": [...], "services": [{Service members…,
/// "accessTokens": [...], "clients": [Client…]}]}`. A service without `jwks` gets an RS256 key generated from
/// `--key-seed` (when set) and its API key.
enum AuthleteSeed {
    static func load(_ seed: JSONReader, context: EmulatorContext) throws {
        let directory = ServiceDirectory(database: context.database)
        let seededAt = context.clock.now()
        let now = seededAt.epochMilliseconds
        for token in try seed.optionalArray("organizationTokens") ?? [] {
            try directory.addAPIToken(try token.string(), scope: .organization)
        }
        for (index, entry) in (try seed.optionalArray("services") ?? []).enumerated() {
            var document = try checked(entry, rules: FieldRules.service)
            guard let apiKey = document["apiKey"]?.intValue, apiKey > 0 else {
                throw JSONReadError(path: entry.path + ".apiKey", reason: "a positive integer is required")
            }
            if let jwks = document["jwks"]?.stringValue {
                if let problem = ServiceDocument.jwksProblem(jwks) {
                    throw JSONReadError(path: entry.path + ".jwks", reason: problem)
                }
            } else {
                let key = try SigningKey.generate(
                    .rsa, use: "sig", algorithm: "RS256", createdAt: seededAt,
                    seed: context.configuration.keySeed.map { Array($0.utf8) },
                    label: "authlete/\(apiKey)/sig")
                document["jwks"] = .string(JSON.object(["keys": [key.privateJWK()]]).jsonString())
            }
            document["number"] = .int(Int64(index + 1))
            document["createdAt"] = document["createdAt"] ?? .int(now)
            document["modifiedAt"] = document["modifiedAt"] ?? .int(now)
            ServiceDocument.complete(&document)
            try directory.insertService(document)
            for token in try entry.optionalArray("accessTokens") ?? [] {
                try directory.addAPIToken(try token.string(), scope: .service(apiKey))
            }
            for (clientIndex, client) in (try entry.optionalArray("clients") ?? []).enumerated() {
                var clientDocument = try checked(client, rules: FieldRules.client)
                guard let clientID = clientDocument["clientId"]?.intValue, clientID > 0 else {
                    throw JSONReadError(path: client.path + ".clientId", reason: "a positive integer is required")
                }
                guard clientDocument["clientSecret"]?.stringValue != nil else {
                    throw JSONReadError(path: client.path + ".clientSecret", reason: "a string is required")
                }
                clientDocument["number"] = .int(Int64(clientIndex + 1))
                clientDocument["serviceNumber"] = document["number"]
                clientDocument["createdAt"] = clientDocument["createdAt"] ?? .int(now)
                clientDocument["modifiedAt"] = clientDocument["modifiedAt"] ?? .int(now)
                ClientDocument.complete(&clientDocument)
                try directory.insertClient(clientDocument, service: apiKey)
            }
        }
    }

    /// The members of a seeded Service or Client that `rules` know, or the error naming the one that does not fit.
    private static func checked(_ entry: JSONReader, rules: [String: FieldKind]) throws -> JSONObject {
        do {
            return try FieldRules.sanitize(try entry.object(), rules: rules).get()
        } catch let problem as DocumentProblem {
            throw JSONReadError(path: entry.path + "." + problem.field, reason: problem.reason)
        }
    }
}
