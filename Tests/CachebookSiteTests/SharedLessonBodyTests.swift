@testable import CachebookSite
import CachebookCourse
import CachebookNotebook
import Foundation
import Testing

/// A lesson's body is rendered once and shown on two pages: its own, and the print view, where
/// every id carries the lesson's prefix and images are found from the top of the site.
@Suite("One rendering of a lesson serves its page and the print view")
struct SharedLessonBodyTests {
    private let body = """
        # Sharing

        ## Same name

        See [the other section](#same-name-2) and ![queue](img/q.png).

        ## Same name

        ```cachelab id=run title="Two sizes"
        cache capacity=2 policy=lru
        get a
        get b
        get a
        get c
        state
        ```

        ```exercise
        id: pick
        type: choice
        prompt: "![in a prompt](img/q.png) Which?"
        choices:
          - a) this one
          - b) that one
        answer: a
        hints: ["Look at [the top](#same-name)."]
        explanation: "See ![queue](img/q.png) and [the top](#same-name)."
        ```

        """

    private func renderedBody() throws -> LessonBody {
        try withFolder { folder in
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("core/img"), withIntermediateDirectories: true)
            try Data("PNG".utf8).write(to: folder.appendingPathComponent("core/img/q.png"))
            let file = folder.appendingPathComponent("core/sharing.md")
            let lesson = Lesson(id: "sharing", title: "Sharing", phase: "core", order: 1, duration: LessonDuration(minutes: 5),
                                file: file, displayPath: "core/sharing.md", coursePath: "core/sharing.md", body: body, bodyLineOffset: 0)
            let notebook = LessonNotebook(lesson: lesson)
            #expect(notebook.diagnostics.filter { $0.severity == .error }.isEmpty, "\(notebook.diagnostics)")
            return LessonHTML(notebook: notebook, courseID: "c", allowsRawHTML: false, databaseDirectory: nil).body()
        }
    }

    /// The values of `attribute` in `html`.
    private func values(of attribute: String, in html: String) -> [String] {
        html.components(separatedBy: " \(attribute)=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func thePrintViewDiffersOnlyByItsPrefixesAndImagePaths() throws {
        let body = try renderedBody()
        let page = body.html()
        let printed = body.html(idPrefix: "sharing--", root: "")
        for html in [page, printed] {
            #expect(!html.unicodeScalars.contains { $0.value == 1 || $0.value == 2 || $0 == "\u{FFFD}" }, "no marker is left over")
        }
        #expect(page.contains("<img src=\"../media/core/img/q.png\" alt=\"queue\">"))
        #expect(printed.contains("<img src=\"media/core/img/q.png\" alt=\"queue\">"))
        // Sealed explanations differ as their contents do; the next test opens them.
        func unsealed(_ html: String) -> String {
            html.replacingOccurrences(of: #"data-answers="[^"]*""#, with: "", options: .regularExpression)
        }
        #expect(unsealed(printed).replacingOccurrences(of: "sharing--", with: "") == unsealed(page).replacingOccurrences(of: "src=\"../", with: "src=\""))
    }

    @Test func everyIdAndReferenceOnThePrintViewCarriesThePrefix() throws {
        let body = try renderedBody()
        let printed = body.html(idPrefix: "sharing--", root: "")
        let ids = values(of: "id", in: printed)
        #expect(Set(["same-name", "same-name-2", "block-run", "exercise-pick"].map { "sharing--" + $0 }).isSubset(of: ids),
                "headings, the block and the exercise all have ids: \(ids)")
        #expect(ids.allSatisfy { $0.hasPrefix("sharing--") }, "\(ids)")
        #expect(Set(ids).count == ids.count, "ids are unique")
        let references = values(of: "aria-labelledby", in: printed) + values(of: "href", in: printed).filter { $0.hasPrefix("#") }
        #expect(!references.isEmpty)
        for reference in references {
            #expect(reference.split(separator: " ").allSatisfy { $0.hasPrefix("sharing--") || $0.hasPrefix("#sharing--") }, "\(reference)")
        }
        #expect(values(of: "id", in: body.html()).allSatisfy { !$0.hasPrefix("sharing--") })
        #expect(body.headings.map(\.anchor) == ["same-name", "same-name-2"], "headings keep the anchors of the lesson's own page")
    }

    /// The explanation sealed in the exercise's `data-answers`, opened with the right answer.
    private func openedExplanation(in html: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let salt = try #require(values(of: "data-salt", in: html).first, sourceLocation: sourceLocation)
        let answers = try #require(values(of: "data-answers", in: html).first, sourceLocation: sourceLocation)
        let json = try #require(answers.replacingOccurrences(of: "&quot;", with: "\"").data(using: .utf8), sourceLocation: sourceLocation)
        let sealed = try #require((try JSONSerialization.jsonObject(with: json) as? [[String: String]])?.first?["e"], sourceLocation: sourceLocation)
        return try #require(AnswerHashing.open(sealed, secret: "a", salt: salt, purpose: "explanation"), sourceLocation: sourceLocation)
    }

    @Test func sealedExplanationsLinkAndShowImagesFromTheirOwnPage() throws {
        let body = try renderedBody()
        let onPage = try openedExplanation(in: body.html())
        #expect(onPage.contains("<img src=\"../media/core/img/q.png\" alt=\"queue\">"), "\(onPage)")
        #expect(onPage.contains("href=\"#same-name\""), "\(onPage)")
        let printed = try openedExplanation(in: body.html(idPrefix: "sharing--", root: ""))
        #expect(printed.contains("<img src=\"media/core/img/q.png\" alt=\"queue\">"), "\(printed)")
        #expect(printed.contains("href=\"#sharing--same-name\""), "\(printed)")
        for text in [onPage, printed] {
            #expect(!text.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" }, "no marker is sealed in")
        }
    }

    @Test func aBlockIDThatIsNotASlugIsAnErrorAndNeverReachesThePageRaw() throws {
        let lesson = Lesson(id: "x", title: "X", phase: "core", order: 1, duration: LessonDuration(minutes: 5),
                            file: URL(fileURLWithPath: "/tmp/x.md"), displayPath: "x.md", coursePath: "x.md",
                            body: "```cachelab " + #"id="a\\\" onclick=\\\"x"# + "\u{1}\"\ncache capacity=1\nget a\n```\n", bodyLineOffset: 0)
        let notebook = LessonNotebook(lesson: lesson)
        #expect(notebook.diagnostics.contains { $0.message.hasPrefix("block id `") && $0.message.hasSuffix("` is not a slug") }, "\(notebook.diagnostics)")
        let html = LessonHTML(notebook: notebook, courseID: "c", allowsRawHTML: false, databaseDirectory: nil).body().html()
        #expect(!html.contains("onclick=\""), "\(html)")
        #expect(!html.unicodeScalars.contains { $0.value == 1 })
    }
}
