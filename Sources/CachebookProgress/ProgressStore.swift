import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads and writes `progress.json` so that it survives crashes and concurrent processes.
///
/// - Every write goes to a temporary file in the same folder, is flushed with `fsync`, and is
///   renamed over the old file: a reader, or a crash at any moment, sees either the old or the new
///   file, never a torn one.
/// - Read-modify-write cycles hold an exclusive `flock` on a sibling `.lock` file, so two
///   `cachebook` processes updating at once both keep their changes.
/// - A file that cannot be read as progress is moved aside to `progress.json.corrupt-TIMESTAMP`
///   with a warning, and the learner starts over rather than being stuck. It is never
///   overwritten in place.
public struct ProgressStore: Sendable {
    public let fileURL: URL

    public init(fileURL: URL) {
        self.fileURL = fileURL
    }

    /// `$CACHEBOOK_STATE`, else `$XDG_STATE_HOME/cachebook/progress.json`, else
    /// `~/.local/state/cachebook/progress.json`.
    public static func defaultFileURL(environment: [String: String]) -> URL {
        if let explicit = environment["CACHEBOOK_STATE"], !explicit.isEmpty {
            return URL(fileURLWithPath: explicit)
        }
        let stateHome: URL
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            stateHome = URL(fileURLWithPath: xdg)
        } else {
            let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
            stateHome = URL(fileURLWithPath: home).appendingPathComponent(".local/state")
        }
        return stateHome.appendingPathComponent("cachebook/progress.json")
    }

    /// Something the learner should know about their progress file.
    public struct Warning: Hashable, Sendable, CustomStringConvertible {
        public var description: String
    }

    public struct StoreError: Error, Hashable, Sendable, CustomStringConvertible {
        public var description: String
        public var hint: String
    }

    /// The current progress, under a shared lock. A missing file is empty progress.
    public func read() throws -> (LearnerProgress, [Warning]) {
        try withLock(exclusive: false) { try load(movingAsideIfCorrupt: false) }
    }

    /// Reads, lets `change` modify, and writes back atomically, all under an exclusive lock.
    @discardableResult
    public func update<Result>(_ change: (inout LearnerProgress) throws -> Result) throws -> (Result, [Warning]) {
        try withLock(exclusive: true) {
            removeAbandonedTemporaryFiles()
            var (progress, warnings) = try load(movingAsideIfCorrupt: true)
            let result = try change(&progress)
            try write(progress)
            return (result, warnings)
        }
    }

    /// Replaces all progress, as `cachebook progress --import` does.
    public func replace(with progress: LearnerProgress) throws {
        try update { $0 = progress }
    }

    /// Encodes progress the way the file holds it: pretty, sorted keys, ISO 8601 dates.
    public static func encode(_ progress: LearnerProgress) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(progress) + Data("\n".utf8)
    }

    /// Decodes progress written by ``encode(_:)`` or by the course website.
    public static func decode(_ data: Data) throws -> LearnerProgress {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(LearnerProgress.self, from: data)
    }

    // MARK: Implementation

    private func load(movingAsideIfCorrupt: Bool) throws(StoreError) -> (LearnerProgress, [Warning]) {
        guard FileManager.default.fileExists(atPath: fileURL.path) else { return (LearnerProgress(), []) }
        guard let data = FileManager.default.contents(atPath: fileURL.path) else {
            throw StoreError(description: "cannot read \(fileURL.path)", hint: "check the file's permissions, or pass --state FILE")
        }
        let progress: LearnerProgress
        do {
            progress = try Self.decode(data)
        } catch {
            guard movingAsideIfCorrupt else {
                return (LearnerProgress(), [Warning(description: "\(fileURL.path) is not a progress file; it will be moved aside on the next save")])
            }
            let aside = try moveAside()
            return (LearnerProgress(), [Warning(description: "\(fileURL.path) could not be read and was moved to \(aside.path); starting with empty progress")])
        }
        guard progress.formatVersion <= LearnerProgress.currentFormatVersion else {
            throw StoreError(
                description: "\(fileURL.path) was written by a newer cachebook (format \(progress.formatVersion))",
                hint: "update cachebook, or pass --state FILE to use another progress file")
        }
        return (progress, [])
    }

    private func moveAside() throws(StoreError) -> URL {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime]
        let stamp = formatter.string(from: Date()).replacingOccurrences(of: ":", with: "")
        var aside = URL(fileURLWithPath: fileURL.path + ".corrupt-" + stamp)
        var suffix = 1
        while FileManager.default.fileExists(atPath: aside.path) {
            suffix += 1
            aside = URL(fileURLWithPath: fileURL.path + ".corrupt-" + stamp + "-\(suffix)")
        }
        guard rename(fileURL.path, aside.path) == 0 else {
            throw StoreError(description: "cannot move the unreadable \(fileURL.path) aside: \(String(cString: strerror(errno)))",
                             hint: "move or delete the file yourself")
        }
        return aside
    }

    /// The prefix of the temporary files `write` renames into place.
    private var temporaryPrefix: String { ".\(fileURL.lastPathComponent).tmp-" }

    /// Deletes temporary files left by writers that were killed before their rename. Only a
    /// writer holding the exclusive lock creates one, so under that lock every one is abandoned.
    private func removeAbandonedTemporaryFiles() {
        let directory = fileURL.deletingLastPathComponent()
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        for name in names where name.hasPrefix(temporaryPrefix) {
            unlink(directory.appendingPathComponent(name).path)
        }
    }

    /// Microseconds to wait between writing the temporary file and renaming it, from
    /// `CACHEBOOK_TEST_WRITE_PAUSE_MS`. The crash-safety test sets it so that its kills land
    /// inside that window often, not by luck; nothing else should.
    private static let pauseBeforeRename: useconds_t = {
        let milliseconds = ProcessInfo.processInfo.environment["CACHEBOOK_TEST_WRITE_PAUSE_MS"].flatMap(UInt32.init) ?? 0
        return useconds_t(min(milliseconds, 10_000)) * 1000
    }()

    private func write(_ progress: LearnerProgress) throws {
        let data = try Self.encode(progress)
        let directory = fileURL.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent("\(temporaryPrefix)\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard descriptor >= 0 else { throw failure("cannot create \(temporary.path)") }
        var written = 0
        let ok = data.withUnsafeBytes { buffer -> Bool in
            while written < buffer.count {
                let result = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    return false
                }
                written += result
            }
            return fsync(descriptor) == 0
        }
        close(descriptor)
        guard ok else {
            unlink(temporary.path)
            throw failure("cannot write \(temporary.path)")
        }
        if Self.pauseBeforeRename > 0 { usleep(Self.pauseBeforeRename) }
        guard rename(temporary.path, fileURL.path) == 0 else {
            unlink(temporary.path)
            throw failure("cannot replace \(fileURL.path)")
        }
        // Make the rename itself durable.
        let directoryDescriptor = open(directory.path, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    private func withLock<T>(exclusive: Bool, _ body: () throws -> T) throws -> T {
        let directory = fileURL.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw failure("cannot create \(directory.path)")
        }
        let descriptor = open(fileURL.path + ".lock", O_RDWR | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw failure("cannot open \(fileURL.path).lock") }
        defer { close(descriptor) }
        while flock(descriptor, exclusive ? LOCK_EX : LOCK_SH) != 0 {
            guard errno == EINTR else { throw failure("cannot lock \(fileURL.path).lock") }
        }
        defer { flock(descriptor, LOCK_UN) }
        return try body()
    }

    private func failure(_ what: String) -> StoreError {
        StoreError(description: "\(what): \(String(cString: strerror(errno)))", hint: "check the folder's permissions, or pass --state FILE")
    }
}
