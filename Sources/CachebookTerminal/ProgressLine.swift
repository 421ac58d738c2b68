#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A `[n/N] item` line on standard error that rewrites itself as long work advances, shown
/// only when standard error is a terminal and not silenced.
public struct ProgressLine {
    public let total: Int
    private let isVisible: Bool

    public init(total: Int, quiet: Bool = false) {
        self.total = total
        self.isVisible = !quiet && isatty(STDERR_FILENO) != 0
    }

    /// Shows that item `index` (0-based) named `name` is under way.
    public func update(_ index: Int, _ name: String) {
        guard isVisible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K[\(index + 1)/\(total)] \(name)".utf8))
    }

    /// Clears the line, so that what follows starts clean.
    public func finish() {
        guard isVisible else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
