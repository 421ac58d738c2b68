import CachebookMarkdown

/// A fenced `cachelab` block: a scenario the notebook runs.
public struct RunnableBlock: Hashable, Sendable {
    /// The `id=` attribute, which exercises use to name the block.
    public var id: String?
    /// The `title=` attribute, shown above the output.
    public var title: String?
    public var info: InfoString
    public var source: String
    /// The block's fences, in file lines.
    public var range: SourceRange
    /// The `output` block right after it, if any: the expected output.
    public var expectedOutput: OutputBlock?

    /// The file line of the scenario's first line (the line after the opening fence).
    public var firstSourceLine: Int { range.start.line + 1 }

    /// A name for messages, by its id, its title or its line: "block `cold`", "block “Cold
    /// start”", "the block at line 12", or "the scenario" for a scenario file of its own.
    public var displayName: String {
        if let id { return "block `\(id)`" }
        if let title { return "block “\(title)”" }
        return isScenarioFile ? "the scenario" : "the block at line \(range.start.line)"
    }

    /// Whether the block is a whole scenario file (`run --file`) rather than part of a lesson.
    public var isScenarioFile: Bool { range.start.line == 0 }
}

/// A fenced `output` block: what the runnable block before it must print.
public struct OutputBlock: Hashable, Sendable {
    public var text: String
    public var range: SourceRange
}

/// A fenced `exercise` block: YAML describing a question.
public struct ExerciseBlock: Hashable, Sendable {
    public var yaml: String
    public var range: SourceRange

    public init(yaml: String, range: SourceRange) {
        self.yaml = yaml
        self.range = range
    }

    /// The file line of the YAML's first line.
    public var firstSourceLine: Int { range.start.line + 1 }
}

/// The notebook parts of a lesson, in document order.
public struct NotebookCells: Sendable {
    public static let runnableLanguage = "cachelab"
    public static let outputLanguage = "output"
    public static let exerciseLanguage = "exercise"

    public var runnableBlocks: [RunnableBlock] = []
    public var exerciseBlocks: [ExerciseBlock] = []
    /// `output` blocks that do not follow a runnable block, which lint reports.
    public var strayOutputBlocks: [OutputBlock] = []

    /// Finds the cells of `document`, in every container, in order.
    ///
    /// - Complexity: O(*n*) in the number of blocks.
    public init(_ document: MarkdownDocument) {
        collect(document.blocks)
    }

    private mutating func collect(_ blocks: [Block]) {
        var index = 0
        while index < blocks.count {
            defer { index += 1 }
            switch blocks[index] {
            case .codeBlock(let code) where code.isFenced && code.language == Self.runnableLanguage:
                let info = InfoString(code.info)
                var runnable = RunnableBlock(id: info.attributes["id"], title: info.attributes["title"], info: info,
                                             source: code.code, range: code.range)
                if index + 1 < blocks.count, case .codeBlock(let next) = blocks[index + 1], next.isFenced,
                   next.language == Self.outputLanguage {
                    runnable.expectedOutput = OutputBlock(text: next.code, range: next.range)
                    index += 1
                }
                runnableBlocks.append(runnable)
            case .codeBlock(let code) where code.isFenced && code.language == Self.outputLanguage:
                strayOutputBlocks.append(OutputBlock(text: code.code, range: code.range))
            case .codeBlock(let code) where code.isFenced && code.language == Self.exerciseLanguage:
                exerciseBlocks.append(ExerciseBlock(yaml: code.code, range: code.range))
            case .blockQuote(let quote):
                collect(quote.blocks)
            case .list(let list):
                for item in list.items { collect(item.blocks) }
            default:
                break
            }
        }
    }
}

extension RunnableBlock {
    /// A learner's scenario file, run as if it were a block whose first line is the file's.
    public init(scenarioFile source: String) {
        self.init(id: nil, title: nil, info: InfoString(NotebookCells.runnableLanguage), source: source,
                  range: SourceRange(start: SourcePosition(line: 0, column: 1), end: SourcePosition(line: 0, column: 1)))
    }
}
