import CachebookConcurrency
import CachebookCourse
import Foundation

/// The folder a site is written to, guarded so that a build never writes outside it and never
/// clobbers a folder it did not make.
///
/// - A folder that does not exist, or is empty, is taken.
/// - A folder holding the marker file of an earlier build is ours: files that build wrote and
///   this one does not are removed, nothing else is.
/// - Any other folder is refused unless `force` is set; then it is taken over, and nothing in
///   it is deleted.
struct OutputDirectory {
    static let markerName = ".cachebook-site"

    let root: URL
    /// `root.path`, made once: `URL.path` decodes the URL on every call.
    private let rootPath: String
    /// Files the previous build wrote, from its marker.
    private let previousFiles: Set<String>

    /// What a build found out about the folder it is to write, changing nothing: see
    /// ``claim(_:force:)``.
    struct Claim {
        fileprivate let folder: URL
        /// The files the previous build wrote, from its marker; `nil` if there is no folder yet.
        fileprivate let previousFiles: Set<String>?
    }

    /// Checks, making nothing, that a build may go into `url`: a folder not there yet, an empty
    /// one, one with the marker of an earlier build, or, with `force`, any folder.
    static func claim(_ url: URL, force: Bool) throws(SiteBuildError) -> Claim {
        let standardized = url.standardizedFileURL
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: standardized.path, isDirectory: &isDirectory) else { return Claim(folder: standardized, previousFiles: nil) }
        guard isDirectory.boolValue else {
            throw .output("\(standardized.path) is a file, not a folder", hint: "pass --out with a folder")
        }
        let marker = standardized.appendingPathComponent(markerName)
        if let manifest = try? String(contentsOf: marker, encoding: .utf8) {
            return Claim(folder: standardized, previousFiles: Set(manifest.split(separator: "\n").dropFirst().map(String.init)))
        }
        guard force || ((try? manager.contentsOfDirectory(atPath: standardized.path)) ?? []).isEmpty else {
            throw .output("\(standardized.path) is not empty and was not made by cachebook",
                          hint: "pick another --out, empty this folder, or pass --force to build into it (nothing in it is deleted)")
        }
        return Claim(folder: standardized, previousFiles: [])
    }

    /// Takes the folder `claim` found usable, making it if it is not there yet.
    init(_ claim: Claim) throws(SiteBuildError) {
        if claim.previousFiles == nil {
            do {
                try FileManager.default.createDirectory(at: claim.folder, withIntermediateDirectories: true)
            } catch {
                throw .output("cannot create \(claim.folder.path)", hint: "check the path and its permissions")
            }
        }
        previousFiles = claim.previousFiles ?? []
        root = claim.folder.resolvingSymlinksInPath()
        rootPath = root.path
    }

    /// Checks and takes the folder at `url` at once.
    init(_ url: URL, force: Bool) throws(SiteBuildError) {
        try self.init(Self.claim(url, force: force))
    }

    /// A file of the folder whose place has been checked and whose folders exist, ready to be
    /// written from any thread with ``put(_:at:)``.
    struct PreparedFile: Sendable {
        let relativePath: String
        fileprivate let path: String
    }

    /// Why ``put(_:at:)`` did not write a file.
    enum WriteFailure: Error, Sendable {
        case symbolicLink(String)
        case unwritable(String)
    }

    /// Writes `data` at `relativePath`; see ``write(_:)``.
    func write(_ data: Data, to relativePath: String) throws(SiteBuildError) {
        try write([(relativePath, data)])
    }

    /// Writes every file at its relative path, each of which must name a place inside the folder:
    /// no `..`, no absolute path, and no symbolic link on the way that leads elsewhere. Folders
    /// are checked and made first, one at a time; the files are then written on every core.
    ///
    /// - Complexity: O(*n*) in the number and size of the files.
    func write(_ files: [(path: String, data: Data)]) throws(SiteBuildError) {
        let prepared = try prepare(files.map(\.path))
        let failures = Array(files.indices).concurrentMap { put(files[$0].data, at: prepared[$0]) }.compactMap { $0 }
        if let error = Self.error(for: failures) { throw error }
    }

    /// Checks each relative path and makes its folders, one at a time; nothing is written.
    ///
    /// - Complexity: O(*n*) in the number of paths.
    func prepare(_ relativePaths: [String]) throws(SiteBuildError) -> [PreparedFile] {
        // The folders already made, relative and absolute: a site has a handful, and paths
        // thousands, so a path whose folder was seen costs one look-up.
        var seenFolders: Set<Substring> = []
        var checkedFolders: Set<String> = []
        var prepared: [PreparedFile] = []
        prepared.reserveCapacity(relativePaths.count)
        for relativePath in relativePaths {
            // Split at its `/` bytes: splitting the characters cost more than the rest.
            let components = relativePath.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Substring.init)
            guard !components.isEmpty, components.allSatisfy(Self.isSafeComponent) else {
                throw .output("refusing to write \(relativePath): not a plain path inside the output folder", hint: "this is a bug in cachebook; please report it")
            }
            let folder = relativePath[..<components.last!.startIndex]
            if seenFolders.insert(folder).inserted {
                try makeFolders(components.dropLast(), checkedFolders: &checkedFolders)
            }
            // Paths are strings: `URL` arithmetic was a twentieth of a build at a thousand files.
            prepared.append(PreparedFile(relativePath: relativePath, path: rootPath + "/" + relativePath))
        }
        return prepared
    }

    /// Writes a prepared file, refusing a symbolic link in its place; safe to call from several
    /// threads.
    ///
    /// - A file that already holds `data` is left as it is, so its modification time tells when
    ///   its content last changed, and a rebuild does not churn inodes (on ext4 with online
    ///   discard, replacing a thousand unchanged files took longer than rendering them).
    /// - Any other file is written whole beside its place and renamed over it; see
    ///   ``replace(_:with:)``.
    func put(_ data: Data, at file: PreparedFile) -> WriteFailure? {
        switch Self.file(file.path, holds: data) {
        case .same: return nil
        case .symbolicLink: return .symbolicLink(file.path)
        case .different: return Self.replace(file.path, with: data) ? nil : .unwritable(file.path)
        }
    }

    /// What is at a path a file is to be written to.
    private enum Existing {
        /// A regular file holding the bytes to be written.
        case same
        case symbolicLink
        /// Nothing, or anything else.
        case different
    }

    /// The error to report for `failures`, or `nil` if there are none.
    static func error(for failures: [WriteFailure]) -> SiteBuildError? {
        var unwritable: [String] = []
        for failure in failures {
            switch failure {
            case .symbolicLink(let path):
                return .output("refusing to write \(path): it is a symbolic link", hint: "remove it and build again")
            case .unwritable(let path):
                unwritable.append(path)
            }
        }
        guard let first = unwritable.first else { return nil }
        return .output("cannot write \(first)" + (unwritable.count > 1 ? " and \(unwritable.count - 1) more files" : ""),
                       hint: "check the folder's permissions and free space")
    }

    /// Makes the folders `components` name, each inside the one before, checking that none of
    /// them is a symbolic link.
    private func makeFolders(_ components: ArraySlice<Substring>, checkedFolders: inout Set<String>) throws(SiteBuildError) {
        var path = rootPath
        for component in components {
            path += "/" + component
            guard checkedFolders.insert(path).inserted else { continue }
            var status = stat()
            if lstat(path, &status) == 0 {
                // `root` has no links in it, and each folder below is checked in turn.
                guard status.st_mode & S_IFMT == S_IFDIR else {
                    throw .output("refusing to write through \(path): it is not a plain folder inside the output folder",
                                  hint: "remove \(path) and build again")
                }
            } else if mkdir(path, 0o755) != 0 && errno != EEXIST {
                throw .output("cannot create \(path)", hint: "check the folder's permissions")
            }
        }
    }

    /// Whether `file` is a regular file holding exactly `data`, a symbolic link, or neither.
    ///
    /// The file is opened without a look at it first (`lstat`): `O_NOFOLLOW` refuses a link
    /// with `ELOOP`, and the rest is checked through the descriptor. That is one call less for
    /// each of a thousand pages and records.
    private static func file(_ file: String, holds data: Data) -> Existing {
        // O_NONBLOCK: a FIFO or device put in the page's place must not stall the build.
        let descriptor = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return errno == ELOOP ? .symbolicLink : .different }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG, Int(status.st_size) == data.count else { return .different }
        // Read and compared a piece at a time: a buffer the size of the file (the print view is
        // megabytes) was fresh memory for the kernel to fault in, every build.
        let same = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: min(max(data.count, 1), 1 << 16)) { buffer in
            data.withUnsafeBytes { expected in
                var offset = 0
                while offset < data.count {
                    let count = read(descriptor, buffer.baseAddress!, min(buffer.count, data.count - offset))
                    if count < 0 && errno == EINTR { continue }
                    guard count > 0, memcmp(expected.baseAddress! + offset, buffer.baseAddress!, count) == 0 else { return false }
                    offset += count
                }
                return true
            }
        }
        return same ? .same : .different
    }

    /// Writes a fresh file beside `file` and renames it over `file`, so readers (a browser, a
    /// web server) see the old page or the new one, never half of one. Unlike `Data.write`'s
    /// `.atomic`, there is no fsync: a site can be rebuilt, and a thousand fsyncs were a sixth
    /// of a build's time.
    private static func replace(_ file: String, with data: Data) -> Bool {
        let slash = file.utf8.lastIndex(of: UInt8(ascii: "/"))!
        let temporary = String(file[...slash]) + ".\(file[file.index(after: slash)...]).\(processID).tmp"
        // O_EXCL and O_NOFOLLOW: never write through something planted at the temporary name.
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return false }
        guard writeAll(data, to: descriptor), rename(temporary, file) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }

    private static let processID = getpid()

    /// Writes all of `data` and closes `descriptor`.
    private static func writeAll(_ data: Data, to descriptor: Int32) -> Bool {
        let complete = data.withUnsafeBytes { buffer -> Bool in
            var offset = 0
            while offset < buffer.count {
                let count = Foundation.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if count < 0 && errno == EINTR { continue }
                guard count > 0 else { return false }
                offset += count
            }
            return true
        }
        return close(descriptor) == 0 && complete
    }

    /// Removes what the previous build wrote and this one did not, then records this build's
    /// files in the marker.
    func finish(written: Set<String>) throws(SiteBuildError) {
        for stale in previousFiles.subtracting(written) where stale.split(separator: "/").allSatisfy(Self.isSafeComponent) {
            try? FileManager.default.removeItem(at: root.appendingPathComponent(stale))
        }
        let manifest = "cachebook site; files written by the last build:\n" + written.sorted().joined(separator: "\n") + "\n"
        try write(Data(manifest.utf8), to: Self.markerName)
    }

    /// A file or folder name of letters, digits, `-`, `_` and `.`, not starting with a dot
    /// (except the marker and the lesson cache).
    static func isSafeComponent(_ name: some StringProtocol) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 200, name != ".", name != ".." else { return false }
        if name == markerName || name == LessonBuildCache.folderName { return true }
        // Bytes, not characters: a letter's Unicode properties were looked up for every one.
        return !name.hasPrefix(".") && name.utf8.allSatisfy { byte in
            byte.isASCIILetterOrDigit || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ".")
        }
    }
}

/// Why a site could not be built.
public enum SiteBuildError: Error, CustomStringConvertible {
    /// Problems in the course, as lint reports them.
    case lessons([Diagnostic])
    case output(String, hint: String)
    case theme(String, hint: String)

    public var description: String {
        switch self {
        case .lessons(let diagnostics): "the course has \(diagnostics.count) problem\(diagnostics.count == 1 ? "" : "s")"
        case .output(let message, _), .theme(let message, _): message
        }
    }

    public var hint: String {
        switch self {
        case .lessons: "fix them (`cachebook lint` lists them) and build again"
        case .output(_, let hint), .theme(_, let hint): hint
        }
    }
}
