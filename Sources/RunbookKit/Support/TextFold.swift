/// Free text (a note, a reason) shown on one line, the same way everywhere a one-line view
/// shows it: the log, the board, the command post, the HICS 214 and the report's tables.
public enum TextFold {
    /// `s` on one line: line breaks as " ⏎ " (so a reader sees where they were), tabs and lone
    /// carriage returns as spaces.
    public static func oneLine(_ s: String) -> String {
        guard s.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\t" || $0 == "\r\n" }) else { return s }
        return s.replacingOccurrences(of: "\r\n", with: " ⏎ ").replacingOccurrences(of: "\n", with: " ⏎ ")
            .replacingOccurrences(of: "\r", with: " ").replacingOccurrences(of: "\t", with: " ")
    }
}
