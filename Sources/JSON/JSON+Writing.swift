extension JSON {
    /// The UTF-8 JSON text of this value.
    public func serialized(_ options: JSONWriteOptions = []) -> [UInt8] {
        var buffer: [UInt8] = []
        write(into: &buffer, options: options)
        return buffer
    }

    /// Appends the UTF-8 JSON text of this value to `buffer`.
    public func write(into buffer: inout [UInt8], options: JSONWriteOptions = []) {
        var writer = JSONWriter(options: options)
        swap(&writer.output, &buffer)
        writer.write(self, depth: 0)
        swap(&writer.output, &buffer)
    }

    /// The JSON text of this value.
    public func jsonString(_ options: JSONWriteOptions = []) -> String {
        String(decoding: serialized(options), as: UTF8.self)
    }
}

extension JSON: CustomStringConvertible {
    /// Compact JSON text.
    public var description: String {
        jsonString()
    }
}
