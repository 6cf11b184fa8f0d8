extension JSON {
    /// Parses one JSON document (RFC 8259, UTF-8, any top-level value).
    public static func parse(_ bytes: [UInt8], options: JSONParseOptions = .init()) throws(JSONParseError) -> JSON {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) in try parse(buffer, options: options) }
        }
        return try result.get()
    }

    /// Parses one JSON document (RFC 8259, UTF-8, any top-level value).
    public static func parse(
        _ bytes: UnsafeRawBufferPointer, options: JSONParseOptions = .init()
    ) throws(JSONParseError) -> JSON {
        var parser = JSONParser(bytes: bytes, options: options)
        return try parser.parseDocument()
    }

    /// Parses one JSON document from the UTF-8 form of `text`.
    public static func parse(_ text: String, options: JSONParseOptions = .init()) throws(JSONParseError) -> JSON {
        var text = text
        let result = text.withUTF8 { buffer in
            Result { () throws(JSONParseError) in try parse(UnsafeRawBufferPointer(buffer), options: options) }
        }
        return try result.get()
    }
}
