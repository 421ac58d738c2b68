extension Simulation {
    /// Moves the clock forward by `duration`, running the background work that falls due
    /// (flushes, retries, refresh-ahead reloads).
    ///
    /// - Throws: ``ScenarioError/limit(_:)`` past the scenario's virtual-time or step limit.
    ///
    /// - Complexity: O(*e* log *e*) in the stages that fall due.
    public func advance(by duration: VirtualTime) throws(ScenarioError) {
        guard duration >= .zero else { throw .invalidConfiguration("cannot advance the clock by a negative \(duration)") }
        try run(through: now + duration)
    }

    /// Removes every expired entry now (expiry is otherwise lazy, on access); returns their keys.
    ///
    /// - Complexity: O(*k*) in the keys ever cached.
    @discardableResult
    public func sweepExpired() -> [String] {
        let expired = cache.sweep(now: now)
        counters.expirations += expired.count
        for key in expired {
            record(.cache, .expire, key: key, outcome: .expired)
            cacheRemove(key)
        }
        return expired
    }

    /// The cache process dies: it loses its entries and every write not yet in the store.
    ///
    /// Background work in flight is abandoned, and operations fail until ``restart()``.
    ///
    /// - Complexity: O(*n* + *w*) in the cached entries and pending writes.
    @discardableResult
    public func crash() -> CrashReport {
        let lost = writeBack.pending
        var keys: [String] = []
        for write in lost where !keys.contains(write.key) { keys.append(write.key) }
        let updates = lost.reduce(0) { $0 + $1.updates }
        let report = CrashReport(time: now, lostKeys: keys, lostUpdates: updates, cachedEntriesLost: cache.count)
        record(.cache, .crash, outcome: .lost,
               detail: "\(report.cachedEntriesLost) cached entries and \(updates) unflushed update\(updates == 1 ? "" : "s") lost", always: true)
        for write in lost {
            record(.writeQueue, .lost, key: write.key, value: write.value, outcome: .lost,
                   detail: "\(write.updates) update\(write.updates == 1 ? "" : "s")", always: true)
        }
        writeBack.lostUpdates += updates
        writeBack.lostKeys += keys.count
        for write in lost { writesInProgress[write.key] = nil }
        stopEverything()
        isUp = false
        return report
    }

    /// Brings the cache back with nothing in it. A running cache is shut down cleanly first,
    /// flushing its pending writes.
    ///
    /// - Complexity: that of ``flush()``, then O(*n*).
    public func restart() throws(ScenarioError) {
        if isUp { try flush() }
        stopEverything()
        isUp = true
        record(.cache, .restart, detail: "cold cache", always: true)
    }

    /// Flushes every pending write, then stops the cache; operations fail until ``restart()``.
    ///
    /// - Complexity: that of ``flush()``, then O(*n*).
    public func shutdown() throws(ScenarioError) {
        let written = try flush()
        stopEverything()
        isUp = false
        record(.cache, .shutdown, detail: "\(written) write\(written == 1 ? "" : "s") flushed", always: true)
    }

    /// Drops the cache contents and all scheduled work.
    private func stopEverything() {
        cacheClear()
        writeBack = WriteBackState(
            writesSaved: writeBack.writesSaved, lostUpdates: writeBack.lostUpdates, lostKeys: writeBack.lostKeys,
            retries: writeBack.retries, dropped: writeBack.dropped)
        loadsInFlight = [:]
        refreshesInFlight = []
        epoch += 1
        agenda.removeAll()
    }

    /// Loads `keys` from the store into the cache, one after another, before traffic arrives.
    /// Warming reads count as store reads but not as cache hits or misses.
    ///
    /// - Complexity: O(*k*) stages for *k* keys.
    public func warm(_ keys: [String]) throws(ScenarioError) {
        guard isUp else { return }
        var loaded = 0
        var index = 0
        var done = keys.isEmpty
        func next() {
            guard index < keys.count else {
                done = true
                return
            }
            let key = keys[index]
            index += 1
            storeRead(by: .cache, key: key, operation: nil, action: .load) { [unowned self] result in
                guard case .success(let value?) = result else { return next() }
                loaded += 1
                insert(key, makeEntry(value, ttl: nil), operation: nil, onlyIfAbsent: true, then: next)
            }
        }
        next()
        try run(until: { done })
        record(.cache, .warm, detail: "\(loaded) of \(keys.count) keys loaded", always: true)
    }

    /// Writes rows straight into the store, as if they were there before the scenario began.
    /// They count as neither traffic nor latency, and become the acknowledged values.
    ///
    /// - Complexity: O(*r*) store writes for *r* rows.
    public func preload(_ rows: [(key: String, value: String)]) throws(ScenarioError) {
        for (key, value) in rows {
            do { try store.write(key, value) } catch { throw .store(error) }
            acknowledged[key, default: []].append((now, value))
        }
        record(.store, .preload, detail: "\(rows.count) row\(rows.count == 1 ? "" : "s")", always: true)
    }

    /// Every row of the store, sorted by key.
    ///
    /// - Complexity: O(*r* log *r*) in the rows.
    public func storeRows() throws(ScenarioError) -> [(key: String, value: String)] {
        do { return try store.rows() } catch { throw .store(error) }
    }

    /// `client` runs a seeded workload through the pattern, one request after another. Keys are
    /// `keyPrefix` followed by the key index; a write stores `v` and the request number.
    ///
    /// Its steps are counted in the statistics but not recorded as events, except for one
    /// summary event.
    /// - Throws: ``ScenarioError/workload(_:)`` or ``ScenarioError/limit(_:)`` before anything
    ///   runs if the workload is invalid or over the limits.
    ///
    /// - Complexity: O(*n*) operations of a few stages each, for *n* requests.
    @discardableResult
    public func runWorkload(_ spec: WorkloadSpec, by client: String, keyPrefix: String = "key:") throws(ScenarioError) -> WorkloadReport {
        if !configuration.clients.isEmpty && !configuration.clients.contains(client) {
            throw .unknownClient(client, known: configuration.clients)
        }
        var generator: WorkloadGenerator
        do {
            generator = try WorkloadGenerator(spec, limits: configuration.limits)
        } catch let error as WorkloadError {
            throw .workload(error)
        } catch let error as LimitExceeded {
            throw .limit(error)
        } catch {
            throw .invalidConfiguration("\(error)")
        }
        try seedStore(forKeys: spec.keySpace, keyPrefix: keyPrefix)
        let start = now
        let startCounters = counters
        recordingSteps = false
        defer { recordingSteps = true }
        var number = 0
        while let request = generator.next() {
            number += 1
            let key = keyPrefix + String(request.key)
            let operation = ClientOperation(client: client, request.isRead ? .get(key) : .put(key, "v\(number)"))
            var finished = false
            schedule(at: now) { [unowned self] in begin(operation) { _ in finished = true } }
            try run(until: { finished })
        }
        var report = WorkloadReport()
        report.requests = spec.requests
        report.reads = counters.reads - startCounters.reads
        report.writes = counters.writes - startCounters.writes
        report.hits = counters.hits - startCounters.hits
        report.misses = counters.misses - startCounters.misses
        report.staleReads = counters.staleReads - startCounters.staleReads
        report.errors = counters.errors - startCounters.errors
        record(.client(client), .workload, latency: now - start,
               detail: "\(spec): \(report.hits) hits, \(report.misses) misses", at: start, always: true)
        return report
    }
}

extension Simulation {
    /// Warms the cache with the `count` most requested keys of a workload (named with
    /// `keyPrefix`, as ``runWorkload(_:by:keyPrefix:)`` names them).
    ///
    /// - Complexity: O(*n* + *k* log *k*) to rank the keys, then that of ``warm(_:)``.
    public func warm(topKeysOf spec: WorkloadSpec, count: Int, keyPrefix: String = "key:") throws(ScenarioError) {
        let trace: Trace
        do {
            trace = try Trace.generate(spec, limits: configuration.limits)
        } catch let error as LimitExceeded {
            throw .limit(error)
        } catch {
            throw .workload(error as? WorkloadError ?? WorkloadError("\(error)"))
        }
        try seedStore(forKeys: spec.keySpace, keyPrefix: keyPrefix)
        try warm(trace.mostRequestedKeys(count).map { keyPrefix + $0 })
    }

    /// Gives the store a row for each of the first `count` workload keys it lacks, as data that
    /// was there before the scenario began: a workload reads real rows, not empty space.
    ///
    /// - Complexity: O(*k*) store calls for the *k* keys not seeded before.
    func seedStore(forKeys count: Int, keyPrefix: String) throws(ScenarioError) {
        let seeded = seededWorkloadKeys[keyPrefix] ?? 0
        guard count > seeded else { return }
        let rows = (seeded..<count).map { (key: keyPrefix + String($0), value: Self.workloadSeedValue) }
        do { try store.insertMissing(rows) } catch { throw .store(error) }
        seededWorkloadKeys[keyPrefix] = count
    }
}
