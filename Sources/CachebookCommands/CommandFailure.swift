import ArgumentParser

/// An error a user sees: what went wrong and how to fix it, plus the exit code.
struct CommandFailure: Error, CustomStringConvertible {
    /// The request itself cannot be carried out: bad arguments, missing files, unreadable input.
    static let usageExitCode: Int32 = 2

    var message: String
    var hint: String?
    var exitCode: Int32 = usageExitCode

    var description: String { message }

    /// `error: message` and a `hint:` line, as printed on standard error.
    var rendered: String {
        var text = "error: " + message + "\n"
        if let hint { text += "  hint: " + hint + "\n" }
        return text
    }
}

extension ExitCode {
    /// Problems were found in the user's material (lint errors, wrong answers, failed checks) and
    /// have already been printed.
    static let problemsFound = ExitCode(1)
}
