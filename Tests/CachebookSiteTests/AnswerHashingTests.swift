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
    var salt: String
    var text: [Text]
    var choices: [Text]
    var numbers: [Number]
    var sealed: [Sealed]
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
