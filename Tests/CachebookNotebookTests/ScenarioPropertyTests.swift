import CacheLab
import CachebookCourse
import CachebookMarkdown
@testable import CachebookNotebook
import CachebookText
import Foundation
import Testing

/// Random scenarios from the language's own vocabulary, with some lines broken on purpose, so
/// the properties below hold for what authors write, typos included.
struct RandomScenario {
    var generator: SeededGenerator

    private mutating func pick<T>(_ values: [T]) -> T { values[generator.nextInt(below: values.count)] }
    private mutating func number(_ range: ClosedRange<Int>) -> Int { range.lowerBound + generator.nextInt(below: range.count) }
    private mutating func chance(_ percent: Int) -> Bool { generator.nextInt(below: 100) < percent }

    private mutating func duration() -> String { "\(number(0...900))\(pick(["us", "ms", "s", "m"]))" }
    private mutating func key() -> String { pick(["a", "b", "user:1", "user:2", "key:0", "k"]) }
    private mutating func workload() -> String {
        let kind = pick(["zipf alpha=0.9", "uniform", "hotspot hot-keys=0.1 hot-requests=0.9", "scan", "loop"])
        return "\(kind) keys=\(number(1...50)) requests=\(number(0...300)) writes=\(pick(["0", "0.1", "0.5"])) seed=\(number(0...9))"
    }

    /// The configuration lines, then up to `maxSteps` steps.
    mutating func source(maxSteps: Int = 40) -> String {
        var lines = ["cache capacity=\(number(1...20)) policy=\(pick(["lru", "lfu", "fifo", "clock", "sieve", "s3-fifo", "arc", "random"]))"
                     + (chance(40) ? " ttl=\(duration())" : "") + (chance(20) ? " latency=\(duration())" : "")]
        if chance(50) { lines.append(pick(["store memory", "store sqlite file=random.db"]) + " read=\(duration()) write=\(duration())" + (chance(30) ? " jitter=\(duration())" : "")) }
        if chance(40) { lines.append("db a=1 b=2 user:1=Ada") }
        if chance(25) { lines.append(pick(["fault fail-writes next=\(number(1...3))", "fault fail-writes chance=0.3", "fault down from=10ms to=50ms"])) }
        lines.append(pick([
            "pattern cache-aside on-write=\(pick(["invalidate", "update"]))", "pattern read-through", "pattern write-through", "pattern write-around",
            "pattern write-back batch=\(number(1...5)) flush=\(duration()) coalesce=\(pick(["on", "off"])) on-failure=\(pick(["retry", "drop"]))"
                + (chance(50) ? " queue=\(number(1...10)) when-full=\(pick(["block", "fail"]))" : ""),
        ]))
        let clients = chance(50) ? ["alice", "bob"] : []
        if !clients.isEmpty { lines.append("clients alice bob") }
        if chance(30) { lines.append("seed \(number(0...99))") }
        for _ in 0..<number(0...maxSteps) {
            let client = clients.isEmpty ? "" : pick(clients + [""]) + " "
            let step: String
            switch number(0...15) {
            case 0...3: step = client + "get \(key())"
            case 4...5: step = client + "put \(key()) v\(number(0...9))" + (chance(20) ? " ttl=\(duration())" : "")
            case 6: step = client + "delete \(key())"
            case 7: step = "advance \(duration())"
            case 8: step = pick(["flush", "crash", "restart", "shutdown", "stats", "state", "trace"])
            case 9: step = chance(50) ? "warm a b" : "warm top=\(number(1...5)) \(workload())"
            case 10: step = "workload \(workload())"
            case 11: step = "compare policies=lru,fifo,sieve sizes=\(number(1...5)),\(number(6...10)) \(workload())"
            case 12: step = "together\n\(client)get \(key())\n+\(number(0...5))ms \(client)put \(key()) x\nend"
            case 13: step = client.trimmingCharacters(in: .whitespaces) + " read-db \(key())"
            default: step = "stats"
            }
            lines.append(step)
        }
        if chance(30), !lines.isEmpty {
            // A typo or a stray value somewhere, as authors make them.
            let index = generator.nextInt(below: lines.count)
            lines[index] = pick([lines[index] + " extra=1", String(lines[index].dropLast()), lines[index].replacingOccurrences(of: "=", with: " "), "gett a", "# " + lines[index]])
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

@Suite("Random scenarios never crash, always fit their width and always print the same")
struct ScenarioPropertyTests {
    @Test(arguments: 0..<8)
    func randomScenarios(batch: Int) {
        var random = RandomScenario(generator: SeededGenerator(seed: UInt64(9_000 + batch)))
        var ran = 0
        for round in 0..<60 {
            let source = random.source()
            let width = 40 + random.generator.nextInt(below: 161)
            let scenario: Scenario
            do {
                scenario = try ScenarioParser.parse(source)
            } catch {
                #expect(error.line >= 1 && !error.message.isEmpty, "batch \(batch) round \(round)")
                continue
            }
            ran += 1
            let first = ScenarioTranscript(width: width).lines(ScenarioRunner().run(scenario))
            let second = ScenarioTranscript(width: width).lines(ScenarioRunner().run(scenario))
            #expect(first == second, "batch \(batch) round \(round): not deterministic\n\(source)")
            for line in first where DisplayWidth.of(line) > width {
                Issue.record("batch \(batch) round \(round): \(DisplayWidth.of(line)) columns at width \(width): “\(line)”\n\(source)")
            }
        }
        // Most scenarios must parse, or the properties above say little.
        #expect(ran >= 30, "only \(ran) of 60 parsed")
    }
}

@Suite("`test --update` followed by `test` always passes")
struct OutputUpdatePropertyTests {
    /// A lesson of random blocks, each followed by a stale `output` block, no output, or a
    /// correct one: what an author has after editing scenarios.
    private func randomLesson(_ random: inout RandomScenario) -> String {
        var text = "# Random\n\n"
        for index in 0..<(1 + random.generator.nextInt(below: 4)) {
            let source = random.source(maxSteps: 12)
            text += "Block \(index).\n\n```cachelab id=b\(index)\n\(source)```\n\n"
            switch random.generator.nextInt(below: 3) {
            case 0: text += "```output\nstale\n```\n\n"
            case 1: text += "```output\n```\n\n"
            default: break
            }
        }
        return text
    }

    private func notebook(_ text: String) -> LessonNotebook {
        LessonNotebook(lesson: Lesson(
            id: "random", title: "Random", phase: "foundations", order: 1, duration: LessonDuration(minutes: 5),
            file: URL(fileURLWithPath: "/random.md"), displayPath: "random.md", coursePath: "random.md", body: text, bodyLineOffset: 0))
    }

    @Test(arguments: 0..<4)
    func updateThenTestPasses(batch: Int) throws {
        var random = RandomScenario(generator: SeededGenerator(seed: UInt64(4_200 + batch)))
        var edited = 0
        for round in 0..<25 {
            let text = randomLesson(&random)
            let report = notebook(text).test(databaseDirectory: nil)
            let updated = String(decoding: OutputBlockUpdater.apply(report.outputEdits, to: Data(text.utf8)), as: UTF8.self)
            edited += report.outputEdits.count
            let retest = notebook(updated).test(databaseDirectory: nil)
            // Blocks that fail to parse or run cannot be fixed by --update; everything else must now match.
            let failedBefore = report.blocks.filter { if case .failed = $0.status { true } else { false } }.count
            let failedAfter = retest.blocks.filter { if case .failed = $0.status { true } else { false } }.count
            #expect(failedAfter == failedBefore, "batch \(batch) round \(round)")
            #expect(retest.outputEdits.isEmpty, "batch \(batch) round \(round): still out of date after --update\n\(updated)")
            #expect(retest.blocks.allSatisfy { if case .failed = $0.status { true } else { $0.status == .passed } },
                    "batch \(batch) round \(round)\n\(updated)")
        }
        #expect(edited >= 20, "only \(edited) output blocks needed updating")
    }
}
