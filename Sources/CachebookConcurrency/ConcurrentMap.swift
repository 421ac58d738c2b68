import Foundation

extension Array where Element: Sendable {
    /// The results of `transform` on every element, in order, computed on every core.
    ///
    /// Use it for independent, CPU-bound work per element, such as reading or rendering one
    /// lesson; `transform` must not depend on the order in which elements are visited.
    ///
    /// - Complexity: O(*n*) calls of `transform`, spread over the available cores.
    public func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let count = self.count
        guard count > 1 else { return map(transform) }
        return [Result](unsafeUninitializedCapacity: count) { buffer, initializedCount in
            // Each iteration writes only its own slot, so the workers never share memory.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: count) { index in
                (slots.baseAddress! + index).initialize(to: transform(self[index]))
            }
            initializedCount = count
        }
    }
}

/// Counts finished items across threads, for progress lines.
public final class ConcurrentCounter: @unchecked Sendable {
    private var count = 0
    private let lock = NSLock()

    public init() {}

    /// Adds one and returns the new count.
    public func increment() -> Int {
        lock.withLock {
            count += 1
            return count
        }
    }
}
