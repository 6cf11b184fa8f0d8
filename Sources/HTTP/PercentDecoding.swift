/// Percent-decoding of URL components and form values (RFC 3986 §2.1, WHATWG urlencoded).
public enum PercentDecoding {
    /// Decodes `%XY` escapes (and `+` as a space when `plusAsSpace`). A `%` not followed by two hex digits is
    /// kept literally, as browsers do; invalid UTF-8 becomes U+FFFD.
    public static func decode(_ text: Substring, plusAsSpace: Bool) -> String {
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 == 37 || (plusAsSpace && $0 == 43) }) { return String(text) }
        var out = [UInt8]()
        out.reserveCapacity(utf8.count)
        var i = utf8.startIndex
        while i < utf8.endIndex {
            let c = utf8[i]
            if c == 37, let h = utf8.index(i, offsetBy: 1, limitedBy: utf8.endIndex), h < utf8.endIndex,
                let l = utf8.index(h, offsetBy: 1, limitedBy: utf8.endIndex), l < utf8.endIndex,
                let hi = hexValue(utf8[h]), let lo = hexValue(utf8[l])
            {
                out.append(hi << 4 | lo)
                i = utf8.index(after: l)
                continue
            }
            out.append(plusAsSpace && c == 43 ? 32 : c)
            i = utf8.index(after: i)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-encodes everything outside RFC 3986 `unreserved`, as `application/x-www-form-urlencoded` needs
    /// (spaces as `%20`).
    public static func encode(_ text: String) -> String {
        var out = [UInt8]()
        let hex = Array("0123456789ABCDEF".utf8)
        for c in text.utf8 {
            switch c {
            case 48...57, 65...90, 97...122, 45, 46, 95, 126: out.append(c)
            default:
                out.append(37)
                out.append(hex[Int(c >> 4)])
                out.append(hex[Int(c & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}
