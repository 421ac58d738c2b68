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

        // Written as bytes: a diagram is hundreds of small pieces, and a string interpolated
        // for each cost more than the rest of the diagram.
        var svg = SVGBytes()
        // About 250 bytes a row and a sentence of the description each: reserved once.
        svg.bytes.reserveCapacity(1_024 + diagram.rows.count * 400)
        svg.add("<svg class=\"sequence\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ", .number(width), " ", .number(height), "\"")
        svg.add(" width=\"", .number(width), "\" height=\"", .number(height), "\" role=\"img\" aria-labelledby=\"", .text(id), "-title ", .text(id), "-desc\">\n")
        svg.add("<title id=\"", .text(id), "-title\">", .text(HTML.escape(title)), "</title>\n")
        svg.add("<desc id=\"", .text(id), "-desc\">", .text(HTML.escape(description(diagram))), "</desc>\n")
        svg.add("<defs><marker id=\"", .text(id), "-arrow\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto-start-reverse\">")
        svg.add("<path d=\"M 0 0 L 10 5 L 0 10 z\" class=\"arrowhead\"/></marker></defs>\n")
        for (index, lane) in lanes.enumerated() {
            let x = laneX(index)
            svg.add("<text class=\"lane-name\" x=\"", .number(x), "\" y=\"18\" text-anchor=\"middle\">", .text(HTML.escape(lane.description)), "</text>\n")
            svg.add("<line class=\"lane\" x1=\"", .number(x), "\" y1=\"26\" x2=\"", .number(x), "\" y2=\"", .number(height - 6), "\"/>\n")
        }
        for (number, row) in diagram.rows.enumerated() {
            let y = headerHeight + number * rowHeight + rowHeight / 2
            svg.add("<text class=\"time\" x=\"", .number(timeColumn - 8), "\" y=\"", .number(y + 4), "\" text-anchor=\"end\">", .text(HTML.escape(row.time.description)), "</text>\n")
            let rowClass = row.isAlarm ? "step alarm" : row.isAnswer ? "step answer" : "step"
            guard let from = lanes.firstIndex(of: row.from) else { continue }
            svg.add("<g class=\"", .text(rowClass), "\">")
            if let target = row.to, let to = lanes.firstIndex(of: target), to != from {
                let (x1, x2) = (laneX(from), laneX(to))
                let inset = x2 > x1 ? -4 : 4
                svg.add("<circle cx=\"", .number(x1), "\" cy=\"", .number(y), "\" r=\"3\" class=\"origin\"/>")
                svg.add("<line x1=\"", .number(x1), "\" y1=\"", .number(y), "\" x2=\"", .number(x2 + inset), "\" y2=\"", .number(y), "\" marker-end=\"url(#", .text(id), "-arrow)\"/>")
            } else {
                let x = laneX(from)
                if row.isAlarm {
                    svg.add("<path d=\"M ", .number(x - 6), " ", .number(y - 6), " L ", .number(x + 6), " ", .number(y + 6), " M ", .number(x + 6), " ", .number(y - 6), " L ", .number(x - 6), " ", .number(y + 6), "\" class=\"cross\"/>")
                } else {
                    svg.add("<rect x=\"", .number(x - 5), "\" y=\"", .number(y - 5), "\" width=\"10\" height=\"10\" transform=\"rotate(45 ", .number(x), " ", .number(y), ")\" class=\"mark\"/>")
                }
            }
            // A label of no more bytes than characters allowed fits without counting its characters.
            let fits = row.label.utf8.count <= labelCharacters || row.label.count <= labelCharacters
            let label = fits ? row.label : String(row.label.prefix(labelCharacters - 1)) + "…"
            svg.add("<text x=\"", .number(labelX), "\" y=\"", .number(y + 4), "\">", .text(HTML.escape(label)), "</text></g>\n")
        }
        svg.add("</svg>\n")
        return String(decoding: svg.bytes, as: UTF8.self)
    }

    /// The diagram in words, one sentence per row.
    static func description(_ diagram: SequenceDiagram) -> String {
        diagram.rows.map { row in
            let target = row.to.map { " to \($0)" } ?? ""
            return "At \(row.time), \(row.from)\(target): \(row.label)\(row.isAlarm ? " (problem)" : "")."
        }.joined(separator: " ")
    }
}

/// SVG text built as bytes from texts and whole numbers.
struct SVGBytes {
    var bytes: [UInt8] = []

    /// A piece of SVG: a text, as it is, or a whole number in decimal.
    enum Piece: ExpressibleByStringLiteral {
        case text(String)
        case number(Int)

        init(stringLiteral text: String) { self = .text(text) }
    }

    /// Appends `pieces` in order.
    ///
    /// - Complexity: O(*n*) in the length of the pieces.
    mutating func add(_ pieces: Piece...) {
        for piece in pieces {
            switch piece {
            case .text(let text): bytes += text.utf8
            case .number(let number): appendDecimal(number)
            }
        }
    }

    private mutating func appendDecimal(_ number: Int) {
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var digits = 1
        var rest = number.magnitude
        while rest >= 10 {
            rest /= 10
            digits += 1
        }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: digits))
        rest = number.magnitude
        for index in (start..<start + digits).reversed() {
            bytes[index] += UInt8(rest % 10)
            rest /= 10
        }
    }
}
