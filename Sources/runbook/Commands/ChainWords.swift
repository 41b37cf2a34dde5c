import Foundation
import RunbookKit

// The words for stations' chains, written once: `sync` and `verify` both say them.

extension ChainLabel {
    /// "ED desk (station 3fa2…)'s chain", "station 3fa2…'s chain", or the origin's.
    var chainWords: String {
        guard let id else { return "the chain that opened the incident" }
        if let name { return "\(name) (station \(id))'s chain" }
        return "station \(id)'s chain"
    }
}

extension ChainRefusal {
    /// The refusal in one line: `what` names the chain's file or place ("on /media/usb/runbook").
    func words(incident: String, place: String) -> String {
        let chain = "\(label.chainWords) of \(incident) \(place)"
        switch self {
        case let .damaged(_, d):
            return "\(chain) is damaged: \(d); nothing of it is trusted after entry \(d.line - 1)"
        case let .forged(_, seq):
            return "FORGED: \(chain) fails its seal at entry #\(seq): it was changed after the station signed it (or made up). Nothing of it was taken; keep the file for the investigation"
        case let .keyChanged(l, seq, pinned, found):
            return "FORGED: \(chain) is signed at entry #\(seq) with a key that is not the one this station pinned for station \(l.id ?? "?") (pinned fingerprint \(ChainWords.fingerprint(pinned)), this one \(ChainWords.fingerprint(found))): a cloned laptop or a forgery. Nothing of it was taken; compare fingerprints with that station by voice ('runbook station')"
        case let .notTied(_, tie):
            switch tie {
            case .otherIncident(let other):
                return "\(chain) does not belong to this incident: its entry 1 names \(other.isEmpty ? "no incident" : "incident \(other)"). Nothing of it was taken"
            case .openedDiffers:
                return "\(chain) does not belong to this incident: its entry 1 ties it to another opening of \(incident) (a different incident under the same id). Nothing of it was taken"
            case .playbookDiffers:
                return "\(chain) does not belong to this incident: it was started with another playbook. Nothing of it was taken"
            case .noOrigin:
                return "\(chain) cannot be checked yet: no chain here or \(place) opens the incident (sync with the station that started it first). Nothing of it was taken"
            }
        case let .unsealed(_, after):
            return "\(chain) has entries after \(after == 0 ? "its start" : "entry #\(after)") that are not sealed (a station seals its chain before it gives it): refused, nothing of it was taken"
        case let .fork(_, seq, held, incoming):
            return "FORK: \(chain) differs from the copy held here at entry #\(seq) — held \(held.isEmpty ? "(no entry)" : held), \(place) \(incoming.isEmpty ? "(no entry)" : incoming). The copy held here is kept byte for byte and nothing of the other was taken; call that station, and keep both for the investigation"
        case let .misnamed(_, file):
            return "\(file) holds \(label.chainWords), not the station its name says: refused, nothing of it was taken"
        }
    }
}

enum ChainWords {
    /// The spoken fingerprint of a 64-hex public key, or the hex itself when it is not one.
    static func fingerprint(_ hex: String) -> String {
        let u = Array(hex.utf8)
        guard u.count == 64 else { return hex }
        func v(_ c: UInt8) -> UInt8 { c <= 0x39 ? c - 0x30 : c - 0x61 + 10 }
        return StationFingerprint.spoken(publicKey: (0..<32).map { v(u[2 * $0]) << 4 | v(u[2 * $0 + 1]) })
    }
}
