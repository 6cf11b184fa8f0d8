// libFuzzer entry point for the JSON module. Build from the repository root with
//   swiftc -sanitize=fuzzer,address -parse-as-library -O Sources/JSON/*.swift fuzz/JSONFuzz.swift -o /tmp/jsonfuzz
// and run with
//   /tmp/jsonfuzz -max_total_time=60 -max_len=4096
// The module's sources are compiled into this program, so there is no `import JSON`.

/// Parses the input under both duplicate-key policies; every accepted document
/// must read back unchanged from each output format.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let input = UnsafeRawBufferPointer(start: data, count: size)
    for policy in [DuplicateKeyPolicy.reject, .lastWins] {
        let options = JSONParseOptions(duplicateKeys: policy)
        guard let value = try? JSON.parse(input, options: options) else { continue }
        for format in [JSONWriteOptions(), [.sortedKeys, .prettyPrinted], .escapeSlashes] {
            let text = value.serialized(format)
            let reparsed: JSON
            do {
                reparsed = try JSON.parse(text, options: options)
            } catch {
                preconditionFailure("serialized output does not parse: \(error)")
            }
            precondition(reparsed == value, "round trip changed the value")
        }
    }
    return 0
}
