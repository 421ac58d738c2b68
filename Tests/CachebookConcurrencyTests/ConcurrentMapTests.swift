import Foundation
import CachebookConcurrency
import Testing

@Suite("concurrentMap keeps the order of its input")
struct ConcurrentMapTests {
    @Test("results line up with their elements", arguments: [0, 1, 2, 7, 1000])
    func ordered(count: Int) {
        let input = Array(0..<count)
        #expect(input.concurrentMap { $0 * $0 } == input.map { $0 * $0 })
    }

    @Test("every element is transformed exactly once")
    func once() {
        let counter = ConcurrentCounter()
        let results = Array(repeating: "x", count: 500).concurrentMap { _ in counter.increment() }
        #expect(Set(results) == Set(1...500))
        #expect(counter.increment() == 501)
    }

    @Test("results that own memory survive the buffer handover")
    func owningResults() {
        let words = (0..<300).map { "lesson-\($0)" }
        #expect(words.concurrentMap { $0.uppercased() + String(repeating: "!", count: $0.count) } ==
                words.map { $0.uppercased() + String(repeating: "!", count: $0.count) })
    }
}

@Suite("Background work runs beside its caller")
struct BackgroundWorkTests {
    @Test("the value is the work's, and the caller goes on meanwhile")
    func valueAndOverlap() {
        let started = DispatchSemaphore(value: 0)
        let finish = DispatchSemaphore(value: 0)
        let work = BackgroundWork { () -> [Int] in
            started.signal()
            // Waits for the caller, which can go on only if the work runs beside it; with a
            // timeout, so that work run in place fails the test instead of hanging it.
            guard finish.wait(timeout: .now() + 10) == .success else { return [] }
            return Array(0..<1000).concurrentMap { $0 * 2 }
        }
        #expect(started.wait(timeout: .now() + 10) == .success)
        finish.signal()
        #expect(work.value() == Array(0..<1000).map { $0 * 2 })
        #expect(work.value().count == 1000, "the value can be read again")
    }
}
