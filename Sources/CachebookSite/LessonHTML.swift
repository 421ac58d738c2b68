import CacheLab
import CachebookCourse
import CachebookMarkdown
import CachebookNotebook
import Foundation

/// A lesson's body as HTML, with the markers of its ids and image paths still to fill in, and
/// its exercises still to render.
package struct LessonBody: Sendable {
    /// The HTML between the exercises: one more piece than there are exercises.
    let pieces: [String]
    /// Rendered for each page, since their explanations are sealed, where no marker can be filled.
    let exercises: [(exercise: Exercise, context: ExerciseHTML.Context)]
    /// The headings, with their anchors on the lesson's own page.
    package let headings: [(level: Int, text: String, anchor: String)]

    /// The HTML for a page: `idPrefix` keeps ids unique when several lessons share a page;
    /// `root` leads from the page to the top of the site, where the course's images are.
    ///
    /// - Complexity: O(*n*) in the length of the HTML.
    package func html(idPrefix: String = "", root: String = "../") -> String {
        var html = HTML.fillingMarkers(pieces[0], idPrefix: idPrefix, root: root)
        for (index, piece) in pieces.dropFirst().enumerated() {
            var context = exercises[index].context
            context.idPrefix = idPrefix
            context.imageRoot = root
            html += ExerciseHTML.html(exercises[index].exercise, context: context)
            html += HTML.fillingMarkers(piece, idPrefix: idPrefix, root: root)
        }
        return html
    }
}

/// A lesson's body as HTML, with its runnable blocks run and its exercises turned into forms,
/// plus the sections the search index needs.
package struct LessonHTML {
    let notebook: LessonNotebook
    let courseID: String
    let allowsRawHTML: Bool
    /// Each runnable block, run once, by its position in the lesson.
    let executions: [BlockExecution]

    /// Runs the lesson's blocks. SQLite databases go to `databaseDirectory`.
    package init(notebook: LessonNotebook, courseID: String, allowsRawHTML: Bool, databaseDirectory: URL?) {
        self.notebook = notebook
        self.courseID = courseID
        self.allowsRawHTML = allowsRawHTML
        executions = zip(notebook.cells.runnableBlocks, notebook.scenarios).map { block, scenario in
            block.execute(lessonPath: notebook.lesson.displayPath, databaseDirectory: databaseDirectory, parsed: scenario)
        }
    }

    /// The body, rendered once for both pages that show it: the lesson's own page and the
    /// print view of the whole course, which differ only in id prefixes and image paths.
    package func body() -> LessonBody {
        let cells = notebook.cells
        let lesson = notebook.lesson
        let imageSource = { @Sendable (source: String) in
            CourseMedia.sitePath(forImage: source, in: lesson).map { CourseMedia.url($0, root: "") }
        }
        let idPrefix = HTML.idPrefixMarker
        var exercises: [(Exercise, ExerciseHTML.Context)] = []
        var renderer = HTMLRenderer(allowsRawHTML: allowsRawHTML, anchorPrefix: idPrefix) { codeBlock in
            let line = codeBlock.range.start.line
            if let index = cells.runnableBlocks.firstIndex(where: { $0.range.start.line == line }) {
                let block = cells.runnableBlocks[index]
                return ScenarioHTML.html(executions[index], anchor: idPrefix + "block-" + HTML.escape(block.id ?? "\(index + 1)"))
            }
            if cells.runnableBlocks.contains(where: { $0.expectedOutput?.range.start.line == line }) { return "" }
            if let exercise = notebook.exercises.first(where: { $0.location.line == line }) {
                exercises.append((exercise, .init(courseID: courseID, lessonID: notebook.lesson.id,
                                                  expectedNumber: expectedNumber(for: exercise), imageSource: imageSource)))
                return HTML.exerciseMarker
            }
            return nil
        }
        renderer.imageSource = imageSource
        renderer.imageRoot = HTML.rootMarker
        let pieces = HTML.splitAtExerciseMarkers(renderer.render(bodyBlocks))
        let headings = renderer.headings.map { ($0.level, $0.text, HTML.fillingMarkers($0.anchor, idPrefix: "", root: "")) }
        return LessonBody(pieces: pieces, exercises: exercises, headings: headings)
    }

    /// The lesson's text by section, for the search index: the top of the page, then each
    /// heading (with the anchor `body()` gave it) and the prose under it, as UTF-8. Code and
    /// outputs are left out.
    package func searchSections(headings: [(level: Int, text: String, anchor: String)]) -> [(anchor: String, heading: String, text: [UInt8])] {
        var sections: [(anchor: String, heading: String, text: [UInt8])] = []
        // The section being read is kept apart until the next heading: appending to a text
        // inside the array copied it at every paragraph. Its text is bytes: appending to a
        // `String` cost several times as much, piece by piece.
        var current = (anchor: "", heading: notebook.lesson.title, text: Array((notebook.lesson.summary + " " + notebook.lesson.objectives.joined(separator: " ")).utf8))
        var remaining = headings[...]
        func collect(_ blocks: [Block]) {
            for block in blocks {
                switch block {
                case .heading:
                    if let heading = remaining.popFirst() {
                        sections.append(current)
                        current = (heading.anchor, heading.text, [])
                    }
                case .paragraph(let paragraph):
                    current.text.append(UInt8(ascii: " "))
                    HTMLRenderer.appendPlainText(of: paragraph.content, to: &current.text)
                case .blockQuote(let quote):
                    collect(quote.blocks)
                case .list(let list):
                    for item in list.items { collect(item.blocks) }
                case .codeBlock, .htmlBlock, .thematicBreak:
                    break
                }
            }
        }
        collect(bodyBlocks)
        sections.append(current)
        return sections
    }

    /// The blocks the page shows: the body without its opening H1, which the page header repeats.
    private var bodyBlocks: [Block] {
        var blocks = notebook.document.blocks
        if case .heading(let heading)? = blocks.first, heading.level == 1 { blocks.removeFirst() }
        return blocks
    }

    private func expectedNumber(for exercise: Exercise) -> Double? {
        guard case .number(let question) = exercise.kind, case .computed(let blockID, let metric) = question.answer,
              let index = notebook.cells.runnableBlocks.firstIndex(where: { $0.id == blockID }) else { return nil }
        return try? executions[index].run?.metric(metric)
    }
}
