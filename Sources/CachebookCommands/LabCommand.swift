import ArgumentParser
import CacheLab
import Foundation

/// `cachebook lab`: replays a trace or a synthetic workload through policies and cache sizes.
///
/// Options that take numbers or lists are read as text and checked in `validate()`, so every bad
/// value gets the same treatment: a message naming what is wrong and how to fix it, and exit 2.
public struct LabCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "lab",
        abstract: "Replay a trace or a workload through eviction policies and cache sizes.",
        discussion: """
            Every request is a read; a miss inserts the key (demand fill). Object sizes are \
            ignored unless --bytes is given, in which case sizes count in bytes. The table \
            shows hit and miss ratios per policy and size; add belady to --policies for the \
            optimal bound. The output is deterministic: the same arguments print the same bytes.

            Policies: lru, lfu, fifo, clock, sieve, s3-fifo, arc, random, belady.
            Workloads: zipf (--alpha), uniform, hotspot (--hot-keys, --hot-requests), \
            scan (every key new), loop (0..keys-1 repeated).
            Trace formats: txt (one integer key per line), csv (header with a key column, \
            optional time, size and op), oracle-general (libCacheSim's 24-byte records).

            Examples:
              Compare four policies on a Zipf workload:
                cachebook lab --policies lru,lfu,fifo,sieve --sizes 1000,10000 \\
                    --workload zipf --alpha 1.0 --keys 100000 --requests 1000000 --seed 1
              Replay a libCacheSim trace with the optimal bound, as JSON:
                cachebook lab --policies lru,s3-fifo,belady --sizes 100,1000 \\
                    --trace trace.bin --format oracle-general --json
            """
    )

    @Option(help: ArgumentHelp("Comma-separated policies, in the order to print them.", valueName: "list"))
    var policies = "lru,lfu,fifo,clock,sieve,s3-fifo,arc"

    @Option(help: ArgumentHelp("Comma-separated cache sizes in entries (bytes with --bytes); 10k means 10000.", valueName: "list"))
    var sizes = "100,1000,10000"

    @Option(help: ArgumentHelp("A trace file to replay (instead of --workload).", valueName: "file"))
    var trace: String?

    @Option(help: ArgumentHelp("The trace format: txt, csv or oracle-general (default: from the file name).", valueName: "format"))
    var format: String?

    @Option(help: ArgumentHelp("A synthetic workload to replay (instead of --trace): zipf, uniform, hotspot, scan or loop.", valueName: "kind"))
    var workload: String?

    @Option(help: ArgumentHelp("The Zipf exponent for --workload zipf.", valueName: "alpha"))
    var alpha = "1.0"

    @Option(help: ArgumentHelp("The number of distinct keys of the workload.", valueName: "n"))
    var keys = "100000"

    @Option(help: ArgumentHelp("The number of requests of the workload.", valueName: "n"))
    var requests = "1000000"

    @Option(help: ArgumentHelp("For --workload hotspot: the fraction of keys that are hot.", valueName: "fraction"))
    var hotKeys = "0.2"

    @Option(help: ArgumentHelp("For --workload hotspot: the fraction of requests that go to hot keys.", valueName: "fraction"))
    var hotRequests = "0.8"

    @Option(help: ArgumentHelp("The seed of the workload and of the random policy.", valueName: "n"))
    var seed = "1"

    @Flag(help: "Count object sizes in bytes from the trace; --sizes are then byte budgets.")
    var bytes = false

    @Flag(help: "Print a JSON array instead of the table.")
    var json = false

    @Flag(help: "Add replay seconds and requests per second to the table (the output then varies between runs).")
    var timings = false

    @Option(name: .customLong("save-trace"), help: ArgumentHelp(
        "Also write the requests replayed, one key per line (txt), so other tools can replay the same trace.", valueName: "file"))
    var saveTrace: String?

    /// Anything ArgumentParser does not recognize, so a typo gets this command's exit code 2
    /// and a suggestion rather than the parser's generic usage error.
    @Argument(parsing: .allUnrecognized, help: .hidden)
    var unrecognized: [String] = []

    public init() {}

    public mutating func validate() throws {
        _ = try plan()
    }

    public func run() throws {
        let plan = try plan()
        let trace: Trace
        do {
            trace = try plan.loadTrace()
        } catch {
            // A trace error brings its own `fix:` line.
            throw Self.usageFailure("\(error)", hint: nil)
        }
        if case .trace(let path, let format) = plan.source, plan.useSizes, trace.sizes == nil, format != .oracleGeneral {
            throw Self.usageFailure("\(path): --bytes needs object sizes, and this \(format.rawValue) trace has none",
                                    hint: "add a size column (csv) or drop --bytes")
        }
        if let saveTrace {
            var text = ""
            text.reserveCapacity(trace.count * 7)
            for id in trace.ids {
                text += trace.keys.name(of: id)
                text += "\n"
            }
            do {
                try text.write(toFile: saveTrace, atomically: true, encoding: .utf8)
            } catch {
                throw Self.usageFailure("cannot write \(saveTrace): \(error.localizedDescription)", hint: "check that its folder exists and is writable")
            }
        }
        let rows = try LabRunner.run(plan, on: trace)
        if json {
            print(LabReport.json(rows), terminator: "")
        } else {
            print("\(plan.sourceLine(trace))\n")
            print(LabReport.table(rows, timings: timings), terminator: "")
        }
    }

    /// Checks every option and returns what to run, or prints the problem and exits 2.
    private func plan() throws -> LabPlan {
        do {
            return try makePlan()
        } catch let error as LabArgumentError {
            throw Self.usageFailure(error.description)
        } catch let error as WorkloadError {
            throw Self.usageFailure(error.description)
        } catch let error as LimitExceeded {
            throw Self.usageFailure(error.description)
        }
    }

    private func makePlan() throws -> LabPlan {
        if let first = unrecognized.first {
            throw LabArgumentError(Self.unknownArgumentMessage(first))
        }
        let policies = try LabArguments.policies(policies)
        let sizes = try LabArguments.sizes(sizes)
        guard let seed = UInt64(seed) else {
            throw LabArgumentError("--seed \"\(seed)\" is not a non-negative whole number")
        }
        switch (trace, workload) {
        case (nil, nil):
            throw LabArgumentError("give a --trace FILE or a --workload (zipf, uniform, hotspot, scan, loop)")
        case (.some, .some):
            throw LabArgumentError("give either --trace or --workload, not both")
        case (let path?, nil):
            var traceFormat = TraceFormat(guessingFrom: path)
            if let format {
                guard let parsed = TraceFormat(name: format) else {
                    throw LabArgumentError("unknown trace format \"\(format)\"; choose txt, csv or oracle-general")
                }
                traceFormat = parsed
            }
            return LabPlan(policies: policies, sizes: sizes, source: .trace(path: path, format: traceFormat), useSizes: bytes, seed: seed)
        case (nil, let kind?):
            if format != nil { throw LabArgumentError("--format only applies to --trace") }
            if bytes { throw LabArgumentError("--bytes needs a --trace with sizes; workloads have unit sizes") }
            let spec = WorkloadSpec(
                distribution: try distribution(kind), keys: try whole(keys, "--keys"),
                requests: try whole(requests, "--requests"), seed: seed)
            try spec.validate(limits: SimulationLimits())
            return LabPlan(policies: policies, sizes: sizes, source: .workload(spec), useSizes: false, seed: seed)
        }
    }

    private func distribution(_ kind: String) throws -> KeyDistribution {
        switch kind.lowercased() {
        case "zipf": return .zipf(alpha: try real(alpha, "--alpha"))
        case "uniform": return .uniform
        case "hotspot": return .hotspot(hotKeyFraction: try real(hotKeys, "--hot-keys"), hotRequestFraction: try real(hotRequests, "--hot-requests"))
        case "scan": return .scan
        case "loop": return .loop
        default: throw LabArgumentError("unknown workload \"\(kind)\"; choose zipf, uniform, hotspot, scan or loop")
        }
    }

    private func whole(_ text: String, _ option: String) throws -> Int {
        guard let value = LabArguments.count(text) else {
            throw LabArgumentError("\(option) \"\(text)\" is not a whole number (10k and 1m are accepted)")
        }
        return value
    }

    private func real(_ text: String, _ option: String) throws -> Double {
        guard let value = Double(text), value.isFinite else {
            throw LabArgumentError("\(option) \"\(text)\" is not a number")
        }
        return value
    }

    static let optionNames = [
        "--policies", "--sizes", "--trace", "--format", "--workload", "--alpha", "--keys", "--requests",
        "--hot-keys", "--hot-requests", "--seed", "--bytes", "--json", "--timings", "--help",
    ]

    /// "unknown option --polices; did you mean --policies?"
    static func unknownArgumentMessage(_ argument: String) -> String {
        guard argument.hasPrefix("-") else {
            return "unexpected argument \"\(argument)\"; every value follows an option, as in --sizes 100,1000"
        }
        let name = String(argument.split(separator: "=", maxSplits: 1)[0])
        let closest = optionNames.min { editDistance(name, $0) < editDistance(name, $1) }
        guard let closest, editDistance(name, closest) <= 3 else { return "unknown option \(name); see cachebook lab --help" }
        return "unknown option \(name); did you mean \(closest)?"
    }

    /// The Levenshtein distance between two strings.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var previous = Array(0...b.count)
        for (i, x) in a.enumerated() {
            var current = [i + 1]
            for (j, y) in b.enumerated() {
                current.append(min(previous[j + 1] + 1, current[j] + 1, previous[j] + (x == y ? 0 : 1)))
            }
            previous = current
        }
        return previous[b.count]
    }

    /// Prints `message` and `hint` as every command's errors are printed; exit code 2.
    static func usageFailure(_ message: String, hint: String? = "`cachebook lab --help` lists every option and the values it takes") -> ExitCode {
        FileHandle.standardError.write(Data(CommandFailure(message: message, hint: hint).rendered.utf8))
        return ExitCode(2)
    }
}
