import CacheLab
@testable import CachebookSite
import Foundation
import Testing

@Suite("A layout cut into a frame renders every page as the template engine would")
struct LayoutFrameTests {
    private static let names = ["root", "pageTitle", "content", "pageKind", "lessonID"]

    /// The theme with `layout` as its layout, or the default one.
    private func theme(layout: String?, in folder: URL) throws -> Theme {
        let overrides = folder.appendingPathComponent("theme-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: overrides, withIntermediateDirectories: true)
        if let layout { try Data(layout.utf8).write(to: overrides.appendingPathComponent("layout.mustache")) }
        return try Theme.load(from: packageRoot.appendingPathComponent("site"), overrides: overrides)
    }

    private func frame(_ theme: Theme, constants: [String: Any]) -> LayoutFrame? {
        LayoutFrame(source: theme.layoutSource, names: Self.names, constants: constants) { theme.render("layout", $0) }
    }

    /// Checks that `frame` and the engine agree on seeded random values.
    private func expectSameAsTheEngine(_ frame: LayoutFrame, _ theme: Theme, constants: [String: Any], seed: UInt64,
                                       sourceLocation: SourceLocation = #_sourceLocation) {
        var generator = SeededGenerator(seed: seed)
        let pieces = ["", "a", "Cache-Aside", "<b>", "&amp;", "\"", "'", "\u{1}", "\n", "e\u{301}", "<\u{301}", "漢字", "😀", "\u{E000}", "{{root}}", "}}"]
        for _ in 0..<300 {
            let values = Self.names.map { _ in (0..<Int.random(in: 0...6, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined() }
            let context = constants.merging(zip(Self.names, values.map { $0 as Any })) { _, value in value }
            #expect(frame.render(values, escape: Theme.escape) == theme.render("layout", context), "\(values)", sourceLocation: sourceLocation)
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
}
