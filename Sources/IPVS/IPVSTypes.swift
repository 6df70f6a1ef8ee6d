import NetworkAddress

/// The transport protocol of an address-based virtual service (IPPROTO_* numbers).
public enum IPVSProtocol: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case tcp = 6
    case udp = 17
    case sctp = 132

    /// As `ipvsadm -L` prints it.
    public var description: String {
        switch self {
        case .tcp: return "TCP"
        case .udp: return "UDP"
        case .sctp: return "SCTP"
        }
    }
}

/// What identifies a virtual service in the kernel: protocol + address + port, or a firewall
/// mark within an address family. Every command about an existing service sends just this.
public enum IPVSServiceKey: Hashable, Sendable, CustomStringConvertible {
    case address(IPVSProtocol, IPAddress, port: UInt16)
    case firewallMark(UInt32, family: AddressFamily)

    /// The service's address family.
    public var family: AddressFamily {
        switch self {
        case .address(_, let address, _): return address.family
        case .firewallMark(_, let family): return family
        }
    }

    /// As in keepalived's and ipvsadm's messages: "TCP 192.0.2.1:80", "UDP [2001:db8::1]:53",
    /// "FWM 42", "FWM 43 IPv6".
    public var description: String {
        switch self {
        case .address(let proto, let address, let port):
            return "\(proto) \(IPVSServiceKey.endpoint(address, port))"
        case .firewallMark(let mark, let family):
            return family == .ipv4 ? "FWM \(mark)" : "FWM \(mark) IPv6"
        }
    }

    static func endpoint(_ address: IPAddress, _ port: UInt16) -> String {
        address.isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)"
    }
}

/// Virtual-service flags (`IP_VS_SVC_F_*`). The three scheduler flags mean different things to
/// different schedulers; the named aliases are the ones `sh` and `mh` define.
public struct IPVSServiceFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Persistent service: a client sticks to one real server for the persistence timeout.
    public static let persistent = IPVSServiceFlags(rawValue: 0x0001)
    /// Set by the kernel on every service in its hash table (reads return it; writes may omit it).
    public static let hashed = IPVSServiceFlags(rawValue: 0x0002)
    /// One-packet scheduling (UDP): every datagram is scheduled on its own.
    public static let onePacket = IPVSServiceFlags(rawValue: 0x0004)
    public static let scheduler1 = IPVSServiceFlags(rawValue: 0x0008)
    public static let scheduler2 = IPVSServiceFlags(rawValue: 0x0010)
    public static let scheduler3 = IPVSServiceFlags(rawValue: 0x0020)

    /// `sh`: fall back to another server when the hashed one is unavailable.
    public static let shFallback = scheduler1
    /// `sh`: hash the source port as well as the address.
    public static let shPort = scheduler2
    /// `mh`: fall back to another server when the hashed one is unavailable.
    public static let mhFallback = scheduler1
    /// `mh`: hash the source port as well as the address.
    public static let mhPort = scheduler2
}

/// A virtual service as configured in the kernel (`ipvsadm -A/-E`).
///
/// `persistenceNetmask` keeps the kernel's two meanings: for IPv4 it is the mask as an integer
/// (0xFFFF_FF00 groups clients by /24; sent in network order), for IPv6 it is a prefix length
/// (1...128). `init` picks "one client per address" (all ones / 128) when it is not given.
public struct IPVSService: Hashable, Sendable, CustomStringConvertible {
    public var key: IPVSServiceKey
    /// Scheduler name ("rr", "wlc", "mh", ...); at most 15 bytes.
    public var scheduler: String
    public var flags: IPVSServiceFlags
    /// Persistence timeout in seconds (meaningful with `.persistent`).
    public var persistenceTimeout: UInt32
    public var persistenceNetmask: UInt32
    /// Persistence engine ("sip"), or nil.
    public var persistenceEngine: String?

    public init(_ key: IPVSServiceKey, scheduler: String, flags: IPVSServiceFlags = [],
                persistenceTimeout: UInt32 = 0, persistenceNetmask: UInt32? = nil,
                persistenceEngine: String? = nil) {
        self.key = key
        self.scheduler = scheduler
        self.flags = flags
        self.persistenceTimeout = persistenceTimeout
        self.persistenceNetmask = persistenceNetmask ?? IPVSService.fullNetmask(key.family)
        self.persistenceEngine = persistenceEngine
    }

    /// A persistent service (`ipvsadm -p TIMEOUT`): sets `.persistent` and the timeout.
    public static func persistent(_ key: IPVSServiceKey, scheduler: String, timeout: UInt32,
                                  granularityPrefix: Int? = nil, flags: IPVSServiceFlags = []) -> IPVSService {
        IPVSService(key, scheduler: scheduler, flags: flags.union(.persistent), persistenceTimeout: timeout,
                    persistenceNetmask: granularityPrefix.map { netmask(prefixLength: $0, family: key.family) })
    }

    /// The netmask field for a prefix length: an IPv4 mask, or the IPv6 length itself.
    public static func netmask(prefixLength: Int, family: AddressFamily) -> UInt32 {
        switch family {
        case .ipv4:
            let n = max(0, min(32, prefixLength))
            return n == 0 ? 0 : UInt32.max << UInt32(32 - n)
        case .ipv6:
            return UInt32(max(0, min(128, prefixLength)))
        }
    }

    static func fullNetmask(_ family: AddressFamily) -> UInt32 { family == .ipv4 ? UInt32.max : 128 }

    public var description: String { "\(key) \(scheduler)" }
}

/// IPVS tunnel encapsulations (`IP_VS_CONN_F_TUNNEL_TYPE_*`).
public enum IPVSTunnelType: UInt8, Hashable, Sendable, CaseIterable {
    case ipip = 0
    case gue = 1
    case gre = 2
}

/// Tunnel checksum options (`IP_VS_TUNNEL_ENCAP_FLAG_*`); empty = no checksum.
public struct IPVSTunnelFlags: OptionSet, Hashable, Sendable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    public static let checksum = IPVSTunnelFlags(rawValue: 1 << 0)
    public static let remoteChecksum = IPVSTunnelFlags(rawValue: 1 << 1)
}

/// The encapsulation of a tunnelled real server: type, UDP port (GUE only) and checksum flags.
public struct IPVSTunnel: Hashable, Sendable {
    public var type: IPVSTunnelType
    public var port: UInt16
    public var flags: IPVSTunnelFlags

    public init(_ type: IPVSTunnelType = .ipip, port: UInt16 = 0, flags: IPVSTunnelFlags = []) {
        self.type = type
        self.port = port
        self.flags = flags
    }
}

/// How packets reach a real server (`IP_VS_CONN_F_FWD_MASK` values).
public enum IPVSForwarding: Hashable, Sendable, CustomStringConvertible {
    /// NAT (masquerading), `ipvsadm -m`.
    case masquerade
    /// Direct routing ("gatewaying"), `ipvsadm -g`.
    case directRoute
    /// IP-in-IP / GUE / GRE tunnelling, `ipvsadm -i`.
    case tunnel(IPVSTunnel)
    /// The local node (the kernel's value 1; not configurable through keepalived).
    case localNode

    /// The kernel's forwarding-method number.
    public var methodCode: UInt32 {
        switch self {
        case .masquerade: return 0
        case .localNode: return 1
        case .tunnel: return 2
        case .directRoute: return 3
        }
    }

    /// As `ipvsadm -L` prints it.
    public var description: String {
        switch self {
        case .masquerade: return "Masq"
        case .directRoute: return "Route"
        case .tunnel: return "Tunnel"
        case .localNode: return "Local"
        }
    }
}

/// A real server of a virtual service (`ipvsadm -a/-e`).
///
/// The address family may differ from the service's only for tunnelled servers (the kernel
/// refuses it otherwise).
public struct IPVSDestination: Hashable, Sendable, CustomStringConvertible {
    public var address: IPAddress
    public var port: UInt16
    public var forwarding: IPVSForwarding
    /// 0 quiesces the server (no new connections); the kernel accepts 0...Int32.max.
    public var weight: Int32
    /// Stop sending new connections above this many (0 = no limit).
    public var upperThreshold: UInt32
    /// Resume below this many (0 = no lower threshold).
    public var lowerThreshold: UInt32

    public init(_ address: IPAddress, port: UInt16, forwarding: IPVSForwarding = .masquerade, weight: Int32 = 1,
                upperThreshold: UInt32 = 0, lowerThreshold: UInt32 = 0) {
        self.address = address
        self.port = port
        self.forwarding = forwarding
        self.weight = weight
        self.upperThreshold = upperThreshold
        self.lowerThreshold = lowerThreshold
    }

    /// "198.51.100.10:8080", "[2001:db8::5]:80".
    public var description: String { IPVSServiceKey.endpoint(address, port) }
}

/// Traffic counters of a service or real server (the kernel's 64-bit set when it has one).
public struct IPVSStatistics: Hashable, Sendable {
    public var connections: UInt64 = 0
    public var incomingPackets: UInt64 = 0
    public var outgoingPackets: UInt64 = 0
    public var incomingBytes: UInt64 = 0
    public var outgoingBytes: UInt64 = 0
    public var connectionsPerSecond: UInt64 = 0
    public var incomingPacketsPerSecond: UInt64 = 0
    public var outgoingPacketsPerSecond: UInt64 = 0
    public var incomingBytesPerSecond: UInt64 = 0
    public var outgoingBytesPerSecond: UInt64 = 0
    public init() {}
}

/// A service as read back from the kernel, with its counters.
public struct IPVSServiceEntry: Hashable, Sendable {
    public var service: IPVSService
    public var statistics: IPVSStatistics
    public init(service: IPVSService, statistics: IPVSStatistics = IPVSStatistics()) {
        self.service = service
        self.statistics = statistics
    }
}

/// A real server as read back from the kernel, with its connection counts and counters.
public struct IPVSDestinationEntry: Hashable, Sendable {
    public var destination: IPVSDestination
    public var activeConnections: UInt32
    public var inactiveConnections: UInt32
    public var persistentConnections: UInt32
    public var statistics: IPVSStatistics
    public init(destination: IPVSDestination, activeConnections: UInt32 = 0, inactiveConnections: UInt32 = 0,
                persistentConnections: UInt32 = 0, statistics: IPVSStatistics = IPVSStatistics()) {
        self.destination = destination
        self.activeConnections = activeConnections
        self.inactiveConnections = inactiveConnections
        self.persistentConnections = persistentConnections
        self.statistics = statistics
    }
}

/// Connection timeouts in seconds (`ipvsadm --set TCP TCPFIN UDP`). When setting, 0 leaves
/// that timeout unchanged (the kernel's rule).
public struct IPVSTimeouts: Hashable, Sendable {
    public var tcp: UInt32
    public var tcpFin: UInt32
    public var udp: UInt32
    public init(tcp: UInt32 = 0, tcpFin: UInt32 = 0, udp: UInt32 = 0) {
        self.tcp = tcp
        self.tcpFin = tcpFin
        self.udp = udp
    }
}

/// The kernel's IPVS version and connection-table size (`IPVS_CMD_GET_INFO`).
public struct IPVSInfo: Hashable, Sendable, CustomStringConvertible {
    /// Encoded as 0x00MMmmpp (0x010201 = 1.2.1).
    public var versionCode: UInt32
    public var connectionTableSize: UInt32
    public init(versionCode: UInt32, connectionTableSize: UInt32) {
        self.versionCode = versionCode
        self.connectionTableSize = connectionTableSize
    }
    public var version: String { "\(versionCode >> 16 & 0xFF).\(versionCode >> 8 & 0xFF).\(versionCode & 0xFF)" }
    public var description: String { "IP Virtual Server version \(version) (size=\(connectionTableSize))" }
}

/// A connection-synchronisation daemon (`ipvsadm --start-daemon`).
///
/// The optional fields need kernel 4.3+; nil sends nothing and lets the kernel choose
/// (maxlen from the MTU, group 224.0.0.81 / ff02::8:1:81 ... port 8848, TTL 1).
public struct IPVSSyncDaemon: Hashable, Sendable, CustomStringConvertible {
    /// `IP_VS_STATE_MASTER` / `IP_VS_STATE_BACKUP`.
    public enum Role: UInt32, Hashable, Sendable {
        case master = 1
        case backup = 2
    }

    public var role: Role
    /// Interface the sync messages use (at most 15 bytes).
    public var interface: String
    /// Sync id 0...255 (0 = accept any when backup).
    public var syncID: UInt32
    /// Maximum UDP payload of a sync message.
    public var maxPacketLength: UInt16?
    /// Multicast group (IPv4 or IPv6).
    public var group: IPAddress?
    public var port: UInt16?
    public var ttl: UInt8?

    public init(_ role: Role, interface: String, syncID: UInt32, maxPacketLength: UInt16? = nil,
                group: IPAddress? = nil, port: UInt16? = nil, ttl: UInt8? = nil) {
        self.role = role
        self.interface = interface
        self.syncID = syncID
        self.maxPacketLength = maxPacketLength
        self.group = group
        self.port = port
        self.ttl = ttl
    }

    public var description: String { "\(role == .master ? "master" : "backup") sync daemon (mcast=\(interface), syncid=\(syncID))" }
}
