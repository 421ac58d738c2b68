import CacheLab
import CachebookNotebook

/// A sequence diagram as SVG: a lane per client, the cache, the write queue and the store;
/// arrows labelled with the operation, hit or miss and latency; crashes and lost writes marked.
/// It carries a `<title>` and a `<desc>` that tells the story in words for screen readers.
public enum SVGSequenceDiagram {
    static let laneWidth = 84
    static let timeColumn = 70
    static let rowHeight = 22
    static let headerHeight = 34
    /// Labels sit in a column of their own, right of the lanes, as in the text diagram, so
    /// they never cross an arrow; longer ones are cut.
    static let labelWidth = 400
    static let labelCharacters = 60

    /// The diagram of `events`, or `nil` if there is nothing to draw. `id` keeps the ids of
    /// several diagrams on one page apart.
    ///
    /// - Complexity: O(*n* log *n*) in the number of events.
    public static func svg(events: [Event], lanes: [Actor], title: String, id: String) -> String? {
        let diagram = SequenceDiagram(events: events, lanes: lanes)
        guard !diagram.rows.isEmpty else { return nil }
        let labelX = timeColumn + lanes.count * laneWidth + 8
        let width = labelX + labelWidth
        let height = headerHeight + diagram.rows.count * rowHeight + 12
        func laneX(_ index: Int) -> Int { timeColumn + index * laneWidth + laneWidth / 2 }

        var svg = ""
        // About 250 bytes a row and a sentence of the description each: reserved once, not grown
        // append by append.
        svg.reserveCapacity(1_024 + diagram.rows.count * 400)
        svg += "<svg class=\"sequence\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(width) \(height)\""
        svg += " width=\"\(width)\" height=\"\(height)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\">\n"
        svg += "<title id=\"\(id)-title\">\(HTML.escape(title))</title>\n"
        svg += "<desc id=\"\(id)-desc\">\(HTML.escape(description(diagram)))</desc>\n"
        svg += "<defs><marker id=\"\(id)-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">"
        svg += "<path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/></marker></defs>\n"
        for (index, lane) in lanes.enumerated() {
            let x = laneX(index)
            svg += "<text class=\"lane-name\" x=\"\(x)\" y=\"18\" text-anchor=\"middle\">\(HTML.escape(lane.description))</text>\n"
            svg += "<line class=\"lane\" x1=\"\(x)\" y1=\"26\" x2=\"\(x)\" y2=\"\(height - 6)\"/>\n"
        }
        for (number, row) in diagram.rows.enumerated() {
            let y = headerHeight + number * rowHeight + rowHeight / 2
            svg += "<text class=\"time\" x=\"\(timeColumn - 8)\" y=\"\(y + 4)\" text-anchor=\"end\">\(HTML.escape(row.time.description))</text>\n"
            let rowClass = row.isAlarm ? "step alarm" : row.isAnswer ? "step answer" : "step"
            guard let from = lanes.firstIndex(of: row.from) else { continue }
            svg += "<g class=\"\(rowClass)\">"
            if let target = row.to, let to = lanes.firstIndex(of: target), to != from {
                let (x1, x2) = (laneX(from), laneX(to))
                let inset = x2 > x1 ? -4 : 4
                svg += "<circle cx=\"\(x1)\" cy=\"\(y)\" r=\"3\" class=\"origin\"/>"
                svg += "<line x1=\"\(x1)\" y1=\"\(y)\" x2=\"\(x2 + inset)\" y2=\"\(y)\" marker-end=\"url(#\(id)-arrow)\"/>"
            } else {
                let x = laneX(from)
                svg += row.isAlarm
                    ? "<path d=\"M \(x - 6) \(y - 6) L \(x + 6) \(y + 6) M \(x + 6) \(y - 6) L \(x - 6) \(y + 6)\" class=\"cross\"/>"
                    : "<rect x=\"\(x - 5)\" y=\"\(y - 5)\" width=\"10\" height=\"10\" transform=\"rotate(45 \(x) \(y))\" class=\"mark\"/>"
            }
            // A label of no more bytes than characters allowed fits without counting its characters.
            let fits = row.label.utf8.count <= labelCharacters || row.label.count <= labelCharacters
            let label = fits ? row.label : String(row.label.prefix(labelCharacters - 1)) + "…"
            svg += "<text x=\"\(labelX)\" y=\"\(y + 4)\">\(HTML.escape(label))</text></g>\n"
        }
        return svg + "</svg>\n"
    }

    /// The diagram in words, one sentence per row.
    static func description(_ diagram: SequenceDiagram) -> String {
        diagram.rows.map { row in
            let target = row.to.map { " to \($0)" } ?? ""
            return "At \(row.time), \(row.from)\(target): \(row.label)\(row.isAlarm ? " (problem)" : "")."
        }.joined(separator: " ")
    }
}
