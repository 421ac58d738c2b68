import CacheLab
import Foundation

/// What `cachebook lab` was asked to run, after its options were checked.
struct LabPlan {
    enum Source {
        case trace(path: String, format: TraceFormat)
        case workload(WorkloadSpec)
    }

    var policies: [PolicyKind]
    var sizes: [Int]
    var source: Source
    var useSizes: Bool
    var seed: UInt64

    /// Loads or generates the trace, with next-access times when Belady is asked for.
    func loadTrace() throws -> Trace {
        var trace: Trace
        switch source {
        case .trace(let path, let format): trace = try TraceReader.read(path: path, format: format)
        case .workload(let spec): trace = try Trace.generate(spec)
        }
        if policies.contains(where: \.needsFutureKnowledge) { trace = trace.withNextAccess() }
        return trace
    }

    /// The line above the table saying what was replayed.
    func sourceLine(_ trace: Trace) -> String {
        let counts = "\(trace.count) requests, \(trace.keyCount) keys"
        switch source {
        case .trace(let path, let format):
            return "trace: \(path) (\(format.rawValue)), \(counts)" + (useSizes ? ", sizes in bytes" : "")
        case .workload(let spec):
            return "workload: \(spec), \(counts)"
        }
    }
}

/// Runs the replays of a plan, timing each one; the only place CacheLab's results meet a clock.
enum LabRunner {
    static func run(_ plan: LabPlan, on trace: Trace) throws -> [LabRow] {
        var rows: [LabRow] = []
        let clock = ContinuousClock()
        for policy in plan.policies {
            for size in plan.sizes {
                let start = clock.now
                let result = try Replay.run(trace, policy: policy, capacity: size, useSizes: plan.useSizes, seed: plan.seed)
                let elapsed = clock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
                rows.append(LabRow(result: result, replaySeconds: seconds))
            }
        }
        return rows
    }
}
