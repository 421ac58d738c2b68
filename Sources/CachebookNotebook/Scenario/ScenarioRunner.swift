import CacheLab
import Foundation

/// Runs a parsed scenario on CacheLab and collects its output sections.
public struct ScenarioRunner: Sendable {
    /// The most requests all the workloads, warm-ups and comparisons of one scenario may make.
    public static let maximumRequests = 5_000_000

    /// After every step, show what it changed in the cache (the `show=state-diff` block option).
    public var showsChanges: Bool
    /// Where `store sqlite file=NAME` databases go; `nil` keeps them in memory.
    public var databaseDirectory: URL?

    public init(showsChanges: Bool = false, databaseDirectory: URL? = nil) {
        self.showsChanges = showsChanges
        self.databaseDirectory = databaseDirectory
    }

    /// Runs `scenario`, on the real servers of `backends` if it has any. Problems become the
    /// run's ``ScenarioRun/failure``; nothing traps.
    ///
    /// - Complexity: O(*r* log *r*) in the requests the scenario makes.
    public func run(_ scenario: Scenario, backends: RealBackends = RealBackends()) -> ScenarioRun {
        var configuration = scenario.configuration
        if case .sqlite(let name) = configuration.store.kind, name != ":memory:" {
            if let databaseDirectory {
                let file = databaseDirectory.appendingPathComponent(name)
                try? FileManager.default.createDirectory(at: databaseDirectory, withIntermediateDirectories: true)
                // Each run tells its story from the start.
                try? FileManager.default.removeItem(at: file)
                configuration.store.kind = .sqlite(path: file.path)
            } else {
                configuration.store.kind = .sqlite(path: ":memory:")
            }
        }
        if let failure = checkRequestBudget(scenario) {
            return ScenarioRun(sections: [], simulation: nil, failure: failure)
        }
        let simulation: Simulation
        do {
            simulation = try Simulation(configuration, backends: backends)
        } catch {
            return ScenarioRun(sections: [], simulation: nil, failure: ScenarioFailure(line: 1, message: error.description))
        }
        var state = RunState(simulation: simulation, lanes: lanes(for: scenario))
        for step in scenario.steps {
            do {
                try state.perform(step, showsChanges: showsChanges)
                try simulation.throwPendingFailure()
            } catch let error as ScenarioError {
                var failure = ScenarioFailure(line: step.line, message: error.description)
                switch error {
                case .cacheServer: failure.isServerFailure = true
                case .store: failure.isServerFailure = backends.store != nil
                default: break
                }
                return ScenarioRun(sections: state.sections, simulation: simulation, failure: failure)
            } catch {
                return ScenarioRun(sections: state.sections, simulation: simulation, failure: ScenarioFailure(line: step.line, message: "\(error)"))
            }
        }
        return ScenarioRun(sections: state.sections, simulation: simulation, failure: nil)
    }

    /// Refuses, before anything runs, a scenario whose workloads add up to too many requests.
    private func checkRequestBudget(_ scenario: Scenario) -> ScenarioFailure? {
        var total = 0
        for step in scenario.steps {
            let requests: Int
            switch step.action {
            case .workload(let spec, _): requests = spec.requests
            case .warmTop(_, let spec): requests = spec.requests
            case .compare(let policies, let sizes, let spec): requests = spec.requests.multipliedReportingOverflow(by: policies.count * sizes.count).partialValue
            default: continue
            }
            total = total.addingReportingOverflow(requests).overflow ? .max : total + requests
            if total > Self.maximumRequests {
                return ScenarioFailure(line: step.line, message: "the scenario makes more than \(Self.maximumRequests) requests in all; lower `requests=`")
            }
        }
        return nil
    }

    /// Every actor the scenario can involve, in the order diagrams draw them: clients, cache,
    /// write queue (for write-back), store.
    private func lanes(for scenario: Scenario) -> [Actor] {
        var clients = scenario.configuration.clients
        if clients.isEmpty {
            for step in scenario.steps {
                let operations: [ClientOperation]
                switch step.action {
                case .operation(let operation): operations = [operation]
                case .together(let group): operations = group
                case .workload(_, let client): operations = [ClientOperation(client: client, .get(""))]
                default: operations = []
                }
                for operation in operations where !clients.contains(operation.client) { clients.append(operation.client) }
            }
        }
        if clients.isEmpty { clients = [scenario.defaultClient] }
        var lanes = clients.map(Actor.client) + [.cache]
        if case .writeBack = scenario.configuration.pattern { lanes.append(.writeQueue) }
        lanes.append(.store)
        return lanes
    }
}

/// The moving parts of one run.
private struct RunState {
    let simulation: Simulation
    let lanes: [Actor]
    var sections: [ScenarioSection] = []
    var traceStart = 0
    var lastState: Snapshot?

    init(simulation: Simulation, lanes: [Actor]) {
        self.simulation = simulation
        self.lanes = lanes
    }

    mutating func perform(_ step: ScenarioStep, showsChanges: Bool) throws {
        let mark = simulation.eventCount
        let before = showsChanges ? simulation.snapshot() : nil
        switch step.action {
        case .preload(let rows):
            try simulation.preload(rows)
        case .operation(let operation):
            try simulation.perform(operation)
            sections.append(.events(simulation.events(since: mark)))
        case .together(let operations):
            _ = try simulation.overlap(operations)
            sections.append(.events(simulation.events(since: mark)))
        case .advance(let duration):
            try simulation.advance(by: duration)
            sections.append(.advanced(by: duration, to: simulation.now))
            appendEvents(since: mark)
        case .flush:
            let writes = try simulation.flush()
            appendEvents(since: mark)
            sections.append(.flushed(writes: writes, at: simulation.now))
        case .crash:
            sections.append(.crashed(simulation.crash()))
        case .restart:
            try simulation.restart()
            sections.append(.restarted(at: simulation.now))
        case .shutdown:
            try simulation.shutdown()
            appendEvents(since: mark)
            sections.append(.shutDown(at: simulation.now))
        case .warmKeys(let keys):
            try simulation.warm(keys)
            let snapshot = simulation.snapshot()
            let loaded = keys.filter { snapshot.entry($0) != nil }.count
            sections.append(.warmed(keys: keys, loaded: loaded, at: simulation.now))
        case .warmTop(let count, let spec):
            try simulation.warm(topKeysOf: spec, count: count)
            sections.append(.warmedTop(count: count, of: spec, at: simulation.now))
        case .workload(let spec, let client):
            let report = try simulation.runWorkload(spec, by: client)
            sections.append(.workload(spec, client: client, report: report, at: simulation.now))
        case .stats:
            let configuration = simulation.configuration
            var isWriteBack = false
            if case .writeBack = configuration.pattern { isWriteBack = true }
            sections.append(.statistics(simulation.statistics, context: StatisticsContext(
                time: simulation.now, pattern: configuration.pattern.name, policy: configuration.cache.policy,
                capacity: configuration.cache.capacity, isWriteBack: isWriteBack)))
        case .trace:
            sections.append(.trace(simulation.events(since: traceStart), lanes: lanes))
            traceStart = simulation.eventCount
        case .state:
            let snapshot = simulation.snapshot()
            sections.append(.state(snapshot, changes: lastState.map { simulation.diff(from: $0, to: snapshot) }))
            lastState = snapshot
        case .compare(let policies, let sizes, let spec):
            try spec.validate(limits: simulation.configuration.limits)
            let trace = try Trace.generate(spec, limits: simulation.configuration.limits)
            let replayed = policies.contains(where: \.needsFutureKnowledge) ? trace.withNextAccess() : trace
            var results: [ReplayResult] = []
            for policy in policies {
                for size in sizes {
                    results.append(try Replay.run(replayed, policy: policy, capacity: size, seed: simulation.configuration.seed))
                }
            }
            sections.append(.comparison(Comparison(workload: spec, policies: policies, sizes: sizes, results: results)))
        }
        if let before, !step.isObservation {
            let after = simulation.snapshot()
            let changes = simulation.diff(from: before, to: after)
            if !changes.isEmpty { sections.append(.changes(changes, after: after)) }
        }
    }

    /// Adds the events since `mark` if any of them is worth a line in the log.
    private mutating func appendEvents(since mark: Int) {
        let events = simulation.events(since: mark)
        if events.contains(where: EventLog.isShown) { sections.append(.events(events)) }
    }
}

extension ScenarioStep {
    /// Steps that only look (and so change nothing worth a diff).
    var isObservation: Bool {
        switch action {
        case .stats, .trace, .state, .compare: true
        default: false
        }
    }
}
