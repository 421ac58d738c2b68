import Testing
@testable import CacheLab

/// A simulation with round latencies (cache 1ms, store read 10ms, write 5ms), clients
/// alice, bob and carol, and `configure` applied on top.
func makeSimulation(
    _ pattern: Pattern, sourceLocation: SourceLocation = #_sourceLocation,
    configure: (inout ScenarioConfiguration) -> Void = { _ in }
) throws -> Simulation {
    var configuration = ScenarioConfiguration()
    configuration.pattern = pattern
    configuration.cache.latency = .milliseconds(1)
    configuration.store.readLatency = .milliseconds(10)
    configuration.store.writeLatency = .milliseconds(5)
    configuration.clients = ["alice", "bob", "carol"]
    configure(&configuration)
    return try Simulation(configuration)
}

/// Write-back options with a given batch size and flush delay, coalescing as asked.
func writeBack(
    batch: Int = 100, delay: VirtualTime = .seconds(60), coalescing: Bool = true,
    onFailure: WriteBackOptions.FailurePolicy = .retry(backoff: .milliseconds(100), maxBackoff: .seconds(1)),
    queueLimit: Int? = nil, whenFull: WriteBackOptions.FullQueuePolicy = .block
) -> Pattern {
    var options = WriteBackOptions()
    options.batchSize = batch
    options.flushDelay = delay
    options.coalescing = coalescing
    options.onFailure = onFailure
    options.queueLimit = queueLimit
    options.whenFull = whenFull
    return .writeBack(options)
}

extension Simulation {
    /// The store's value for `key`, read directly (no latency, no statistics).
    func storedValue(_ key: String) throws -> String? {
        try storeRows().first { $0.key == key }?.value
    }

    /// Checks the invariants, recording a test issue if one fails.
    func expectInvariants(sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(throws: Never.self, sourceLocation: sourceLocation) { try self.checkInvariants() }
    }
}
