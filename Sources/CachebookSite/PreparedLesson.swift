import CachebookCourse
import CachebookNotebook
import Foundation

/// A fresh lesson parsed, run and rendered up to its page's template: what a build keeps of it
/// once its Markdown tree is gone.
struct PreparedLesson: Sendable {
    let id: String
    /// The body for the lesson's own page.
    let body: LessonBody
    /// What a later build needs of the lesson; its `pageBytes` is set when the page is written.
    let record: CachedLesson
    /// Every problem found, errors too (the record keeps warnings only, as a build with an
    /// error writes nothing).
    let diagnostics: [Diagnostic]

    /// Parses `lesson`, then, if the build can go on (`rendersBody`, and the lesson has no
    /// errors), runs its blocks (SQLite databases go under `scratch`) and renders it; otherwise
    /// its body is left empty, as no page of it will be written. `key` is the lesson's
    /// ``LessonBuildCache`` key.
    ///
    /// - Complexity: O(*n*) in the length of the lesson, plus its simulations.
    init(lesson: Lesson, key: String, course: Course, scratch: URL, rendersBody: Bool) {
        let notebook = LessonNotebook(lesson: lesson)
        id = lesson.id
        diagnostics = notebook.diagnostics
        var record = CachedLesson(key: key, pageBytes: 0, printBody: "", search: SearchIndex.Page(url: "", title: "", sections: []),
                                  exerciseIDs: notebook.exercises.map(\.id), warnings: notebook.diagnostics.map(CachedLesson.CachedWarning.init),
                                  referencedFiles: notebook.referencedFiles)
        guard rendersBody && !notebook.diagnostics.containsErrors else {
            (body, self.record) = (LessonBody(pieces: [""], exercises: [], headings: []), record)
            return
        }
        // Only blocks use the folder; making its URL asks the file system whether it is a folder.
        let databaseDirectory = notebook.cells.runnableBlocks.isEmpty ? nil : scratch.appendingPathComponent(lesson.id, isDirectory: true)
        let html = LessonHTML(notebook: notebook, courseID: course.id, allowsRawHTML: course.allowsUnsafeHTML,
                              databaseDirectory: databaseDirectory)
        body = html.body()
        record.printBody = body.html(idPrefix: lesson.id + "--", root: "")
        record.search = SearchIndex.Page(url: LessonBuildCache.pagePath(lesson), title: lesson.title,
                                        sectionsInUTF8: html.searchSections(headings: body.headings))
        self.record = record
    }
}
