import Foundation

/// How an export was made, written into it so `runbook verify --export` can make it again from
/// the journal and compare: the format and options, and how much of the journal it covers (its
/// last entry and the chain head there). One line of ASCII,
/// `runbook-report format=md redact=yes clock=utc entries=25 head=<64 hex>`, placed where the
/// format keeps it out of the reader's way: the last line of the Markdown (`[//]: # (…)`, which
/// shows nothing) and of the HICS 214 text, a `<meta name="runbook-report">` in the HTML, `stamp`
/// in the JSON. The CSV, whose every row is data, carries none: its rows say the same.
public struct ReportStamp: Equatable, Sendable {
    public var format: ReportFormat
    /// HICS 214 logs per person (the formats' `--by person`).
    public var byPerson: Bool
    /// The report's summary form (`--summary`), md and html only.
    public var summary: Bool = false
    public var redact: Bool
    public var utc: Bool
    /// The time zone of a local-time export, as `TZ` names it, when known.
    public var zone: String?
    /// Whether the journal ended in a torn line when the export was made (the report says so).
    public var tornTail: Bool
    /// How many entries the export covers: the journal's first `entries`.
    public var entries: Int
    /// The chain head at entry `entries`.
    public var head: String

    /// What starts the stamp.
    static let prefix = "runbook-report"

    public init(format: ReportFormat, byPerson: Bool = false, redact: Bool, utc: Bool, zone: String? = nil,
                tornTail: Bool = false, entries: Int, head: String, summary: Bool = false) {
        self.format = format; self.byPerson = byPerson; self.summary = summary; self.redact = redact; self.utc = utc; self.zone = zone
        self.tornTail = tornTail; self.entries = entries; self.head = head
    }

    /// The stamp of `format` made from `m` (HICS 214 logs per person when `byPerson`).
    init(_ format: ReportFormat, _ m: ReportModel, byPerson: Bool = false, summary: Bool = false) {
        self.init(format: format, byPerson: byPerson, redact: m.redact, utc: m.clock.utc,
                  zone: m.clock.utc ? nil : ReportClock.localZoneName, tornTail: m.integrity.tornTail,
                  entries: m.integrity.entries, head: m.integrity.head, summary: summary)
    }

    /// The options that make this export again (the journal's check found nothing, as
    /// `verify --export` requires of the journal it compares with).
    public var options: ReportOptions {
        ReportOptions(clock: ReportClock(utc: utc), byPerson: byPerson, redact: redact, check: .init(tornTail: tornTail), summary: summary)
    }

    /// The stamp as its line of text.
    public var text: String {
        var out = "\(Self.prefix) format=\(format.rawValue)"
        if format == .ics214 || format == .ics214HTML { out += " by=\(byPerson ? "person" : "position")" }
        // Only a summary says so: every stamp made before `--summary` existed stays the same.
        if summary { out += " summary=yes" }
        out += " redact=\(redact ? "yes" : "no") clock=\(utc ? "utc" : zone.map { "local:" + $0 } ?? "local")"
        if tornTail { out += " torn=yes" }
        return out + " entries=\(entries) head=\(head)"
    }

    /// The stamp in `text`, nil when it is none.
    public static func parse(_ text: Substring) -> ReportStamp? {
        let words = text.split(separator: " ")
        guard words.first == Substring(prefix) else { return nil }
        var v: [Substring: Substring] = [:]
        for w in words.dropFirst() {
            guard let eq = w.firstIndex(of: "="), v[w[..<eq]] == nil else { return nil }
            v[w[..<eq]] = w[w.index(after: eq)...]
        }
        guard let f = v["format"].flatMap({ ReportFormat(rawValue: String($0)) }),
              let redact = v["redact"].flatMap(yesNo), let clock = v["clock"],
              let n = v["entries"].flatMap({ Int($0) }), n > 0, let head = v["head"] else { return nil }
        let utc = clock == "utc"
        guard utc || clock == "local" || clock.hasPrefix("local:") else { return nil }
        let zone = clock.hasPrefix("local:") ? String(clock.dropFirst("local:".count)) : nil
        guard zone.map(ReportClock.isZoneName) ?? true else { return nil }
        return ReportStamp(format: f, byPerson: v["by"] == "person", redact: redact, utc: utc, zone: zone,
                           tornTail: v["torn"].flatMap(yesNo) ?? false, entries: n, head: String(head),
                           summary: v["summary"].flatMap(yesNo) ?? false)
    }

    static func yesNo(_ s: Substring) -> Bool? { s == "yes" ? true : s == "no" ? false : nil }

    /// The stamp an export carries, found where its format keeps it; nil for a file with none
    /// (a CSV, or no export of ours).
    public static func find(in bytes: [UInt8]) -> ReportStamp? {
        let text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("{") {
            guard let doc = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any],
                  let s = doc["stamp"] as? String else { return nil }
            return parse(Substring(s))
        }
        if text.hasPrefix("<!DOCTYPE html>") {
            let open = "<meta name=\"\(prefix)\" content=\""
            guard let end = text.range(of: "</head>"), let a = text.range(of: open, range: text.startIndex..<end.lowerBound),
                  let b = text[a.upperBound...].firstIndex(of: "\"") else { return nil }
            return parse(text[a.upperBound..<b])
        }
        // Markdown and the HICS 214 text: the last line.
        var last = text.hasSuffix("\n") ? text.dropLast() : Substring(text)
        if let nl = last.lastIndex(of: "\n") { last = last[last.index(after: nl)...] }
        if last.hasPrefix("[//]: # (") && last.hasSuffix(")") { last = last.dropFirst(9).dropLast() }
        return parse(last)
    }
}
