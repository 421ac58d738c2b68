extension TraceReader {
    /// The size of one oracleGeneral record.
    public static let oracleGeneralRecordSize = 24

    /// Parses libCacheSim's oracleGeneral layout: 24-byte little-endian records
    /// `u32 time, u64 id, u32 size, i64 next_access_vtime`, where a next access of -1 means never.
    ///
    /// - Complexity: O(*n*) in the number of records.
    public static func parseOracleGeneral(_ bytes: [UInt8], file: String) throws(TraceError) -> Trace {
        let recordSize = oracleGeneralRecordSize
        let complete = bytes.count / recordSize
        let leftover = bytes.count % recordSize
        if leftover != 0 {
            throw TraceError(
                file: file, record: complete + 1,
                problem: "the file ends \(leftover) bytes into this record (a record is \(recordSize) bytes; the file has \(bytes.count))",
                fix: "the file is truncated or not oracleGeneral; regenerate it or pick the right --format")
        }
        var interner = KeyInterner<UInt64>()
        var ids = [EntryID](); ids.reserveCapacity(complete)
        var sizes = [Int32](); sizes.reserveCapacity(complete)
        var nextAccess = [Int64](); nextAccess.reserveCapacity(complete)
        var allUnit = true
        let failure: TraceError? = bytes.withUnsafeBytes { raw in
            for record in 0..<complete {
                let base = record * recordSize
                let id = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 4, as: UInt64.self))
                let size = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: base + 12, as: UInt32.self))
                let next = Int64(littleEndian: raw.loadUnaligned(fromByteOffset: base + 16, as: Int64.self))
                guard next >= -1 else {
                    return TraceError(
                        file: file, record: record + 1,
                        problem: "next_access_vtime is \(next); only -1 (never) or a time >= 0 is valid",
                        fix: "the file is corrupt or not oracleGeneral; regenerate it")
                }
                guard size <= UInt32(Int32.max) else {
                    return TraceError(
                        file: file, record: record + 1, problem: "object size \(size) is too large",
                        fix: "sizes must fit in 31 bits")
                }
                ids.append(interner.id(for: id))
                sizes.append(Int32(size))
                if size != 1 { allUnit = false }
                nextAccess.append(next == -1 ? neverAccessedAgain : next)
            }
            return nil
        }
        if let failure { throw failure }
        return Trace(
            ids: ids, sizes: allUnit ? nil : sizes, nextAccess: nextAccess,
            keys: .numeric(interner.keys), source: file)
    }
}
