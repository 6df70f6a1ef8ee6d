import NetworkAddress

/// The state of one VRRP instance (RFC 5798 §6.4 plus keepalived's FAULT and STOP).
public enum VRRPInstanceState: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Created, not started yet (RFC Initialize).
    case initialize
    /// Listening for the master; takes over when the master-down timer expires.
    case backup
    /// Owns the virtual addresses and sends adverts.
    case master
    /// keepalived's FAULT: an interface or tracker is down; no adverts sent or heard.
    case fault
    /// Shut down (keepalived's STOP, for `notify_stop`).
    case stopped

    /// keepalived's spelling, as in `Entering MASTER STATE` and the notify scripts.
    public var keepalivedName: String {
        switch self {
        case .initialize: return "INIT"
        case .backup: return "BACKUP"
        case .master: return "MASTER"
        case .fault: return "FAULT"
        case .stopped: return "STOP"
        }
    }

    public var description: String { keepalivedName }
}

/// A transition a sync group imposes on one of its members (see `VRRPSyncGroupCoordinator`).
public enum VRRPSyncTransition: String, Hashable, Sendable, CaseIterable {
    /// Leave MASTER (without a priority 0 advert) or leave FAULT, and listen as a backup.
    case backup
    /// Become master now, with the rest of the group.
    case master
    /// Enter FAULT because another member is in fault (a master sends priority 0 first).
    case fault
}

/// Something that happened to a VRRP instance, fed to `VRRPStateMachine.handle(_:at:)`.
public enum VRRPEvent: Hashable, Sendable {
    /// Begin the protocol (RFC Startup event).
    case start
    /// A valid advert for this instance's VRID (already decoded and checked by the receive
    /// path: checksum, TTL, auth, address list), from `source`.
    case advertReceived(VRRPAdvert, source: IPAddress)
    /// The deadline of the last `setMasterDownTimer` was reached.
    case masterDownTimerExpired
    /// The deadline of the last `setAdvertTimer` was reached.
    case advertTimerExpired
    /// A fault appeared (interface down, tracker failed…), named so that raising and clearing
    /// the same one twice is harmless. The instance is in fault while any is raised.
    case faultRaised(String)
    /// A fault raised under this name went away.
    case faultCleared(String)
    /// Trackers changed the priority: the base priority plus their weights. Clamped to
    /// 1…254 as keepalived does; ignored for an address owner.
    case effectivePriorityChanged(Int)
    /// The instance's sync group forces a transition (from `VRRPSyncGroupCoordinator`).
    case syncGroupForced(VRRPSyncTransition)
    /// Stop the instance (daemon shutdown or the instance was removed by a reload).
    case shutdown
}

/// What the caller must do after an event, in order.
public enum VRRPAction: Hashable, Sendable, CustomStringConvertible {
    /// Send one advert with this priority (0: the master is giving up).
    case sendAdvert(priority: UInt8)
    /// Add the virtual addresses (and routes, rules, accept-mode drop rules).
    case installAddresses
    /// Remove what `installAddresses` added.
    case removeAddresses
    /// Start the gratuitous ARP / unsolicited NA burst for the virtual addresses.
    case announce
    /// Arm (or re-arm) the master-down timer to fire at this instant.
    case setMasterDownTimer(VRRPClock.Instant)
    /// Disarm the master-down timer.
    case cancelMasterDownTimer
    /// Arm (or re-arm) the advert timer to fire at this instant.
    case setAdvertTimer(VRRPClock.Instant)
    /// Disarm the advert timer.
    case cancelAdvertTimer
    /// The instance changed state: run notify scripts, update stats and the IPC report.
    case stateChanged(from: VRRPInstanceState, to: VRRPInstanceState)
    /// A log line, worded as keepalived words it.
    case log(String)

    public var description: String {
        switch self {
        case .sendAdvert(let p): return "sendAdvert(priority: \(p))"
        case .installAddresses: return "installAddresses"
        case .removeAddresses: return "removeAddresses"
        case .announce: return "announce"
        case .setMasterDownTimer(let t): return "setMasterDownTimer(\(t.microseconds))"
        case .cancelMasterDownTimer: return "cancelMasterDownTimer"
        case .setAdvertTimer(let t): return "setAdvertTimer(\(t.microseconds))"
        case .cancelAdvertTimer: return "cancelAdvertTimer"
        case .stateChanged(let a, let b): return "stateChanged(\(a) -> \(b))"
        case .log(let s): return "log(\(s))"
        }
    }
}
