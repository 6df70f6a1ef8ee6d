/// The daemon settings written at the top level of the file, outside any block
/// (`net_namespace`, `instance`, `use_pid_dir`, `child_wait_time`, ...).
///
/// They exist apart from `global_defs` because keepalived reads them first, before anything
/// else, to decide where and under which names the processes run; most cannot change on a
/// reload.
public struct DaemonSettings: Hashable, Sendable {
    /// `net_namespace NAME`: the network namespace to run in; nil runs in the current one.
    public var netNamespace: String? = nil
    /// `net_namespace_ipvs [NAME]`: where the IPVS configuration goes.
    public var ipvsNamespace: IPVSNamespace = .processNamespace
    /// `namespace_with_ipsets`: allow ipsets in a namespace on kernels older than 3.13.
    public var namespaceWithIPSets = false
    /// `instance NAME`: distinguishes several keepalived instances in one namespace (pid files).
    public var instanceName: String? = nil
    /// `use_pid_dir`: pid files in /run/keepalived/.
    public var usePIDDirectory = false
    /// `linkbeat_use_polling`: poll link state (MII/ethtool/ioctl) instead of netlink.
    public var linkbeatUsePolling = false
    /// `child_wait_time SECS`: how long the parent waits for its children to exit (default 5 s).
    public var childWaitTimeMicroseconds = 5_000_000

    public init() {}
}

/// Where the checker child programs IPVS (`net_namespace_ipvs`).
public enum IPVSNamespace: Hashable, Sendable {
    /// Not configured: the namespace the daemon runs in.
    case processNamespace
    /// `net_namespace_ipvs` with no name: the default (initial) namespace.
    case defaultNamespace
    /// `net_namespace_ipvs NAME`.
    case named(String)
}

extension GlobalDefinitions {
    /// The top-level daemon keywords; `global_defs` itself is added by `GlobalDefinitions`.
    static let daemonKeywords: [Keyword<KeepalivedConfiguration>] = [
        Keyword("net_namespace", .exactly(1), "network namespace to run in") { c, s, r in
            if let first = c.global.daemon.netNamespace {
                // keepalived reports this but does not fail its config test.
                r.diagnostics.note("'net_namespace' is already \(first); ignoring '\(s.arguments[0])'", at: s.location)
                return
            }
            c.global.daemon.netNamespace = s.arguments[0]
        },
        Keyword("net_namespace_ipvs", .between(0, 1), "network namespace for IPVS (none: the default namespace)") { c, s, r in
            if c.global.daemon.ipvsNamespace != .processNamespace {
                r.warning("'net_namespace_ipvs' given twice; ignoring '\(s.arguments.first ?? "")'", at: s)
                return
            }
            c.global.daemon.ipvsNamespace = s.arguments.first.map { .named($0) } ?? .defaultNamespace
        },
        Keyword("namespace_with_ipsets", .flag, "allow ipsets in a namespace on old kernels") { c, _, _ in
            c.global.daemon.namespaceWithIPSets = true
        },
        Keyword("instance", .exactly(1), "instance name, part of the pid file names") { c, s, r in
            if let first = c.global.daemon.instanceName {
                r.warning("'instance' is already \(first); ignoring '\(s.arguments[0])'", at: s)
                return
            }
            c.global.daemon.instanceName = s.arguments[0]
        },
        Keyword("use_pid_dir", .flag, "pid files in /run/keepalived/") { c, _, _ in
            c.global.daemon.usePIDDirectory = true
        },
        Keyword("linkbeat_use_polling", .flag, "poll link state instead of using netlink") { c, _, _ in
            c.global.daemon.linkbeatUsePolling = true
        },
        Keyword("child_wait_time", .exactly(1), "seconds to wait for the children to exit (default 5)") { c, s, r in
            if let v = r.wholeSeconds(s, in: 0...Int(UInt32.max)) { c.global.daemon.childWaitTimeMicroseconds = v }
        },
    ]
}
