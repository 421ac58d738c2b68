extension Simulation {
    /// Runs one client operation to completion and returns its result.
    ///
    /// - Throws: ``ScenarioError`` for an unknown client or an exceeded limit.
    ///
    /// - Complexity: O(*s* log *s*) in the stages it and due background work schedule.
    @discardableResult
    public func perform(_ operation: ClientOperation) throws(ScenarioError) -> OperationResult {
        try overlap([operation])[0]
    }

    /// `client` reads `key` through the cache.
    ///
    /// - Complexity: as ``perform(_:)``.
    @discardableResult
    public func get(_ key: String, by client: String) throws(ScenarioError) -> OperationResult {
        try perform(ClientOperation(client: client, .get(key)))
    }

    /// `client` writes `value` under `key`, with an optional TTL instead of the default.
    ///
    /// - Complexity: as ``perform(_:)``.
    @discardableResult
    public func put(_ key: String, _ value: String, ttl: VirtualTime? = nil, by client: String) throws(ScenarioError) -> OperationResult {
        try perform(ClientOperation(client: client, .put(key, value, ttl: ttl)))
    }

    /// `client` deletes `key`.
    ///
    /// - Complexity: as ``perform(_:)``.
    @discardableResult
    public func delete(_ key: String, by client: String) throws(ScenarioError) -> OperationResult {
        try perform(ClientOperation(client: client, .delete(key)))
    }

    /// `client` reads `key` straight from the store, bypassing the cache.
    ///
    /// - Complexity: as ``perform(_:)``.
    @discardableResult
    public func readStore(_ key: String, by client: String) throws(ScenarioError) -> OperationResult {
        try perform(ClientOperation(client: client, .readStore(key)))
    }

    /// Runs a group of client operations concurrently on the virtual clock, each starting at its
    /// offset from now; one client's operations run in the order given, each after the previous
    /// one finishes. Returns when all have finished, with results in the order given.
    ///
    /// Background work that falls due meanwhile (flushes, refreshes) runs in time order too.
    /// - Throws: ``ScenarioError`` for an unknown client or an exceeded limit.
    ///
    /// - Complexity: O(*s* log *s*) in the stages the operations and due background work schedule.
    public func overlap(_ operations: [ClientOperation]) throws(ScenarioError) -> [OperationResult] {
        for operation in operations {
            if !configuration.clients.isEmpty && !configuration.clients.contains(operation.client) {
                throw .unknownClient(operation.client, known: configuration.clients)
            }
        }
        let groupStart = now
        var results = [OperationResult?](repeating: nil, count: operations.count)
        var remaining = operations.count
        // Each client's operations, in order, as indexes into `operations`.
        var chains: [[Int]] = []
        var chainOfClient: [String: Int] = [:]
        for (index, operation) in operations.enumerated() {
            if let chain = chainOfClient[operation.client] {
                chains[chain].append(index)
            } else {
                chainOfClient[operation.client] = chains.count
                chains.append([index])
            }
        }
        func start(chain: Int, position: Int) {
            let index = chains[chain][position]
            let operation = operations[index]
            schedule(at: groupStart + operation.startOffset) { [unowned self] in
                begin(operation) { result in
                    results[index] = result
                    remaining -= 1
                    if position + 1 < chains[chain].count { start(chain: chain, position: position + 1) }
                }
            }
        }
        for chain in chains.indices { start(chain: chain, position: 0) }
        try run(until: { remaining == 0 })
        guard remaining == 0 else {
            throw .stalled("\(remaining) operation(s) were still waiting with nothing left to run")
        }
        return results.map { $0! }
    }

    /// Starts `operation` now; `finish` gets its result when it completes.
    func begin(_ operation: ClientOperation, finish: @escaping (OperationResult) -> Void) {
        let id = nextOperationID
        nextOperationID += 1
        let start = now
        let client = Actor.client(operation.client)
        // The operation's own event is filled in when it ends; its slot is taken now so that it
        // sorts before its steps.
        let slot = recordingSteps ? record(client, operation.action, to: .cache, key: operation.key, operation: id) : -1
        let complete: (Outcome, String?, String?) -> Void = { [unowned self] outcome, value, error in
            // In real mode an operation took what its server calls took, not its time on the
            // virtual clock.
            let measured = measuredByOperation.removeValue(forKey: id)
            let latency = isReal ? .microseconds(measured ?? 0) : now - start
            var outcome = outcome
            var isStale = false
            if operation.isRead {
                // A direct store read is a look behind the cache, not application traffic: it
                // is checked for staleness but left out of the read statistics.
                if operation.action != .readStore {
                    counters.reads += 1
                    readLatencies.append(latency.microseconds)
                }
                if outcome != .error && !isFresh(operation.key, value, startedAt: start) {
                    isStale = true
                    counters.staleReads += 1
                    if operation.action == .readStore || [.hit, .miss, .negative].contains(outcome) { outcome = .stale }
                }
            } else {
                counters.writes += 1
                writeLatencies.append(latency.microseconds)
            }
            if outcome == .error { counters.errors += 1 }
            let target: Actor = operation.action == .readStore ? .store : .cache
            var detail = error
            if isStale { detail = [detail, "latest is \(latestAcknowledged(operation.key).map { "\"\($0)\"" } ?? "none")"].compactMap { $0 }.joined(separator: "; ") }
            if slot >= 0 {
                recorded[slot] = Event(
                    sequence: slot, time: start, latency: latency, actor: client, target: target, action: operation.action,
                    key: operation.key, value: value, outcome: outcome, detail: detail, operation: id, isOperation: true)
            }
            finish(OperationResult(operation: operation, start: start, end: now, outcome: outcome, value: value, error: error, isStale: isStale))
        }
        switch operation.kind {
        case .readStore(let key):
            storeRead(by: client, key: key, operation: id) { result in
                switch result {
                case .success(let value): complete(.ok, value, nil)
                case .failure(let failure): complete(.error, nil, failure.message)
                }
            }
        case .get(let key):
            guard isUp else { return complete(.error, nil, "the cache is down; restart it") }
            get(key, by: client, operation: id, complete: complete)
        case .put(let key, let value, let ttl):
            guard isUp else { return complete(.error, nil, "the cache is down; restart it") }
            write(key, value, ttl: ttl, by: client, operation: id, complete: complete)
        case .delete(let key):
            guard isUp else { return complete(.error, nil, "the cache is down; restart it") }
            write(key, nil, ttl: nil, by: client, operation: id, complete: complete)
        }
    }

    func latestAcknowledged(_ key: String) -> String? {
        acknowledged[key]?.last?.value ?? nil
    }

    /// The entry a write or fill stores: its TTL, size and dirty flag.
    func makeEntry(_ value: String?, ttl: VirtualTime?, dirty: Bool = false) -> KeyedCache.Entry {
        let lifetime = ttl ?? (value == nil ? configuration.loader.negativeTTL : nil) ?? configuration.cache.defaultTTL
        // Entries weigh their value's bytes only under a byte budget; otherwise every entry is
        // one unit, so that size-aware policies (S3-FIFO, ARC) behave as they do in replays.
        let size = configuration.cache.byteBudget == nil ? 1 : max(1, value?.utf8.count ?? 1)
        return KeyedCache.Entry(value: value, dirty: dirty, expiresAt: lifetime.map { now + $0 }, size: size)
    }

    // MARK: - Reads

    typealias Completion = (Outcome, String?, String?) -> Void

    func get(_ key: String, by client: Actor, operation: Int, complete: @escaping Completion) {
        let (entry, expired) = cacheLookup(key)
        let latency = cacheLatency
        if expired {
            counters.expirations += 1
            record(.cache, .expire, key: key, outcome: .expired, operation: operation)
        }
        if let entry {
            counters.hits += 1
            let outcome: Outcome = entry.value == nil ? .negative : .hit
            let event = record(client, .lookup, to: .cache, key: key, value: entry.value, outcome: outcome, latency: latency, operation: operation)
            chargeMeasuredCacheLatency(to: event, operation: operation)
            refreshAheadIfDue(key, entry)
            after(latency) { complete(outcome, entry.value, nil) }
            return
        }
        counters.misses += 1
        let event = record(client, .lookup, to: .cache, key: key, outcome: .miss, latency: latency, operation: operation)
        chargeMeasuredCacheLatency(to: event, operation: operation)
        after(latency) { [unowned self] in
            if case .cacheAside = configuration.pattern {
                clientLoad(key, by: client, operation: operation, complete: complete)
            } else {
                cacheLoad(key, operation: operation, client: client, complete: complete)
            }
        }
    }

    /// Cache-aside: the client reads the store and sets the cache itself.
    func clientLoad(_ key: String, by client: Actor, operation: Int, complete: @escaping Completion) {
        storeRead(by: client, key: key, operation: operation) { [unowned self] result in
            switch result {
            case .failure(let failure):
                complete(.error, nil, failure.message)
            case .success(nil):
                complete(.miss, nil, nil)
            case .success(let value?):
                guard isUp else { return complete(.miss, value, nil) }
                let event = record(client, .set, to: .cache, key: key, value: value, latency: cacheLatency, operation: operation)
                insert(key, makeEntry(value, ttl: nil), operation: operation) { [unowned self] in
                    chargeMeasuredCacheLatency(to: event, operation: operation)
                    after(cacheLatency) { complete(.miss, value, nil) }
                }
            }
        }
    }

    /// The cache's loader: pending write-back data first, then single-flight store reads.
    func cacheLoad(_ key: String, operation: Int, client: Actor, complete: @escaping Completion) {
        if let pending = pendingValue(key) {
            // A write-back cache must serve its unflushed writes, not the store's older rows.
            record(.cache, .read, to: .writeQueue, key: key, value: pending.value, outcome: .hit, operation: operation)
            insert(key, makeEntry(pending.value, ttl: nil, dirty: true), operation: operation, onlyIfAbsent: true) {
                complete(.miss, pending.value, nil)
            }
            return
        }
        if configuration.loader.singleFlight, loadsInFlight[key] != nil {
            record(client, .wait, to: .cache, key: key, outcome: .miss, detail: "joins the load in flight", operation: operation)
            loadsInFlight[key]!.append { result in
                switch result {
                case .success(let value): complete(.miss, value, nil)
                case .failure(let failure): complete(.error, nil, failure.message)
                }
            }
            return
        }
        if configuration.loader.singleFlight { loadsInFlight[key] = [] }
        storeRead(by: .cache, key: key, operation: operation, action: .load) { [unowned self] result in
            let finishLoad = { [unowned self] in
                let waiters = loadsInFlight.removeValue(forKey: key) ?? []
                switch result {
                case .success(let value): complete(.miss, value, nil)
                case .failure(let failure): complete(.error, nil, failure.message)
                }
                for waiter in waiters { waiter(result) }
            }
            guard case .success(let value) = result, isUp, value != nil || configuration.loader.negativeTTL != nil else {
                return finishLoad()
            }
            // A write may have cached a newer value while the load was in flight; the load then
            // keeps it instead of filling in the older one.
            let isSkipped = cache.peek(key) != nil
            let event = record(.cache, .fill, key: key, value: value, outcome: value == nil ? .negative : .ok,
                               detail: isSkipped ? "skipped: the cache already holds a newer value" : nil, operation: operation)
            insert(key, makeEntry(value, ttl: nil), operation: operation, onlyIfAbsent: true) { [unowned self] in
                // The model charges a fill nothing; a real server's SET still takes its time.
                if externalCache != nil && !isSkipped { chargeMeasuredCacheLatency(to: event, operation: operation) }
                finishLoad()
            }
        }
    }

    /// Refresh-ahead: reloads a hit entry in the background when little of its TTL is left.
    func refreshAheadIfDue(_ key: String, _ entry: KeyedCache.Entry) {
        guard let fraction = configuration.refreshAhead, let ttl = configuration.cache.defaultTTL,
              let expiresAt = entry.expiresAt, !entry.dirty, entry.value != nil,
              !refreshesInFlight.contains(key), pendingValue(key) == nil else { return }
        let left = expiresAt - now
        // The fraction counts the TTL already used, as Coherence's refresh-ahead factor does.
        guard Double(left.microseconds) <= (1 - fraction) * Double(ttl.microseconds) else { return }
        refreshesInFlight.insert(key)
        record(.cache, .refresh, key: key, detail: "\(left) of \(ttl) left")
        storeRead(by: .cache, key: key, operation: nil, action: .load) { [unowned self] result in
            refreshesInFlight.remove(key)
            guard case .success(let value?) = result, isUp, pendingValue(key) == nil, cache.peek(key)?.dirty != true else { return }
            record(.cache, .fill, key: key, value: value, detail: "refreshed")
            insert(key, makeEntry(value, ttl: nil), operation: nil) {}
        }
    }

    // MARK: - Writes

    /// A put (`value` non-nil) or a delete (`value` nil) under the configured pattern.
    func write(_ key: String, _ value: String?, ttl: VirtualTime?, by client: Actor, operation: Int, complete: @escaping Completion) {
        beginWrite(key, value)
        let acknowledge = { [unowned self] in
            endWrite(key, value, acknowledged: true)
            complete(.ok, value, nil)
        }
        let fail = { [unowned self] (message: String) in
            endWrite(key, value, acknowledged: false)
            complete(.error, value, message)
        }
        switch configuration.pattern {
        case .writeBack:
            writeBackPut(key, value, ttl: ttl, by: client, operation: operation, acknowledge: acknowledge, fail: fail)

        case .writeThrough:
            record(client, value == nil ? .delete : .put, to: .cache, key: key, value: value, operation: operation)
            storeWrite(by: .cache, key: key, value: value, operation: operation) { [unowned self] result in
                if case .failure(let failure) = result { return fail(failure.message) }
                guard isUp else { return acknowledge() }
                if let value {
                    let event = record(.cache, .set, key: key, value: value, latency: cacheLatency, operation: operation)
                    insert(key, makeEntry(value, ttl: ttl), operation: operation) { [unowned self] in
                        chargeMeasuredCacheLatency(to: event, operation: operation)
                        after(cacheLatency, acknowledge)
                    }
                } else {
                    let event = record(.cache, .invalidate, key: key, latency: cacheLatency, operation: operation)
                    cacheRemove(key)
                    chargeMeasuredCacheLatency(to: event, operation: operation)
                    after(cacheLatency, acknowledge)
                }
            }

        case .cacheAside(let onWrite):
            storeWrite(by: client, key: key, value: value, operation: operation) { [unowned self] result in
                if case .failure(let failure) = result { return fail(failure.message) }
                guard isUp else { return acknowledge() }
                if onWrite == .update, let value {
                    let event = record(client, .set, to: .cache, key: key, value: value, latency: cacheLatency, operation: operation)
                    insert(key, makeEntry(value, ttl: ttl), operation: operation) { [unowned self] in
                        chargeMeasuredCacheLatency(to: event, operation: operation)
                        after(cacheLatency, acknowledge)
                    }
                } else {
                    let event = record(client, .invalidate, to: .cache, key: key, latency: cacheLatency, operation: operation)
                    cacheRemove(key)
                    chargeMeasuredCacheLatency(to: event, operation: operation)
                    after(cacheLatency, acknowledge)
                }
            }

        case .readThrough, .writeAround:
            // Read-through routes the write through the cache; write-around has the client bypass it.
            let writer: Actor = configuration.pattern == .readThrough ? .cache : client
            if writer == .cache {
                record(client, value == nil ? .delete : .put, to: .cache, key: key, value: value, operation: operation)
            }
            storeWrite(by: writer, key: key, value: value, operation: operation) { [unowned self] result in
                if case .failure(let failure) = result { return fail(failure.message) }
                guard isUp else { return acknowledge() }
                let event = record(writer, .invalidate, to: writer == .cache ? nil : .cache, key: key, latency: cacheLatency, operation: operation)
                cacheRemove(key)
                chargeMeasuredCacheLatency(to: event, operation: operation)
                after(cacheLatency, acknowledge)
            }
        }
    }

    /// Stores an entry in the cache at now. Evicted dirty entries are written to the store
    /// first (write-back); `then` runs once they are.
    func insert(
        _ key: String, _ entry: KeyedCache.Entry, operation: Int?, onlyIfAbsent: Bool = false,
        then: @escaping () -> Void
    ) {
        let existed = cache.peek(key) != nil
        guard let evicted = cache.store(key, entry, onlyIfAbsent: onlyIfAbsent) else { return then() }
        mirrorStored(key)
        if existed { counters.updates += 1 } else { counters.inserts += 1 }
        var dirtyVictims: [String] = []
        for (victim, old) in evicted {
            counters.evictions += 1
            record(.cache, .evict, key: victim, value: old.value, outcome: old.dirty ? .dirty : .evicted, operation: operation)
            if old.dirty { dirtyVictims.append(victim) }
        }
        writeFirst(dirtyVictims[...], operation: operation, then: then)
    }

    /// Forces the pending writes of each evicted dirty key to the store, one after another.
    private func writeFirst(_ keys: ArraySlice<String>, operation: Int?, then: @escaping () -> Void) {
        guard let key = keys.first else { return then() }
        forceWrite(key, operation: operation) { [unowned self] in
            writeFirst(keys.dropFirst(), operation: operation, then: then)
        }
    }
}
