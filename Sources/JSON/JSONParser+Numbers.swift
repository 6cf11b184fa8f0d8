extension JSONParser {
    /// Parses the number starting at `position` (`-` or a digit). Integer literals
    /// that fit `Int64` become `.int`; everything else becomes `.double`.
    mutating func parseNumber() throws(JSONParseError) -> JSON {
        let start = position
        var index = position
        let isNegative = bytes[index] == UInt8(ascii: "-")
        if isNegative {
            index += 1
        }
        var significand = DecimalSignificand()

        guard index < bytes.count, isDigit(bytes[index]) else {
            throw failure("expected a digit", at: index)
        }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count && isDigit(bytes[index]) {
                throw failure("leading zeros are not allowed", at: index - 1)
            }
        } else {
            while index < bytes.count && isDigit(bytes[index]) {
                significand.append(bytes[index])
                index += 1
            }
        }

        var isInteger = true
        var fractionDigits = 0
        if index < bytes.count && bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw failure("expected a digit after the decimal point", at: index)
            }
            while index < bytes.count && isDigit(bytes[index]) {
                significand.append(bytes[index])
                fractionDigits += 1
                index += 1
            }
        }

        var exponent = 0
        if index < bytes.count && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            isInteger = false
            index += 1
            var exponentIsNegative = false
            if index < bytes.count && (bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-")) {
                exponentIsNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            guard index < bytes.count, isDigit(bytes[index]) else {
                throw failure("expected a digit in the exponent", at: index)
            }
            while index < bytes.count && isDigit(bytes[index]) {
                // Beyond this every double is 0 or infinite; stop before Int overflows.
                if exponent < 1_000_000 {
                    exponent = exponent * 10 + Int(bytes[index] - UInt8(ascii: "0"))
                }
                index += 1
            }
            if exponentIsNegative {
                exponent = -exponent
            }
        }
        position = index

        if isInteger, let integer = significand.int64(negated: isNegative) {
            return .int(integer)
        }
        if let fast = significand.exactDouble(decimalExponent: exponent - fractionDigits) {
            return .double(isNegative ? -fast : fast)
        }
        let literal = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(literal), value.isFinite else {
            throw failure("number out of range", at: start)
        }
        return .double(value)
    }

    private func isDigit(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10
    }
}

/// The decimal digits of a number literal, accumulated while they fit in 64 bits.
private struct DecimalSignificand {
    /// Powers of ten that are exact in a `Double`.
    private static let exactPowersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    private var value: UInt64 = 0
    private var overflowed = false

    mutating func append(_ digit: UInt8) {
        guard !overflowed else { return }
        let (times10, multiplyOverflow) = value.multipliedReportingOverflow(by: 10)
        let (sum, addOverflow) = times10.addingReportingOverflow(UInt64(digit - UInt8(ascii: "0")))
        overflowed = multiplyOverflow || addOverflow
        value = sum
    }

    /// The integer with this magnitude, if it fits `Int64`.
    func int64(negated: Bool) -> Int64? {
        guard !overflowed else { return nil }
        if negated {
            return value <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- value) : nil
        }
        return value <= UInt64(Int64.max) ? Int64(value) : nil
    }

    /// `value × 10^decimalExponent` when a single correctly rounded operation on
    /// exact operands computes it (Clinger's fast path); nil otherwise.
    func exactDouble(decimalExponent: Int) -> Double? {
        guard !overflowed, value <= 1 << 53,
            decimalExponent.magnitude < UInt(Self.exactPowersOfTen.count)
        else { return nil }
        let power = Self.exactPowersOfTen[Int(decimalExponent.magnitude)]
        return decimalExponent < 0 ? Double(value) / power : Double(value) * power
    }
}
