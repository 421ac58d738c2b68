import CachebookSite
import FlyingFox
import FlyingSocks
import Foundation

/// `cachebook serve`: builds the site, serves it on 127.0.0.1, rebuilds when a lesson or theme
/// file changes, and tells open pages to reload.
public struct CourseServer: Sendable {
    public var options: SiteBuildOptions
    public var port: UInt16
    /// How often to look for changed files.
    public var pollInterval: Duration

    public init(options: SiteBuildOptions, port: UInt16, pollInterval: Duration = .milliseconds(500)) {
        var options = options
        options.liveReload = true
        self.options = options
        self.port = port
        self.pollInterval = pollInterval
    }

    /// Builds, serves and watches until the task is cancelled.
    ///
    /// - Parameters:
    ///   - build: Builds the site; a failure keeps the previous build online.
    ///   - log: Hears what happens, one line at a time.
    public func run(build: @escaping @Sendable () -> Bool, log: @escaping @Sendable (String) -> Void) async throws {
        let generation = Generation()
        _ = build()
        let server = HTTPServer(address: try .inet(ip4: "127.0.0.1", port: port), timeout: 30, logger: .disabled)
        let root = options.outputDirectory.standardizedFileURL
        await server.appendRoute("GET /__cachebook/live-reload.js") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "no-store"],
                         body: Data(Self.liveReloadScript.utf8))
        }
        await server.appendRoute("GET /__cachebook/generation") { _ in
            HTTPResponse(statusCode: .ok, headers: [.contentType: "text/plain", .cacheControl: "no-store"],
                         body: Data(String(await generation.value).utf8))
        }
        await server.appendRoute("GET *") { request in
            StaticFiles(root: root).response(for: request.path)
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await server.run() }
            try await server.waitUntilListening()
            if case .ip4(let host, let port)? = await server.listeningAddress {
                log("Serving the course at http://\(host):\(port)/ (Ctrl-C to stop)")
            }
            group.addTask {
                var fingerprint = Self.fingerprint(of: [options.courseDirectory, options.themeDirectory], skipping: root)
                while !Task.isCancelled {
                    try await Task.sleep(for: pollInterval)
                    let current = Self.fingerprint(of: [options.courseDirectory, options.themeDirectory], skipping: root)
                    guard current != fingerprint else { continue }
                    fingerprint = current
                    log("Changes found; rebuilding…")
                    if build() { await generation.advance() }
                }
            }
            try await group.next()
            group.cancelAll()
        }
    }

    /// Paths, sizes and modification times of every file under `folders`, as one string.
    static func fingerprint(of folders: [URL], skipping skipped: URL) -> String {
        var entries: [String] = []
        for folder in folders {
            guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .fileSizeKey]) else { continue }
            while let url = enumerator.nextObject() as? URL {
                if url.standardizedFileURL.path.hasPrefix(skipped.path) {
                    enumerator.skipDescendants()
                    continue
                }
                let values = try? url.resourceValues(forKeys: [.contentModificationDateKey, .fileSizeKey])
                entries.append("\(url.path)|\(values?.fileSize ?? 0)|\(values?.contentModificationDate?.timeIntervalSince1970 ?? 0)")
            }
        }
        return entries.sorted().joined(separator: "\n")
    }

    /// Polls the build generation and reloads the page when it changes.
    static let liveReloadScript = """
        (function () {
          var seen = null;
          function poll() {
            fetch("/__cachebook/generation", { cache: "no-store" }).then(function (response) { return response.text(); })
              .then(function (generation) {
                if (seen !== null && generation !== seen) { location.reload(); }
                seen = generation;
              }).catch(function () {}).finally(function () { setTimeout(poll, 1000); });
          }
          poll();
        })();
        """
}

/// Which build is online: it goes up with every successful rebuild.
private actor Generation {
    private(set) var value = 1
    func advance() { value += 1 }
}

/// Files of the built site, by URL path, and nothing outside it.
struct StaticFiles {
    let root: URL

    func response(for path: String) -> HTTPResponse {
        let decoded = path.removingPercentEncoding ?? path
        var components = decoded.split(separator: "/").map(String.init)
        guard components.allSatisfy(Self.isServable) else { return notFound() }
        if components.isEmpty || decoded.hasSuffix("/") { components.append("index.html") }
        var url = root
        for component in components { url.appendPathComponent(component) }
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            url.appendPathComponent("index.html")
        }
        guard url.resolvingSymlinksInPath().path.hasPrefix(root.resolvingSymlinksInPath().path + "/"),
              let data = FileManager.default.contents(atPath: url.path) else { return notFound() }
        return HTTPResponse(statusCode: .ok, headers: [.contentType: Self.contentType(of: url.pathExtension), .cacheControl: "no-store"], body: data)
    }

    private func notFound() -> HTTPResponse {
        let page = FileManager.default.contents(atPath: root.appendingPathComponent("404.html").path) ?? Data("Not found".utf8)
        return HTTPResponse(statusCode: .notFound, headers: [.contentType: "text/html; charset=utf-8"], body: page)
    }

    static func isServable(_ component: String) -> Bool {
        component != ".." && component != "." && !component.hasPrefix(".") && !component.contains("\\")
    }

    static func contentType(of fileExtension: String) -> String {
        switch fileExtension.lowercased() {
        case "html": "text/html; charset=utf-8"
        case "css": "text/css; charset=utf-8"
        case "js": "text/javascript; charset=utf-8"
        case "svg": "image/svg+xml"
        case "png": "image/png"
        case "jpg", "jpeg": "image/jpeg"
        case "json": "application/json"
        default: "application/octet-stream"
        }
    }
}
