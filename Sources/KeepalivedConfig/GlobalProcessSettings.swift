/// How the keepalived processes run: their names, scheduling, memory locking and CPU
/// placement (`process_name`, `vrrp_priority`, `checker_rt_priority`, `umask`, ...).
public struct ProcessSettings: Hashable, Sendable {
    /// `process_name` (or `process_names`); nil keeps the executable's name.
    public var parentName: String? = nil
    /// `vrrp_process_name`.
    public var vrrpName: String? = nil
    /// `checker_process_name` (old name `lvs_process_name`).
    public var checkerName: String? = nil
    /// `bfd_process_name`.
    public var bfdName: String? = nil

    /// Scheduling of the VRRP child (`vrrp_priority`, `vrrp_no_swap`, ...).
    public var vrrp = ChildProcessTuning()
    /// Scheduling of the checker child (`checker_*`).
    public var checker = ChildProcessTuning()
    /// Scheduling of the BFD child (`bfd_*`).
    public var bfd = ChildProcessTuning()

    /// `max_auto_priority [N]`: highest realtime priority reached by automatic increases;
    /// 0 (the default) never increases, -1 also silences the startup advice.
    public var maximumAutoPriority = 0
    /// `min_auto_priority_delay USECS`: lateness that triggers an increase (default 1 s).
    public var minimumAutoPriorityDelayMicroseconds = 1_000_000
    /// `umask NUMBER|BITS`: mask for the files keepalived creates (default 0o177).
    public var umask = 0o177

    public init() {}

    /// The names `process_names` sets.
    public static let defaultNames = (parent: "keepalived", vrrp: "keepalived_vrrp", checker: "keepalived_ipvs", bfd: "keepalived_bfd")
}

/// Scheduling settings of one child process.
public struct ChildProcessTuning: Hashable, Sendable {
    /// `*_priority`: the nice value, -20 to 19 (default 0).
    public var niceness = 0
    /// `*_no_swap`: lock the process in memory.
    public var noSwap = false
    /// `*_rt_priority`: SCHED_RR priority 1 to 99; nil keeps normal scheduling.
    public var realtimePriority: Int? = nil
    /// `*_cpu_affinity`: the CPUs the process may run on; empty for all.
    public var cpuAffinity: [Int] = []
    /// `*_rlimit_rttime`: RLIMIT_RTTIME when realtime (default 10000 µs).
    public var realtimeLimitMicroseconds = 10_000

    public init() {}
}

extension GlobalDefinitions {
    /// Linux process names (comm) hold at most 15 characters.
    static let maximumProcessNameLength = 15
    /// The CPU numbers a cpu_set_t can hold.
    static let cpuIDs = 0...1023

    static let processKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("process_names", .flag, "name the processes keepalived, keepalived_vrrp, keepalived_ipvs, keepalived_bfd") { g, _, _ in
            let n = ProcessSettings.defaultNames
            g.processes.parentName = n.parent
            g.processes.vrrpName = n.vrrp
            g.processes.checkerName = n.checker
            g.processes.bfdName = n.bfd
        },
        Keyword("process_name", .exactly(1), "name of the parent process") { g, s, r in
            g.processes.parentName = processName(s, reader: &r)
        },
        Keyword("vrrp_process_name", .exactly(1), "name of the VRRP child") { g, s, r in
            g.processes.vrrpName = processName(s, reader: &r)
        },
        Keyword("checker_process_name", .exactly(1), "name of the checker child") { g, s, r in
            g.processes.checkerName = processName(s, reader: &r)
        },
        Keyword("lvs_process_name", .exactly(1), "old name of checker_process_name") { g, s, r in
            r.diagnostics.note("'lvs_process_name' is deprecated; use 'checker_process_name'", at: s.location)
            g.processes.checkerName = processName(s, reader: &r)
        },
        Keyword("bfd_process_name", .exactly(1), "name of the BFD child") { g, s, r in
            g.processes.bfdName = processName(s, reader: &r)
        },
        Keyword("max_auto_priority", .between(0, 1), "cap of automatic realtime priority increases, -1 to 99 (none: 99)") { g, s, r in
            guard !s.arguments.isEmpty else { g.processes.maximumAutoPriority = 99; return }
            if let v = r.integer(s, in: -1...99) { g.processes.maximumAutoPriority = v }
        },
        Keyword("min_auto_priority_delay", .exactly(1), "microseconds late before the priority is raised (default 1000000)") { g, s, r in
            if let v = r.integer(s, in: 1...10_000_000) { g.processes.minimumAutoPriorityDelayMicroseconds = v }
        },
        Keyword("umask", .atLeast(1), "file creation mask: a number (0x.., 0..) or bits such as IWGRP|IWOTH") { g, s, r in
            if let v = umask(s, reader: &r) { g.processes.umask = v }
        },
    ]
    + childTuningKeywords(prefix: "vrrp", child: \.vrrp)
    + childTuningKeywords(prefix: "checker", child: \.checker)
    + childTuningKeywords(prefix: "bfd", child: \.bfd)

    /// The `PREFIX_priority`, `_no_swap`, `_rt_priority`, `_cpu_affinity`, `_rlimit_rttime` and
    /// deprecated `_rlimit_rtime` keywords of one child.
    static func childTuningKeywords(prefix: String, child: WritableKeyPath<ProcessSettings, ChildProcessTuning> & Sendable) -> [Keyword<GlobalDefinitions>] {
        let label = prefix == "vrrp" ? "VRRP" : prefix == "bfd" ? "BFD" : "checker"
        return [
            Keyword("\(prefix)_priority", .exactly(1), "nice value of the \(label) child, -20 to 19") { g, s, r in
                if let v = r.integer(s, in: -20...19) { g.processes[keyPath: child].niceness = v }
            },
            Keyword("\(prefix)_no_swap", .flag, "lock the \(label) child in memory") { g, _, _ in
                g.processes[keyPath: child].noSwap = true
            },
            Keyword("\(prefix)_rt_priority", .exactly(1), "realtime priority of the \(label) child, 1 to 99") { g, s, r in
                guard let v = r.integer(s, in: Int(Int32.min)...Int(Int32.max)) else { return }
                let clamped = min(max(v, 1), 99)
                if clamped != v { r.warning("'\(s.keyword)' \(v) is out of range [1, 99]; using \(clamped)", at: s) }
                g.processes[keyPath: child].realtimePriority = clamped
            },
            Keyword("\(prefix)_cpu_affinity", .atLeast(1), "CPUs the \(label) child may run on") { g, s, r in
                var cpus: [Int] = []
                for i in s.arguments.indices {
                    guard let cpu = r.integer(s, i, in: cpuIDs) else { return }
                    if !cpus.contains(cpu) { cpus.append(cpu) }
                }
                g.processes[keyPath: child].cpuAffinity = cpus
            },
            Keyword("\(prefix)_rlimit_rttime", .exactly(1), "RLIMIT_RTTIME of the \(label) child in microseconds (default 10000)") { g, s, r in
                if let v = r.integer(s, in: 1...Int(UInt32.max)) { g.processes[keyPath: child].realtimeLimitMicroseconds = v }
            },
            Keyword("\(prefix)_rlimit_rtime", .exactly(1), "old name of \(prefix)_rlimit_rttime") { g, s, r in
                r.diagnostics.note("'\(s.keyword)' is deprecated; use '\(prefix)_rlimit_rttime'", at: s.location)
                if let v = r.integer(s, in: 1...Int(UInt32.max)) { g.processes[keyPath: child].realtimeLimitMicroseconds = v }
            },
        ]
    }

    static func processName(_ s: Statement, reader r: inout ConfigReader) -> String {
        let name = s.arguments[0]
        guard name.count <= maximumProcessNameLength else {
            r.warning("'\(s.keyword)' \(name) is longer than \(maximumProcessNameLength) characters; truncated", at: s)
            return String(name.prefix(maximumProcessNameLength))
        }
        return name
    }

    /// The umask bits by name.
    static let umaskBits: [String: Int] = [
        "IRUSR": 0o400, "IWUSR": 0o200, "IXUSR": 0o100,
        "IRGRP": 0o040, "IWGRP": 0o020, "IXGRP": 0o010,
        "IROTH": 0o004, "IWOTH": 0o002, "IXOTH": 0o001,
    ]

    /// A number (C syntax: hex, octal or decimal) up to 0o777, or bit names joined by `|`,
    /// with or without spaces around the `|`.
    static func umask(_ s: Statement, reader r: inout ConfigReader) -> Int? {
        let text = s.arguments.joined(separator: " ")
        if let first = text.first, first.isNumber {
            guard s.arguments.count == 1 else {
                r.error("'umask': extra words after the number \(s.arguments[0])", at: s)
                return nil
            }
            guard let v = parseCNumber(text), (0...0o777).contains(v) else {
                r.error("'umask': invalid value '\(text)'", at: s)
                return nil
            }
            return v
        }
        // Spaces are allowed only around '|': "IWGRP | IWOTH" but not "IWGRP IWOTH".
        let parts = text.split(separator: "|", omittingEmptySubsequences: false).map(trimmedOfSpaces)
        var value = 0
        for part in parts {
            guard !part.isEmpty else {
                r.error("'umask': a bit name is missing in '\(text)'", at: s)
                return nil
            }
            guard !part.contains(" ") else {
                r.error("'umask': bit names must be joined with '|' in '\(text)'", at: s)
                return nil
            }
            guard let bit = umaskBits[part] else {
                r.error("'umask': unknown bit '\(part)'; use IRUSR, IWUSR, IXUSR, IRGRP, IWGRP, IXGRP, IROTH, IWOTH or IXOTH", at: s)
                return nil
            }
            value |= bit
        }
        return value
    }
}

/// The text without leading and trailing spaces.
private func trimmedOfSpaces(_ text: Substring) -> String {
    String(text.drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
}
