import Foundation

extension Journal {
    /// Appends a `station.sealed` entry signed by `station`, under the journal's lock like any
    /// entry (the seal's `prev` is the head only known there), fsync'd before it returns.
    /// Writes nothing, and returns nil, when the last entry is already a seal: a second sync,
    /// or a period started right after one, adds nothing.
    @discardableResult
    public func appendSeal(station: Station, actor: String,
                           now: @escaping () -> Timestamp = Timestamp.now) throws -> JournalEntry? {
        let written = try appendAll(now: now) { _ in
            guard let last = try self.tail(1).last, last.kind != .stationSealed else { return [] }
            return [try StationSeal.draft(station: station, prev: last.hash, actor: actor)]
        }
        return written.first
    }
}
