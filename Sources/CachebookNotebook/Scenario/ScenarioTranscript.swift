import CacheLab
import CachebookText

/// A scenario run as plain text: what a runnable block's `output` block holds. Deterministic,
/// and no wider than `width` columns.
public struct ScenarioTranscript {
    public var width: Int

    public init(width: Int = 80) {
        self.width = width
    }

    /// The whole transcript, one line per line, ending with a newline (or empty).
    ///
    /// - Complexity: O(*e*) in the events shown, plus O(*n*) in the cache entries of `state` steps.
    public func text(_ run: ScenarioRun) -> String {
        let lines = self.lines(run)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }

    public func lines(_ run: ScenarioRun) -> [String] {
        var lines: [String] = []
        var logOpen = false
        // One layout for the whole run, so the log's columns line up under every header.
        let layout = EventLog.Layout(width: width, events: run.sections.flatMap { section -> [Event] in
            if case .events(let events) = section { return events }
            return []
        })
        for section in run.sections {
            if case .events(let events) = section {
                let logLines = EventLog.lines(events, width: width, layout: layout)
                guard !logLines.isEmpty else { continue }
                if !logOpen {
                    if !lines.isEmpty { lines.append("") }
                    lines.append(EventLog.header(layout: layout))
                    logOpen = true
                }
                lines += logLines
                continue
            }
            let sectionLines = self.lines(for: section)
            guard !sectionLines.isEmpty else { continue }
            // Short notices stay with the log; blocks such as stats stand apart.
            let isNotice = sectionLines.count == 1 && section.isNotice
            if !lines.isEmpty && !(isNotice && logOpen) { lines.append("") }
            lines += sectionLines
            logOpen = logOpen && isNotice
        }
        if let failure = run.failure {
            if !lines.isEmpty { lines.append("") }
            lines += wrap("error: " + failure.message, indent: 2)
        }
        // Every part wraps or narrows itself; a line that still does not fit (a very long key in
        // a narrow block) is cut rather than allowed past the width.
        return lines.map { line in
            let trimmed = line.trimmingTrailingSpaces
            return DisplayWidth.of(trimmed) > width ? trimmed.fitted(toWidth: width) : trimmed
        }
    }

    private func lines(for section: ScenarioSection) -> [String] {
        switch section {
        case .events:
            return []
        case .advanced(let duration, let time):
            return wrap("… \(duration) later, t=\(time)", indent: 2)
        case .flushed(let writes, let time):
            return wrap("flush at t=\(time): \(plural(writes, "write")) to the store", indent: 2)
        case .crashed(let report):
            var lines = wrap("CRASH at t=\(report.time): the cache and its write queue are gone.", indent: 2)
            if report.lostUpdates == 0 {
                lines += wrap("no acknowledged write was lost: the store already had every one", indent: 4, firstIndent: 2)
            } else {
                lines += wrap("lost \(plural(report.lostUpdates, "acknowledged update")) to \(plural(report.lostKeys.count, "key")) the store never saw: "
                              + report.lostKeys.joined(separator: ", "), indent: 4, firstIndent: 2)
            }
            lines.append("  \(plural(report.cachedEntriesLost, "cached entry", plural: "cached entries")) vanished with it.")
            return lines
        case .restarted(let time):
            return wrap("restart at t=\(time): the cache is back, empty.", indent: 2)
        case .shutDown(let time):
            return wrap("shutdown at t=\(time): queued writes flushed, the cache stopped.", indent: 2)
        case .warmed(let keys, let loaded, let time):
            let found = loaded == keys.count ? "" : " (\(loaded) of them found in the store)"
            return wrap("warmed \(plural(keys.count, "key"))\(found) at t=\(time): " + keys.joined(separator: ", "), indent: 2)
        case .warmedTop(let count, let spec, let time):
            return wrap("warmed the \(count) most requested keys of \(spec) at t=\(time)", indent: 2)
        case .workload(let spec, let client, let report, let time):
            var text = "workload \(spec) by \(client): \(report.requests) requests"
            if report.writes > 0 { text += " (\(report.reads) reads, \(report.writes) writes)" }
            text += ", \(report.hits) hits, \(report.misses) misses"
            if report.hits + report.misses > 0 { text += " (hit ratio \(NumberFormatting.percent(Double(report.hits) / Double(report.hits + report.misses))))" }
            if report.staleReads > 0 { text += ", \(plural(report.staleReads, "stale read"))" }
            if report.errors > 0 { text += ", \(plural(report.errors, "error"))" }
            return wrap(text + "; done at t=\(time)", indent: 2)
        case .statistics(let statistics, let context):
            return statisticsLines(statistics, context)
        case .trace(let events, let lanes):
            return TextSequenceDiagram.lines(events, lanes: lanes, width: width)
        case .state(let snapshot, let changes):
            var lines: [String] = []
            if let changes {
                lines += changeLines(changes, heading: "changes since the last state:")
                lines.append("")
            }
            return lines + stateLines(snapshot)
        case .changes(let changes, let after):
            return changeLines(changes, heading: "changed at t=\(after.time):")
        case .comparison(let comparison):
            return comparisonLines(comparison)
        }
    }

    // MARK: Statistics

    private func statisticsLines(_ stats: Statistics, _ context: StatisticsContext) -> [String] {
        var lines = wrap("stats at t=\(context.time) · \(context.pattern) · \(context.policy.rawValue), capacity \(context.capacity)", indent: 2)
        let cache = stats.cache
        lines += wrap("cache    \(plural(cache.hits, "hit")), \(plural(cache.misses, "miss", plural: "misses")), hit ratio \(NumberFormatting.percent(cache.hitRatio))", indent: 11, firstIndent: 2)
        lines += wrap("\(plural(cache.evictions, "eviction")), \(plural(cache.expirations, "expiration")), size \(cache.size) of \(context.capacity) (peak \(cache.peakSize))", indent: 11, firstIndent: 11)
        let store = stats.store
        var storeText = "store    \(plural(store.reads, "read")), \(plural(store.writes, "write"))"
        if store.failedWrites > 0 || store.failedReads > 0 {
            storeText += " · \(plural(store.failedReads, "failed read")), \(plural(store.failedWrites, "failed write"))"
        }
        lines += wrap(storeText, indent: 11, firstIndent: 2)
        if context.isWriteBack {
            let queue = stats.writeBack
            lines += wrap("queue    \(plural(queue.dirtyKeys, "dirty key")) (oldest waiting \(queue.oldestDirtyAge)), \(plural(queue.writesSaved, "write")) saved by coalescing", indent: 11, firstIndent: 2)
            lines += wrap("\(plural(queue.lostUpdates, "update")) lost, \(plural(queue.retries, "retry", plural: "retries")), \(queue.dropped) dropped", indent: 11, firstIndent: 11)
        }
        lines += wrap("latency  " + latencyText("reads", stats.readLatency), indent: 11, firstIndent: 2)
        lines += wrap(latencyText("writes", stats.writeLatency), indent: 11, firstIndent: 11)
        if stats.staleReads > 0 || stats.errors > 0 {
            lines += wrap("clients  \(plural(stats.staleReads, "stale read")), \(plural(stats.errors, "error"))", indent: 11, firstIndent: 2)
        }
        return lines
    }

    private func latencyText(_ what: String, _ summary: LatencySummary) -> String {
        guard summary.count > 0 else { return "\(what): none" }
        return "\(what) p50 \(summary.p50) · p95 \(summary.p95) · p99 \(summary.p99) · max \(summary.max)"
    }

    // MARK: State

    private func stateLines(_ snapshot: Snapshot) -> [String] {
        var lines = wrap("cache at t=\(snapshot.time): \(plural(snapshot.entries.count, "entry", plural: "entries")), next victim first", indent: 2)
        if !snapshot.entries.isEmpty {
            let keyWidth = min(16, max(3, snapshot.entries.map { DisplayWidth.of($0.key) }.max() ?? 3))
            let valueWidth = min(16, max(5, snapshot.entries.map { DisplayWidth.of($0.value ?? "(none)") }.max() ?? 5))
            let showsMetadata = snapshot.entries.contains { !$0.metadata.isEmpty }
            let header = ["  " + "key".fitted(toWidth: keyWidth), "value".fitted(toWidth: valueWidth), "dirty", "ttl left".fitted(toWidth: 8)]
                + (showsMetadata ? ["policy"] : [])
            lines.append(header.joined(separator: "  "))
            for entry in snapshot.entries {
                let row = [
                    "  " + entry.key.fitted(toWidth: keyWidth),
                    (entry.value ?? "(none)").fitted(toWidth: valueWidth),
                    (entry.dirty ? "yes" : "no").fitted(toWidth: 5),
                    (entry.ttlLeft.map(\.description) ?? "-").fitted(toWidth: 8),
                ].joined(separator: "  ") + (showsMetadata ? "  " + entry.metadata : "")
                lines.append(row.fitted(toWidth: width))
            }
        }
        if !snapshot.pendingWrites.isEmpty {
            lines.append("write queue: \(plural(snapshot.pendingWrites.count, "pending write")), oldest first")
            for write in snapshot.pendingWrites {
                let what = write.value.map { "\(write.key) = \($0)" } ?? "delete \(write.key)"
                let updates = write.updates > 1 ? ", \(write.updates) updates merged" : ""
                let writing = write.isBeingWritten ? ", being written" : ""
                lines.append(("  " + what + " (queued at t=\(write.queuedAt)\(updates)\(writing))").fitted(toWidth: width))
            }
        }
        return lines
    }

    private func changeLines(_ diff: SnapshotDiff, heading: String) -> [String] {
        guard !diff.isEmpty else { return [heading, "  nothing"] }
        var lines = [heading]
        func entry(_ entry: Snapshot.Entry) -> String { "\(entry.key) = \(entry.value ?? "(none)")" }
        // What left comes first: a key that expired and was loaded again reads in that order.
        lines += diff.evicted.map { "  - " + entry($0) + "  evicted" }
        lines += diff.expired.map { "  - " + entry($0) + "  expired" }
        lines += diff.removed.map { "  - " + entry($0) + "  removed" }
        lines += diff.added.map { "  + " + entry($0) + "  added" }
        lines += diff.updated.map { "  * \($0.after.key): \($0.before.value ?? "(none)") → \($0.after.value ?? "(none)")  updated" }
        lines += diff.turnedDirty.map { "  ! \($0.key)  now dirty (not yet in the store)" }
        lines += diff.turnedClean.map { "  ✓ \($0.key)  now clean (the store has it)" }
        if !diff.writesQueued.isEmpty { lines += wrap("queued: " + diff.writesQueued.joined(separator: ", "), indent: 4, firstIndent: 2) }
        if !diff.writesFlushed.isEmpty { lines += wrap("left the queue: " + diff.writesFlushed.joined(separator: ", "), indent: 4, firstIndent: 2) }
        return lines.map { $0.fitted(toWidth: width) }
    }

    // MARK: Comparison

    private func comparisonLines(_ comparison: Comparison) -> [String] {
        var lines = wrap("compare on \(comparison.workload)", indent: 2)
        let columnWidth = max(10, (comparison.sizes.map { "size \($0)".count }.max() ?? 0) + 2)
        let columns = max(1, (width - 8) / columnWidth)
        for chunk in stride(from: 0, to: comparison.sizes.count, by: columns) {
            let sizes = Array(comparison.sizes[chunk..<min(chunk + columns, comparison.sizes.count)])
            lines.append("policy  " + sizes.map { "size \($0)".fitted(toWidth: columnWidth, alignRight: true) }.joined())
            for policy in comparison.policies {
                let ratios = sizes.map { size in
                    (comparison.result(policy: policy, size: size).map { NumberFormatting.percent($0.hitRatio) } ?? "-").fitted(toWidth: columnWidth, alignRight: true)
                }
                lines.append(policy.rawValue.fitted(toWidth: 8) + ratios.joined())
            }
        }
        let barWidth = max(10, width - 8 - 8)
        for size in comparison.sizes {
            lines.append("")
            lines.append("hit ratio, cache size \(size):")
            for policy in comparison.policies {
                guard let result = comparison.result(policy: policy, size: size) else { continue }
                lines.append(policy.rawValue.fitted(toWidth: 8) + bar(result.hitRatio, width: barWidth) + NumberFormatting.percent(result.hitRatio).fitted(toWidth: 8, alignRight: true))
            }
        }
        return lines
    }

    /// A horizontal bar, `fraction` of `width` columns long, in eighths of a column.
    private func bar(_ fraction: Double, width: Int) -> String {
        let eighths = Int((max(0, min(1, fraction)) * Double(width * 8)).rounded())
        let partials: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉"]
        var text = String(repeating: "█", count: eighths / 8)
        if eighths % 8 > 0 { text.append(partials[eighths % 8 - 1]) }
        return text.fitted(toWidth: width)
    }

    // MARK: Helpers

    private func wrap(_ text: String, indent: Int, firstIndent: Int = 0) -> [String] {
        TextWrap.words(String(repeating: " ", count: firstIndent) + text, width: width, indent: indent)
    }

    private func plural(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }

}

extension ScenarioSection {
    /// One-line sections that read as part of the event log.
    var isNotice: Bool {
        switch self {
        case .advanced, .flushed, .restarted, .shutDown, .warmed, .warmedTop: true
        default: false
        }
    }
}
