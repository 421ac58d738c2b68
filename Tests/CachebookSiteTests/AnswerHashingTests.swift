import CachebookNotebook
@testable import CachebookSite
import Foundation
import Testing

/// The vectors the website's script is checked against too (by the browser test).
private let vectorsFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("Shared/answer-vectors.json")

struct AnswerVectors: Decodable {
    struct Text: Decodable { var input: String; var normalized: String; var hash: String }
    struct Number: Decodable { var value: Double; var precision: Int; var rounded: String; var hash: String }
    struct Sealed: Decodable { var text: String; var secret: String; var purpose: String; var sealed: String }
    struct Parsing: Decodable { var input: String; var value: Double? }
    struct Tolerance: Decodable { var answer: Double; var precision: Int; var tolerance: Double; var input: Double; var accepted: Bool }
    var salt: String
    var text: [Text]
    var choices: [Text]
    var numbers: [Number]
    var sealed: [Sealed]
    var parsing: [Parsing]
    var tolerance: [Tolerance]
}

@Suite("Answers are normalized, hashed and sealed exactly as the shared vectors say")
struct AnswerHashingTests {
    let vectors: AnswerVectors

    init() throws {
        vectors = try JSONDecoder().decode(AnswerVectors.self, from: Data(contentsOf: vectorsFile))
    }

    @Test func textAnswers() {
        for vector in vectors.text {
            #expect(AnswerNormalization.text(vector.input) == vector.normalized, "\(vector.input.debugDescription)")
            #expect(AnswerHashing.hash(vector.normalized, salt: vectors.salt) == vector.hash)
        }
    }

    @Test func choiceAnswers() {
        for vector in vectors.choices {
            #expect(AnswerNormalization.choices(vector.input) == vector.normalized, "\(vector.input)")
            #expect(AnswerHashing.hash(vector.normalized, salt: vectors.salt) == vector.hash)
        }
    }

    @Test func numberAnswersRoundToThePrecision() {
        for vector in vectors.numbers {
            #expect(AnswerNormalization.rounded(vector.value, precision: vector.precision) == vector.rounded, "\(vector.value)")
            #expect(AnswerHashing.hash(vector.rounded, salt: vectors.salt) == vector.hash)
        }
    }

    @Test func typedNumbersAreReadTheSameWay() {
        for vector in vectors.parsing {
            let parsed = AnswerNormalization.number(vector.input)
            #expect((parsed == nil) == (vector.value == nil), "\(vector.input.debugDescription)")
            if let parsed, let value = vector.value { #expect(abs(parsed - value) < 1e-12, "\(vector.input.debugDescription)") }
        }
    }

    @Test func aNumberWithinTheToleranceOfTheRoundedAnswerCounts() {
        for vector in vectors.tolerance {
            let question = NumberQuestion(answer: .fixed(vector.answer), tolerance: vector.tolerance, precision: vector.precision)
            #expect(question.accepts(vector.input, target: vector.answer) == vector.accepted,
                    "\(vector.input) against \(vector.answer) ± \(vector.tolerance)")
        }
    }

    @Test func sealedTextsOpenOnlyWithTheirSecret() {
        for vector in vectors.sealed {
            #expect(AnswerHashing.seal(vector.text, secret: vector.secret, salt: vectors.salt, purpose: vector.purpose) == vector.sealed)
            #expect(AnswerHashing.open(vector.sealed, secret: vector.secret, salt: vectors.salt, purpose: vector.purpose) == vector.text)
            if !vector.text.isEmpty {
                #expect(AnswerHashing.open(vector.sealed, secret: vector.secret + "x", salt: vectors.salt, purpose: vector.purpose) != vector.text)
            }
        }
    }

    @Test func saltsDifferPerExerciseAndStayStable() {
        let one = AnswerHashing.salt(course: "c", lesson: "l", exercise: "a")
        #expect(one == AnswerHashing.salt(course: "c", lesson: "l", exercise: "a"))
        #expect(one != AnswerHashing.salt(course: "c", lesson: "l", exercise: "b"))
        #expect(one.count == 16)
    }
}
