import Emulator
import EmulatorTestSupport

extension TestEmulator {
    /// An emulator with only the test's `NotesModule`, on a seed folder written for the test.
    static func notes(
        seed: [String: String] = ["notes.json": #"{"notes": [{"id": "a", "text": "first"}]}"#],
        databasePath: String? = nil, transport: Transport = .fromEnvironment,
        configure: (inout EmulatorConfiguration) -> Void = { _ in }
    ) throws -> TestEmulator {
        try TestEmulator(modules: [NotesModule()], transport: transport, seedFiles: seed) {
            $0.databasePath = databasePath
            configure(&$0)
        }
    }
}
