import CacheLab

/// What running a scenario produced: its output sections, in order, and the simulation as it
/// ended, for metrics. The terminal and the website each render the sections their own way.
public struct ScenarioRun {
    public var sections: [ScenarioSection]
    /// The final state; `nil` if the configuration itself was refused.
    public var simulation: Simulation?
    /// The step that could not run, if any. Output stops there.
    public var failure: ScenarioFailure?

    /// The value of `metric` at the end of the run.
    public func metric(_ name: String) throws -> Double {
        guard let simulation else { throw failure ?? ScenarioFailure(line: 1, message: "the scenario did not run") }
        return try simulation.metric(name)
    }
}

/// A step that could not run: over a limit, an unknown client, a store that cannot open.
public struct ScenarioFailure: Error, Hashable, Sendable, CustomStringConvertible {
    /// 1-based line within the scenario.
    public var line: Int
    public var message: String
    /// A real server failed (`cachebook run --cache/--store`), not the scenario.
    public var isServerFailure = false

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { message }
}

/// One piece of a scenario's output.
public enum ScenarioSection: Sendable {
    /// Events of client operations and the background work around them: the event log.
    case events([Event])
    case advanced(by: VirtualTime, to: VirtualTime)
    case flushed(writes: Int, at: VirtualTime)
    case crashed(CrashReport)
    case restarted(at: VirtualTime)
    case shutDown(at: VirtualTime)
    /// Keys warmed by name; `loaded` of them were in the store.
    case warmed(keys: [String], loaded: Int, at: VirtualTime)
    case warmedTop(count: Int, of: WorkloadSpec, at: VirtualTime)
    case workload(WorkloadSpec, client: String, report: WorkloadReport, at: VirtualTime)
    case statistics(Statistics, context: StatisticsContext)
    /// The events since the previous `trace`, for a sequence diagram; `lanes` lists every actor
    /// of the scenario so diagrams keep the same columns.
    case trace([Event], lanes: [Actor])
    /// The cache and write queue, with what changed since the previous `state` (if any).
    case state(Snapshot, changes: SnapshotDiff?)
    /// What a step changed, for blocks with `show=state-diff`, and the cache after it.
    case changes(SnapshotDiff, after: Snapshot)
    case comparison(Comparison)
}

/// What a `stats` block is about.
public struct StatisticsContext: Sendable, Hashable {
    public var time: VirtualTime
    public var pattern: String
    public var policy: PolicyKind
    public var capacity: Int
    public var isWriteBack: Bool
}

/// Hit ratios of several policies and cache sizes on one workload.
public struct Comparison: Sendable, Hashable {
    public var workload: WorkloadSpec
    public var policies: [PolicyKind]
    public var sizes: [Int]
    /// In policy-major order: every size of the first policy, then the next policy.
    public var results: [ReplayResult]

    public func result(policy: PolicyKind, size: Int) -> ReplayResult? {
        results.first { $0.policy == policy && $0.capacity == size }
    }
}
