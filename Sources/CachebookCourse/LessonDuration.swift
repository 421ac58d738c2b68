/// A planned study time such as `25m`, `1h` or `1h30m`.
public struct LessonDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var minutes: Int

    public init(minutes: Int) {
        self.minutes = minutes
    }

    /// Parses `25m`, `90m`, `1h`, `1h30m` (spaces allowed between the parts). `nil` if malformed.
    public init?(parsing text: String) {
        let compact = text.lowercased().filter { $0 != " " }
        guard !compact.isEmpty else { return nil }
        var total = 0
        var digits = ""
        var sawHours = false, sawMinutes = false
        for character in compact {
            if character.isASCII, character.isNumber {
                digits.append(character)
                guard digits.count <= 5 else { return nil }
            } else if character == "h", !digits.isEmpty, !sawHours, !sawMinutes {
                total += Int(digits)! * 60
                digits = ""
                sawHours = true
            } else if character == "m", !digits.isEmpty, !sawMinutes {
                total += Int(digits)!
                digits = ""
                sawMinutes = true
            } else {
                return nil
            }
        }
        guard digits.isEmpty, total > 0 else { return nil }
        minutes = total
    }

    /// `25 min`, or `3 h 55 min` from an hour up.
    public var description: String {
        Self.format(minutes: minutes)
    }

    public static func format(minutes: Int) -> String {
        guard minutes >= 60 else { return "\(minutes) min" }
        let hours = minutes / 60, rest = minutes % 60
        return rest == 0 ? "\(hours) h" : "\(hours) h \(rest) min"
    }

    public static func < (lhs: LessonDuration, rhs: LessonDuration) -> Bool {
        lhs.minutes < rhs.minutes
    }
}
