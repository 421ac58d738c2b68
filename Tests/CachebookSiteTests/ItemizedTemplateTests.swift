import CacheLab
import CachebookCourse
@testable import CachebookSite
import Foundation
import Testing

@Suite("A template rendered item by item renders as the template engine would")
struct ItemizedTemplateTests {
    /// The template `source` item by item, with the engine rendering it whole.
    private func itemized(_ source: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> (ItemizedTemplate, engine: ([String: Any]) -> String) {
        let template = try #require(Theme.template(from: source), sourceLocation: sourceLocation)
        return (ItemizedTemplate(source: source) { template.render($0) }, { template.render($0) })
    }

    /// Bytes, not strings: `String`'s `==` would take another spelling of the same text.
    private func expectSameBytes(_ parts: [String], _ rendered: String, _ comment: @autoclosure () -> String,
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(parts.joined().utf8.elementsEqual(rendered.utf8), "\(comment())", sourceLocation: sourceLocation)
    }

    private static let texts = ["", "a", "Cache-Aside", "<b>", "&amp;", "\"'", "\n", "\r", "e\u{301}", "\u{301}", "漢字", "{{title}}", "\u{E002}0\u{E003}"]

    private static func text(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...3, using: &generator)).map { _ in texts.randomElement(using: &generator)! }.joined()
    }

    /// A random template over `items` (each with `title`, `body`, `flag`, `tags` and `sub`, a list
    /// of maps with `name`), with its section tags in every arrangement of lines and spaces.
    private static func template(_ generator: inout SeededGenerator) -> String {
        // The engine ends a line of text only at the first two; the rest are text.
        let newlines = ["\n", "\r\n", "\n", "\r", "\u{2028}", "\u{0B}"]
        func around(_ tag: String) -> String {
            let before = ["", "", "  ", "\t", "<ul>", "x "].randomElement(using: &generator)!
            let after = ["", " ", "</ul>", " \t"].randomElement(using: &generator)!
            return before + tag + after + (Bool.random(using: &generator) ? newlines.randomElement(using: &generator)! : "")
        }
        func content(depth: Int) -> String {
            (0..<Int.random(in: 0...4, using: &generator)).map { _ in
                switch Int.random(in: 0...15, using: &generator) {
                case 0: "<li>{{title}}</li>"
                case 1: "{{{body}}}"
                case 2: newlines.randomElement(using: &generator)!
                case 3: "  "
                case 4: around("{{#flag}}") + "yes" + around("{{/flag}}")
                case 5: around("{{^flag}}") + "no" + around("{{/flag}}")
                case 6: around("{{#tags}}") + "[{{.}}]" + around("{{/tags}}")
                case 7: around("{{! a note }}")
                case 8: depth < 2 ? around("{{#sub}}") + "{{name}}/{{title}}" + content(depth: depth + 1) + around("{{/sub}}") : "{{name}}"
                case 9: "{{root}}"
                case 10: around("{{^items}}") + "none" + around("{{/items}}")
                // Tags as the engine also reads them: spaces and line breaks inside, an empty name.
                case 11: around("{{# more }}") + "<p>{{ title }}{{count}}</p>" + around("{{/more\n}}")
                case 12: around("{{! one per item (see the docs). }}")
                case 13: "{{#tags}}{{}}{{/tags}}"
                case 14: "{{{ body }}}"
                default: depth < 1 ? around("{{#items}}") + content(depth: depth + 1) + around("{{/items}}") : "{{&body}}"
                }
            }.joined()
        }
        return content(depth: 0) + around("{{#items}}") + content(depth: 1) + around("{{/items}}") + content(depth: 0)
    }

    private static func context(_ generator: inout SeededGenerator) -> [String: Any] {
        func item() -> [String: Any] {
            var item: [String: Any] = [:]
            if Bool.random(using: &generator) { item["title"] = text(&generator) }
            if Bool.random(using: &generator) { item["body"] = text(&generator) }
            if Bool.random(using: &generator) { item["flag"] = Bool.random(using: &generator) }
            if Bool.random(using: &generator) { item["tags"] = (0..<Int.random(in: 0...2, using: &generator)).map { _ in text(&generator) } }
            if Bool.random(using: &generator) {
                item["sub"] = (0..<Int.random(in: 0...3, using: &generator)).map { _ -> [String: Any] in
                    Bool.random(using: &generator) ? ["name": text(&generator)] : ["name": text(&generator), "title": text(&generator)]
                }
            }
            return item
        }
        var context: [String: Any] = ["title": text(&generator), "root": text(&generator), "flag": Bool.random(using: &generator),
                                      "items": (0..<Int.random(in: 0...5, using: &generator)).map { _ in item() },
                                      "more": (0..<Int.random(in: 0...3, using: &generator)).map { number -> [String: Any] in
                                          ["title": text(&generator), "count": number]
                                      }]
        if Bool.random(using: &generator) { context["tags"] = [text(&generator)] }
        return context
    }

    @Test func randomTemplatesAndContextsRenderAsTheEngineDoes() throws {
        var generator = SeededGenerator(seed: 2026_11_24)
        var itemizedCount = 0
        for _ in 0..<1_500 {
            let source = Self.template(&generator)
            let (template, engine) = try itemized(source)
            for _ in 0..<4 {
                let context = Self.context(&generator)
                let typed = try #require(TemplateContext(context))
                if template.itemizedParts(typed) != nil { itemizedCount += 1 }
                expectSameBytes(template.parts(typed), engine(context), "\(source.debugDescription) with \(context)")
            }
        }
        // Most renderings go item by item; the rest (a marker in a text, say) go to the engine.
        #expect(itemizedCount > 3_000)
    }

    @Test(arguments: [
        // A dotted name, a transform, a partial, changed delimiters, `{{.}}` printing an item.
        "{{#items}}{{title.count}}{{/items}}", "{{#items}}{{#first()}}1{{/first()}}{{/items}}", "{{#items}}{{>other}}{{/items}}",
        "{{=<% %>=}}<%#items%><%title%><%/items%>", "{{#items}}{{.}}{{/items}}",
        // The names the cut itself uses.
        "{{#cachebook-cut}}x{{/cachebook-cut}}{{#items}}{{title}}{{/items}}", "{{#items}}{{title}}{{cachebook-guard}}{{/items}}",
    ])
    func templatesItCannotCutAreLeftToTheEngine(source: String) throws {
        let template = try #require(Theme.template(from: source))
        let itemized = ItemizedTemplate(source: source) { template.render($0) }
        let context: [String: Any] = ["items": [["title": "t"], ["title": "u"]], "flag": true]
        let typed = try #require(TemplateContext(context))
        #expect(itemized.itemizedParts(typed) == nil)
        expectSameBytes(itemized.parts(typed), template.render(context), source)
    }

    @Test func aTemplatePrintingTheWholeContextIsLeftToTheEngine() throws {
        let source = "{{#flag}}{{.}}{{/flag}}{{#items}}x{{/items}}"
        let template = try #require(Theme.template(from: source))
        let itemized = ItemizedTemplate(source: source) { template.render($0) }
        let context: [String: Any] = ["items": [["title": "t"], ["title": "u"]], "flag": true]
        let typed = try #require(TemplateContext(context))
        #expect(itemized.itemizedParts(typed) == nil)
        // `{{.}}` prints the context, a map, in the order of the dictionary the engine is handed,
        // a new one each time: only the bytes, not their order, can be compared.
        #expect(itemized.parts(typed).joined().utf8.sorted() == template.render(context).utf8.sorted())
    }

    @Test func commentsWithDotsAndBracketsStillGoItemByItem() throws {
        let (template, engine) = try itemized("{{! one per item (see the docs). }}\n{{#items}}\n<li>{{title}}</li>\n{{/items}}\n")
        let context: [String: Any] = ["items": [["title": "a"], ["title": "b"]]]
        let typed = try #require(TemplateContext(context))
        let parts = try #require(template.itemizedParts(typed))
        expectSameBytes(parts, engine(context), "comment")
    }

    @Test func anEmptyNameIsTheInnermostValueAsForTheEngine() throws {
        let (template, engine) = try itemized("{{#items}}{{}}{{/items}}{{#tags}}[{{}}]{{/tags}}")
        let context: [String: Any] = ["items": [["title": "a"]], "tags": ["x", "y"]]
        let typed = try #require(TemplateContext(context))
        #expect(template.itemizedParts(typed) == nil, "an empty name in an item prints the item, a map")
        expectSameBytes(template.parts(typed), engine(context), "empty name")
        let (texts, textEngine) = try itemized("{{#tags}}[{{}}]{{/tags}}")
        expectSameBytes(try #require(texts.itemizedParts(["tags": .texts(["x", "y"])])), textEngine(["tags": ["x", "y"]]), "in a list of text")
    }

    @Test(arguments: ["index", "checklist", "print"])
    func theDefaultTemplatesGoItemByItem(name: String) throws {
        let theme = try Theme.load(from: packageRoot.appendingPathComponent("site"), overrides: nil)
        let course = try CourseLoader(rootDirectory: packageRoot.appendingPathComponent("Lessons")).load().course
        let pages = SitePages(course: course, theme: theme, liveReload: false, baseURL: "/")
        let context: TemplateContext = switch name {
        case "index": pages.indexContext()
        case "checklist": pages.checklistContext()
        default: pages.printContext(bodies: course.lessons.map { "<p>\($0.id)</p>" })
        }
        let template = ItemizedTemplate(source: theme.source(of: name)) { theme.render(name, $0) }
        let parts = try #require(template.itemizedParts(context))
        expectSameBytes(parts, theme.render(name, context.engineValue), name)
    }

    /// A course author's print view, item by item where it can go so and by the engine where it
    /// cannot (a partial, a dotted name, changed delimiters, a transform), is what the engine
    /// makes of the whole template.
    @Test(arguments: [
        nil, "{{#lessons}}<h2>{{title}}</h2>{{#objectives}}<li>{{.}}</li>{{/objectives}}{{{body}}}{{/lessons}}",
        "{{#lessons}}{{>note}}{{{body}}}{{/lessons}}", "{{lessons.0.body}}|{{courseTitle}}", "{{=<% %>=}}<%#lessons%><%title%>:<%&body%><%/lessons%>",
        "{{#lessons}}{{uppercased(title)}}{{/lessons}}",
    ])
    func aPrintTemplateOfAnyKindRendersAsTheEngineDoes(template: String?) throws {
        try withFolder { folder in
            let overrides = folder.appendingPathComponent("theme")
            try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
            // The layout shows the page's content only, so that the print view is the template's own text.
            try Data("{{{content}}}".utf8).write(to: overrides.appendingPathComponent("layout.mustache"))
            if let template { try Data(template.utf8).write(to: overrides.appendingPathComponent("print.mustache")) }
            let theme = try Theme.load(from: packageRoot.appendingPathComponent("site"), overrides: overrides)
            let course = try CourseLoader(rootDirectory: packageRoot.appendingPathComponent("Lessons")).load().course
            let pages = SitePages(course: course, theme: theme, liveReload: false, baseURL: "/")
            let bodies = course.lessons.map { "<p>\($0.id) &amp; more</p>" }
            let page = String(decoding: pages.printView(bodies: bodies), as: UTF8.self)
            if template?.contains("{{{body}}}") ?? true { #expect(page.contains("<p>\(course.lessons[0].id) &amp; more</p>")) }
            expectSameBytes([page], theme.render("print", pages.printContext(bodies: bodies).engineValue), template ?? "the default")
        }
    }
}
