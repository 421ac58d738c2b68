import Foundation
import CacheLab

// Replay throughput per policy: `swift run -c release CacheLabBenchmark [requests] [keys] [size] [rounds]`.
// Only the replay is timed; generating the trace is not. Each figure is the best of the rounds.

let arguments = CommandLine.arguments.dropFirst().map { Int($0) }
func argument(_ index: Int, default value: Int) -> Int {
    index < arguments.count ? (arguments[index] ?? value) : value
}
let requests = argument(0, default: 1_000_000)
let keys = argument(1, default: 100_000)
let size = argument(2, default: 10_000)
let rounds = argument(3, default: 5)

let spec = WorkloadSpec(distribution: .zipf(alpha: 1.0), keys: keys, requests: requests, seed: 1)
let trace = try Trace.generate(spec).withNextAccess()
print("workload: \(spec), cache \(size) entries, best of \(rounds) rounds")
print("policy    hit ratio   Mreq/s   vs lru")

let clock = ContinuousClock()
var lruRate = 0.0
for policy in PolicyKind.allCases {
    var best = Duration.seconds(1_000_000)
    var result: ReplayResult?
    for _ in 0..<rounds {
        let start = clock.now
        result = try Replay.run(trace, policy: policy, capacity: size, seed: 1)
        best = min(best, clock.now - start)
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) * 1e-18
    let rate = Double(requests) / seconds / 1e6
    if policy == .lru { lruRate = rate }
    let name = policy.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
    let ratio = LabReport.fixed(result?.hitRatio ?? 0, decimals: 4)
    let mrps = LabReport.fixed(rate, decimals: 1)
    let relative = LabReport.fixed(lruRate / rate, decimals: 2)
    print("\(name)  \(ratio)   \(String(repeating: " ", count: max(0, 6 - mrps.count)))\(mrps)   \(relative)x")
}
