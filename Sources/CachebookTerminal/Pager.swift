import Foundation

/// Shows long output through a pager such as `less -R`.
public enum Pager {
    /// Pipes `text` into `command` (run by `/bin/sh`) and waits for the pager to quit. Returns
    /// `false` if the pager could not be started, so the caller can print the text itself.
    public static func show(_ text: String, command: String) -> Bool {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        var environment = ProcessInfo.processInfo.environment
        // Keep colors and quit at once if the text turns out to fit, unless the user chose otherwise.
        if environment["LESS"] == nil { environment["LESS"] = "FRX" }
        process.environment = environment
        let input = Pipe()
        process.standardInput = input
        // A reader who quits the pager early closes the pipe; that must not kill us with SIGPIPE.
        let previous = signal(SIGPIPE, SIG_IGN)
        defer { signal(SIGPIPE, previous) }
        do {
            try process.run()
        } catch {
            return false
        }
        try? input.fileHandleForWriting.write(contentsOf: Data(text.utf8))
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
        // 127 is the shell's "command not found": the text was never shown.
        return process.terminationStatus != 127
    }
}
