import JSON

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a seed (built-in or a folder) and parses each file, before any state is touched.
struct SeedLoader {
    /// A parsed seed file.
    struct File {
        let name: String
        let document: JSON
    }

    /// Reads and parses every `*.json` file of `source`, sorted by name. Every file must belong to a module.
    static func read(_ source: SeedSource, knownFiles: Set<String>) throws(SeedError) -> [File] {
        let raw: [(name: String, bytes: [UInt8])]
        switch source {
        case .none: return []
        case .builtIn: raw = DefaultSeed.files.map { ($0.name, Array($0.contents.utf8)) }
        case .directory(let path): raw = try readDirectory(path)
        }
        return try raw.map { (file) throws(SeedError) -> File in
            guard knownFiles.contains(file.name) else {
                throw SeedError(
                    file: file.name, path: "$",
                    reason: "no module reads this file (known: \(knownFiles.sorted().joined(separator: ", ")))")
            }
            do {
                return File(name: file.name, document: try JSON.parse(file.bytes))
            } catch {
                throw SeedError(file: file.name, path: "$", reason: "\(error)")
            }
        }
    }

    private static func readDirectory(_ path: String) throws(SeedError) -> [(name: String, bytes: [UInt8])] {
        guard let dir = opendir(path) else {
            throw SeedError(
                file: path, path: "$", reason: "cannot open the seed folder: \(String(cString: strerror(errno)))")
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".json") && !name.hasPrefix(".") { names.append(name) }
        }
        return try names.sorted().map { (name) throws(SeedError) in
            (name, try readFile(path + "/" + name, name: name))
        }
    }

    private static func readFile(_ path: String, name: String) throws(SeedError) -> [UInt8] {
        guard let file = fopen(path, "rb") else {
            throw SeedError(file: name, path: "$", reason: "cannot read: \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&chunk, 1, chunk.count, file)
            if n <= 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }
}
