import ArgumentParser
import Emulator

/// The `idemu` command: `serve` (the default) and `health`.
@main
struct Idemu: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "idemu",
        abstract: "A local emulator of identity vendors' REST APIs.",
        version: IdemuVersion.current,
        subcommands: [Serve.self, Health.self, GenerateKey.self],
        defaultSubcommand: Serve.self)
}
