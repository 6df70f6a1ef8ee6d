/// `vrrp_script NAME { ... }`: a command run periodically whose exit status instances track.
///
/// With weight 0 a failing script puts the tracking instances into fault; otherwise the
/// weight moves their priority.
public struct VRRPScript: Hashable, Sendable {
    public var name: String
    /// `script`: the command (a path, or a quoted string with arguments). Required.
    public var command: String? = nil
    /// `interval`: whole seconds between runs (default 1 s).
    public var intervalMicroseconds = 1_000_000
    /// `timeout`: whole seconds after which a run counts as failed; nil when not set.
    public var timeoutMicroseconds: Int? = nil
    /// `weight` -253...253 (default 0).
    public var weight = 0
    /// `weight N reverse`: lower the priority while the script succeeds.
    public var reverse = false
    /// `rise`: successes needed to count as up (default 1).
    public var rise = 1
    /// `fall`: failures needed to count as down (default 1).
    public var fall = 1
    /// `user USER [GROUP]`; nil: the global script user.
    public var user: String? = nil
    public var group: String? = nil
    /// `init_fail`: start in the failed state.
    public var initiallyFailed = false
    /// Where the block was opened.
    public var source = VRRPSourceMark()

    public init(name: String) { self.name = name }
}

enum VRRPScriptKeywords {
    /// Interval and timeout are whole seconds up to 4294 (32-bit microseconds).
    static let secondsRange = 0...4294

    static let table = KeywordTable<VRRPScript>("vrrp_script", [
        Keyword("script", .exactly(1), "the command to run (quote it to pass arguments)") { v, s, _ in
            v.command = s.arguments[0]
        },
        Keyword("interval", .exactly(1), "seconds between runs (default 1)") { v, s, reader in
            guard let n = reader.vrrpDecimal(s, in: secondsRange) else { return }
            if n == 0 {
                reader.warning("'interval' must be more than 0 seconds; using 1", at: s)
                v.intervalMicroseconds = 1_000_000
            } else {
                v.intervalMicroseconds = n * 1_000_000
            }
        },
        Keyword("timeout", .exactly(1), "seconds after which a run counts as failed") { v, s, reader in
            guard let n = reader.vrrpDecimal(s, in: secondsRange) else { return }
            if n == 0 {
                reader.warning("'timeout' must be more than 0 seconds; using 1", at: s)
                v.timeoutMicroseconds = 1_000_000
            } else {
                v.timeoutMicroseconds = n * 1_000_000
            }
        },
        Keyword("weight", .between(1, 2), "priority change -253...253 [reverse] (default 0)") { v, s, reader in
            guard let w = reader.vrrpDecimal(s, in: -253...253) else { return }
            v.weight = w
            if s.arguments.count > 1 {
                switch s.arguments[1] {
                case "reverse": v.reverse = true
                case "noreverse", "no_reverse": v.reverse = false
                default: reader.warning("'weight': unknown option '\(s.arguments[1])' ignored", at: s)
                }
            }
        },
        Keyword("rise", .exactly(1), "successes needed to count as up (default 1)") { v, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...Int(Int32.max)) { v.rise = n }
        },
        Keyword("fall", .exactly(1), "failures needed to count as down (default 1)") { v, s, reader in
            if let n = reader.vrrpDecimal(s, in: 1...Int(Int32.max)) { v.fall = n }
        },
        Keyword("user", .between(1, 2), "user [group] to run the script as") { v, s, _ in
            v.user = s.arguments[0]
            v.group = s.arguments.count > 1 ? s.arguments[1] : nil
        },
        Keyword("init_fail", .flag, "start in the failed state") { v, _, _ in v.initiallyFailed = true },
    ])
}
