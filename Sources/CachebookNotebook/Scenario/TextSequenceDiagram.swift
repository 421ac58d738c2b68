import CacheLab
import CachebookText

/// A sequence diagram drawn in text: a lane per client, the cache, the write queue and the
/// store, and one row per step with an arrow between lanes and what happened beside it.
///
/// ```
///     time  app    cache  store
///        0  ●─────▶│      │      get user:1: miss
///    500us  ●─────────────▶      read user:1 = Alice (5ms)
/// ```
enum TextSequenceDiagram {
    static let timeWidth = 8
    static let laneSpacing = 7

    static func lines(_ events: [Event], lanes: [Actor], width: Int) -> [String] {
        let rows = rows(from: events)
        guard !rows.isEmpty else { return ["(nothing happened)"] }
        let diagramWidth = timeWidth + 2 + lanes.count * laneSpacing
        var lines = [String(repeating: " ", count: timeWidth - 4) + "time  "
            + lanes.map { $0.description.fitted(toWidth: laneSpacing) }.joined()]
        for row in rows {
            var cells = [Character](repeating: " ", count: lanes.count * laneSpacing)
            for index in lanes.indices { cells[index * laneSpacing] = "│" }
            let from = lanes.firstIndex(of: row.from)
            let to = row.to.flatMap { lanes.firstIndex(of: $0) }
            switch (from, to) {
            case let (from?, to?) where from != to:
                let (low, high) = (min(from, to) * laneSpacing, max(from, to) * laneSpacing)
                for column in low...high { cells[column] = "─" }
                cells[from * laneSpacing] = "●"
                cells[to * laneSpacing] = from < to ? "▶" : "◀"
            case let (from?, _):
                cells[from * laneSpacing] = row.isAlarm ? "✖" : "◆"
            default:
                break
            }
            let prefix = row.time.description.fitted(toWidth: timeWidth, alignRight: true) + "  " + String(cells)
            let room = width - diagramWidth - 1
            lines.append(room >= 10 ? prefix + " " + row.label.fitted(toWidth: room).trimmingTrailingSpaces : prefix.trimmingTrailingSpaces)
        }
        return lines
    }

    private struct Row {
        var time: VirtualTime
        var from: Actor
        var to: Actor?
        var label: String
        var isAlarm = false
        /// The client operation the row belongs to.
        var operation: Int?
        var isAnswer = false
        var sequence: Int
    }

    private static func rows(from events: [Event]) -> [Row] {
        var rows: [Row] = []
        for event in events {
            let key = event.key.map { " " + $0 } ?? ""
            let value = event.value.map { " = " + $0 } ?? ""
            let latency = event.latency == .zero ? "" : " (\(event.latency))"
            if event.isOperation {
                // The answer travels back to the client when the operation ends.
                let answer = event.action == .put || event.action == .delete ? event.outcome.rawValue : (event.value ?? "none") + ", " + event.outcome.rawValue
                rows.append(Row(time: event.time + event.latency, from: event.target ?? .cache, to: event.actor,
                                label: "\(event.action.scenarioName)\(key) → \(answer)\(latency)", isAlarm: event.outcome == .error,
                                operation: event.operation, isAnswer: true, sequence: event.sequence))
                continue
            }
            let outcome = [.ok, .hit, .miss].contains(event.outcome) && event.action != .lookup ? "" : ": " + event.outcome.rawValue
            let detail = event.detail.map { " (\($0))" } ?? ""
            let isAlarm = [.crash, .lost, .drop].contains(event.action) || event.outcome == .error
            rows.append(Row(time: event.time, from: event.actor, to: event.target,
                            label: "\(event.action.rawValue)\(key)\(value)\(outcome)\(latency)\(detail)", isAlarm: isAlarm,
                            operation: event.operation, sequence: event.sequence))
        }
        // At one instant: the last steps of operations that end then, their answers, then
        // everything that starts then.
        let answersAt = Set(rows.filter(\.isAnswer).compactMap { row in row.operation.map { "\($0)@\(row.time.microseconds)" } })
        func phase(_ row: Row) -> Int {
            if row.isAnswer { return 1 }
            guard let operation = row.operation else { return 2 }
            return answersAt.contains("\(operation)@\(row.time.microseconds)") ? 0 : 2
        }
        return rows.sorted { ($0.time, phase($0), $0.sequence) < ($1.time, phase($1), $1.sequence) }
    }
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
