import Dispatch
import Foundation

/// The multi-core reader. A long unread stretch of a journal (at least
/// `JournalScanner.defaultBulkThreshold`, 512 KiB) is cut at line starts into four parts a
/// core, the cores take the parts as they come free, each part is checked by the in-order
/// reader, and the parts' chains are joined at the seams.
///
/// Why it exists: opening an incident reads the whole journal, and a week-long outage writes
/// 100,000 entries or more. On this project's 2-core machines, the first frame of the command
/// post on 100,000 entries went from 575 ms to 202 ms and `status --json` from 643 ms to 240 ms
/// with this reader and the byte-level entry reading that came with it (`make bench`, the
/// closing note of issue 5); the in-order reader alone was over the 300 ms and 500 ms targets.
///
/// It never decides anything about damage: on any doubt — a bad line, a torn part, a seam that
/// does not join, a line too long — it gives up, and the in-order reader reads the stretch
/// again, finding and wording the problem exactly as it always does.
extension JournalScanner {
    /// What one core found in its part of a long unread stretch.
    struct BulkPart: Sendable {
        /// The seq and prev its first line claims, to be joined with the part before.
        var claimed: ChainCursor
        /// The chain's head after its last line.
        var cursor: ChainCursor
    }

    /// Checks the good lines of a long unread stretch (all but the file's last line) on every
    /// core, in parts, joining the parts' chains at the seams. Returns nil if anything
    /// at all is amiss — damage, a torn line, a seam that does not join, a line too long —
    /// and the caller reads it all again in order, which finds and words the problem exactly
    /// as a single reader does. The entries built come back in order: as one array when every
    /// line is built, or a light read's stretch is long (so a long journal's entries are never
    /// copied), else one array a part; a verification builds none.
    func bulk(from start: ChainCursor, size: Int64, mode: Mode) -> (cursor: ChainCursor, parts: [[JournalEntry]])? {
        guard let bounds = partBounds(from: start.offset, size: size) else { return nil }
        let parts = bounds.count - 1
        // Each part's chain starts where its first line says it does; the seams are checked below.
        var starts = [start]
        // When each part's first line was recorded: checked against the part before at the seam.
        var firstTimes: [Timestamp?] = [nil]
        for k in 1..<parts {
            // Unchecked until its part is read: the claim must at least be possible, a seq past
            // the previous part's start by no more lines than fit in that part's bytes.
            guard let first = firstEntry(at: bounds[k]), first.seq > starts[k - 1].seq + 1,
                  first.seq - starts[k - 1].seq <= Int(bounds[k] - bounds[k - 1]) / JournalLine.shortestLine + 1 else { return nil }
            var c = ChainCursor()
            c.offset = bounds[k]
            c.seq = first.seq - 1
            c.hash = first.prev
            starts.append(c)
            firstTimes.append(first.time)
        }
        let results = BulkResults(count: parts)
        let scanner = self, partStarts = starts, partBounds = bounds
        /// Reads part `k`, handing each entry to `keep`, which says false when it has no room.
        let read: @Sendable (Int, (JournalEntry) -> Bool) -> BulkPart? = { k, keep in
            var cursor = partStarts[k]
            var room = true
            do {
                let torn = try scanner.scanInOrder(from: &cursor, mode: mode, end: partBounds[k + 1]) { e in
                    if room { room = keep(e) }
                }
                guard room, torn == nil, cursor.offset == partBounds[k + 1] else { return nil }
            } catch { return nil }
            return BulkPart(claimed: partStarts[k], cursor: cursor)
        }
        var out: [[JournalEntry]] = []
        if mode == .entries || (!wantedTypes.isEmpty && size - start.offset >= slotsThreshold) {
            // Every part writes its entries straight into its own stretch of one array (no line
            // is shorter than `shortestLine`, so each stretch has room); the stretches are then
            // moved together. A long light read (some types built: the board) does the same: its
            // parts' arrays grown entry by entry, then joined, cost a board on 200,000 entries a
            // tenth of its time in copying and page faults. The stretches are reserved, not
            // touched: only the pages entries are written to are ever mapped.
            let room = (0..<parts).map { Int(bounds[$0 + 1] - bounds[$0]) / JournalLine.shortestLine + 1 }
            var starts = [0]
            for k in 0..<parts { starts.append(starts[k] + room[k]) }
            let first = starts
            let all = [JournalEntry](unsafeUninitializedCapacity: first[parts]) { buffer, initialized in
                // The capacity is at least one slot a part, so the buffer has an address.
                guard let base = buffer.baseAddress else { initialized = 0; return }
                let slots = EntrySlots(base: base)
                DispatchQueue.concurrentPerform(iterations: parts) { k in
                    var n = 0
                    let part = read(k) { e in
                        guard n < room[k] else { return false }
                        (slots.base + first[k] + n).initialize(to: e)
                        n += 1
                        return true
                    }
                    results.set(k, part, written: n)
                }
                var filled = 0
                for k in 0..<parts {
                    let n = results.written(k)
                    if filled != first[k] { (base + filled).moveInitialize(from: base + first[k], count: n) }
                    filled += n
                }
                initialized = filled
            }
            out = [all]
        } else if !wantedTypes.isEmpty {
            // A short light read (a note on a day's journal): the few entries wanted are kept a
            // part at a time, without reserving room for every line.
            let kept = BulkEntries(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                var mine: [JournalEntry] = []
                let part = read(k) { mine.append($0); return true }
                kept.set(k, mine)
                results.set(k, part, written: mine.count)
            }
            out = (0..<parts).map { kept.get($0) }
        } else {
            // Verifying: nothing is built.
            DispatchQueue.concurrentPerform(iterations: parts) { k in
                results.set(k, read(k) { _ in true }, written: 0)
            }
        }
        var cursor = start
        var clockBacks: [ClockWentBack] = []
        for k in 0..<parts {
            guard let part = results.get(k) else { return nil }
            guard part.claimed.seq == cursor.seq, part.claimed.hash == cursor.hash else { return nil }
            // A part reads its first line with no time before it: the seam is checked here.
            if let first = firstTimes[k],
               let back = ClockWentBack.between(seq: cursor.seq + 1, time: first, previousSeq: cursor.seq, previousTime: cursor.time) {
                clockBacks.append(back)
            }
            clockBacks += part.cursor.clockBacks
            cursor = part.cursor
        }
        cursor.clockBacks = clockBacks
        return (cursor, out)
    }

    /// Where the parts of a bulk read begin and end: line starts, the last being the start of
    /// the file's last line (left to the careful reader). Nil when there is nothing to share.
    func partBounds(from start: Int64, size: Int64) -> [Int64]? {
        guard bulkParts > 1, let end = lineStart(before: size - 1), end > start else { return nil }
        var bounds = [start]
        for k in 1..<bulkParts {
            guard let b = lineStart(after: start + (end - start) * Int64(k) / Int64(bulkParts)) else { return nil }
            if b > bounds[bounds.count - 1] && b < end { bounds.append(b) }
        }
        bounds.append(end)
        return bounds
    }

}

/// The parts' results, each written by one core and read once all are done.
final class BulkResults: @unchecked Sendable {
    private var parts: [JournalScanner.BulkPart?]
    private var counts: [Int]
    private let lock = NSLock()

    init(count: Int) {
        parts = Array(repeating: nil, count: count)
        counts = Array(repeating: 0, count: count)
    }

    /// Part `k`'s outcome (nil: it failed) and how many entries it wrote.
    func set(_ k: Int, _ part: JournalScanner.BulkPart?, written: Int) {
        lock.lock()
        parts[k] = part
        counts[k] = written
        lock.unlock()
    }

    func get(_ k: Int) -> JournalScanner.BulkPart? { lock.lock(); defer { lock.unlock() }; return parts[k] }
    func written(_ k: Int) -> Int { lock.lock(); defer { lock.unlock() }; return counts[k] }
}

/// The entries each part of a short light read kept.
final class BulkEntries: @unchecked Sendable {
    private var parts: [[JournalEntry]]
    private let lock = NSLock()

    init(count: Int) { parts = Array(repeating: [], count: count) }

    func set(_ k: Int, _ entries: [JournalEntry]) { lock.lock(); parts[k] = entries; lock.unlock() }
    func get(_ k: Int) -> [JournalEntry] { lock.lock(); defer { lock.unlock() }; return parts[k] }
}

/// The start of the array the parts write into; each part writes only its own stretch.
struct EntrySlots: @unchecked Sendable {
    let base: UnsafeMutablePointer<JournalEntry>
}
