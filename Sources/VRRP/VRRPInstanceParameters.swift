import NetworkAddress

/// What one `vrrp_instance` needs for its protocol state machine, as a plain value.
///
/// It is deliberately independent of the configuration model: the VRRP driver builds it from
/// a resolved `vrrp_instance` (priority, version and intervals already defaulted) and the
/// interface's primary address.
public struct VRRPInstanceParameters: Hashable, Sendable {
    /// keepalived's `state`: the state the instance asks for at startup.
    public enum InitialState: String, Hashable, Sendable {
        case backup = "BACKUP"
        case master = "MASTER"
    }

    /// The instance name, as logged: `(VI_1) Entering MASTER STATE`.
    public var name: String
    /// `virtual_router_id`, 1…255.
    public var virtualRouterID: UInt8
    /// Protocol version: 2 (RFC 3768) or 3 (RFC 5798).
    public var version: UInt8
    /// The family of the adverts and of the virtual addresses.
    public var family: AddressFamily
    /// `priority`, 1…255; 255 makes this node the address owner.
    public var basePriority: UInt8
    /// `advert_int`, in microseconds (v2: whole seconds; v3: whole centiseconds).
    public var advertIntervalMicroseconds: Int64
    /// `preempt` (true, the default) or `nopreempt` (false).
    public var preempt: Bool
    /// `preempt_delay`, in microseconds: how long a backup keeps following a lower-priority
    /// master, counted from the first of its adverts, before it preempts. 0: none.
    public var preemptDelayMicroseconds: Int64
    /// `state MASTER` or `state BACKUP`.
    public var initialState: InitialState
    /// Our own source address (`mcast_src_ip`/`unicast_src_ip` or the interface's primary):
    /// compared with the sender's to break equal-priority ties.
    public var primaryAddress: IPAddress
    /// The virtual addresses carried in adverts.
    public var addresses: [IPAddress]
    /// `down_timer_adverts`: adverts missed before the master is declared down (default 3).
    public var downTimerAdverts: Int
    /// The inverse of keepalived's `lower_prio_no_advert`: a master answers a lower-priority
    /// advert with an advert of its own at once (default true).
    public var sendAdvertOnLowerPriority: Bool
    /// keepalived's `higher_prio_send_advert`: a master sends one more advert before yielding
    /// to a higher-priority one (default false).
    public var higherPrioritySendAdvert: Bool
    /// RFC 5798 Accept_Mode (`accept` / `no_accept`). The machine does not act on it; the
    /// driver installs drop rules alongside the addresses when it is false.
    public var acceptMode: Bool
    /// Whether the instance belongs to a `vrrp_sync_group`: it then waits for
    /// `VRRPSyncGroupCoordinator` before becoming master and before leaving FAULT.
    public var inSyncGroup: Bool

    public init(name: String, virtualRouterID: UInt8, version: UInt8 = 2, family: AddressFamily = .ipv4,
                basePriority: UInt8 = 100, advertIntervalMicroseconds: Int64 = 1_000_000,
                preempt: Bool = true, preemptDelayMicroseconds: Int64 = 0,
                initialState: InitialState = .backup, primaryAddress: IPAddress, addresses: [IPAddress] = [],
                downTimerAdverts: Int = 3, sendAdvertOnLowerPriority: Bool = true,
                higherPrioritySendAdvert: Bool = false, acceptMode: Bool = true, inSyncGroup: Bool = false) {
        self.name = name
        self.virtualRouterID = virtualRouterID
        self.version = version
        self.family = family
        self.basePriority = basePriority
        self.advertIntervalMicroseconds = advertIntervalMicroseconds
        self.preempt = preempt
        self.preemptDelayMicroseconds = preemptDelayMicroseconds
        self.initialState = initialState
        self.primaryAddress = primaryAddress
        self.addresses = addresses
        self.downTimerAdverts = downTimerAdverts
        self.sendAdvertOnLowerPriority = sendAdvertOnLowerPriority
        self.higherPrioritySendAdvert = higherPrioritySendAdvert
        self.acceptMode = acceptMode
        self.inSyncGroup = inSyncGroup
    }

    /// Priority 255: this node owns the virtual addresses.
    public var isAddressOwner: Bool { basePriority == 255 }

    /// The advert interval field: v2 seconds, v3 centiseconds (12 bits).
    public var advertIntervalField: UInt16 {
        let unit = version == 3 ? VRRPTiming.microsecondsPerCentisecond : VRRPTiming.microsecondsPerSecond
        return UInt16(clamping: advertIntervalMicroseconds / unit)
    }

    /// The advert this instance sends at `priority`.
    public func advert(priority: UInt8) -> VRRPAdvert {
        VRRPAdvert(version: version, virtualRouterID: virtualRouterID, priority: priority,
                   advertInterval: advertIntervalField, addresses: addresses)
    }

    /// What is wrong with these parameters, empty when they are usable.
    public var problems: [String] {
        var out: [String] = []
        if virtualRouterID == 0 { out.append("virtual_router_id must be 1-255") }
        if version != 2 && version != 3 { out.append("version must be 2 or 3") }
        if version == 2 && family == .ipv6 { out.append("VRRP version 2 cannot carry IPv6") }
        if basePriority == 0 { out.append("priority must be 1-255") }
        if version == 2 && (advertIntervalMicroseconds < 1_000_000 || advertIntervalMicroseconds > 255_000_000) {
            out.append("advert_int must be 1-255 seconds for version 2")
        }
        if version == 3 && (advertIntervalMicroseconds < 10_000 || advertIntervalMicroseconds > 40_950_000) {
            out.append("advert_int must be 0.01-40.95 seconds for version 3")
        }
        if preemptDelayMicroseconds < 0 { out.append("preempt_delay cannot be negative") }
        if downTimerAdverts < 1 { out.append("down_timer_adverts must be at least 1") }
        if primaryAddress.family != family { out.append("source address family does not match the instance") }
        if addresses.contains(where: { $0.family != family }) { out.append("virtual addresses must all be of the instance's family") }
        return out
    }
}
