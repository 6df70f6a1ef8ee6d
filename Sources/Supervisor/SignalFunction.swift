/// The signals keepalived gives a meaning to, by the names `--signum` accepts. Init scripts
/// and systemd units ask `keepalived --signum=RELOAD` instead of hard-coding numbers.
public enum SignalFunction: String, CaseIterable, Sendable {
    case stop = "STOP"
    case reload = "RELOAD"
    case data = "DATA"
    case stats = "STATS"
    case statsClear = "STATS_CLEAR"
    case json = "JSON"

    /// The number keepalived 2.2.7 uses on Linux x86_64.
    public func number(realtimeMinimum: Int32, realtimeMaximum: Int32) -> Int32 {
        switch self {
        case .stop: return 15        // SIGTERM
        case .reload: return 1       // SIGHUP
        case .data: return 10        // SIGUSR1
        case .stats: return 12       // SIGUSR2
        case .statsClear: return realtimeMaximum - 1
        case .json: return realtimeMinimum + 2
        }
    }
}
