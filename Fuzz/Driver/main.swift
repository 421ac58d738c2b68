import CachebookFuzzEntries
import Foundation

/// The libFuzzer entry point of one `make fuzz` executable. Which entry it fuzzes is fixed when
/// it is built: `-DFUZZ_TARGET=…` is not available to SwiftPM targets, so the name comes from
/// the `CACHEBOOK_FUZZ_TARGET` variable, read once.
private let entry: @Sendable ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["CACHEBOOK_FUZZ_TARGET"] ?? ""
    guard let found = FuzzEntries.all.first(where: { $0.name == name }) else {
        FileHandle.standardError.write(Data("set CACHEBOOK_FUZZ_TARGET to one of: \(FuzzEntries.all.map(\.name).joined(separator: ", "))\n".utf8))
        exit(2)
    }
    return found.run
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    entry(Array(UnsafeBufferPointer(start: bytes, count: count)))
    return 0
}
