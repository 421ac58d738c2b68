import Foundation

/// A value worked out on another thread while the caller goes on with something else.
public final class BackgroundWork<Value: Sendable>: @unchecked Sendable {
    private let group = DispatchGroup()
    /// Set once, by the work, before `group` is left; read only after waiting for `group`.
    private var result: Value?

    /// Starts `work` at once.
    public init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async(group: group) { self.result = work() }
    }

    /// The value, once the work is done.
    public func value() -> Value {
        group.wait()
        return result!
    }
}
