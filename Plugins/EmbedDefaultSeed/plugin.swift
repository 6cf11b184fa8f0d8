import Foundation
import PackagePlugin

/// Compiles `seed-data/default/*.json` into the target as Swift string literals, so the built binary serves the
/// default seed from any working directory and from a container without the source tree.
@main
struct EmbedDefaultSeed: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let seedDirectory = context.package.directoryURL.appending(path: "seed-data/default")
        let files = ((try? FileManager.default.contentsOfDirectory(at: seedDirectory, includingPropertiesForKeys: nil)) ?? [])
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "DefaultSeed.swift")
        return [.buildCommand(
            displayName: "Embedding the default seed (\(files.count) files)",
            executable: try context.tool(named: "SeedEmbedder").url,
            arguments: [output.path()] + files.map { $0.path() },
            inputFiles: files + [seedDirectory],
            outputFiles: [output])]
    }
}
