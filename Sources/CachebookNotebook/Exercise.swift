import CachebookCourse
import Foundation

/// A question in a lesson, with the answer the tool checks.
public struct Exercise: Hashable, Sendable {
    public var id: String
    public var prompt: String
    public var kind: Kind
    /// Revealed one at a time, in order.
    public var hints: [String]
    /// Shown once the learner has it right.
    public var explanation: String
    /// The exercise block's opening fence.
    public var location: FileLocation

    public enum Kind: Hashable, Sendable {
        /// One correct choice.
        case choice(ChoiceQuestion)
        /// Several correct choices; the learner must pick exactly those.
        case multi(ChoiceQuestion)
        /// Free text, compared after normalizing case and spacing.
        case text(accepted: [String])
        case number(NumberQuestion)
        /// The learner writes a scenario that must meet goals.
        case scenario(ScenarioChallenge)

        public var name: String {
            switch self {
            case .choice: "choice"
            case .multi: "multi"
            case .text: "text"
            case .number: "number"
            case .scenario: "scenario"
            }
        }
    }

    public init(id: String, prompt: String, kind: Kind, hints: [String] = [], explanation: String = "", location: FileLocation) {
        self.id = id
        self.prompt = prompt
        self.kind = kind
        self.hints = hints
        self.explanation = explanation
        self.location = location
    }
}

public struct ChoiceQuestion: Hashable, Sendable {
    public var choices: [Choice]
    /// Ids of the correct choices.
    public var correct: [String]

    public init(choices: [Choice], correct: [String]) {
        self.choices = choices
        self.correct = correct
    }
}

public struct Choice: Hashable, Sendable {
    /// What the learner types: `a`, `b`, … unless the author names it.
    public var id: String
    public var text: String
    /// Why picking this choice is right or wrong.
    public var feedback: String

    public init(id: String, text: String, feedback: String = "") {
        self.id = id
        self.text = text
        self.feedback = feedback
    }
}

public struct NumberQuestion: Hashable, Sendable {
    public var answer: NumberAnswer
    /// The largest difference from the answer that still counts as right.
    public var tolerance: Double
    /// Decimal places the answer is shown and compared with on the course website.
    public var precision: Int

    public init(answer: NumberAnswer, tolerance: Double, precision: Int) {
        self.answer = answer
        self.tolerance = tolerance
        self.precision = precision
    }

    /// Whether `value` answers the question when the exact answer is `target`. The answer is
    /// first rounded to `precision` places, as the site shows and hashes it; a value counts if it
    /// rounds to the same, or lies within `tolerance` of the rounded answer. The site's script
    /// applies this rule to hashes, so the terminal and the browser accept the same numbers.
    public func accepts(_ value: Double, target: Double) -> Bool {
        let answer = AnswerNormalization.rounded(target, precision: precision)
        if AnswerNormalization.rounded(value, precision: precision) == answer { return true }
        // Past 2^53 steps of the grid, the site can only compare the value's own rounding.
        guard (abs(value) + tolerance) * pow(10, Double(precision)) < 0x1p53, let rounded = Double(answer) else { return false }
        return abs(value - rounded) <= tolerance + 1e-9
    }

    /// The decimal places of a computed answer without a tolerance, which must be exact: counts
    /// are whole numbers anyway, and a fraction needs a `tolerance` to be answerable.
    public static let exactPrecision = 6

    /// The most grid steps a tolerance may span: the website tries each one.
    public static let maximumToleranceSteps = 10_000

    /// The decimal places a tolerance calls for: 0.01 → 2, 0.005 → 3, 5 → 0.
    public static func precision(forTolerance tolerance: Double) -> Int {
        guard tolerance > 0 && tolerance < 1 else { return 0 }
        var places = 0
        var step = 1.0
        while step > tolerance * 1.000_000_1 && places < 10 {
            step /= 10
            places += 1
        }
        return places
    }
}

/// A number typed by the author, or one the simulator computes.
public enum NumberAnswer: Hashable, Sendable {
    case fixed(Double)
    /// Run the runnable block `blockID` of the same lesson and read `metric` from it.
    case computed(blockID: String, metric: String)
}

/// A scenario the learner writes, run between fixed lines they cannot change.
public struct ScenarioChallenge: Hashable, Sendable {
    /// Configuration the exercise fixes, run before the learner's lines.
    public var prefix: String
    /// Steps the exercise fixes, run after the learner's lines.
    public var workload: String
    public var goals: [Goal]
    /// The reference solution, given inline.
    public var solution: String?
    /// Or given in a file next to the lesson.
    public var solutionFile: String?

    public init(prefix: String, workload: String, goals: [Goal], solution: String? = nil, solutionFile: String? = nil) {
        self.prefix = prefix
        self.workload = workload
        self.goals = goals
        self.solution = solution
        self.solutionFile = solutionFile
    }
}

/// A condition on a metric of a scenario run: `db-writes <= 50`.
public struct Goal: Hashable, Sendable, CustomStringConvertible {
    public enum Comparison: String, Hashable, Sendable, CaseIterable {
        case atMost = "<="
        case atLeast = ">="
        case equal = "=="
        case notEqual = "!="
        case less = "<"
        case greater = ">"

        public func holds(_ value: Double, _ target: Double) -> Bool {
            switch self {
            case .atMost: value <= target + 1e-9
            case .atLeast: value >= target - 1e-9
            case .equal: abs(value - target) <= 1e-9
            case .notEqual: abs(value - target) > 1e-9
            case .less: value < target
            case .greater: value > target
            }
        }
    }

    public var metric: String
    public var comparison: Comparison
    public var target: Double

    public init(metric: String, comparison: Comparison, target: Double) {
        self.metric = metric
        self.comparison = comparison
        self.target = target
    }

    /// Parses `metric op number`, such as `hit-ratio >= 0.8`.
    public init?(parsing text: String) {
        let words = text.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard words.count == 3, let comparison = Comparison(rawValue: words[1]), let target = Double(words[2]), target.isFinite else {
            return nil
        }
        self.init(metric: words[0], comparison: comparison, target: target)
    }

    public var description: String {
        "\(metric) \(comparison.rawValue) \(NumberFormatting.plain(target))"
    }
}

/// Numbers as people write them: no trailing zeros, no exponent.
public enum NumberFormatting {
    public static func plain(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        var text = String(format: "%.6f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// A ratio as a percentage with one decimal: 0.7473 → `74.7%`.
    public static func percent(_ fraction: Double) -> String {
        String(format: "%.1f%%", fraction * 100)
    }
}
