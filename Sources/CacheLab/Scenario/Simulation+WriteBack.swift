/// A write waiting in, or on its way out of, the write-back queue.
public struct PendingWrite: Sendable, Hashable {
    public var key: String
    /// The value to write; `nil` is a delete.
    public var value: String?
    /// How many acknowledged updates this write carries (more than 1 after coalescing).
    public var updates: Int
    /// When its oldest update was queued.
    public var queuedAt: VirtualTime
    /// Failed attempts so far.
    public var attempts: Int
    /// Whether a flush (or a forced write) is writing it right now.
    public var isBeingWritten = false

    public init(key: String, value: String?, updates: Int, queuedAt: VirtualTime, attempts: Int, isBeingWritten: Bool = false) {
        self.key = key
        self.value = value
        self.updates = updates
        self.queuedAt = queuedAt
        self.attempts = attempts
        self.isBeingWritten = isBeingWritten
    }
}

/// The write-back queue and its counters.
struct WriteBackState {
    /// Waiting writes, oldest first.
    var queue: [PendingWrite] = []
    /// The batch the current flush is writing.
    var inFlight: [PendingWrite] = []
    /// Writes forced out by the eviction of their dirty entry.
    var forced: [PendingWrite] = []
    var flushing = false
    /// While set, flush whatever is queued regardless of batch size and delay (an explicit flush).
    var draining = false
    var checkAt: VirtualTime?
    var retryAfter = VirtualTime.zero
    /// A failed write waits at the front of the queue: flush as soon as its backoff ends.
    var retryPending = false
    var blockedWriters: [() -> Void] = []
    var flushWaiters: [() -> Void] = []
    var writesSaved = 0
    var lostUpdates = 0
    var lostKeys = 0
    var retries = 0
    var dropped = 0

    /// Writes not yet in the store: forced and in flight (being written), then queued.
    var pending: [PendingWrite] {
        (forced + inFlight).map { write in
            var write = write
            write.isBeingWritten = true
            return write
        } + queue
    }
}

extension Simulation {
    var writeBackOptions: WriteBackOptions? {
        if case .writeBack(let options) = configuration.pattern { return options }
        return nil
    }

    /// The newest write of `key` not yet in the store, if any.
    func pendingValue(_ key: String) -> PendingWrite? {
        writeBack.queue.last { $0.key == key }
            ?? writeBack.inFlight.last { $0.key == key }
            ?? writeBack.forced.last { $0.key == key }
    }

    /// The write-back put or delete: update the cache, queue the write, acknowledge.
    func writeBackPut(
        _ key: String, _ value: String?, ttl: VirtualTime?, by client: Actor, operation: Int,
        acknowledge: @escaping () -> Void, fail: @escaping (String) -> Void
    ) {
        guard let options = writeBackOptions else { return }
        let latency = cacheLatency
        let coalesces = options.coalescing && writeBack.queue.contains { $0.key == key }
        if let limit = options.queueLimit, !coalesces, writeBack.pending.count >= limit {
            switch options.whenFull {
            case .fail:
                record(client, value == nil ? .delete : .put, to: .cache, key: key, value: value, outcome: .error,
                       latency: latency, detail: "write queue full (\(limit))", operation: operation)
                after(latency) { fail("the write queue is full (\(limit) writes)") }
            case .block:
                record(client, .wait, to: .writeQueue, key: key, value: value, outcome: .blocked,
                       detail: "write queue full (\(limit))", operation: operation)
                writeBack.blockedWriters.append { [unowned self] in
                    writeBackPut(key, value, ttl: ttl, by: client, operation: operation, acknowledge: acknowledge, fail: fail)
                }
                if !writeBack.flushing && now >= writeBack.retryAfter { startFlush() }
            }
            return
        }
        // The client's step is recorded before the queueing it causes, so logs read in order.
        if let value {
            let event = record(client, .set, to: .cache, key: key, value: value, outcome: .dirty, latency: latency, operation: operation)
            enqueue(key, value, operation: operation)
            insert(key, makeEntry(value, ttl: ttl, dirty: true), operation: operation) { [unowned self] in
                chargeMeasuredCacheLatency(to: event, operation: operation)
                after(cacheLatency, acknowledge)
            }
        } else {
            let event = record(client, .delete, to: .cache, key: key, outcome: .dirty, latency: latency, operation: operation)
            enqueue(key, nil, operation: operation)
            cacheRemove(key)
            chargeMeasuredCacheLatency(to: event, operation: operation)
            after(cacheLatency, acknowledge)
        }
        maybeFlush()
    }

    func enqueue(_ key: String, _ value: String?, operation: Int?) {
        if writeBackOptions?.coalescing == true, let index = writeBack.queue.lastIndex(where: { $0.key == key }) {
            writeBack.queue[index].value = value
            writeBack.queue[index].updates += 1
            writeBack.writesSaved += 1
            record(.cache, .enqueue, to: .writeQueue, key: key, value: value, outcome: .coalesced,
                   detail: "\(writeBack.queue[index].updates) updates", operation: operation)
        } else {
            writeBack.queue.append(PendingWrite(key: key, value: value, updates: 1, queuedAt: now, attempts: 0))
            record(.cache, .enqueue, to: .writeQueue, key: key, value: value, operation: operation)
        }
    }

    /// Starts a flush if one is due, or arranges to check again when one will be.
    func maybeFlush() {
        guard let options = writeBackOptions, isUp, !writeBack.flushing, let oldest = writeBack.queue.first else { return }
        if now < writeBack.retryAfter { return scheduleFlushCheck(at: writeBack.retryAfter) }
        let due = oldest.queuedAt + options.flushDelay
        if writeBack.draining || writeBack.retryPending || writeBack.queue.count >= options.batchSize || due <= now {
            startFlush()
        } else {
            scheduleFlushCheck(at: due)
        }
    }

    private func scheduleFlushCheck(at time: VirtualTime) {
        if let existing = writeBack.checkAt, existing <= time, existing >= now { return }
        writeBack.checkAt = time
        schedule(at: time) { [unowned self] in
            if writeBack.checkAt == time { writeBack.checkAt = nil }
            maybeFlush()
        }
    }

    /// Writes up to a batch of queued writes to the store in one round trip.
    func startFlush() {
        guard let options = writeBackOptions, !writeBack.flushing else { return }
        var batch: [PendingWrite] = []
        var rest: [PendingWrite] = []
        let forcedKeys = Set(writeBack.forced.map(\.key))
        for write in writeBack.queue {
            // A key being force-written keeps its later writes queued, so order per key holds.
            if batch.count < options.batchSize && !forcedKeys.contains(write.key) {
                batch.append(write)
            } else {
                rest.append(write)
            }
        }
        guard !batch.isEmpty else { return }
        writeBack.queue = rest
        writeBack.inFlight = batch
        writeBack.flushing = true
        writeBack.retryPending = false
        let latency = storeLatency(configuration.store.writeLatency)
        let problems = batch.map { _ in writeWillFail() }
        // When a write will be retried, later writes of its key in this batch wait behind it, so
        // an older value can never land after a newer one.
        var held = [Bool](repeating: false, count: batch.count)
        if case .retry = options.onFailure {
            var failedKeys: Set<String> = []
            for index in batch.indices {
                if failedKeys.contains(batch[index].key) {
                    held[index] = true
                } else if problems[index] != nil {
                    failedKeys.insert(batch[index].key)
                }
            }
        }
        let failed = problems.enumerated().filter { $0.element != nil && !held[$0.offset] }.count
        let heldCount = held.filter { $0 }.count
        record(.writeQueue, .flush, to: .store, outcome: failed == 0 ? .ok : .error, latency: latency,
               detail: "\(batch.count - heldCount) write\(batch.count - heldCount == 1 ? "" : "s")" + (failed == 0 ? "" : ", \(failed) failed"))
        for index in batch.indices {
            let write = batch[index]
            if held[index] {
                record(.writeQueue, .wait, key: write.key, value: write.value, outcome: .blocked,
                       detail: "held back behind the failed older write of its key")
                continue
            }
            record(.writeQueue, write.value == nil ? .delete : .write, to: .store, key: write.key, value: write.value,
                   outcome: problems[index] == nil ? .ok : .error, latency: latency, detail: problems[index])
        }
        let epochAtStart = epoch
        after(latency) { [unowned self] in
            guard epochAtStart == epoch else { return }
            var requeued: [PendingWrite] = []
            for (index, (write, problem)) in zip(batch, problems).enumerated() {
                if held[index] {
                    requeued.append(write)
                } else if problem == nil {
                    do throws(StoreError) {
                        try store.write(write.key, write.value)
                    } catch {
                        failure = .store(error)
                        return
                    }
                    counters.storeWrites += 1
                } else {
                    counters.failedWrites += 1
                    if let retry = handleFailedWrite(write) { requeued.append(retry) }
                }
            }
            writeBack.inFlight = []
            writeBack.flushing = false
            writeBack.queue = requeued + writeBack.queue
            writeBack.retryPending = !requeued.isEmpty
            for write in batch { markCleanIfSettled(write.key) }
            wakeWaiters()
            maybeFlush()
        }
    }

    /// Applies the failure policy to a failed write; returns it if it should be requeued.
    private func handleFailedWrite(_ failed: PendingWrite) -> PendingWrite? {
        guard let options = writeBackOptions else { return nil }
        switch options.onFailure {
        case .drop:
            writeBack.dropped += 1
            record(.writeQueue, .drop, key: failed.key, value: failed.value, outcome: .dropped,
                   detail: "\(failed.updates) update\(failed.updates == 1 ? "" : "s") dropped")
            return nil
        case .retry(let backoff, let maxBackoff):
            var write = failed
            write.attempts += 1
            writeBack.retries += 1
            var delay = backoff
            for _ in 1..<min(write.attempts, 30) where delay < maxBackoff { delay = delay + delay }
            delay = min(delay, maxBackoff)
            writeBack.retryAfter = max(writeBack.retryAfter, now + delay)
            record(.writeQueue, .retry, key: write.key, value: write.value, outcome: .error,
                   detail: "attempt \(write.attempts) failed; next try in \(delay)")
            if options.coalescing, let newer = writeBack.queue.firstIndex(where: { $0.key == write.key }) {
                // A newer queued write of the key supersedes this one and carries its updates.
                writeBack.queue[newer].updates += write.updates
                writeBack.writesSaved += 1
                return nil
            }
            return write
        }
    }

    /// Clears the dirty flag of `key` once none of its writes is pending.
    func markCleanIfSettled(_ key: String) {
        if pendingValue(key) == nil { cache.update(key) { $0.dirty = false } }
    }

    private func wakeWaiters() {
        let flushWaiters = writeBack.flushWaiters
        writeBack.flushWaiters = []
        for waiter in flushWaiters { waiter() }
        let blocked = writeBack.blockedWriters
        writeBack.blockedWriters = []
        for writer in blocked { writer() }
    }

    /// Writes the pending writes of an evicted dirty `key` before `then` continues.
    func forceWrite(_ key: String, operation: Int?, then: @escaping () -> Void) {
        if writeBack.inFlight.contains(where: { $0.key == key }) {
            // Let the flush that carries an older write of the key land first, to keep order.
            writeBack.flushWaiters.append { [unowned self] in forceWrite(key, operation: operation, then: then) }
            return
        }
        let writes = writeBack.queue.filter { $0.key == key }
        guard let first = writes.first, let last = writes.last else { return then() }
        writeBack.queue.removeAll { $0.key == key }
        writeBack.writesSaved += writes.count - 1
        let merged = PendingWrite(
            key: key, value: last.value, updates: writes.reduce(0) { $0 + $1.updates },
            queuedAt: first.queuedAt, attempts: writes.map(\.attempts).max() ?? 0)
        writeBack.forced.append(merged)
        storeWrite(by: .writeQueue, key: key, value: merged.value, operation: operation, detail: "evicted while dirty") { [unowned self] result in
            writeBack.forced.removeAll { $0.key == key }
            if case .failure = result, let retry = handleFailedWrite(merged) {
                writeBack.queue.insert(retry, at: 0)
            }
            then()
            wakeWaiters()
            maybeFlush()
        }
    }

    /// Flushes every pending write now, running the clock until the queue is empty. Failed
    /// writes are retried or dropped as configured.
    ///
    /// - Returns: the number of store writes the flush made.
    /// - Throws: ``ScenarioError/limit(_:)`` if retries outlast the scenario's limits.
    ///
    /// - Complexity: O(*s* log *s*) in the flush and retry stages it runs.
    @discardableResult
    public func flush() throws(ScenarioError) -> Int {
        guard writeBackOptions != nil, isUp else { return 0 }
        let before = counters.storeWrites
        record(.writeQueue, .flush, detail: "\(writeBack.pending.count) pending", always: true)
        writeBack.draining = true
        defer { writeBack.draining = false }
        maybeFlush()
        try run(until: { writeBack.pending.isEmpty })
        guard writeBack.pending.isEmpty else {
            throw .stalled("\(writeBack.pending.count) writes could not be flushed")
        }
        return counters.storeWrites - before
    }
}
