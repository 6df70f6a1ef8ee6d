/// The `vrrp_*` settings of `global_defs`: defaults that every VRRP instance starts from
/// (multicast groups, gratuitous ARP timing, protocol version, strictness, ...) and settings
/// of the VRRP child as a whole.
public struct GlobalVRRPDefaults: Hashable, Sendable {
    /// `vrrp_mcast_group4` (default 224.0.0.18).
    public var multicastGroup4 = IPAddress("224.0.0.18")!
    /// `vrrp_mcast_group6` (default ff02::12).
    public var multicastGroup6 = IPAddress("ff02::12")!
    /// `default_interface`: the interface of static addresses that name none (default eth0).
    public var defaultInterface = "eth0"
    /// `dynamic_interfaces [allow_if_changes]`.
    public var dynamicInterfaces: DynamicInterfaces = .disabled

    /// `vrrp_garp_master_delay SECS`: delay of the second burst after becoming master (default 5 s; 0: none).
    public var garpMasterDelayMicroseconds = 5_000_000
    /// `vrrp_garp_master_repeat N`: gratuitous ARPs per burst (default 5).
    public var garpMasterRepeat = 5
    /// `vrrp_garp_master_refresh SECS`: periodic refresh while master (default 0: none).
    public var garpMasterRefreshMicroseconds = 0
    /// `vrrp_garp_master_refresh_repeat N` (default 1).
    public var garpMasterRefreshRepeat = 1
    /// `vrrp_garp_lower_prio_delay SECS`; nil: the master delay.
    public var garpLowerPriorityDelayMicroseconds: Int? = nil
    /// `vrrp_garp_lower_prio_repeat N`; nil: the master repeat.
    public var garpLowerPriorityRepeat: Int? = nil
    /// `vrrp_garp_interval SECS`: gap between gratuitous ARPs on one interface (default 0).
    public var garpIntervalMicroseconds = 0
    /// `vrrp_gna_interval SECS`: gap between unsolicited neighbour adverts (default 0).
    public var gnaIntervalMicroseconds = 0
    /// `vrrp_min_garp [BOOL]`: one ARP/NA and no second burst.
    public var minimalGARP = false
    /// `vrrp_garp_extra_if [all] SECS` (or the deprecated `vrrp_vmac_garp_intvl`).
    public var garpExtraInterfaces: GARPExtraInterfaces? = nil
    /// `vrrp_down_timer_adverts N`: adverts missed before a backup takes over (default 3).
    public var downTimerAdverts = 3

    /// `vrrp_lower_prio_no_advert [BOOL]`; nil: the instance default (true under strict mode).
    public var lowerPriorityNoAdvert: Bool? = nil
    /// `vrrp_higher_prio_send_advert [BOOL]`; nil: false.
    public var higherPrioritySendAdvert: Bool? = nil
    /// `vrrp_version 2|3` (default 2; IPv6 instances use 3).
    public var version = 2
    /// `vrrp_check_unicast_src`: unicast adverts must come from a configured peer.
    public var checkUnicastSource = false
    /// `vrrp_skip_check_adv_addr`: skip the address check when the master has not changed.
    public var skipCheckAdvertAddresses = false
    /// `vrrp_strict`: strict RFC compliance.
    public var strict = false
    /// `vrrp_notify_priority_changes [BOOL]`: priority changes on the notify FIFOs.
    public var notifyPriorityChanges = false
    /// `vrrp_startup_delay SECS`: wait before the instances start (default 0).
    public var startupDelayMicroseconds = 0
    /// `log_unknown_vrids`: log adverts for VRIDs not configured on the interface.
    public var logUnknownVRIDs = false
    /// `vmac_prefix` (default "vrrp").
    public var vmacPrefix = "vrrp"
    /// `vmac_addr_prefix`; nil: `vmacPrefix`.
    public var vmacAddressPrefix: String? = nil
    /// `vrrp_rx_bufs_policy MTU|ADVERT|BYTES` (default: the system's).
    public var receiveBufferPolicy: ReceiveBufferPolicy = .systemDefault
    /// `vrrp_rx_bufs_multiplier N` (default 3).
    public var receiveBufferMultiplier = 3
    /// `disable_local_igmp`: turn off IGMP reports for 224.0.0.0/24 in the kernel.
    public var disableLocalIGMP = false

    public init() {}

    /// The delay of the second burst after a lower priority advert, with the default applied.
    public var effectiveGARPLowerPriorityDelayMicroseconds: Int { garpLowerPriorityDelayMicroseconds ?? garpMasterDelayMicroseconds }
    /// The burst size after a lower priority advert, with the default applied.
    public var effectiveGARPLowerPriorityRepeat: Int { garpLowerPriorityRepeat ?? garpMasterRepeat }
    /// The VMAC address prefix with the default applied.
    public var effectiveVMACAddressPrefix: String { vmacAddressPrefix ?? vmacPrefix }
}

/// `dynamic_interfaces`: whether the configuration may name interfaces that come and go.
public enum DynamicInterfaces: Hashable, Sendable {
    case disabled
    /// `dynamic_interfaces`.
    case enabled
    /// `dynamic_interfaces allow_if_changes`: an interface may also come back as another type.
    case allowingChanges
}

/// `vrrp_garp_extra_if`: periodic gratuitous ARP/NA on interfaces of addresses that are not
/// the instance's own interface.
public struct GARPExtraInterfaces: Hashable, Sendable {
    /// Seconds between repeats, 1 to 86400.
    public var intervalSeconds: Int
    /// `all`: every interface the instance uses, not only VMACs.
    public var allInterfaces: Bool

    public init(intervalSeconds: Int, allInterfaces: Bool) {
        self.intervalSeconds = intervalSeconds
        self.allInterfaces = allInterfaces
    }
}

/// `vrrp_rx_bufs_policy`: how big the VRRP sockets' receive buffers are.
public enum ReceiveBufferPolicy: Hashable, Sendable {
    case systemDefault
    /// The interfaces' MTUs times the multiplier.
    case mtu
    /// The adverts' sizes times the multiplier.
    case advert
    /// A fixed number of bytes.
    case bytes(Int)
}

extension GlobalDefinitions {
    static let vrrpKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("vrrp_mcast_group4", .exactly(1), "IPv4 multicast group of adverts (default 224.0.0.18)") { g, s, r in
            if let a = multicastGroup(s, family: .ipv4, reader: &r) { g.vrrp.multicastGroup4 = a }
        },
        Keyword("vrrp_mcast_group6", .exactly(1), "IPv6 multicast group of adverts (default ff02::12)") { g, s, r in
            if let a = multicastGroup(s, family: .ipv6, reader: &r) { g.vrrp.multicastGroup6 = a }
        },
        Keyword("default_interface", .exactly(1), "interface of static addresses that name none (default eth0)") { g, s, _ in
            g.vrrp.defaultInterface = s.arguments[0]
        },
        Keyword("dynamic_interfaces", .between(0, 1), "allow interfaces that do not exist yet [allow_if_changes]") { g, s, r in
            guard !s.arguments.isEmpty else { g.vrrp.dynamicInterfaces = .enabled; return }
            if let v = r.choice(s, 0, ["allow_if_changes": DynamicInterfaces.allowingChanges]) { g.vrrp.dynamicInterfaces = v }
        },
        Keyword("vrrp_garp_master_delay", .exactly(1), "seconds before the second gratuitous ARP burst (default 5)") { g, s, r in
            if let v = r.wholeSeconds(s, in: 0...4294) { g.vrrp.garpMasterDelayMicroseconds = v }
        },
        Keyword("vrrp_garp_master_repeat", .exactly(1), "gratuitous ARPs per burst (default 5)") { g, s, r in
            if let v = atLeastOne(s, in: 0...Int(UInt32.max), reader: &r) { g.vrrp.garpMasterRepeat = v }
        },
        Keyword("vrrp_garp_master_refresh", .exactly(1), "seconds between gratuitous ARP refreshes while master (default 0: none)") { g, s, r in
            if let v = r.wholeSeconds(s, in: 0...Int(UInt32.max)) { g.vrrp.garpMasterRefreshMicroseconds = v }
        },
        Keyword("vrrp_garp_master_refresh_repeat", .exactly(1), "gratuitous ARPs per refresh (default 1)") { g, s, r in
            if let v = atLeastOne(s, in: 0...Int(UInt32.max), reader: &r) { g.vrrp.garpMasterRefreshRepeat = v }
        },
        Keyword("vrrp_garp_lower_prio_delay", .exactly(1), "seconds before the second burst after a lower priority advert (default: master delay)") { g, s, r in
            if let v = r.wholeSeconds(s, in: 0...4294) { g.vrrp.garpLowerPriorityDelayMicroseconds = v }
        },
        Keyword("vrrp_garp_lower_prio_repeat", .exactly(1), "gratuitous ARPs after a lower priority advert (default: master repeat)") { g, s, r in
            if let v = r.integer(s, in: 0...Int(Int32.max)) { g.vrrp.garpLowerPriorityRepeat = v }
        },
        Keyword("vrrp_garp_interval", .exactly(1), "seconds between gratuitous ARPs on an interface (default 0)") { g, s, r in
            if let v = r.seconds(s, inMicroseconds: 1...4_294_967_295) { g.vrrp.garpIntervalMicroseconds = v }
        },
        Keyword("vrrp_gna_interval", .exactly(1), "seconds between unsolicited neighbour adverts on an interface (default 0)") { g, s, r in
            if let v = r.seconds(s, inMicroseconds: 1...4_294_967_295) { g.vrrp.gnaIntervalMicroseconds = v }
        },
        Keyword("vrrp_min_garp", .optionalBool, "one gratuitous ARP/NA and no second burst") { g, s, r in
            if let v = r.optionalBool(s) { g.vrrp.minimalGARP = v }
        },
        Keyword("vrrp_garp_extra_if", .atLeast(1), "[all] SECS: periodic gratuitous ARP on the addresses' other interfaces") { g, s, r in
            if let v = garpExtraInterfaces(s, reader: &r) { g.vrrp.garpExtraInterfaces = v }
        },
        Keyword("vrrp_vmac_garp_intvl", .atLeast(1), "deprecated name of vrrp_garp_extra_if") { g, s, r in
            r.warning("'vrrp_vmac_garp_intvl' is deprecated; use 'vrrp_garp_extra_if'", at: s)
            if let v = garpExtraInterfaces(s, reader: &r) { g.vrrp.garpExtraInterfaces = v }
        },
        Keyword("vrrp_down_timer_adverts", .exactly(1), "adverts missed before a backup takes over (default 3)") { g, s, r in
            if let v = r.integer(s, in: 1...100) { g.vrrp.downTimerAdverts = v }
        },
        Keyword("vrrp_lower_prio_no_advert", .optionalBool, "do not answer a lower priority advert") { g, s, r in
            if let v = r.optionalBool(s) { g.vrrp.lowerPriorityNoAdvert = v }
        },
        Keyword("vrrp_higher_prio_send_advert", .optionalBool, "send one advert before yielding to a higher priority") { g, s, r in
            if let v = r.optionalBool(s) { g.vrrp.higherPrioritySendAdvert = v }
        },
        Keyword("vrrp_version", .exactly(1), "default VRRP version, 2 or 3 (default 2)") { g, s, r in
            if let v = r.integer(s, in: 2...3) { g.vrrp.version = v }
        },
        Keyword("vrrp_check_unicast_src", .flag, "unicast adverts must come from a configured peer") { g, _, _ in
            g.vrrp.checkUnicastSource = true
        },
        Keyword("vrrp_skip_check_adv_addr", .flag, "skip the advert address check when the master is unchanged") { g, _, _ in
            g.vrrp.skipCheckAdvertAddresses = true
        },
        Keyword("vrrp_strict", .flag, "strict RFC compliance") { g, _, _ in
            g.vrrp.strict = true
        },
        Keyword("vrrp_notify_priority_changes", .optionalBool, "report priority changes on the notify FIFOs") { g, s, r in
            if let v = r.optionalBool(s) { g.vrrp.notifyPriorityChanges = v }
        },
        Keyword("vrrp_startup_delay", .exactly(1), "seconds to wait before the instances start") { g, s, r in
            if let v = r.seconds(s, inMicroseconds: 1_000...4_294_967_295) { g.vrrp.startupDelayMicroseconds = v }
        },
        Keyword("log_unknown_vrids", .flag, "log adverts for VRIDs that are not configured") { g, _, _ in
            g.vrrp.logUnknownVRIDs = true
        },
        Keyword("vmac_prefix", .exactly(1), "prefix of generated VMAC interface names (default vrrp)") { g, s, r in
            if g.vrrp.vmacPrefix != GlobalVRRPDefaults().vmacPrefix {
                r.warning("'vmac_prefix' is already \(g.vrrp.vmacPrefix); ignoring '\(s.arguments[0])'", at: s)
                return
            }
            g.vrrp.vmacPrefix = s.arguments[0]
        },
        Keyword("vmac_addr_prefix", .exactly(1), "prefix of VMAC names for addresses off the instance interface") { g, s, r in
            if let first = g.vrrp.vmacAddressPrefix {
                r.warning("'vmac_addr_prefix' is already \(first); ignoring '\(s.arguments[0])'", at: s)
                return
            }
            g.vrrp.vmacAddressPrefix = s.arguments[0]
        },
        Keyword("vrrp_rx_bufs_policy", .atLeast(1), "VRRP receive buffer size: MTU, ADVERT or BYTES") { g, s, r in
            if let v = receiveBufferPolicy(s, previous: g.vrrp.receiveBufferPolicy, reader: &r) { g.vrrp.receiveBufferPolicy = v }
        },
        Keyword("vrrp_rx_bufs_multiplier", .exactly(1), "multiplier for the MTU and ADVERT policies (default 3)") { g, s, r in
            if let v = r.integer(s, in: 1...Int(UInt32.max)) { g.vrrp.receiveBufferMultiplier = v }
        },
        Keyword("disable_local_igmp", .flag, "stop IGMP reports for 224.0.0.0/24 in the kernel") { g, _, _ in
            g.vrrp.disableLocalIGMP = true
        },
    ]

    /// A multicast group of the given family. keepalived ignores a `/len` suffix.
    static func multicastGroup(_ s: Statement, family: AddressFamily, reader r: inout ConfigReader) -> IPAddress? {
        var text = s.arguments[0]
        if let slash = text.firstIndex(of: "/") { text = String(text[..<slash]) }
        guard let address = IPAddress(text) else {
            r.error("'\(s.keyword)': '\(s.arguments[0])' is not an address", at: s)
            return nil
        }
        guard address.family == family else {
            r.error("'\(s.keyword)': \(address) is not an \(family == .ipv4 ? "IPv4" : "IPv6") address", at: s)
            return nil
        }
        guard address.isMulticast else {
            r.error("'\(s.keyword)': \(address) is not a multicast address", at: s)
            return nil
        }
        if family == .ipv6, address.bytes[1] & 0x0f != 2 {
            // keepalived uses it, but reports it (and fails its config test).
            r.warning("'\(s.keyword)': \(address) should be a link-local multicast address (ff02::/16)", at: s)
        }
        return address
    }

    /// A count where 0 is corrected to 1 with a warning, as keepalived does.
    static func atLeastOne(_ s: Statement, in range: ClosedRange<Int>, reader r: inout ConfigReader) -> Int? {
        guard let v = r.integer(s, in: range) else { return nil }
        if v == 0 {
            r.warning("'\(s.keyword)' must be greater than 0; using 1", at: s)
            return 1
        }
        return v
    }

    /// `[all] SECS` in either order.
    static func garpExtraInterfaces(_ s: Statement, reader r: inout ConfigReader) -> GARPExtraInterfaces? {
        var all = false
        var interval: Int?
        for (i, word) in s.arguments.enumerated() {
            if word == "all" {
                all = true
            } else if interval == nil {
                guard let v = r.integer(s, i, in: 1...86400) else { return nil }
                interval = v
            } else {
                r.warning("'\(s.keyword)': ignoring extra word '\(word)'", at: s)
            }
        }
        guard let interval else {
            r.error("'\(s.keyword)' needs an interval in seconds", at: s)
            return nil
        }
        return GARPExtraInterfaces(intervalSeconds: interval, allInterfaces: all)
    }

    /// MTU, ADVERT (any case) or a byte count; a size wins over a policy, and MTU over ADVERT,
    /// also across several lines, each conflict reported as keepalived does.
    static func receiveBufferPolicy(_ s: Statement, previous: ReceiveBufferPolicy, reader r: inout ConfigReader) -> ReceiveBufferPolicy? {
        var mtu = previous == .mtu
        var advert = previous == .advert
        var bytes: Int?
        if case .bytes(let n) = previous { bytes = n }
        for (i, word) in s.arguments.enumerated() {
            switch word.uppercased() {
            case "MTU": mtu = true
            case "ADVERT": advert = true
            default:
                guard let n = r.integer(s, i, in: 0...Int(UInt32.max)) else { return nil }
                bytes = n
            }
        }
        if let bytes {
            if mtu || advert { r.warning("'vrrp_rx_bufs_policy': a size and a policy are both set; using the size \(bytes)", at: s) }
            return .bytes(bytes)
        }
        if mtu && advert {
            r.warning("'vrrp_rx_bufs_policy': MTU and ADVERT are both set; using MTU", at: s)
            return .mtu
        }
        return mtu ? .mtu : advert ? .advert : previous
    }
}
