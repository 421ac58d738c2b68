import Foundation

/// How answers are normalized before they are compared or hashed. The course website's script
/// implements the same rules; `Tests/Shared/answer-vectors.json` checks that both agree.
public enum AnswerNormalization {
    /// Text answers: Unicode NFC, lowercase, trimmed, inner whitespace collapsed to one space.
    public static func text(_ answer: String) -> String {
        let folded = answer.precomposedStringWithCanonicalMapping.lowercased()
        return folded.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// A choice id, as typed: trimmed and lowercased.
    public static func choice(_ answer: String) -> String {
        text(answer)
    }

    /// Several choice ids, typed as `a,c` or `c a`: sorted, unique, joined by commas.
    public static func choices(_ answer: String) -> String {
        let ids = answer.lowercased().split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
        return Set(ids).sorted().joined(separator: ",")
    }

    /// A number typed by a learner: `0.82`, `82%` (a ratio), `1,234` (thousands), ` 12 `. Only
    /// plain decimals with an optional exponent, as the site's script accepts: no `0x10`, `inf`.
    public static func number(_ answer: String) -> Double? {
        var text = answer.trimmingCharacters(in: .whitespacesAndNewlines).replacingOccurrences(of: ",", with: "")
        var scale = 1.0
        if text.hasSuffix("%") {
            text.removeLast()
            text = text.trimmingCharacters(in: .whitespacesAndNewlines)
            scale = 0.01
        }
        guard isPlainDecimal(text), let value = Double(text), value.isFinite else { return nil }
        return value * scale
    }

    /// `[+-]? (digits [. digits?] | . digits) ([eE] [+-]? digits)?`, ASCII digits only.
    private static func isPlainDecimal(_ text: String) -> Bool {
        var bytes = Array(text.utf8)[...]
        func digits() -> Int {
            let count = bytes.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        var mantissa = digits()
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "+") || bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
            guard digits() > 0 else { return false }
        }
        return bytes.isEmpty
    }

    /// A number rounded to `precision` decimal places, half away from zero, written without an
    /// exponent: the form that is hashed for the website. Both sides compute
    /// `floor(|x| · 10^p + 0.5)` in IEEE doubles, so they round identically.
    public static func rounded(_ value: Double, precision: Int) -> String {
        let scale = pow(10.0, Double(precision))
        let magnitude = (abs(value) * scale + 0.5).rounded(.down)
        var digits = String(format: "%.0f", magnitude)
        if precision > 0 {
            if digits.count <= precision { digits = String(repeating: "0", count: precision - digits.count + 1) + digits }
            digits.insert(".", at: digits.index(digits.endIndex, offsetBy: -precision))
        }
        let isZero = magnitude == 0
        return (value < 0 && !isZero ? "-" : "") + digits
    }
}
