/// Finds the valid names closest to a mistyped one, for "did you mean" hints.
public enum Nearest {
    /// Up to `limit` candidates close to `word`, best first.
    public static func matches(for word: String, in candidates: [String], limit: Int = 3) -> [String] {
        let w = Array(word.lowercased())
        var scored: [(Int, String)] = []
        for c in candidates {
            let cl = c.lowercased()
            let ca = Array(cl)
            var d = distance(w, ca)
            if !w.isEmpty, cl.hasPrefix(String(w)) || cl.contains(String(w)) { d = min(d, 1) }
            // A valid id with words added ("intel-rebuild-clean" for intel-rebuild).
            if cl.count >= 5, String(w).hasPrefix(cl) { d = min(d, 1) }
            // A mistyped beginning of a long id ("ic-activte" for "ic-activate-command").
            if w.count >= 4, ca.count > w.count {
                for k in max(1, w.count - 1)...min(ca.count, w.count + 2) {
                    d = min(d, distance(w, Array(ca[0..<k])) + 1)
                }
            }
            let budget = max(2, min(w.count, cl.count) / 3)
            if d <= budget { scored.append((d, c)) }
        }
        scored.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        return scored.prefix(limit).map(\.1)
    }

    /// " — did you mean a, b?" or an empty string.
    public static func hint(for word: String, in candidates: [String]) -> String {
        let m = matches(for: word, in: candidates)
        return m.isEmpty ? "" : "; did you mean \(m.joined(separator: ", "))?"
    }

    /// The near misses, or when there are none, some valid names so the user is never left
    /// guessing: "; did you mean a?" or "; valid ones include a, b, c… (6 more)".
    public static func suggestion(for word: String, in candidates: [String]) -> String {
        let near = hint(for: word, in: candidates)
        if !near.isEmpty || candidates.isEmpty { return near }
        let shown = candidates.prefix(6).joined(separator: ", ")
        return candidates.count > 6 ? "; valid ones include \(shown)… (\(candidates.count - 6) more)" : "; valid ones: \(shown)"
    }

    /// Levenshtein distance with adjacent transpositions counted as one edit.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var prev2 = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    cur[j] = min(cur[j], prev2[j - 2] + 1)
                }
            }
            prev2 = prev
            prev = cur
        }
        return prev[b.count]
    }
}
