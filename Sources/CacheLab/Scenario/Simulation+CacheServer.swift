/// The cache model's operations, mirrored on the real cache server when there is one.
///
/// Without a server these are the model's own operations and the configured cache latency, so
/// a plain simulation behaves exactly as before.
extension Simulation {
    /// What a cache stage costs on the virtual clock: the configured latency, in real mode too,
    /// so that flushes, expiries and overlaps unfold as in the simulation and counts agree.
    var cacheLatency: VirtualTime { configuration.cache.latency }

    /// Whether a real server is involved, so that latencies shown are measured ones.
    var isReal: Bool { externalCache != nil || timedStore != nil }

    /// In real mode, shows on event `sequence` what its call really took, and adds it to the
    /// measured latency of `operation` (what the run's latency figures report).
    func chargeMeasured(_ duration: VirtualTime, event sequence: Int, operation: Int?) {
        guard isReal else { return }
        if recorded.indices.contains(sequence) { recorded[sequence].latency = duration }
        if let operation { measuredByOperation[operation, default: 0] += duration.microseconds }
    }

    /// ``chargeMeasured(_:event:operation:)`` for the cache stage that just ran: the server's
    /// last call, or the configured latency of a modelled cache.
    func chargeMeasuredCacheLatency(to sequence: Int, operation: Int?) {
        chargeMeasured(externalCache == nil ? configuration.cache.latency : measuredCacheLatency, event: sequence, operation: operation)
    }

    /// Looks `key` up. A server that no longer holds a key the model has (it evicted it) wins:
    /// the entry leaves the model and the lookup misses.
    func cacheLookup(_ key: String) -> (entry: KeyedCache.Entry?, expired: Bool) {
        let (entry, expired) = cache.lookup(key, now: now)
        guard let externalCache else { return (entry, expired) }
        let held: String??
        do {
            held = try externalCache.get(key)
            measuredCacheLatency = externalCache.lastCallDuration
        } catch {
            failure = .cacheServer(error)
            return (nil, expired)
        }
        if entry == nil, held != nil {
            // Expired in the model (the server's own TTL runs on the wall clock, which a
            // scenario's `advance` does not move): the server's copy goes too.
            let lookupDuration = measuredCacheLatency
            serverCall { server throws(StoreError) in try server.delete(key) }
            measuredCacheLatency += lookupDuration
        }
        if entry != nil, held == nil {
            cache.remove(key)
            counters.evictions += 1
            record(.cache, .evict, key: key, value: entry?.value, outcome: .evicted, detail: "gone from the cache server")
            return (nil, expired)
        }
        return (entry, expired)
    }

    /// Copies the model's entry for `key` to the server. A server out of memory keeps nothing,
    /// so the entry leaves the model too, as an eviction.
    func mirrorStored(_ key: String) {
        guard externalCache != nil, let entry = cache.peek(key) else { return }
        var stored = true
        serverCall { server throws(StoreError) in stored = try server.set(key, entry.value) }
        if !stored {
            cache.remove(key)
            counters.evictions += 1
            record(.cache, .evict, key: key, value: entry.value, outcome: .evicted, detail: "the cache server is out of memory")
        }
    }

    /// Removes `key` from the model and the server.
    func cacheRemove(_ key: String) {
        cache.remove(key)
        serverCall { server throws(StoreError) in try server.delete(key) }
    }

    /// Empties the model and the server: a crash, a shutdown or a restart.
    func cacheClear() {
        cache.clear()
        serverCall { server throws(StoreError) in try server.clear() }
    }

    /// Throws the cache server's failure, if a step that schedules nothing more (a crash, a
    /// restart, a sweep) met one; otherwise it would only surface at the next scheduled stage.
    public func throwPendingFailure() throws(ScenarioError) {
        if let failure {
            self.failure = nil
            throw failure
        }
    }

    /// Runs `call` on the server, if there is one, and keeps its latency; a failure stops the run.
    private func serverCall(_ call: (any ExternalCache) throws(StoreError) -> Void) {
        guard let externalCache, failure == nil else { return }
        do {
            try call(externalCache)
            measuredCacheLatency = externalCache.lastCallDuration
        } catch {
            failure = .cacheServer(error)
        }
    }
}
