extension TraceReader {
    /// Parses a text trace: one unsigned integer key per line. Blank lines and lines starting
    /// with `#` are skipped.
    ///
    /// - Complexity: O(*n*) in the number of bytes.
    public static func parseText(_ bytes: [UInt8], file: String) throws(TraceError) -> Trace {
        var interner = KeyInterner<UInt64>()
        var ids: [EntryID] = []
        ids.reserveCapacity(bytes.count / 6)
        var line = 1
        var index = 0
        while index < bytes.count {
            var end = index
            while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
            var fieldEnd = end
            while fieldEnd > index && isSpace(bytes[fieldEnd - 1]) { fieldEnd -= 1 }
            var fieldStart = index
            while fieldStart < fieldEnd && isSpace(bytes[fieldStart]) { fieldStart += 1 }
            if fieldStart < fieldEnd && bytes[fieldStart] != UInt8(ascii: "#") {
                guard let key = parseUnsigned(bytes[fieldStart..<fieldEnd]) else {
                    let shown = String(decoding: bytes[fieldStart..<min(fieldEnd, fieldStart + 40)], as: UTF8.self)
                    throw TraceError(
                        file: file, record: line,
                        problem: "\"\(shown)\" is not an unsigned integer key",
                        fix: "a text trace holds one integer key per line; use --format csv for named keys")
                }
                ids.append(interner.id(for: key))
            }
            index = end + 1
            line += 1
        }
        return Trace(ids: ids, keys: .numeric(interner.keys), source: file)
    }

    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    /// Parses decimal digits into a `UInt64`, or `nil` on any other character or overflow.
    static func parseUnsigned(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return nil }
            let (times10, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !o1 && !o2 else { return nil }
            value = sum
        }
        return value
    }
}
