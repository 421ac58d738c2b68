import CacheLab

/// Reading the values scenario options take: durations, counts, fractions, switches.
enum ScenarioValues {
    /// `250us`, `10ms`, `1.5s`, `2m`, `1h`; `0` alone is allowed.
    static func duration(_ text: String) -> VirtualTime? {
        if text == "0" { return .zero }
        let units: [(String, Double)] = [("us", 1), ("µs", 1), ("ms", 1_000), ("s", 1_000_000), ("m", 60_000_000), ("h", 3_600_000_000)]
        for (suffix, scale) in units where text.hasSuffix(suffix) {
            let number = text.dropLast(suffix.count)
            guard !number.isEmpty, number.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }),
                  let value = Double(number), value.isFinite else { return nil }
            let microseconds = (value * scale).rounded()
            guard microseconds <= Double(Int64.max / 2) else { return nil }
            return VirtualTime(microseconds: Int64(microseconds))
        }
        return nil
    }

    /// A whole number: `1000`, `1_000`, `10k`, or a power such as `10^6`. Returns `.tooLarge`
    /// past `Int64.max` instead of wrapping.
    static func count(_ text: String) -> CountValue {
        if let caret = text.firstIndex(of: "^") {
            guard let base = Int64(text[..<caret]), let exponent = Int(text[text.index(after: caret)...]),
                  base >= 0, exponent >= 0 else { return .invalid }
            var value: Int64 = 1
            for _ in 0..<exponent {
                let (product, overflow) = value.multipliedReportingOverflow(by: base)
                if overflow { return .tooLarge }
                value = product
            }
            return .value(value)
        }
        if let value = LabArguments.count(text) { return value < 0 ? .invalid : .value(Int64(value)) }
        // Only digits (and one k, m or g at the end) that overflow are "too large".
        var digits = Substring(text.lowercased().filter { $0 != "_" })
        if let last = digits.last, "kmg".contains(last) { digits = digits.dropLast() }
        return !digits.isEmpty && digits.allSatisfy({ $0.isASCII && $0.isNumber }) ? .tooLarge : .invalid
    }

    enum CountValue: Equatable {
        case value(Int64)
        case invalid
        case tooLarge
    }

    /// A fraction between 0 and 1, written `0.8` or `80%`.
    static func fraction(_ text: String) -> Double? {
        var number = text
        var scale = 1.0
        if number.hasSuffix("%") {
            number.removeLast()
            scale = 0.01
        }
        guard let value = Double(number), value.isFinite else { return nil }
        let fraction = value * scale
        return (0...1).contains(fraction) ? fraction : nil
    }

    /// `on`/`off`, `yes`/`no`, `true`/`false`.
    static func toggle(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "on", "yes", "true": true
        case "off", "no", "false": false
        default: nil
        }
    }
}
