import CacheLab
import CachebookText

/// A sequence diagram drawn in text: a lane per client, the cache, the write queue and the
/// store, and one row per step with an arrow between lanes and what happened beside it.
///
/// ```
///     time  app    cache  store
///        0  ●──────▶      │       lookup user:1: miss (500us)
///    500us  ●─────────────▶       read user:1 = Alice (5ms)
/// ```
enum TextSequenceDiagram {
    static let timeWidth = 8
    static let laneSpacing = 7

    static func lines(_ events: [Event], lanes: [Actor], width: Int) -> [String] {
        let diagram = SequenceDiagram(events: events, lanes: lanes)
        guard !diagram.rows.isEmpty else { return ["(nothing happened)"] }
        let diagramWidth = timeWidth + 2 + lanes.count * laneSpacing
        guard width - diagramWidth - 1 >= 10 else { return listLines(diagram, width: width) }
        // Lane names get one column less than a lane, so that neighbours never touch.
        var lines = [String(repeating: " ", count: timeWidth - 4) + "time  "
            + lanes.map { laneName($0).fitted(toWidth: laneSpacing - 1) + " " }.joined()]
        for row in diagram.rows {
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
            // A long label goes on under its arrow, beside the lanes, rather than being cut.
            let bars = String(repeating: " ", count: timeWidth + 2) + String(lanes.indices.flatMap { _ in ["│"] + Array(repeating: " ", count: laneSpacing - 1) })
            for (index, part) in TextWrap.words(row.label, width: room, indent: 0).enumerated() {
                lines.append(((index == 0 ? prefix : bars) + " " + part.fitted(toWidth: room)).trimmingTrailingSpaces)
            }
        }
        return lines
    }

    /// The same rows as a list, one arrow per line, for scenarios with more lanes than the width
    /// can draw with room for what happened (a dozen clients at 80 columns).
    private static func listLines(_ diagram: SequenceDiagram, width: Int) -> [String] {
        let arrowWidth = 20
        var lines = [String(repeating: " ", count: timeWidth - 4) + "time  " + "from → to".fitted(toWidth: arrowWidth) + " what happened"]
        for row in diagram.rows {
            let arrow = laneName(row.from) + (row.to.map { " → " + laneName($0) } ?? "")
            let prefix = row.time.description.fitted(toWidth: timeWidth, alignRight: true) + "  " + arrow.fitted(toWidth: arrowWidth)
            let room = width - timeWidth - 2 - arrowWidth - 1
            lines.append((prefix + " " + row.label.fitted(toWidth: max(1, room))).trimmingTrailingSpaces)
        }
        return lines
    }
}

/// A lane's short name: the write queue is `queue`, so that it fits its column.
private func laneName(_ actor: Actor) -> String {
    actor == .writeQueue ? "queue" : actor.description
}

extension String {
    var trimmingTrailingSpaces: String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
