/// A point or span on the simulator's virtual clock, in whole microseconds.
///
/// Time only moves when the model charges a latency or the caller advances the clock; nothing
/// reads the wall clock. The description is short and exact, for printed logs: `0`, `250us`,
/// `1.5ms`, `2s`.
public struct VirtualTime: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var microseconds: Int64

    public init(microseconds: Int64) {
        self.microseconds = microseconds
    }

    public static let zero = VirtualTime(microseconds: 0)

    public static func microseconds(_ value: Int64) -> VirtualTime { VirtualTime(microseconds: value) }
    public static func milliseconds(_ value: Int64) -> VirtualTime { VirtualTime(microseconds: value * 1_000) }
    public static func seconds(_ value: Int64) -> VirtualTime { VirtualTime(microseconds: value * 1_000_000) }

    public static func < (lhs: VirtualTime, rhs: VirtualTime) -> Bool { lhs.microseconds < rhs.microseconds }
    public static func + (lhs: VirtualTime, rhs: VirtualTime) -> VirtualTime {
        VirtualTime(microseconds: lhs.microseconds + rhs.microseconds)
    }
    public static func - (lhs: VirtualTime, rhs: VirtualTime) -> VirtualTime {
        VirtualTime(microseconds: lhs.microseconds - rhs.microseconds)
    }
    public static func += (lhs: inout VirtualTime, rhs: VirtualTime) { lhs = lhs + rhs }

    /// In milliseconds, as a real number.
    public var milliseconds: Double { Double(microseconds) / 1_000 }

    public var description: String {
        let value = microseconds
        if value == 0 { return "0" }
        let sign = value < 0 ? "-" : ""
        let magnitude = value.magnitude
        func decimal(_ units: UInt64, _ suffix: String) -> String {
            let whole = magnitude / units
            // Most times in a log are whole units, and every event's time is printed.
            if magnitude % units == 0 { return sign + String(whole) + suffix }
            var fraction = String(magnitude % units)
            fraction = String(repeating: "0", count: String(units).count - 1 - fraction.count) + fraction
            while fraction.hasSuffix("0") { fraction.removeLast() }
            return sign + String(whole) + (fraction.isEmpty ? "" : "." + fraction) + suffix
        }
        if magnitude >= 1_000_000 { return decimal(1_000_000, "s") }
        if magnitude >= 1_000 { return decimal(1_000, "ms") }
        return sign + String(magnitude) + "us"
    }
}
