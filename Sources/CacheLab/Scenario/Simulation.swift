/// A discrete-event simulation of clients, a cache, a store and (for write-back) a write queue,
/// on a virtual clock.
///
/// Each client operation is a process of stages (cache lookup, store read, cache fill, …); each
/// stage is charged its component's latency, and operations submitted together with
/// ``overlap(_:)`` interleave on the clock. One client's operations run one after another.
///
/// **Linearization rule.** Every stage takes effect when it starts, except store writes, which
/// become visible when they complete: a store read sees the store as of its start, and a write is
/// not readable until it is durable. Stages due at the same instant run in the order they were
/// scheduled.
///
/// **Staleness.** A read is stale when it returns neither the latest value acknowledged before
/// it started, nor a value whose write was in progress or acknowledged while it ran.
///
/// Nothing here reads the wall clock, and all randomness comes from a ``SeededGenerator``, so a
/// scenario produces the same events, statistics and snapshots on every run and machine.
public final class Simulation {
    public let configuration: ScenarioConfiguration
    /// The virtual clock.
    public internal(set) var now = VirtualTime.zero
    /// Whether the cache is serving (not crashed or shut down).
    public internal(set) var isUp = true

    let store: any Store
    /// `store` when it is a real database whose calls are timed, looked up once rather than
    /// cast on every store call.
    let timedStore: (any TimedStore)?
    var cache: KeyedCache
    /// The real cache server the model drives, in `cachebook run --cache`; see ``RealBackends``.
    let externalCache: (any ExternalCache)?
    /// What the last cache-server call took, charged to the stage that made it.
    var measuredCacheLatency = VirtualTime.zero
    /// In real mode, the measured latency of each operation in progress, by operation id.
    var measuredByOperation: [Int: Int64] = [:]
    var generator: SeededGenerator
    var writesToFail: Int

    // The agenda: a binary min-heap of scheduled stages, by time then scheduling order.
    var agenda: [Scheduled] = []
    var nextSequence = 0
    /// Bumped by a crash so stages scheduled before it never run.
    var epoch = 0
    var steps = 0
    var failure: ScenarioError?

    var recorded: [Event] = []
    /// Off while a workload runs, so a million requests do not become a million events.
    var recordingSteps = true
    var nextOperationID = 0

    /// Acknowledged writes per key, oldest first: the reference for stale-read detection.
    var acknowledged: [String: [(time: VirtualTime, value: String?)]] = [:]
    /// Values of writes that started but are not acknowledged yet, per key.
    var writesInProgress: [String: [String?]] = [:]
    /// How many keys of each workload key prefix the store has been seeded with, all holding
    /// ``workloadSeedValue`` until written.
    var seededWorkloadKeys: [String: Int] = [:]
    static let workloadSeedValue = "v0"

    /// Single-flight: waiters for each key whose load is in flight.
    var loadsInFlight: [String: [(Result<String?, StageFailure>) -> Void]] = [:]
    var refreshesInFlight: Set<String> = []

    var writeBack = WriteBackState()
    var counters = Counters()
    var readLatencies: [Int64] = []
    var writeLatencies: [Int64] = []

    struct Scheduled {
        var time: VirtualTime
        var sequence: Int
        var epoch: Int
        var task: () -> Void
    }

    /// A stage that failed in a way the client sees (not a modelling error).
    struct StageFailure: Error, Hashable {
        var message: String
    }

    struct Counters: Hashable {
        var hits = 0, misses = 0, inserts = 0, updates = 0, evictions = 0, expirations = 0
        var storeReads = 0, storeWrites = 0, failedWrites = 0, failedReads = 0
        var staleReads = 0, errors = 0, reads = 0, writes = 0
    }

    /// Creates a simulation with an empty cache and a store of the configured kind, or with the
    /// real servers of `backends` in their place.
    ///
    /// With a real cache server the model keeps no capacity of its own: the server evicts, and
    /// a key it no longer holds counts as evicted when it is next looked up. With real servers,
    /// stages are charged the latencies the servers measured instead of the configured ones.
    ///
    /// - Throws: ``ScenarioError/invalidConfiguration(_:)`` for an impossible configuration,
    ///   ``ScenarioError/store(_:)`` if a SQLite file cannot be opened.
    ///
    /// - Complexity: O(1), plus opening the SQLite file if configured.
    public init(_ configuration: ScenarioConfiguration, backends: RealBackends = RealBackends()) throws(ScenarioError) {
        try Self.validate(configuration)
        self.configuration = configuration
        if let real = backends.store {
            store = real
        } else {
            switch configuration.store.kind {
            case .memory: store = MemoryStore()
            case .sqlite(let path):
                do { store = try SQLiteStore(path: path) } catch { throw .store(error) }
            }
        }
        timedStore = backends.store
        externalCache = backends.cache
        var model = configuration.cache
        if backends.cache != nil {
            model.capacity = Int(Int32.max)
            model.byteBudget = nil
        }
        cache = KeyedCache(configuration: model, seed: configuration.seed)
        generator = SeededGenerator(seed: configuration.seed)
        writesToFail = configuration.store.faults.reduce(0) {
            if case .failNextWrites(let count) = $1 { return $0 + count }
            return $0
        }
    }

    static func validate(_ configuration: ScenarioConfiguration) throws(ScenarioError) {
        let cache = configuration.cache
        guard cache.capacity >= 1 else { throw .invalidConfiguration("the cache capacity must be at least 1, not \(cache.capacity)") }
        if let budget = cache.byteBudget, budget < 1 {
            throw .invalidConfiguration("the cache's byte budget must be at least 1, not \(budget)")
        }
        if cache.policy.needsFutureKnowledge {
            throw .invalidConfiguration("belady needs to know the future, so it only runs in trace replays (cachebook lab)")
        }
        let latencies = [cache.latency, configuration.store.readLatency, configuration.store.writeLatency, configuration.store.jitter]
        guard latencies.allSatisfy({ $0 >= .zero }) else { throw .invalidConfiguration("latencies cannot be negative") }
        if let ttl = cache.defaultTTL, ttl <= .zero { throw .invalidConfiguration("the default TTL must be positive") }
        if let fraction = configuration.refreshAhead, !(fraction > 0 && fraction < 1) {
            throw .invalidConfiguration("refresh-ahead takes a fraction of the TTL between 0 and 1, not \(fraction)")
        }
        if configuration.refreshAhead != nil && cache.defaultTTL == nil {
            throw .invalidConfiguration("refresh-ahead needs a default TTL")
        }
        for fault in configuration.store.faults {
            switch fault {
            case .failNextWrites(let count) where count < 0:
                throw .invalidConfiguration("fail-next-writes needs a count of 0 or more")
            case .failWrites(let probability) where !(0...1).contains(probability):
                throw .invalidConfiguration("a write failure probability must be between 0 and 1, not \(probability)")
            case .down(let from, let until) where until <= from:
                throw .invalidConfiguration("a store outage must end after it starts")
            default: break
            }
        }
        if case .writeBack(let options) = configuration.pattern {
            guard options.batchSize >= 1 else { throw .invalidConfiguration("the write-back batch size must be at least 1") }
            guard options.flushDelay >= .zero else { throw .invalidConfiguration("the flush delay cannot be negative") }
            if let limit = options.queueLimit, limit < 1 {
                throw .invalidConfiguration("the write queue limit must be at least 1")
            }
        }
        let clients = configuration.clients
        if Set(clients).count != clients.count { throw .invalidConfiguration("client names must be unique") }
    }

    // MARK: - The agenda

    /// Runs `task` at `time` (not before now).
    func schedule(at time: VirtualTime, _ task: @escaping () -> Void) {
        let entry = Scheduled(time: max(time, now), sequence: nextSequence, epoch: epoch, task: task)
        nextSequence += 1
        agenda.append(entry)
        var index = agenda.count - 1
        while index > 0 {
            let parent = (index - 1) / 2
            guard Self.runsBefore(agenda[index], agenda[parent]) else { break }
            agenda.swapAt(index, parent)
            index = parent
        }
    }

    /// Runs `task` after `delay`.
    func after(_ delay: VirtualTime, _ task: @escaping () -> Void) {
        schedule(at: now + delay, task)
    }

    private static func runsBefore(_ a: Scheduled, _ b: Scheduled) -> Bool {
        a.time != b.time ? a.time < b.time : a.sequence < b.sequence
    }

    private func popNext() -> Scheduled {
        let first = agenda[0]
        let last = agenda.removeLast()
        if !agenda.isEmpty {
            agenda[0] = last
            var index = 0
            while true {
                let left = 2 * index + 1
                guard left < agenda.count else { break }
                var child = left
                if left + 1 < agenda.count && Self.runsBefore(agenda[left + 1], agenda[left]) { child = left + 1 }
                guard Self.runsBefore(agenda[child], agenda[index]) else { break }
                agenda.swapAt(index, child)
                index = child
            }
        }
        return first
    }

    /// Runs scheduled stages in order until `done()` holds, the agenda is empty, or `deadline`
    /// (if any) would be passed.
    func run(until done: () -> Bool, deadline: VirtualTime? = nil) throws(ScenarioError) {
        while !done(), let next = agenda.first {
            if let deadline, next.time > deadline { break }
            let scheduled = popNext()
            guard scheduled.epoch == epoch else { continue }
            steps += 1
            do {
                try configuration.limits.check(.steps, steps)
                try configuration.limits.check(.events, recorded.count)
                try configuration.limits.check(.virtualTime, scheduled.time.microseconds)
            } catch {
                throw .limit(error)
            }
            now = max(now, scheduled.time)
            scheduled.task()
            if let failure {
                self.failure = nil
                throw failure
            }
        }
    }

    /// Runs everything due up to and including `time`, then sets the clock to `time`.
    func run(through time: VirtualTime) throws(ScenarioError) {
        do { try configuration.limits.check(.virtualTime, time.microseconds) } catch { throw .limit(error) }
        try run(until: { false }, deadline: time)
        now = max(now, time)
    }

    // MARK: - Recording

    /// Records an event now (or at `time`) and returns its sequence number.
    @discardableResult
    func record(
        _ actor: Actor, _ action: Action, to target: Actor? = nil, key: String? = nil, value: String? = nil,
        outcome: Outcome = .ok, latency: VirtualTime = .zero, detail: String? = nil, operation: Int? = nil,
        at time: VirtualTime? = nil, always: Bool = false
    ) -> Int {
        guard recordingSteps || always else { return -1 }
        let event = Event(
            sequence: recorded.count, time: time ?? now, latency: latency, actor: actor, target: target,
            action: action, key: key, value: value, outcome: outcome, detail: detail, operation: operation,
            isOperation: false)
        recorded.append(event)
        return event.sequence
    }

    /// Every recorded event, ordered by time and then by the order they were recorded.
    ///
    /// - Complexity: O(*n* log *n*) in the number of events.
    public var events: [Event] {
        recorded.sorted { $0.time != $1.time ? $0.time < $1.time : $0.sequence < $1.sequence }
    }

    /// The number of events recorded so far; pass it to ``events(since:)`` to see a step's events.
    ///
    /// - Complexity: O(1)
    public var eventCount: Int { recorded.count }

    /// The events recorded since `count`, ordered by time.
    ///
    /// - Complexity: O(*m* log *m*) in the *m* newer events.
    public func events(since count: Int) -> [Event] {
        recorded[min(count, recorded.count)...].sorted {
            $0.time != $1.time ? $0.time < $1.time : $0.sequence < $1.sequence
        }
    }

    // MARK: - Store stages

    /// A store call's latency: the base plus seeded jitter.
    func storeLatency(_ base: VirtualTime) -> VirtualTime {
        let jitter = configuration.store.jitter.microseconds
        guard jitter > 0 else { return base }
        return base + .microseconds(Int64(generator.nextInt(below: Int(jitter) + 1)))
    }

    /// Whether an outage covers `time`.
    func storeIsDown(at time: VirtualTime) -> Bool {
        configuration.store.faults.contains {
            if case .down(let from, let until) = $0 { return from <= time && time < until }
            return false
        }
    }

    /// Reads `key` from the store as of now; `then` runs when the read completes.
    func storeRead(
        by actor: Actor, key: String, operation: Int?, action: Action = .read,
        then: @escaping (Result<String?, StageFailure>) -> Void
    ) {
        if storeIsDown(at: now) {
            let latency = storeLatency(configuration.store.readLatency)
            counters.failedReads += 1
            record(actor, action, to: .store, key: key, outcome: .error, latency: latency, detail: "store unavailable", operation: operation)
            after(latency) { then(.failure(StageFailure(message: "the store is unavailable"))) }
            return
        }
        let value: String?
        do {
            value = try store.read(key)
        } catch {
            failure = .store(error)
            return
        }
        let latency = storeLatency(configuration.store.readLatency)
        counters.storeReads += 1
        let event = record(actor, action, to: .store, key: key, value: value, outcome: value == nil ? .miss : .ok, latency: latency, operation: operation)
        chargeMeasured(timedStore?.lastCallDuration ?? latency, event: event, operation: operation)
        after(latency) { then(.success(value)) }
    }

    /// Decides now whether a store write starting now will fail (injected faults).
    func writeWillFail() -> String? {
        if storeIsDown(at: now) { return "store unavailable" }
        if writesToFail > 0 {
            writesToFail -= 1
            return "injected write failure"
        }
        for case .failWrites(let probability) in configuration.store.faults where generator.nextUnitDouble() < probability {
            return "injected write failure (p=\(probability))"
        }
        return nil
    }

    /// Writes `value` (or deletes, for `nil`) under `key`. The write becomes visible when it
    /// completes, at which point `then` learns whether it succeeded.
    func storeWrite(
        by actor: Actor, key: String, value: String?, operation: Int?, detail: String? = nil,
        then: @escaping (Result<Void, StageFailure>) -> Void
    ) {
        let latency = storeLatency(configuration.store.writeLatency)
        let problem = writeWillFail()
        let extra = [detail, problem].compactMap { $0 }.joined(separator: ", ")
        let event = record(actor, value == nil ? .delete : .write, to: .store, key: key, value: value,
                           outcome: problem == nil ? .ok : .error, latency: latency, detail: extra.isEmpty ? nil : extra, operation: operation)
        let epochAtStart = epoch
        after(latency) { [unowned self] in
            guard epochAtStart == epoch else { return }
            if let problem {
                counters.failedWrites += 1
                chargeMeasured(latency, event: event, operation: operation)
                then(.failure(StageFailure(message: problem)))
                return
            }
            do throws(StoreError) {
                try store.write(key, value)
            } catch {
                failure = .store(error)
                return
            }
            // A real write is made when the modelled one completes, so it becomes visible at
            // the same point of the story; what it took is shown on its event.
            chargeMeasured(timedStore?.lastCallDuration ?? latency, event: event, operation: operation)
            counters.storeWrites += 1
            then(.success(()))
        }
    }

    // MARK: - Acknowledgements and staleness

    func beginWrite(_ key: String, _ value: String?) {
        writesInProgress[key, default: []].append(value)
    }

    func endWrite(_ key: String, _ value: String?, acknowledged: Bool) {
        if var pending = writesInProgress[key], let index = pending.firstIndex(where: { $0 == value }) {
            pending.remove(at: index)
            writesInProgress[key] = pending.isEmpty ? nil : pending
        }
        if acknowledged { self.acknowledged[key, default: []].append((now, value)) }
    }

    /// Whether a read of `key` that started at `start` and returned `value` is fresh.
    /// What the store held for `key` before the scenario wrote it: the seed value of workload
    /// keys, nothing for the rest.
    func initialValue(of key: String) -> String? {
        for (prefix, count) in seededWorkloadKeys where key.hasPrefix(prefix) {
            if let index = Int(key.dropFirst(prefix.count)), index >= 0, index < count { return Self.workloadSeedValue }
        }
        return nil
    }

    func isFresh(_ key: String, _ value: String?, startedAt start: VirtualTime) -> Bool {
        // A key nobody has written or preloaded holds what the store had from the start.
        guard let history = acknowledged[key], !history.isEmpty else { return true }
        let before = history.last { $0.time <= start }
        if before.map({ $0.value == value }) ?? (value == initialValue(of: key)) { return true }
        if history.contains(where: { $0.time >= start && $0.value == value }) { return true }
        return writesInProgress[key]?.contains { $0 == value } ?? false
    }
}
