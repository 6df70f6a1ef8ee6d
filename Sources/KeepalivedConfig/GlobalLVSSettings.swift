/// The `lvs_*` and checker settings of `global_defs`: IPVS-wide state that belongs to no
/// single virtual server (sync daemon, connection timeouts, flushing) and checker defaults.
public struct GlobalLVSSettings: Hashable, Sendable {
    /// `lvs_sync_daemon`: the IPVS connection sync daemon; nil when not configured.
    public var syncDaemon: LVSSyncDaemon? = nil
    /// `lvs_timeouts`: IPVS connection timeouts; nil fields are left as they are.
    public var timeouts = LVSTimeouts()
    /// `lvs_flush`: clear IPVS at startup.
    public var flushAtStartup = false
    /// `lvs_flush_on_stop [VS]` (alias `lvs_flush_onstop`).
    public var flushOnStop: LVSFlushOnStop = .disabled
    /// `checker_log_all_failures [BOOL]`: log every failed check, not only state changes.
    public var logAllCheckerFailures = false
    /// `rs_init_notifies [BOOL]`: notify for real servers as they start.
    public var realServerInitialNotifies = false

    public init() {}
}

/// `lvs_sync_daemon INTERFACE [[inst] VRRP_INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR]`.
public struct LVSSyncDaemon: Hashable, Sendable {
    /// The interface the daemon binds to.
    public var interface: String
    /// The VRRP instance whose state decides master or backup; nil runs both all the time.
    /// The VRRP side checks that it exists.
    public var vrrpInstance: String? = nil
    /// `id`, 0 to 255; nil uses the instance's VRID (0 without an instance).
    public var syncID: Int? = nil
    /// `maxlen`, 1 to 65507; nil leaves the kernel default.
    public var maximumLength: Int? = nil
    /// `port`, 1 to 65535; nil is the kernel's 8848.
    public var port: Int? = nil
    /// `ttl`, 1 to 255; nil leaves the kernel default.
    public var ttl: Int? = nil
    /// `group`: a multicast address; nil is the kernel's 224.0.0.81.
    public var group: IPAddress? = nil

    public init(interface: String) {
        self.interface = interface
    }
}

/// `lvs_timeouts [tcp SECS] [tcpfin SECS] [udp SECS]`, each 0 to 2678400 (31 days).
public struct LVSTimeouts: Hashable, Sendable {
    public var tcpSeconds: Int? = nil
    public var tcpFinSeconds: Int? = nil
    public var udpSeconds: Int? = nil

    public init() {}
}

/// What happens to IPVS when keepalived stops.
public enum LVSFlushOnStop: Hashable, Sendable {
    /// Each real server and virtual server is removed one by one.
    case disabled
    /// `lvs_flush_on_stop`: the whole IPVS table is flushed.
    case full
    /// `lvs_flush_on_stop VS`: each virtual server is removed with its real servers.
    case virtualServers
}

extension GlobalDefinitions {
    /// The longest interface name Linux accepts.
    static let maximumInterfaceNameLength = 15

    static let lvsKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("lvs_sync_daemon", .atLeast(1), "IPVS sync daemon: INTERFACE [[inst] INSTANCE] [id N] [maxlen N] [port N] [ttl N] [group ADDR]") { g, s, r in
            if let first = g.lvs.syncDaemon {
                r.warning("'lvs_sync_daemon' is already set on \(first.interface); ignoring this one", at: s)
                return
            }
            if let d = syncDaemon(s, reader: &r) { g.lvs.syncDaemon = d }
        },
        Keyword("lvs_timeouts", .atLeast(1), "IPVS timeouts: [tcp SECS] [tcpfin SECS] [udp SECS]") { g, s, r in
            lvsTimeouts(s, into: &g.lvs.timeouts, reader: &r)
        },
        Keyword("lvs_flush", .flag, "clear IPVS at startup") { g, _, _ in
            g.lvs.flushAtStartup = true
        },
        Keyword("lvs_flush_on_stop", .between(0, 1), "flush IPVS at shutdown [VS: per virtual server]") { g, s, r in
            if let v = flushOnStop(s, reader: &r) { g.lvs.flushOnStop = v }
        },
        Keyword("lvs_flush_onstop", .between(0, 1), "old name of lvs_flush_on_stop") { g, s, r in
            if let v = flushOnStop(s, reader: &r) { g.lvs.flushOnStop = v }
        },
        Keyword("checker_log_all_failures", .optionalBool, "log every failed check") { g, s, r in
            if let v = r.optionalBool(s) { g.lvs.logAllCheckerFailures = v }
        },
        Keyword("rs_init_notifies", .optionalBool, "notify for real servers as they start") { g, s, r in
            if let v = r.optionalBool(s) { g.lvs.realServerInitialNotifies = v }
        },
    ]

    static func flushOnStop(_ s: Statement, reader r: inout ConfigReader) -> LVSFlushOnStop? {
        guard let word = s.arguments.first else { return .full }
        guard word == "VS" else {
            r.error("'\(s.keyword)': unknown type '\(word)'; only VS is allowed", at: s)
            return nil
        }
        return .virtualServers
    }

    static func syncDaemon(_ s: Statement, reader r: inout ConfigReader) -> LVSSyncDaemon? {
        let args = s.arguments
        guard args[0].utf8.count <= maximumInterfaceNameLength else {
            r.error("'lvs_sync_daemon': interface name '\(args[0])' is longer than \(maximumInterfaceNameLength) characters", at: s)
            return nil
        }
        var d = LVSSyncDaemon(interface: args[0])
        let options: Set<String> = ["id", "maxlen", "port", "ttl", "group"]
        var i = 1
        // The instance comes first, optionally after `inst`.
        if i < args.count, args[i] == "inst" {
            guard i + 1 < args.count else {
                r.error("'lvs_sync_daemon': 'inst' needs an instance name", at: s)
                return nil
            }
            d.vrrpInstance = args[i + 1]
            i += 2
        } else if i < args.count, !options.contains(args[i]) {
            d.vrrpInstance = args[i]
            i += 1
        }
        while i < args.count {
            let option = args[i]
            guard options.contains(option) else {
                // keepalived reads a bare number here as an old-style sync id, and refuses it.
                r.error("'lvs_sync_daemon': unknown option '\(option)' (a sync id needs 'id' before it)", at: s)
                return d
            }
            guard i + 1 < args.count else {
                r.error("'lvs_sync_daemon': '\(option)' needs a value", at: s)
                return d
            }
            let value = args[i + 1]
            let what = "lvs_sync_daemon \(option)"
            switch option {
            case "id": if let v = r.integer(value, at: s.location, in: 0...255, what: what) { d.syncID = v }
            case "maxlen": if let v = r.integer(value, at: s.location, in: 1...65507, what: what) { d.maximumLength = v }
            case "port": if let v = r.integer(value, at: s.location, in: 1...65535, what: what) { d.port = v }
            case "ttl": if let v = r.integer(value, at: s.location, in: 1...255, what: what) { d.ttl = v }
            default:
                if let a = r.address(value, at: s.location, what: what) {
                    if a.isMulticast { d.group = a } else { r.error("'lvs_sync_daemon group': \(a) is not a multicast address", at: s) }
                }
            }
            i += 2
        }
        return d
    }

    static func lvsTimeouts(_ s: Statement, into t: inout LVSTimeouts, reader r: inout ConfigReader) {
        let args = s.arguments
        var i = 0
        while i < args.count {
            let name = args[i]
            guard ["tcp", "tcpfin", "udp"].contains(name) else {
                r.error("'lvs_timeouts': unknown option '\(name)'; use tcp, tcpfin or udp", at: s)
                i += 1
                continue
            }
            guard i + 1 < args.count else {
                r.error("'lvs_timeouts': '\(name)' needs a time in seconds", at: s)
                break
            }
            if let v = r.integer(args[i + 1], at: s.location, in: 0...2_678_400, what: "lvs_timeouts \(name)") {
                switch name {
                case "tcp": t.tcpSeconds = v
                case "tcpfin": t.tcpFinSeconds = v
                default: t.udpSeconds = v
                }
            }
            i += 2
        }
    }
}
