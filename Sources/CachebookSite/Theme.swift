import Crypto
import Foundation
import Mustache

/// The look of the site: Mustache templates and the assets (CSS, JS) they use. The default
/// theme is the repository's `site/` folder (`templates/` and `assets/`); a course may
/// override any file by putting one with the same name in its own `theme/` folder.
struct Theme {
    static let templateNames = ["layout", "index", "lesson", "checklist", "print", "notfound"]

    let templates: MustacheLibrary
    /// Each template's text as its author wrote it, by name, for ``TemplateFrame``.
    let sources: [String: String]
    /// Asset files by name, copied to `assets/` in the site.
    let assets: [(name: String, data: Data)]
    /// A digest of every template and asset, so a build can tell that the theme changed.
    let fingerprint: Data

    /// Loads the default theme from `directory` and the course's overrides from `overrides`.
    static func load(from directory: URL, overrides: URL?) throws(SiteBuildError) -> Theme {
        let manager = FileManager.default
        func file(_ name: String, in folder: String) -> URL? {
            if let overrides, manager.fileExists(atPath: overrides.appendingPathComponent(name).path) {
                return overrides.appendingPathComponent(name)
            }
            let url = directory.appendingPathComponent(folder).appendingPathComponent(name)
            return manager.fileExists(atPath: url.path) ? url : nil
        }
        var library = MustacheLibrary()
        var sources: [String: String] = [:]
        var digest = SHA256()
        for name in templateNames {
            guard let url = file(name + ".mustache", in: "templates"), let text = try? String(contentsOf: url, encoding: .utf8) else {
                throw .theme("the theme has no template \(name).mustache", hint: "the default theme is in site/templates; set CACHEBOOK_THEME to its folder")
            }
            digest.update(data: Data("\(name)\0\(text)\0".utf8))
            sources[name] = text
            do {
                try library.register(Self.escapingPragma + text, named: name)
            } catch let error as MustacheTemplate.ParserError {
                // The pragma's line is ours: the author's lines start after it.
                throw .theme("\(url.path):\(error.context.lineNumber - 1):\(error.context.columnNumber): not a valid Mustache template (\(error.error))",
                             hint: "check the {{tags}} on that line")
            } catch {
                throw .theme("\(url.path) is not a valid Mustache template: \(error)", hint: "check its {{tags}}")
            }
        }
        let assetFolder = directory.appendingPathComponent("assets")
        var names = Set((try? manager.contentsOfDirectory(atPath: assetFolder.path)) ?? [])
        if let overrides {
            for name in (try? manager.contentsOfDirectory(atPath: overrides.path)) ?? [] where !name.hasSuffix(".mustache") && !name.hasPrefix(".") {
                names.insert(name)
            }
        }
        var assets: [(String, Data)] = []
        for name in names.sorted() where OutputDirectory.isSafeComponent(name) {
            guard let url = file(name, in: "assets"), let data = manager.contents(atPath: url.path) else { continue }
            assets.append((name, data))
            digest.update(data: Data("\(name)\0".utf8) + data)
        }
        guard assets.contains(where: { $0.0 == "cachebook.css" }), assets.contains(where: { $0.0 == "cachebook.js" }) else {
            throw .theme("the theme has no assets/cachebook.css or assets/cachebook.js", hint: "the default theme is in site/assets")
        }
        return Theme(templates: library, sources: sources, assets: assets, fingerprint: Data(digest.finalize()))
    }

    /// Makes every template escape `{{values}}` with ``HTML/escape(_:)``, through the engine's
    /// own extension point for escaping. Its default escapes a character at a time through a
    /// dictionary, which was a twentieth of a site build; ours gives the same text (and turns
    /// control characters, which HTML forbids, into U+FFFD). The pragma stands on a line of its
    /// own, which Mustache removes, so the template's own first line is kept as it is.
    private static let escapingPragma: String = {
        MustacheContentTypes.register(SiteHTMLEscaping(), named: "CACHEBOOK_HTML")
        return "{{% CONTENT_TYPE: CACHEBOOK_HTML}}\n"
    }()

    private struct SiteHTMLEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { Theme.escape(text) }
    }

    /// How every template escapes `{{values}}`, unless it changes its content type.
    static func escape(_ text: String) -> String { HTML.escape(text) }

    /// The text of template `name`, one of ``templateNames``.
    func source(of name: String) -> String { sources[name] ?? "" }

    /// `source`, a piece of a template, as a template that escapes as the theme's own do, or
    /// `nil` if it is not one.
    static func template(from source: String) -> MustacheTemplate? {
        try? MustacheTemplate(string: escapingPragma + source)
    }

    /// Renders template `name` with `context`.
    func render(_ name: String, _ context: [String: Any]) -> String {
        templates.render(context, withTemplate: name) ?? ""
    }
}
