/// A problem found in a course file, shown to authors as
/// `path:line:col: error: what is wrong` followed by a `hint:` line that says how to fix it.
public struct Diagnostic: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Severity: String, Hashable, Sendable, Comparable {
        case error
        case warning

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .error && rhs == .warning
        }
    }

    public var severity: Severity
    /// The file as shown to the user: relative to the working directory when it is inside it.
    public var path: String
    /// 1-based.
    public var line: Int
    /// 1-based.
    public var column: Int
    public var message: String
    public var hint: String

    public init(_ severity: Severity, path: String, line: Int, column: Int = 1, message: String, hint: String) {
        self.severity = severity
        self.path = path
        self.line = max(1, line)
        self.column = max(1, column)
        self.message = message
        self.hint = hint
    }

    public static func error(_ message: String, at location: FileLocation, hint: String) -> Diagnostic {
        Diagnostic(.error, path: location.path, line: location.line, column: location.column, message: message, hint: hint)
    }

    public static func warning(_ message: String, at location: FileLocation, hint: String) -> Diagnostic {
        Diagnostic(.warning, path: location.path, line: location.line, column: location.column, message: message, hint: hint)
    }

    /// Where the diagnostic points.
    public var location: FileLocation {
        FileLocation(path: path, line: line, column: column)
    }

    /// The first line, `path:line:col: severity: message`.
    public var headline: String {
        "\(path):\(line):\(column): \(severity.rawValue): \(message)"
    }

    public var description: String {
        headline + "\n  hint: " + hint
    }
}

/// A place in a file.
public struct FileLocation: Hashable, Sendable {
    public var path: String
    public var line: Int
    public var column: Int

    public init(path: String, line: Int, column: Int = 1) {
        self.path = path
        self.line = line
        self.column = column
    }
}

extension Array where Element == Diagnostic {
    /// Whether any diagnostic is an error.
    public var containsErrors: Bool {
        contains { $0.severity == .error }
    }

    /// Sorted by file, then position, so reports are stable.
    public func sortedByLocation() -> [Diagnostic] {
        sorted { ($0.path, $0.line, $0.column, $0.message) < ($1.path, $1.line, $1.column, $1.message) }
    }
}
