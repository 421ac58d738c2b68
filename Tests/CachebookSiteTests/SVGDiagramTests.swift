import Foundation
import Testing

/// One step of a sequence diagram as drawn: an arrow between two lanes, or a mark on one.
private struct DrawnStep: Equatable, CustomStringConvertible {
    var from: String
    /// `nil` for a mark on `from`'s lane.
    var to: String?
    var label: String
    var isAlarm: Bool

    var description: String { "\(from) → \(to ?? "·") \(label)\(isAlarm ? " [alarm]" : "")" }
}

/// The SVG element `name` whose `aria-labelledby` starts with `id`, from a page.
private func svg(_ name: String, id: String, in page: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
    let start = try #require(page.range(of: "<svg class=\"\(name)\""), sourceLocation: sourceLocation)
    var search = start.lowerBound..<page.endIndex
    while let open = page.range(of: "<svg class=\"\(name)\"", range: search) {
        let close = try #require(page.range(of: "</svg>", range: open.upperBound..<page.endIndex), sourceLocation: sourceLocation)
        let element = String(page[open.lowerBound..<close.upperBound])
        if element.contains("aria-labelledby=\"\(id)-title") { return element }
        search = close.upperBound..<page.endIndex
    }
    Issue.record("no \(name) \(id)", sourceLocation: sourceLocation)
    return ""
}

/// Every match of `pattern` in `text`, as its capture groups.
private func captures(_ pattern: String, in text: String) throws -> [[String]] {
    try text.matches(of: Regex(pattern)).map { match in
        (1..<match.output.count).map { match.output[$0].substring.map(String.init) ?? "" }
    }
}

/// The lanes of a sequence diagram, by their centre's x, and its steps in order, read back from
/// the drawing's geometry (not its description).
private func drawnSteps(of diagram: String) throws -> (lanes: [String], steps: [DrawnStep]) {
    let lanes = try captures(#"<text class="lane-name" x="(\d+)"[^>]*>([^<]*)</text>"#, in: diagram)
    let laneAt = Dictionary(uniqueKeysWithValues: lanes.map { (Int($0[0])!, $0[1]) })
    // An arrow stops 4 short of its target's lane, on the side it comes from.
    func lane(near x: Int) -> String? { laneAt[x] ?? laneAt[x - 4] ?? laneAt[x + 4] }
    let steps = try captures(#"<g class="(step[^"]*)">(.*?)<text x="\d+" y="\d+">([^<]*)</text></g>"#, in: diagram).map { group in
        let shape = group[1]
        let isAlarm = group[0].contains("alarm")
        if let line = try captures(#"<line x1="(\d+)" y1="\d+" x2="(\d+)""#, in: shape).first {
            return DrawnStep(from: lane(near: Int(line[0])!) ?? "?", to: lane(near: Int(line[1])!) ?? "?", label: group[2], isAlarm: isAlarm)
        }
        // A mark is a diamond rotated about its lane's centre, or a cross centred on it.
        let centre = try captures(#"rotate\(45 (\d+) "#, in: shape).first.map { Int($0[0])! }
            ?? captures(#"<path d="M (\d+) "#, in: shape).first.map { Int($0[0])! + 6 }
        return DrawnStep(from: centre.flatMap(lane(near:)) ?? "?", to: nil, label: group[2], isAlarm: isAlarm)
    }
    return (lanes.map { $0[1] }, steps)
}

@Suite("Sequence diagrams and charts draw what the simulation recorded")
struct SVGDiagramTests {
    @Test func eachStepIsAnArrowFromItsLaneToItsTargetLabelledWithTheOperationResultAndLatency() throws {
        try withBuiltSite { site, _ in
            let diagram = try svg("sequence", id: "block-basics-diagram", in: readPage(site, "lessons/notebook.html"))
            let (lanes, steps) = try drawnSteps(of: diagram)
            #expect(lanes == ["app", "cache", "store"])
            #expect(Array(steps.prefix(5)) == [
                DrawnStep(from: "store", to: nil, label: "preload (3 rows)", isAlarm: false),
                DrawnStep(from: "app", to: "cache", label: "lookup user:1: miss (1ms)", isAlarm: false),
                DrawnStep(from: "app", to: "store", label: "read user:1 = Alice (5ms)", isAlarm: false),
                DrawnStep(from: "app", to: "cache", label: "set user:1 = Alice (1ms)", isAlarm: false),
                DrawnStep(from: "cache", to: "app", label: "get user:1 → Alice, miss (7ms)", isAlarm: false),
            ])
            #expect(steps.contains(DrawnStep(from: "cache", to: "app", label: "get user:1 → Alice, hit (1ms)", isAlarm: false)))
            #expect(steps.contains(DrawnStep(from: "cache", to: nil, label: "evict user:1 = Alice: evicted", isAlarm: false)))
            // Every answer to a client's get says hit or miss and how long it took.
            let answers = steps.filter { $0.to == "app" && $0.label.hasPrefix("get ") }
            #expect(answers.count == 4)
            for answer in answers {
                #expect(try !captures(#"^get \S+ → .+, (hit|miss) \(\d+(\.\d+)?(us|ms|s)\)$"#, in: answer.label).isEmpty, "\(answer)")
            }
            // Rows go down the page in time order, one per sentence of the description.
            let rows = try captures(#"<text class="time" x="\d+" y="(\d+)""#, in: diagram).map { Int($0[0])! }
            #expect(rows == rows.sorted() && Set(rows).count == rows.count)
            #expect(rows.count == steps.count)
            let description = try #require(captures(#"<desc id="[^"]*">([^<]*)</desc>"#, in: diagram).first?.first)
            #expect(description.components(separatedBy: "At ").count - 1 == steps.count)
        }
    }

    @Test func aCrashAndTheWritesItLostAreMarkedOnTheirLanes() throws {
        try withBuiltSite { site, _ in
            let diagram = try svg("sequence", id: "block-crash-diagram", in: readPage(site, "lessons/notebook.html"))
            let (lanes, steps) = try drawnSteps(of: diagram)
            #expect(lanes == ["app", "cache", "write-queue", "store"])
            #expect(steps.filter(\.isAlarm) == [
                DrawnStep(from: "cache", to: nil, label: "crash: lost (2 cached entries and 3 unflushed updates lost)", isAlarm: true),
                DrawnStep(from: "write-queue", to: nil, label: "lost session:1 = idle: lost (2 updates)", isAlarm: true),
                DrawnStep(from: "write-queue", to: nil, label: "lost session:2 = active: lost (1 update)", isAlarm: true),
            ])
            #expect(diagram.components(separatedBy: "class=\"cross\"").count - 1 == 3, "each problem is a cross")
            #expect(steps.contains(DrawnStep(from: "cache", to: "write-queue", label: "enqueue session:1 = active", isAlarm: false)))
            // After the restart the cache is cold and the store never got the write.
            #expect(steps.last == DrawnStep(from: "cache", to: "app", label: "get session:1 → none, stale (5.5ms)", isAlarm: false))
        }
    }

    @Test func theChartHasALinePerPolicyThroughItsHitRatioAtEachSize() throws {
        try withBuiltSite { site, _ in
            let chart = try svg("chart", id: "block-load-chart-1", in: readPage(site, "lessons/notebook.html"))
            let description = try #require(captures(#"<desc id="[^"]*">([^<]*)</desc>"#, in: chart).first?.first)
            // "Workload zipf …. lru: 23.9% at 10, 57.2% at 50; sieve: …; belady: …."
            let perPolicy = try #require(description.components(separatedBy: ". ").last).dropLast().components(separatedBy: "; ")
            let measured = try perPolicy.map { entry in
                let (policy, points) = try #require(entry.firstRange(of: ": ").map { (String(entry[..<$0.lowerBound]), entry[$0.upperBound...]) })
                return (policy, points.components(separatedBy: ", ").map { point in
                    let parts = point.components(separatedBy: "% at ")
                    return (ratio: Double(parts[0])! / 100, size: Int(parts[1])!)
                })
            }
            #expect(measured.map(\.0) == ["lru", "sieve", "belady"])
            let series = try captures(#"<g class="series series-(\d)"><polyline points="([^"]*)"([^/]*)/>.*?<text [^>]*>([^<]*)</text></g>"#, in: chart)
            #expect(series.map { $0[3] } == measured.map(\.0), "a legend entry per policy, in order")
            #expect(Set(series.map { $0[2] }).count == series.count, "each line has its own dash pattern, to read without colour")
            // The plot runs from y 20 (100%) to y 276 (0%), and from x 56 (smallest size) to 510.
            for (line, (policy, points)) in zip(series, measured) {
                let drawn = line[1].split(separator: " ").map { $0.split(separator: ",").map { Int($0)! } }
                #expect(drawn.count == points.count, "\(policy): a point per size")
                for (xy, point) in zip(drawn, points) {
                    let expectedY = 20 + (1 - point.ratio) * 256
                    #expect(abs(Double(xy[1]) - expectedY) <= 1, "\(policy) at \(point.size): y \(xy[1]), expected about \(expectedY)")
                }
                #expect(drawn.map { $0[0] } == [56, 510])
            }
        }
    }
}
