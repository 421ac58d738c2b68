import CacheLab
import CachebookMarkdown
import CachebookNotebook

/// A runnable block on the website, run at build time: its scenario, its output, a sequence
/// diagram of everything it did, its `state` steps as tables and its comparisons as charts.
enum ScenarioHTML {
    /// Diagrams longer than this show their first rows and say how many were left out.
    static let maximumDiagramEvents = 160

    static func html(_ execution: BlockExecution, anchor: String) -> String {
        let block = execution.block
        var html = "<figure class=\"cachelab\" id=\"\(anchor)\">\n"
        if let title = block.title {
            html += "<figcaption>\(HTML.escape(title))</figcaption>\n"
        }
        html += "<div class=\"scenario\"><div class=\"cell-label\">scenario</div>"
        html += "<pre><code class=\"language-cachelab\">\(HTML.escape(block.source))</code></pre></div>\n"
        html += "<div class=\"output\"><div class=\"cell-label\">output</div><pre>\(HTML.escape(execution.output))</pre></div>\n"
        guard let run = execution.run else { return html + "</figure>\n" }
        var tableNumber = 0
        for section in run.sections {
            switch section {
            case .state(let snapshot, let changes):
                tableNumber += 1
                html += stateTable(snapshot, changes: changes, caption: "Cache at t=\(snapshot.time), next victim first")
            case .changes(let changes, let after):
                html += stateTable(after, changes: changes, caption: "Cache after the step at t=\(after.time), changed rows marked")
            case .comparison(let comparison):
                tableNumber += 1
                html += "<div class=\"chart-box\">" + SVGComparisonChart.svg(comparison, id: "\(anchor)-chart-\(tableNumber)") + "</div>\n"
            default:
                break
            }
        }
        if let simulation = run.simulation, let lanes = lanes(of: run) {
            let events = simulation.events
            let shown = Array(events.prefix(maximumDiagramEvents))
            let title = "Sequence diagram of " + (block.title.map { "“\($0)”" } ?? "the scenario")
            if let svg = SVGSequenceDiagram.svg(events: shown, lanes: lanes, title: title, id: "\(anchor)-diagram") {
                html += "<details class=\"diagram\" open><summary>Sequence diagram</summary><div class=\"diagram-box\">\(svg)</div>"
                if events.count > shown.count {
                    html += "<p class=\"note\">The first \(shown.count) of \(events.count) steps.</p>"
                }
                html += "</details>\n"
            }
        }
        return html + "</figure>\n"
    }

    /// The lanes the run's diagrams use, taken from any `trace` section or worked out afresh.
    private static func lanes(of run: ScenarioRun) -> [Actor]? {
        for section in run.sections {
            if case .trace(_, let lanes) = section { return lanes }
        }
        guard let simulation = run.simulation else { return nil }
        var clients: [String] = []
        for event in simulation.events {
            for actor in [event.actor, event.target].compactMap({ $0 }) {
                if case .client(let name) = actor, !clients.contains(name) { clients.append(name) }
            }
        }
        var lanes = clients.map(Actor.client) + [.cache]
        if case .writeBack = simulation.configuration.pattern { lanes.append(.writeQueue) }
        return lanes + [.store]
    }

    /// The cache's entries, next victim first; with `changes`, the rows a step touched are marked
    /// and the entries it dropped are listed after the rest.
    private static func stateTable(_ snapshot: Snapshot, changes: SnapshotDiff?, caption: String) -> String {
        // Each changed key's kind of change, and the words its row shows.
        // A write-back update also turns the entry dirty: the row says both, coloured by the first.
        var labels: [String: (kind: String, text: String)] = [:]
        func label(_ key: String, _ kind: String, _ text: String) {
            labels[key] = labels[key].map { ($0.kind, $0.text + "; " + text) } ?? (kind, text)
        }
        if let changes {
            for entry in changes.added { label(entry.key, "added", "added") }
            for update in changes.updated { label(update.after.key, "updated", "updated, was \(update.before.value ?? "(none)")") }
            for entry in changes.turnedDirty { label(entry.key, "now dirty", "now dirty") }
            for entry in changes.turnedClean { label(entry.key, "now clean", "now clean") }
        }
        var html = "<table class=\"state\"><caption>\(HTML.escape(caption))</caption>\n"
        html += "<thead><tr><th scope=\"col\">key</th><th scope=\"col\">value</th><th scope=\"col\">dirty</th><th scope=\"col\">ttl left</th><th scope=\"col\">policy</th>"
        html += changes == nil ? "" : "<th scope=\"col\">change</th>"
        html += "</tr></thead><tbody>\n"
        for entry in snapshot.entries {
            let label = labels[entry.key]
            html += "<tr" + (label.map { " class=\"changed \(cssClass($0.kind))\"" } ?? "") + ">"
            html += cells(entry) + (changes == nil ? "" : "<td>\(HTML.escape(label?.text ?? ""))</td>") + "</tr>\n"
        }
        if let changes {
            for (entries, label) in [(changes.evicted, "evicted"), (changes.expired, "expired"), (changes.removed, "removed")] {
                for entry in entries {
                    html += "<tr class=\"changed \(label) gone\">" + cells(entry) + "<td>\(label)</td></tr>\n"
                }
            }
        }
        html += "</tbody></table>\n"
        if !snapshot.pendingWrites.isEmpty {
            html += "<table class=\"state queue\"><caption>Write queue, oldest first</caption>\n"
            html += "<thead><tr><th scope=\"col\">key</th><th scope=\"col\">value</th><th scope=\"col\">queued at</th><th scope=\"col\">updates</th></tr></thead><tbody>\n"
            for write in snapshot.pendingWrites {
                html += "<tr><td>\(HTML.escape(write.key))</td><td>\(HTML.escape(write.value ?? "(delete)"))</td><td>t=\(write.queuedAt)\(write.isBeingWritten ? " (being written)" : "")</td><td>\(write.updates)</td></tr>\n"
            }
            html += "</tbody></table>\n"
        }
        return html
    }

    private static func cells(_ entry: Snapshot.Entry) -> String {
        "<td>\(HTML.escape(entry.key))</td><td>\(HTML.escape(entry.value ?? "(none)"))</td><td>\(entry.dirty ? "yes" : "no")</td>"
            + "<td>\(entry.ttlLeft.map(\.description) ?? "-")</td><td>\(HTML.escape(entry.metadata))</td>"
    }

    private static func cssClass(_ label: String) -> String {
        label.replacingOccurrences(of: " ", with: "-")
    }
}
