/// One `virtual_server` block: an IPVS service, its scheduling and persistence settings, the
/// defaults it hands down to its real servers and their checkers, and the real servers.
///
/// Settings that keepalived leaves unset until it validates (protocol, scheduler, forwarding
/// method) are optional here and filled in by `LVSSection.validate`, which reports each default
/// it applies, as keepalived does. Settings a real server or checker may override are the
/// virtual server's defaults for them (see `HealthCheckTiming`).
public struct VirtualServer: Hashable, Sendable {
    /// Default `delay_loop`: 60 s.
    public static let defaultDelayLoopMicroseconds = 60_000_000
    /// Default `connect_timeout` for checkers: 5 s.
    public static let defaultConnectTimeoutMicroseconds = 5_000_000
    /// `persistence_timeout` given without a value, or forced for port 0 services: 6 minutes.
    public static let defaultPersistenceTimeoutSeconds = 360
    /// Largest `persistence_timeout` keepalived accepts: 31 days.
    public static let maximumPersistenceTimeoutSeconds = 2_678_400
    /// Largest IPVS weight.
    public static let maximumWeight = Int(Int32.max)

    /// What the service is: an address and port, a firewall mark, or a group.
    public var service: VirtualService
    /// Where the block starts.
    public var location: SourceLocation

    /// `lvs_sched` / `lb_algo`; nil until validation, which applies `wlc`.
    public var scheduler: LVSScheduler? = nil
    /// `flag-1..3`, `sh-*`, `mh-*`: the scheduler flags.
    public var schedulerFlags = LVSSchedulerFlags()
    /// `hashed`: accepted for compatibility; keepalived 2.2.7 sets no flag for it.
    public var hashed = false
    /// `ops`: one-packet scheduling (UDP only).
    public var onePacketScheduling = false
    /// `lvs_method` / `lb_kind`; nil until validation, which applies NAT where a server needs it.
    public var forwarding: LVSForwardingMethod? = nil
    /// `protocol`; nil until validation, which applies UDP for address services (keepalived's
    /// kernel default) and clears it for firewall-mark services.
    public var `protocol`: VirtualServerProtocol? = nil
    /// `persistence_timeout` in seconds; nil = not persistent.
    public var persistenceTimeoutSeconds: Int? = nil
    /// `persistence_granularity`: the client netmask (IPv4) or prefix length (IPv6).
    public var persistenceGranularity: PersistenceGranularity? = nil
    /// `persistence_engine`, e.g. `sip`.
    public var persistenceEngine: String? = nil
    /// `ip_family`: only needed for fwmark services whose real servers are all tunnelled.
    public var ipFamily: AddressFamily? = nil
    /// The service's address family, worked out by validation as keepalived does: from the
    /// address, `ip_family`, `persistence_granularity`, the group's entries, or the first
    /// non-tunnelled server (IPv4 when nothing decides). nil for a group of both families.
    public var family: AddressFamily? = nil
    /// `ha_suspend`: suspend the checkers while the virtual address is absent.
    public var haSuspend = false
    /// `smtp_alert`; nil = the global `smtp_alert_checker`, then `smtp_alert`, else off.
    public var smtpAlert: Bool? = nil
    /// `virtualhost`: default Host header for HTTP_GET/SSL_GET.
    public var virtualHost: String? = nil
    /// `snmp_name`.
    public var snmpName: String? = nil
    /// `alpha`: start with every real server down.
    public var alpha = false
    /// `omega`: run quorum-down and real-server-down notifiers at shutdown.
    public var omega = false
    /// `quorum`: the live weight needed for the service to be up.
    public var quorum = 1
    /// `hysteresis`: weight tolerance around the quorum.
    public var hysteresis = 0
    /// `quorum_up` script command line.
    public var quorumUpScript: String? = nil
    /// `quorum_down` script command line.
    public var quorumDownScript: String? = nil
    /// `weight`: the default weight of its real servers.
    public var weight = 1
    /// `sorry_server` and its options.
    public var sorryServer: SorryServer? = nil
    /// `delay_loop`: how often checkers run.
    public var delayLoopMicroseconds = VirtualServer.defaultDelayLoopMicroseconds
    /// `connect_timeout`: checker default.
    public var connectTimeoutMicroseconds = VirtualServer.defaultConnectTimeoutMicroseconds
    /// `retry`: checker default; nil = each checker kind's own default.
    public var retry: Int? = nil
    /// `delay_before_retry`: checker default; nil = each checker kind's own default.
    public var delayBeforeRetryMicroseconds: Int? = nil
    /// `warmup`: checker default; nil = the checker's delay loop.
    public var warmupMicroseconds: Int? = nil
    /// `inhibit_on_failure`: real server default (set weight 0 rather than remove).
    public var inhibitOnFailure = false
    /// `real_server` blocks, in configuration order.
    public var realServers: [RealServer] = []

    public init(service: VirtualService, location: SourceLocation) {
        self.service = service
        self.location = location
    }

    /// The scheduler in force: the configured one, or keepalived's default `wlc`.
    public var effectiveScheduler: LVSScheduler { scheduler ?? .wlc }
    /// The forwarding method in force for servers that set none: the configured one, or NAT.
    public var effectiveForwarding: LVSForwardingMethod { forwarding ?? .nat }
}

/// How a virtual server is identified in IPVS.
public enum VirtualService: Hashable, Sendable, CustomStringConvertible {
    /// `virtual_server ADDR [PORT]`; port 0 when omitted (only valid when persistent).
    case address(IPAddress, port: Int)
    /// `virtual_server fwmark N`.
    case fwmark(Int)
    /// `virtual_server group NAME`: every entry of a `virtual_server_group`.
    case group(String)

    public var description: String {
        switch self {
        case .address(let a, let port): return a.isIPv6 ? "[\(a)]:\(port)" : "\(a):\(port)"
        case .fwmark(let m): return "fwmark \(m)"
        case .group(let g): return "group \(g)"
        }
    }
}

/// The IPVS schedulers keepalived 2.2.7 accepts for `lvs_sched` (names are case sensitive).
public enum LVSScheduler: String, Hashable, Sendable, CaseIterable {
    case roundRobin = "rr"
    case weightedRoundRobin = "wrr"
    case leastConnection = "lc"
    case weightedLeastConnection = "wlc"
    case localityBasedLeastConnection = "lblc"
    case localityBasedLeastConnectionWithReplication = "lblcr"
    case destinationHashing = "dh"
    case sourceHashing = "sh"
    case shortestExpectedDelay = "sed"
    case neverQueue = "nq"
    case weightedFailover = "fo"
    case weightedOverflow = "ovf"
    case maglevHashing = "mh"
    case twoRandomChoices = "twos"

    /// keepalived's default when none is configured.
    public static let wlc = LVSScheduler.weightedLeastConnection
}

/// The three IPVS scheduler flag bits. `sh-fallback`/`mh-fallback` are flag-1 and
/// `sh-port`/`mh-port` are flag-2, as in the kernel.
public struct LVSSchedulerFlags: Hashable, Sendable {
    public var flag1 = false
    public var flag2 = false
    public var flag3 = false
    public init() {}
}

/// The L4 protocol of an address service.
public enum VirtualServerProtocol: String, Hashable, Sendable, CaseIterable {
    case tcp = "TCP", udp = "UDP", sctp = "SCTP"
}

/// `persistence_granularity`: which client addresses share a persistent connection.
public enum PersistenceGranularity: Hashable, Sendable {
    /// An IPv4 netmask such as 255.255.255.0.
    case netmask(IPv4Address)
    /// An IPv6 prefix length, 1...128.
    case prefixLength(Int)
}

/// The `sorry_server` of a virtual server: used instead of the real servers while the quorum
/// is lost.
public struct SorryServer: Hashable, Sendable {
    public var address: IPAddress
    /// 0 when omitted (NAT then uses the virtual server's port).
    public var port: Int
    /// `sorry_server_inhibit`.
    public var inhibit = false
    /// `sorry_server_lvs_method`; nil = the virtual server's.
    public var forwarding: LVSForwardingMethod? = nil
    public var location: SourceLocation

    public init(address: IPAddress, port: Int, location: SourceLocation) {
        self.address = address
        self.port = port
        self.location = location
    }
}
