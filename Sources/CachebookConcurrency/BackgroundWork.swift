import Foundation

/// A value worked out on a thread of its own while the caller goes on with something else.
///
/// A thread of its own, not the shared pool: the caller may itself be on a pool thread (a
/// `serve` rebuild runs in a task), and on one core the work would then wait for the pool to
/// grow while the caller waits for the work.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchGroup()
    /// Set once, by the work, before `done` is left; read only after waiting for `done`.
    private var result: Value?

    /// Starts `work` on a new thread.
    public init(_ work: @escaping @Sendable () -> Value) {
        done.enter()
        Thread {
            self.result = work()
            self.done.leave()
        }.start()
    }

    /// The value, once the work is done.
    public func value() -> Value {
        done.wait()
        return result!
    }
}
