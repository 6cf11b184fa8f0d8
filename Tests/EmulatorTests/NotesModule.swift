import Emulator
import HTTP
import JSON
import Store

/// A tiny vendor module for testing the composition: a `notes` table, a seed file and two routes with
/// their own error envelope.
final class NotesModule: VendorModule {
    let name = "notes"
    let seedFileName: String? = "notes.json"
    let migrations = [
        Migration(version: 1, name: "notes", sql: "CREATE TABLE notes (id TEXT PRIMARY KEY, text TEXT NOT NULL)")
    ]
    private(set) var resets = 0

    static let envelope = ErrorEnvelope(id: "notes", module: "notes") { status, message in
        .json(["problem": .string(message), "code": .int(Int64(status))], status: status)
    }

    func registerRoutes(on router: Router, context: EmulatorContext) {
        router.claim(prefix: "/notes", for: Self.envelope)
        router.add(.GET, "/notes/{id}", envelope: Self.envelope) { request in
            let row = try? context.database.queryOne(
                "SELECT text FROM notes WHERE id = ?", [.text(request.param("id")!)])
            guard let text = row?.string("text") else {
                return .now(Self.envelope.response(status: 404, message: "no such note"))
            }
            return .now(.json(["id": .string(request.param("id")!), "text": .string(text)]))
        }
        router.add(.POST, "/notes", envelope: Self.envelope) { request in
            guard case .success(let json) = request.jsonBody(), let id = json["id"]?.stringValue,
                let text = json["text"]?.stringValue
            else {
                return .now(Self.envelope.response(status: 400, message: "need id and text"))
            }
            do {
                try context.database.batched {
                    try context.database.run("INSERT INTO notes VALUES (?, ?)", [.text(id), .text(text)])
                }
            } catch {
                return .now(Self.envelope.response(status: 409, message: "duplicate"))
            }
            return .now(.json(["id": .string(id)], status: 201))
        }
    }

    func resetState() { resets += 1 }

    func loadSeed(_ seed: JSONReader, context: EmulatorContext) throws {
        for note in try seed.array("notes") {
            try context.database.run(
                "INSERT INTO notes VALUES (?, ?)", [.text(try note.string("id")), .text(try note.string("text"))])
        }
    }
}
