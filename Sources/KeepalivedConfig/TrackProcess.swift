/// `vrrp_track_process NAME { ... }`: a process whose running instances are counted against a
/// quorum; instances track whether the quorum is met.
public struct TrackProcess: Hashable, Sendable {
    public var name: String
    /// `process`: the process name (or full command with `full_command`). Required.
    public var processName: String? = nil
    /// Parameters that must match too, in order.
    public var parameters: [String] = []
    /// `param_match`: how the parameters are compared.
    public var parameterMatch: TrackProcessParameterMatch = .exact
    /// `weight` -254...254 (default 0).
    public var weight = 0
    public var reverse = false
    /// `quorum`: the minimum number of processes (default 1).
    public var quorum = 1
    /// `quorum_max`: the maximum number of processes; nil for no limit.
    public var quorumMax: Int? = nil
    /// `fork_delay` (or `delay`): wait after the quorum is reached.
    public var forkDelayMicroseconds = 0
    /// `terminate_delay` (or `delay`): wait after the quorum is lost.
    public var terminateDelayMicroseconds = 0
    /// `full_command`: match the whole command line instead of the process name.
    public var fullCommand = false
    /// Where the block was opened.
    public var source = VRRPSourceMark()

    public init(name: String) { self.name = name }
}

/// `param_match`: exact (the default), `initial` (the last parameter may be longer) or
/// `partial` (only the configured parameters must match).
public enum TrackProcessParameterMatch: String, Hashable, Sendable {
    case exact, initial, partial
}

enum TrackProcessKeywords {
    static let delayRange: ClosedRange<Double> = 0.000001...3600

    static let table = KeywordTable<TrackProcess>("vrrp_track_process", [
        Keyword("process", .atLeast(1), "process name and optional parameters") { p, s, _ in
            p.processName = s.arguments[0]
            p.parameters = Array(s.arguments.dropFirst())
        },
        Keyword("param_match", .exactly(1), "initial|partial parameter matching") { p, s, reader in
            if let m = reader.choice(s, 0, ["initial": TrackProcessParameterMatch.initial, "partial": .partial]) { p.parameterMatch = m }
        },
        Keyword("weight", .between(1, 2), "priority change -254...254 [reverse] (default 0)") { p, s, reader in
            guard let w = reader.vrrpDecimal(s, in: -254...254) else { return }
            p.weight = w
            if s.arguments.count > 1 {
                switch s.arguments[1] {
                case "reverse": p.reverse = true
                case "noreverse", "no_reverse": p.reverse = false
                default: reader.warning("'weight': unknown option '\(s.arguments[1])' ignored", at: s)
                }
            }
        },
        Keyword("quorum", .exactly(1), "minimum number of processes (default 1)") { p, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...65535) { p.quorum = n }
        },
        Keyword("quorum_max", .exactly(1), "maximum number of processes") { p, s, reader in
            if let n = reader.vrrpDecimal(s, in: 0...65535) { p.quorumMax = n }
        },
        Keyword("fork_delay", .exactly(1), "seconds to wait after the quorum is reached") { p, s, reader in
            if let t = reader.timer(s, 0, in: delayRange) { p.forkDelayMicroseconds = t }
        },
        Keyword("terminate_delay", .exactly(1), "seconds to wait after the quorum is lost") { p, s, reader in
            if let t = reader.timer(s, 0, in: delayRange) { p.terminateDelayMicroseconds = t }
        },
        Keyword("delay", .exactly(1), "sets both fork_delay and terminate_delay") { p, s, reader in
            if let t = reader.timer(s, 0, in: delayRange) {
                p.forkDelayMicroseconds = t
                p.terminateDelayMicroseconds = t
            }
        },
        Keyword("full_command", .flag, "match the full command line") { p, _, _ in p.fullCommand = true },
    ])
}
