import CacheLab
@testable import CachebookSite
import Foundation
import Testing

@Suite("A template cut into a frame renders as the template engine would")
struct TemplateFrameTests {
    private static let names = ["root", "pageTitle", "content", "pageKind", "lessonID"]

    /// The theme with `template` as its template `name` (the layout unless told), or the default one.
    private func theme(layout template: String?, named name: String = "layout", in folder: URL) throws -> Theme {
        let overrides = folder.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
        if let template { try Data(template.utf8).write(to: overrides.appendingPathComponent("\(name).mustache")) }
        return try Theme.load(from: packageRoot.appendingPathComponent("site"), overrides: overrides)
    }

    private func frame(_ theme: Theme, constants: [String: Any]) -> TemplateFrame? {
        TemplateFrame(source: theme.source(of: "layout"),
                      context: constants.merging(Self.names.indices.map { (Self.names[$0], TemplateFrame.StandIn($0)) }) { _, standIn in standIn },
                      valueCount: Self.names.count) { theme.render("layout", $0) }
    }

    /// `frame` filled with `values`, one for each stand-in.
    private func filled(_ frame: TemplateFrame, _ values: [String]) -> String {
        frame.parts(values.map { [$0] }, escape: Theme.escape).joined()
    }

    /// Bytes, not strings: `String`'s `==` would take another spelling of the same text.
    private func expectSameBytes(_ framed: String, _ rendered: String, _ comment: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(framed.utf8.elementsEqual(rendered.utf8), "\(comment)", sourceLocation: sourceLocation)
    }

    private static let randomPieces = ["", "a", "Cache-Aside", "<b>", "&amp;", "\"", "'", "\u{1}", "\n", "e\u{301}", "<\u{301}", "漢字", "😀",
                                       "\u{E000}", "{{root}}", "}}"]

    private static func randomText(using generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 0...6, using: &generator)).map { _ in randomPieces.randomElement(using: &generator)! }.joined()
    }

    /// Checks that `frame` and the engine agree on seeded random values.
    private func expectSameAsTheEngine(_ frame: TemplateFrame, _ theme: Theme, constants: [String: Any], seed: UInt64,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<300 {
            let values = Self.names.map { _ in Self.randomText(using: &generator) }
            let context = constants.merging(zip(Self.names, values.map { $0 as Any })) { _, value in value }
            expectSameBytes(filled(frame, values), theme.render("layout", context), "\(values)", sourceLocation: sourceLocation)
        }
    }

    @Test func aPrependCharacterBeforeAValueStillLeavesItsSlot() throws {
        try withFolder { folder in
            let theme = try theme(layout: "<p>\u{600}{{root}}\u{600}{{{content}}}</p>", in: folder)
            let constants: [String: Any] = ["courseTitle": "T", "courseID": "t", "liveReload": false]
            let frame = try #require(self.frame(theme, constants: constants))
            expectSameAsTheEngine(frame, theme, constants: constants, seed: 4)
        }
    }

    @Test func aSharedValueHoldingTheStandInsGetsNoFrame() throws {
        try withFolder { folder in
            let theme = try theme(layout: nil, in: folder)
            #expect(frame(theme, constants: ["courseTitle": "\u{E000}0&\u{E001}", "courseID": "t", "liveReload": false]) == nil)
        }
    }

    @Test func theDefaultLayoutHasAFrameThatRendersAsTheEngineDoes() throws {
        try withFolder { folder in
            let theme = try theme(layout: nil, in: folder)
            for liveReload in [false, true] {
                let constants: [String: Any] = ["courseTitle": "Caching <Patterns>", "courseID": "caching", "liveReload": liveReload]
                let frame = try #require(self.frame(theme, constants: constants))
                expectSameAsTheEngine(frame, theme, constants: constants, seed: liveReload ? 1 : 2)
            }
        }
    }

    @Test(arguments: [
        "<p>{{ root }}|{{{pageTitle}}}|{{& content}}|{{{ pageKind }}}|{{! a comment with root }}</p>",
        "{{#liveReload}}<a href=\"{{root}}x\">{{lessonID}}</a>{{/liveReload}}{{^liveReload}}{{pageTitle}}{{/liveReload}}\n{{content}}",
        "no values at all {{courseTitle}}",
    ])
    func plainTagsGetAFrame(layout: String) throws {
        try withFolder { folder in
            let theme = try theme(layout: layout, in: folder)
            for liveReload in [false, true] {
                let constants: [String: Any] = ["courseTitle": "T", "courseID": "t", "liveReload": liveReload]
                let frame = try #require(self.frame(theme, constants: constants))
                expectSameAsTheEngine(frame, theme, constants: constants, seed: 3)
            }
        }
    }

    @Test(arguments: [
        "{{#pageTitle}}x{{/pageTitle}}", "{{^lessonID}}none{{/lessonID}}", "{{uppercased(pageTitle)}}", "{{root.count}}",
        "{{> header}}{{root}}", "{{% CONTENT_TYPE: TEXT}}{{pageTitle}}", "{{=<% %>=}}<% root %>", "\u{E000}{{root}}",
        "{{<parent}}{{/parent}}", "{{$block}}{{/block}}", "{{.}}", "{{#liveReload}}{{.}}{{/liveReload}}",
    ])
    func aLayoutThatUsesValuesOtherwiseGetsNoFrame(layout: String) throws {
        try withFolder { folder in
            let theme = try theme(layout: layout, in: folder)
            #expect(frame(theme, constants: ["courseTitle": "T", "courseID": "t", "liveReload": false]) == nil)
        }
    }

    /// The values of a list's items other than the one framed (`body`): a title and objectives.
    /// A lesson page's frames put stand-ins inside lists (its prerequisites) as these do.
    private typealias ListItems = [(title: String, objectives: [String])]

    /// Without the markers, which would keep the list from having a frame.
    private static func listItems(_ count: Int, using generator: inout SeededGenerator) -> ListItems {
        func text() -> String { randomText(using: &generator).replacingOccurrences(of: "\u{E000}", with: "") }
        return (0..<count).map { _ in (text(), (0..<Int.random(in: 0...2, using: &generator)).map { _ in text() }) }
    }

    /// A context with the list `lessons` of `items`, each with its `body`.
    private static func listContext(_ items: ListItems, bodies: [Any]) -> [String: Any] {
        ["courseTitle": "Caching", "description": "<all>",
         "lessons": items.enumerated().map { index, item -> [String: Any] in
             ["id": "l\(index)", "title": item.title, "objectives": item.objectives, "body": bodies[index]]
         }]
    }

    /// The frame of the theme's `print` template over a list whose items' bodies are stand-ins.
    private func listFrame(_ theme: Theme, _ items: ListItems) -> TemplateFrame? {
        TemplateFrame(source: theme.source(of: "print"),
                      context: Self.listContext(items, bodies: items.indices.map(TemplateFrame.StandIn.init)),
                      valueCount: items.count) { theme.render("print", $0) }
    }

    @Test(arguments: [
        nil,
        "{{#lessons}}<h2>{{title}}</h2><ul>{{#objectives}}<li>{{.}}</li>{{/objectives}}</ul>{{body}}|{{&body}}{{/lessons}}",
        "{{^lessons}}none{{/lessons}}{{#lessons}}{{#objectives}}{{^title}}{{.}}{{/title}}{{/objectives}}{{{ body }}}{{/lessons}}",
    ])
    func theBodiesOfAListAreFramedWhereUsedPlainly(template: String?) throws {
        try withFolder { folder in
            let theme = try theme(layout: template, named: "print", in: folder)
            var generator = SeededGenerator(seed: 21)
            // With no lessons, no objectives show that `{{.}}` stands for text: no frame then.
            for count in [1, 7] {
                let items = Self.listItems(count, using: &generator)
                let frame = try #require(listFrame(theme, items))
                for _ in 0..<30 {
                    let bodies = items.map { _ in Self.randomText(using: &generator) }
                    expectSameBytes(filled(frame, bodies), theme.render("print", Self.listContext(items, bodies: bodies)), "\(bodies)")
                }
            }
        }
    }

    @Test(arguments: [
        "{{#lessons}}{{.}}{{/lessons}}", "{{lessons}}", "{{#lessons}}{{#body}}x{{/body}}{{/lessons}}", "{{lessons.0.body}}",
        "{{#objectives}}{{#lessons}}{{.}}{{/lessons}}{{/objectives}}",
        "{{.}}", "{{#lessons}}{{uppercased(body)}}{{/lessons}}",
    ])
    func aListOrItsBodiesUsedOtherwiseGetNoFrame(template: String) throws {
        try withFolder { folder in
            let theme = try theme(layout: template, named: "print", in: folder)
            var generator = SeededGenerator(seed: 9)
            #expect(listFrame(theme, Self.listItems(3, using: &generator)) == nil)
        }
    }

    @Test func aListItemHoldingTheMarkersGetsNoFrame() throws {
        try withFolder { folder in
            let theme = try theme(layout: nil, named: "print", in: folder)
            let context: [String: Any] = ["lessons": [["id": "a", "title": "\u{E000}1&\u{E001}", "body": TemplateFrame.StandIn(0), "objectives": [String]()]]]
            #expect(TemplateFrame(source: theme.source(of: "print"), context: context,
                                  valueCount: 1) { theme.render("print", $0) } == nil)
        }
    }

    /// A lesson page's context of a random shape, with random texts.
    private static func lessonContext(using generator: inout SeededGenerator) -> [String: Any] {
        func text() -> String { randomText(using: &generator) }
        let links = (0..<Int.random(in: 0...3, using: &generator)).map { _ in ["title": text(), "href": text()] }
        let objectives = (0..<Int.random(in: 0...3, using: &generator)).map { _ in text() }
        var context: [String: Any] = [
            "root": "../", "courseTitle": text(), "courseID": text(), "lessonID": text(), "title": text(), "summary": text(),
            "duration": text(), "phaseNumber": Int.random(in: 1...3, using: &generator), "phaseTitle": text(), "position": text(),
            "objectives": objectives, "prerequisites": links, "hasPrerequisites": !links.isEmpty, "hasObjectives": !objectives.isEmpty,
            "body": text(), "sourcePath": text(),
        ]
        if Bool.random(using: &generator) { context["previous"] = ["title": text(), "href": text()] }
        if Bool.random(using: &generator) { context["next"] = ["title": text(), "href": text()] }
        return context
    }

    @Test(arguments: [
        (nil, true),
        ("{{#objectives}}<li>{{.}}</li>{{/objectives}}{{^hasObjectives}}none{{/hasObjectives}}{{#previous}}{{{title}}}{{/previous}}{{phaseNumber}}", true),
        // No frame for these: each page is rendered by the engine.
        ("{{#title}}{{.}}{{/title}}", false), ("{{objectives}}", false), ("{{^duration}}x{{/duration}}", false),
        ("{{#hasObjectives}}{{.}}{{/hasObjectives}}", false), ("{{uppercased(title)}}", false), ("{{previous.title}}", false),
        // A line break inside a tag is white space to the engine, as a space is.
        ("<ul>{{objectives\n}}</ul>", false), ("{{#\nhasObjectives}}{{.}}{{/\nhasObjectives}}", false),
    ])
    func lessonPagesOfEveryShapeRenderAsTheEngineDoes(template: String?, hasFrames: Bool) throws {
        try withFolder { folder in
            let theme = try theme(layout: template, named: "lesson", in: folder)
            let frames = TemplateFrames(template: "lesson", theme: theme)
            var generator = SeededGenerator(seed: 41)
            for _ in 0..<300 {
                let context = Self.lessonContext(using: &generator)
                #expect(try (frames.frame(for: #require(TemplateContext(context))) != nil) == hasFrames)
                // Without a frame, the engine renders the very dictionary: a `{{.}}` that prints a
                // map prints it in the order of its keys.
                let framed = TemplateContext(context).flatMap(frames.framedParts) ?? [theme.render("lesson", context)]
                expectSameBytes(framed.joined(), theme.render("lesson", context), "\(context)")
            }
        }
    }

    @Test func aShapeIsItsKeysTruthValuesAndListLengthsNotItsTexts() throws {
        let first: [String: Any] = ["a": "x", "n": 3, "flag": true, "list": ["p", "q"], "map": ["k": "v"]]
        let second: [String: Any] = ["a": "y\u{E000}", "n": 4, "flag": true, "list": ["r", "s"], "map": ["k": "w"]]
        func shapeOf(_ context: [String: Any]) throws -> (shape: [UInt8], values: [String]) {
            try TemplateFrames.shape(of: #require(TemplateContext(context)))
        }
        let shape = try shapeOf(first)
        #expect(try shape.shape == shapeOf(second).shape)
        #expect(shape.values == ["x", "p", "q", "v", "3"], "values in the order of the sorted keys")
        for other: [String: Any] in [["a": "x", "n": 3, "flag": false, "list": ["p", "q"], "map": ["k": "v"]],
                                     ["a": "x", "n": 3, "flag": true, "list": ["p"], "map": ["k": "v"]],
                                     ["a": "x", "n": 3, "flag": true, "list": ["p", "q"], "map": ["j": "v"]]] {
            #expect(try shapeOf(other).shape != shape.shape, "\(other)")
        }
        #expect(TemplateContext(["date": Date()]) == nil, "no frame for a value of another type")
    }
}
