import Foundation

// Build tool: writes a Swift file declaring `DefaultSeed.files` from the given JSON files.
// Usage: SeedEmbedder OUTPUT.swift FILE.json...
let arguments = CommandLine.arguments.dropFirst()
guard let outputPath = arguments.first else {
    FileHandle.standardError.write(Data("usage: SeedEmbedder OUTPUT.swift FILE.json...\n".utf8))
    exit(2)
}
var source = """
    // Generated from seed-data/default by the EmbedDefaultSeed plugin. Do not edit.

    /// The built-in default seed: one JSON document per vendor module, by file name.
    enum DefaultSeed {
        static let files: [(name: String, contents: String)] = [

    """
for path in arguments.dropFirst() {
    let url = URL(fileURLWithPath: path)
    let text = try String(contentsOf: url, encoding: .utf8)
    var hashes = "#"
    while text.contains("\"" + hashes) { hashes += "#" }
    source += "        (\"\(url.lastPathComponent)\", \(hashes)\"\"\"\n\(text)\n\"\"\"\(hashes)),\n"
}
source += "    ]\n}\n"
let data = Data(source.utf8)
if (try? Data(contentsOf: URL(fileURLWithPath: outputPath))) != data {
    try data.write(to: URL(fileURLWithPath: outputPath))
}
