/// `vrrp_instance NAME { ... }`: one virtual router this node takes part in.
///
/// Fields hold what the configuration says; where keepalived's default depends on other
/// settings (priority on `state`, version on the address family, garp timers on
/// `global_defs`) the field is optional and an `effective...` member gives the value in force.
public struct VRRPInstance: Hashable, Sendable {
    public var name: String
    /// Where the block was opened.
    public var source = VRRPSourceMark()

    // MARK: identity and election

    /// `state MASTER|BACKUP`: the initial state asked for; nil when not written.
    public var state: VRRPState? = nil
    /// `interface`: the interface adverts are sent on. Required.
    public var interface: String? = nil
    public var interfaceSource = VRRPSourceMark()
    /// `virtual_router_id` 1...255. Required.
    public var virtualRouterID: Int? = nil
    /// `priority` 1...255; nil: 255 with `state MASTER`, else 100.
    public var priority: Int? = nil
    /// `advert_int`: advert interval (default 1 s).
    public var advertIntervalMicroseconds = 1_000_000
    /// `version 2|3`; nil: the global `vrrp_version`, and 3 for IPv6.
    public var version: VRRPVersion? = nil
    /// The address family, decided by the first address (or `native_ipv6`); nil when there is none (IPv4).
    public var family: AddressFamily? = nil
    /// `native_ipv6` (deprecated): force IPv6.
    public var nativeIPv6 = false
    /// `preempt` (default) or `nopreempt`.
    public var preempt = true
    /// `preempt_delay` 0...1000 s (default 0).
    public var preemptDelayMicroseconds = 0
    /// `accept` / `no_accept`; nil: accept unless strict mode.
    public var accept: Bool? = nil
    /// `strict_mode [BOOL]`; nil: the global `vrrp_strict`.
    public var strictMode: Bool? = nil
    /// `skip_check_adv_addr [BOOL]`; nil: the global `vrrp_skip_check_adv_addr`.
    public var skipCheckAdvertAddresses: Bool? = nil
    /// `authentication { ... }` (VRRPv2 only).
    public var authentication: VRRPAuthentication? = nil
    /// `down_timer_adverts` 1...100; nil: the global value (3).
    public var downTimerAdverts: Int? = nil
    /// `lower_prio_no_advert [BOOL]`; nil: the global `vrrp_lower_prio_no_advert`.
    public var lowerPriorityNoAdvert: Bool? = nil
    /// `higher_prio_send_advert [BOOL]`; nil: the global `vrrp_higher_prio_send_advert`.
    public var higherPrioritySendAdvert: Bool? = nil
    /// `debug` 0...4 (accepted, unused by keepalived).
    public var debug = 0

    // MARK: addresses and routes

    /// `virtual_ipaddress`: the VIPs, all of the instance's family.
    public var virtualAddresses: [VRRPAddress] = []
    /// `virtual_ipaddress_excluded`: addresses moved with the VIPs but not sent in adverts.
    public var excludedAddresses: [VRRPAddress] = []
    public var virtualRoutes: [VRRPRoute] = []
    public var virtualRules: [VRRPRule] = []
    /// `promote_secondaries`: set the interface flag so removing one address keeps the others.
    public var promoteSecondaries = false

    // MARK: sockets, unicast and multicast

    /// `mcast_src_ip` / `unicast_src_ip`: source address of adverts.
    public var sourceAddress: IPAddress? = nil
    /// `mcast_dst_ip`: a multicast group other than 224.0.0.18 / ff02::12.
    public var multicastDestination: IPAddress? = nil
    /// `unicast_peer { ... }`: send adverts to these addresses instead of multicast.
    public var unicastPeers: [VRRPUnicastPeer] = []
    /// Whether a keyword implying unicast was written (`unicast_src_ip`, `unicast_peer`, ...).
    public var unicastRequested = false
    /// `unicast_fault_no_peer`: stay in fault without peers instead of falling back to multicast.
    public var unicastFaultNoPeer = false
    /// `unicast_ttl` 0...255; nil: 255.
    public var unicastTTL: Int? = nil
    /// `check_unicast_src`: drop adverts from addresses that are not peers.
    public var checkUnicastSource = false
    /// `old_unicast_checksum [never]`.
    public var oldUnicastChecksum: VRRPOldChecksumMode? = nil
    /// `track_src_ip`: fault when the source address disappears.
    public var trackSourceAddress = false
    /// `vrf`: the VRF to work in when no interface is given.
    public var vrf: String? = nil
    /// `kernel_rx_buf_size`: socket receive buffer size.
    public var kernelReceiveBufferSize: Int? = nil

    // MARK: VMAC and IPVLAN

    /// `use_vmac [NAME] [MAC]`.
    public var vmac: VRRPVirtualMAC? = nil
    /// `use_vmac_addr`: give VIPs on other interfaces their own VMAC.
    public var vmacForOtherInterfaces = false
    /// `vmac_xmit_base`: send and receive adverts on the base interface.
    public var vmacTransmitOnBase = false
    /// `use_ipvlan [NAME] [ADDRESS] [bridge|private|vepa]`.
    public var ipvlan: VRRPIPVLAN? = nil

    // MARK: tracking

    /// `dont_track_primary`: ignore the instance interface's link state.
    public var dontTrackPrimary = false
    public var trackInterfaces: [TrackedInterface] = []
    public var trackScripts: [TrackReference] = []
    public var trackFiles: [TrackReference] = []
    public var trackProcesses: [TrackReference] = []
    public var trackBFDs: [TrackReference] = []
    /// `linkbeat_use_polling` (deprecated): poll the interface's link state.
    public var linkbeatPolling = false

    // MARK: gratuitous ARP / NA

    /// `garp_master_delay` seconds; nil: global (5 s).
    public var garpMasterDelayMicroseconds: Int? = nil
    /// `garp_master_repeat`; nil: global (5).
    public var garpMasterRepeat: Int? = nil
    /// `garp_master_refresh` seconds; nil: global (0, no refresh).
    public var garpMasterRefreshMicroseconds: Int? = nil
    /// `garp_master_refresh_repeat`; nil: global (1).
    public var garpMasterRefreshRepeat: Int? = nil
    /// `garp_lower_prio_delay` seconds; nil: global (5 s).
    public var garpLowerPriorityDelayMicroseconds: Int? = nil
    /// `garp_lower_prio_repeat`; nil: global (5).
    public var garpLowerPriorityRepeat: Int? = nil
    /// `garp_extra_if [all] SECONDS` (or the deprecated `vmac_garp_intvl`).
    public var garpExtraInterfaces: GARPExtraInterfaces? = nil

    // MARK: notification

    public var notify = VRRPNotifyScripts()
    /// `notify_deleted [SCRIPT]`: report DELETED rather than FAULT when removed by a reload.
    public var notifyDeleted = false
    /// `notify_priority_changes [BOOL]`; nil: global.
    public var notifyPriorityChanges: Bool? = nil
    /// `smtp_alert [BOOL]`; nil: global.
    public var smtpAlert: Bool? = nil
    /// `lvs_sync_daemon_interface` (deprecated; use global `lvs_sync_daemon`).
    public var lvsSyncDaemonInterface: String? = nil

    public init(name: String) { self.name = name }

    // MARK: effective values

    /// keepalived's defaults for settings that `global_defs` may change.
    public enum Defaults {
        public static let priority = 100
        public static let addressOwnerPriority = 255
        public static let garpMasterDelayMicroseconds = 5_000_000
        public static let garpMasterRepeat = 5
        public static let garpMasterRefreshMicroseconds = 0
        public static let garpMasterRefreshRepeat = 1
        public static let garpLowerPriorityDelayMicroseconds = 5_000_000
        public static let garpLowerPriorityRepeat = 5
        public static let downTimerAdverts = 3
        public static let unicastTTL = 255
    }

    /// The priority in force: as written, else 255 with `state MASTER`, else 100.
    public var effectivePriority: Int {
        priority ?? (state == .master ? Defaults.addressOwnerPriority : Defaults.priority)
    }

    /// Whether this node owns the addresses (priority 255), and so starts as master.
    public var isAddressOwner: Bool { effectivePriority == 255 }

    /// The state the instance starts in: master when asked for or when it owns the addresses.
    public var initialState: VRRPState {
        state == .master || isAddressOwner ? .master : .backup
    }

    /// The family in force: IPv4 unless the addresses or `native_ipv6` say IPv6.
    public var effectiveFamily: AddressFamily { family ?? (nativeIPv6 ? .ipv6 : .ipv4) }

    /// The protocol version in force: as written, else 3 for IPv6, else `globalDefault`.
    public func effectiveVersion(globalDefault: VRRPVersion = .v2) -> VRRPVersion {
        version ?? (effectiveFamily == .ipv6 ? .v3 : globalDefault)
    }

    /// The protocol version in force given `global_defs`.
    public func effectiveVersion(global: GlobalVRRPDefaults) -> VRRPVersion {
        effectiveVersion(globalDefault: VRRPVersion(rawValue: global.version) ?? .v2)
    }

    /// Whether strict RFC mode applies: as written, else the global `vrrp_strict`.
    public func effectiveStrictMode(global: GlobalVRRPDefaults) -> Bool { strictMode ?? global.strict }

    /// Whether packets to the VIPs are accepted when not the owner: as written, else not in strict mode.
    public func effectiveAccept(global: GlobalVRRPDefaults) -> Bool { accept ?? !effectiveStrictMode(global: global) }

    /// The gratuitous ARP / NA timing in force: the instance's settings, else the global ones.
    public func garpTiming(global: GlobalVRRPDefaults) -> VRRPGARPTiming {
        VRRPGARPTiming(
            masterDelayMicroseconds: garpMasterDelayMicroseconds ?? global.garpMasterDelayMicroseconds,
            masterRepeat: garpMasterRepeat ?? global.garpMasterRepeat,
            masterRefreshMicroseconds: garpMasterRefreshMicroseconds ?? global.garpMasterRefreshMicroseconds,
            masterRefreshRepeat: garpMasterRefreshRepeat ?? global.garpMasterRefreshRepeat,
            lowerPriorityDelayMicroseconds: garpLowerPriorityDelayMicroseconds
                ?? global.garpLowerPriorityDelayMicroseconds ?? global.garpMasterDelayMicroseconds,
            lowerPriorityRepeat: garpLowerPriorityRepeat ?? global.garpLowerPriorityRepeat ?? global.garpMasterRepeat,
            extraInterfaces: garpExtraInterfaces ?? global.garpExtraInterfaces)
    }

    /// Adverts missed before a backup takes over: as written, else the global value (3).
    public func effectiveDownTimerAdverts(global: GlobalVRRPDefaults) -> Int { downTimerAdverts ?? global.downTimerAdverts }

    /// Whether adverts are sent by unicast (there are peers).
    public var usesUnicast: Bool { !unicastPeers.isEmpty }
}

/// The initial state an instance asks for.
public enum VRRPState: String, Hashable, Sendable {
    case master = "MASTER"
    case backup = "BACKUP"
}

/// VRRP protocol version: 2 (RFC 3768, IPv4, whole-second adverts) or 3 (RFC 5798).
public enum VRRPVersion: Int, Hashable, Sendable {
    case v2 = 2
    case v3 = 3
}

/// `authentication { auth_type PASS|AH; auth_pass ... }`: VRRPv2 authentication.
public struct VRRPAuthentication: Hashable, Sendable {
    public var type: VRRPAuthenticationType
    /// At most 8 characters; longer passwords are cut, as keepalived does.
    public var password: String

    public init(type: VRRPAuthenticationType, password: String) {
        self.type = type
        self.password = password
    }
}

/// The two VRRPv2 authentication methods.
public enum VRRPAuthenticationType: String, Hashable, Sendable {
    /// Simple password in the advert.
    case password = "PASS"
    /// IPsec AH.
    case ipsecAH = "AH"
}

/// One `unicast_peer` line: an address, optionally with the TTL range accepted from it.
public struct VRRPUnicastPeer: Hashable, Sendable {
    public var address: IPAddress
    public var minTTL: Int? = nil
    public var maxTTL: Int? = nil

    public init(address: IPAddress, minTTL: Int? = nil, maxTTL: Int? = nil) {
        self.address = address
        self.minTTL = minTTL
        self.maxTTL = maxTTL
    }
}

/// `old_unicast_checksum`: use the pre-1.3.6 VRRPv3 unicast checksum.
public enum VRRPOldChecksumMode: String, Hashable, Sendable {
    /// Plain keyword: send the old checksum.
    case always
    /// `never`: never accept or send it.
    case never
}

/// `use_vmac [NAME] [MAC]`: a macvlan carrying the virtual router MAC.
public struct VRRPVirtualMAC: Hashable, Sendable {
    /// The macvlan's name; nil: `vrrp.VRID` (or `vmac_prefix`).
    public var interfaceName: String? = nil
    /// A MAC other than the RFC one; 5 bytes means "VRID as the 6th".
    public var macAddress: [UInt8]? = nil

    public init(interfaceName: String? = nil, macAddress: [UInt8]? = nil) {
        self.interfaceName = interfaceName
        self.macAddress = macAddress
    }
}

/// `use_ipvlan [NAME] [ADDRESS] [MODE]`: an L2 ipvlan for the instance.
public struct VRRPIPVLAN: Hashable, Sendable {
    public var interfaceName: String? = nil
    public var address: IPPrefix? = nil
    public var mode: VRRPIPVLANMode = .bridge

    public init(interfaceName: String? = nil, address: IPPrefix? = nil, mode: VRRPIPVLANMode = .bridge) {
        self.interfaceName = interfaceName
        self.address = address
        self.mode = mode
    }
}

/// The ipvlan mode flags.
public enum VRRPIPVLANMode: String, Hashable, Sendable {
    case bridge, `private`, vepa
}

/// When an instance sends gratuitous ARPs / unsolicited NAs, once instance and global
/// settings are combined.
public struct VRRPGARPTiming: Hashable, Sendable {
    /// Delay before the second burst after becoming master.
    public var masterDelayMicroseconds: Int
    /// Messages per burst.
    public var masterRepeat: Int
    /// Interval of the refresh bursts while master; 0: none.
    public var masterRefreshMicroseconds: Int
    public var masterRefreshRepeat: Int
    /// Delay and count after hearing a lower priority advert.
    public var lowerPriorityDelayMicroseconds: Int
    public var lowerPriorityRepeat: Int
    /// Periodic messages on the VIPs' other interfaces.
    public var extraInterfaces: GARPExtraInterfaces?
}
