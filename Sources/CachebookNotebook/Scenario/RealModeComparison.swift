import CacheLab
import CachebookText

/// The last section of a real-mode run: the simulated and the real figures of the same
/// scenario side by side.
public enum RealModeComparison {
    /// A table of hit ratio, cache hits and misses, store reads and writes, lost writes and
    /// read and write latencies (p50 and p99), no wider than `width`.
    ///
    /// - Complexity: O(1)
    public static func lines(simulated: Statistics, real: Statistics, width: Int = 80) -> [String] {
        func latency(_ summary: LatencySummary) -> String {
            summary.count == 0 ? "none" : "\(summary.p50) / \(summary.p99)"
        }
        let rows: [(String, String, String)] = [
            ("hit ratio", NumberFormatting.percent(simulated.cache.hitRatio), NumberFormatting.percent(real.cache.hitRatio)),
            ("cache hits / misses", "\(simulated.cache.hits) / \(simulated.cache.misses)", "\(real.cache.hits) / \(real.cache.misses)"),
            ("evictions", "\(simulated.cache.evictions)", "\(real.cache.evictions)"),
            ("db reads", "\(simulated.store.reads)", "\(real.store.reads)"),
            ("db writes", "\(simulated.store.writes)", "\(real.store.writes)"),
            ("lost writes", "\(simulated.writeBack.lostUpdates)", "\(real.writeBack.lostUpdates)"),
            ("read latency p50 / p99", latency(simulated.readLatency), latency(real.readLatency)),
            ("write latency p50 / p99", latency(simulated.writeLatency), latency(real.writeLatency)),
        ]
        let labelWidth = rows.map { DisplayWidth.of($0.0) }.max()!
        let columnWidth = max(9, rows.flatMap { [DisplayWidth.of($0.1), DisplayWidth.of($0.2)] }.max()!)
        func line(_ label: String, _ left: String, _ right: String) -> String {
            "  " + label.fitted(toWidth: labelWidth) + "  " + left.fitted(toWidth: columnWidth, alignRight: true)
                + "  " + right.fitted(toWidth: columnWidth, alignRight: true)
        }
        var lines = ["simulated vs real (the same scenario on the virtual clock, then on the servers):"]
        lines.append(line("", "simulated", "real"))
        lines += rows.map { line($0.0, $0.1, $0.2) }
        return lines.map { DisplayWidth.of($0) > width ? $0.fitted(toWidth: width) : $0 }
    }
}
