import CacheLab

/// A server whose calls the simulation charges at their measured wall-clock time instead of
/// its modelled latency.
protocol WallClockTimed: AnyObject {
    var lastCallDuration: VirtualTime { get set }
}

extension WallClockTimed {
    /// Runs `call`, keeps how long it took in `lastCallDuration`, and turns a backend error
    /// into the store error the simulation handles.
    ///
    /// - Complexity: that of `call`.
    @discardableResult
    func timed<T>(_ call: () throws(BackendError) -> T) throws(StoreError) -> T {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let result = try call()
            lastCallDuration = VirtualTime(clock.now - start)
            return result
        } catch {
            throw StoreError(error.description)
        }
    }
}
