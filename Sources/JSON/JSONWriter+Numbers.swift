extension JSONWriter {
    /// Writes the decimal form of `value`.
    mutating func writeInteger(_ value: Int64) {
        if value < 0 {
            output.append(UInt8(ascii: "-"))
        }
        var magnitude = value.magnitude
        let firstDigit = output.count
        repeat {
            output.append(UInt8(ascii: "0") + UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        output[firstDigit...].reverse()
    }

    /// Writes the shortest text that reads back as `value`, always with a fraction
    /// or exponent so it reads back as a double (`3.0`, `1e-05`); non-finite values,
    /// which JSON cannot represent, are written as `null`.
    mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            appendASCII("null")
            return
        }
        output.append(contentsOf: value.description.utf8)
    }
}
