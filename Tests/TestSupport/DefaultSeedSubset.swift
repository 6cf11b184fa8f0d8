import Foundation

/// A temporary seed folder with only some files of the default seed (`seed-data/default`), so a test can run one
/// vendor module on its own: the built-in seed has a file for every module, and a file no module reads is an error.
public enum DefaultSeedSubset {
    public static let defaultSeedDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../seed-data/default").standardized

    /// The path of a new folder holding copies of `files` (names in `seed-data/default`).
    public static func folder(_ files: [String]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("idemu-seed-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for file in files {
            try FileManager.default.copyItem(at: defaultSeedDirectory.appendingPathComponent(file), to: folder.appendingPathComponent(file))
        }
        return folder.path
    }
}
