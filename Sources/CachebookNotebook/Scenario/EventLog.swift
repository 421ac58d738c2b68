import CacheLab
import CachebookText

/// The event log: one line per client operation (time, client, operation, key, result, value,
/// latency), with the background work around it (evictions, flushes, retries) as notes.
enum EventLog {
    /// Column widths for an output `width` columns wide: roomy from 76 columns, compact below.
    struct Layout {
        var gap: String
        var key: Int
        var value: Int

        /// In the compact layout the room left for keys and values is shared by what `events`
        /// log: `stock:42` keeps its name beside one-digit values, rather than both being cut
        /// to six columns.
        init(width: Int, events: [Event] = []) {
            if width >= 76 {
                (gap, key, value) = ("  ", 12, 12)
                return
            }
            gap = " "
            // The five fixed columns and six gaps take 43; the headers need 3 and 5.
            let room = max(12, width - 43)
            let operations = events.filter(\.isOperation)
            let keyNeed = max(3, operations.map { DisplayWidth.of($0.key ?? "") }.max() ?? 0)
            let valueNeed = max(5, operations.map { DisplayWidth.of(EventLog.value(of: $0)) }.max() ?? 0)
            guard keyNeed + valueNeed > room else {
                (key, value) = (room - valueNeed, valueNeed)
                return
            }
            // Not enough for both: each keeps at least half the room, or all it needs.
            key = max(6, min(keyNeed, room - min(valueNeed, room / 2)))
            value = max(6, room - key)
        }

        /// time 8, client 6, op 7, result 8, latency 8, and the key and value columns.
        func line(_ columns: [String]) -> String {
            let widths = [8, 6, 7, key, 8, value, 8]
            return zip(columns, widths).enumerated().map { index, pair in
                pair.0.fitted(toWidth: pair.1, alignRight: index == 0 || index == 6)
            }.joined(separator: gap)
        }
    }

    static func header(layout: Layout) -> String {
        layout.line(["time", "client", "op", "key", "result", "value", "latency"])
    }

    /// Whether `event` gets a line of its own in the log.
    static func isShown(_ event: Event) -> Bool {
        event.isOperation || note(for: event) != nil
    }

    /// The log lines of `events`, in order.
    static func lines(_ events: [Event], width: Int, layout: Layout) -> [String] {
        var lines: [String] = []
        for event in events {
            if event.isOperation {
                lines.append(operationLine(event, layout: layout))
                if event.outcome == .error, let detail = event.detail {
                    lines += TextWrap.words(String(repeating: " ", count: 10) + "! " + detail, width: width, indent: 12)
                } else if event.outcome == .stale, let detail = event.detail {
                    lines += TextWrap.words(String(repeating: " ", count: 10) + "! stale: " + detail, width: width, indent: 12)
                }
            } else if let note = note(for: event) {
                lines += TextWrap.words(event.time.description.fitted(toWidth: 8, alignRight: true) + "  · " + note, width: width, indent: 12)
            }
        }
        return lines
    }

    /// What the value column shows for an operation.
    static func value(of event: Event) -> String {
        switch event.action {
        case _ where event.outcome == .error, .delete: "-"
        default: event.value ?? "(not found)"
        }
    }

    private static func operationLine(_ event: Event, layout: Layout) -> String {
        let value = value(of: event)
        // A hit on a cached "not found" is still a hit; its value says what was cached.
        let result = event.outcome == .negative ? "hit" : event.outcome.rawValue
        return layout.line([
            event.time.description, event.actor.description, event.action.scenarioName,
            event.key ?? "", result, value, event.latency.description,
        ])
    }

    /// The note for a background event worth showing, or `nil`.
    static func note(for event: Event) -> String? {
        let key = event.key ?? ""
        switch event.action {
        case .evict:
            return event.outcome == .dirty ? "evicted dirty \(key): its write goes to the store first" : "evicted \(key)"
        case .expire:
            return "\(key) expired"
        case .enqueue:
            return event.outcome == .coalesced ? "\(key) merged into the write already queued" : "queued the write of \(key)"
        case .flush where event.target == .store:
            return "flush: " + (event.detail ?? "writes") + " to the store"
        case .write where event.actor == .writeQueue, .delete where event.actor == .writeQueue:
            let what = event.action == .delete ? "delete \(key)" : "\(key) = \(event.value ?? "")"
            return event.outcome == .error ? "store refused \(what)" + (event.detail.map { ": \($0)" } ?? "")
                : "writes \(what) to the store (\(event.latency))"
        case .retry:
            return "will retry \(key)" + (event.detail.map { " (\($0))" } ?? "")
        case .drop:
            return "dropped the write of \(key)" + (event.detail.map { " (\($0))" } ?? "")
        case .refresh:
            return "refresh-ahead reloads \(key)" + (event.detail.map { " (\($0))" } ?? "")
        case .wait where event.actor == .writeQueue:
            return "\(key) = \(event.value ?? "(delete)") waits behind its failed older write"
        case .wait:
            if event.outcome == .blocked { return "\(event.actor) waits: the write queue is full" }
            return "\(event.actor) waits for the load of \(key) already in flight"
        default:
            return nil
        }
    }
}

extension Action {
    /// The action as the scenario language spells it: a direct store read is `read-db`.
    var scenarioName: String {
        self == .readStore ? "read-db" : rawValue
    }
}
