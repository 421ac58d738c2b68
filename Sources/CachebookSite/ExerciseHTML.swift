import CachebookMarkdown
import CachebookNotebook
import Foundation

/// An exercise as an HTML form that the page's script checks: the answers are present only as
/// salted hashes, and the explanation only sealed with the right answer.
enum ExerciseHTML {
    struct Context: Sendable {
        var courseID: String
        var lessonID: String
        /// Keeps ids unique when several lessons share a page.
        var idPrefix: String = ""
        /// The value of a computed number answer, worked out at build time.
        var expectedNumber: Double?
        /// Where the page finds an image the exercise shows, as for the lesson around it.
        var imageSource: @Sendable (String) -> String? = { _ in nil }
        /// Put before every path `imageSource` gives: the way from the page to the top of the site.
        var imageRoot = ""

        /// A renderer for the exercise's Markdown, with the lesson's anchors and images.
        var renderer: HTMLRenderer {
            var renderer = HTMLRenderer(anchorPrefix: idPrefix)
            renderer.imageSource = imageSource
            renderer.imageRoot = imageRoot
            return renderer
        }
    }

    static func html(_ exercise: Exercise, context: Context) -> String {
        let salt = AnswerHashing.salt(course: context.courseID, lesson: context.lessonID, exercise: exercise.id)
        let anchor = context.idPrefix + "exercise-\(HTML.escape(exercise.id))"
        var answers: [String] = []
        switch exercise.kind {
        case .choice(let question):
            answers = question.correct
        case .multi(let question):
            answers = [question.correct.sorted().joined(separator: ",")]
        case .text(let accepted):
            answers = accepted.map(AnswerNormalization.text)
        case .number(let question):
            let value: Double?
            switch question.answer {
            case .fixed(let fixed): value = fixed
            case .computed: value = context.expectedNumber
            }
            answers = value.map { [AnswerNormalization.rounded($0, precision: question.precision)] } ?? []
        case .scenario:
            break
        }
        // Each accepted answer carries its hash and the explanation sealed with it.
        let explanation = markdown(exercise.explanation, context)
        let sealed = answers.map { answer in
            "{\"h\":\"\(AnswerHashing.hash(answer, salt: salt))\",\"e\":\"\(AnswerHashing.seal(explanation, secret: answer, salt: salt, purpose: "explanation"))\"}"
        }
        var attributes = "class=\"exercise\" id=\"\(anchor)\" data-exercise=\"\(HTML.escape(exercise.id))\" data-kind=\"\(exercise.kind.name)\""
        attributes += " data-lesson=\"\(HTML.escape(context.lessonID))\""
        attributes += " data-salt=\"\(salt)\" data-answers=\"\(HTML.escape("[" + sealed.joined(separator: ",") + "]"))\""
        if case .number(let question) = exercise.kind {
            attributes += " data-precision=\"\(question.precision)\" data-tolerance=\"\(question.tolerance)\""
        }
        var html = "<section \(attributes) aria-labelledby=\"\(anchor)-title\">\n"
        html += "<h3 id=\"\(anchor)-title\"><span class=\"exercise-kind\">Exercise</span> \(HTML.escape(exercise.id))</h3>\n"
        html += "<div class=\"prompt\">\(markdown(exercise.prompt, context))</div>\n"
        switch exercise.kind {
        case .choice(let question), .multi(let question):
            let isMulti = exercise.kind.name == "multi"
            html += "<form class=\"answer\"><fieldset><legend>\(isMulti ? "Pick every right answer" : "Pick one")</legend>\n"
            for choice in question.choices {
                let feedback = choice.feedback.isEmpty ? "" : " data-feedback=\"\(AnswerHashing.seal(inline(choice.feedback, context), secret: choice.id, salt: salt, purpose: "feedback"))\""
                html += "<label class=\"choice\"><input type=\"\(isMulti ? "checkbox" : "radio")\" name=\"\(anchor)-choice\" value=\"\(HTML.escape(choice.id))\"\(feedback)> "
                html += "<span class=\"choice-id\">\(HTML.escape(choice.id)))</span> \(inline(choice.text, context))</label>\n"
            }
            html += "</fieldset><button type=\"submit\">Check</button></form>\n"
        case .text, .number:
            let inputMode = exercise.kind.name == "number" ? " inputmode=\"decimal\"" : ""
            html += "<form class=\"answer\"><label for=\"\(anchor)-input\">Your answer</label> "
            html += "<input id=\"\(anchor)-input\" type=\"text\" autocomplete=\"off\" spellcheck=\"false\"\(inputMode)> <button type=\"submit\">Check</button></form>\n"
        case .scenario(let challenge):
            for (label, text) in [("Fixed settings, applied after yours:", challenge.prefix), ("Then the exercise runs:", challenge.workload)]
            where !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                html += "<p>\(label)</p><pre><code class=\"language-cachelab\">\(HTML.escape(text))</code></pre>\n"
            }
            html += "<p>Goals:</p><ul class=\"goals\">" + challenge.goals.map { "<li><code>\(HTML.escape($0.description))</code></li>" }.joined() + "</ul>\n"
            html += "<p>Write your scenario in a file, then check it with:</p>\n"
            html += "<pre class=\"command\"><code>cachebook check \(HTML.escape(context.lessonID)) \(HTML.escape(exercise.id)) --file my.lab</code></pre>\n"
        }
        html += "<p class=\"verdict\" role=\"status\" aria-live=\"polite\"></p>\n<div class=\"feedback\"></div>\n"
        if !exercise.hints.isEmpty {
            html += "<div class=\"hints\"><ol class=\"hint-list\">"
            for hint in exercise.hints {
                html += "<li hidden>\(markdown(hint, context))</li>"
            }
            html += "</ol><button type=\"button\" class=\"hint-button\">Show a hint</button></div>\n"
        }
        html += "<div class=\"explanation\" hidden></div>\n"
        return html + "</section>\n"
    }

    private static func markdown(_ text: String, _ context: Context) -> String {
        var renderer = context.renderer
        return renderer.render(CommonMarkConverter.parse(text).blocks)
    }

    private static func inline(_ text: String, _ context: Context) -> String {
        guard case .paragraph(let paragraph)? = CommonMarkConverter.parse(text).blocks.first else { return HTML.escape(text) }
        return context.renderer.inlineHTML(paragraph.content)
    }
}
