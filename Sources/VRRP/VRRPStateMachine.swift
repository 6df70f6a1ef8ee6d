import NetworkAddress

/// The protocol state machine of one VRRP instance (RFC 3768 / RFC 5798 §6.4, with
/// keepalived's FAULT state, preempt delay and sync-group hold), as a pure value.
///
/// Feed it events with the current instant; it returns what to do, in order: adverts to send,
/// addresses to install or remove, timers to arm as absolute deadlines, state changes and log
/// lines worded like keepalived's. It never reads a clock and never touches the system.
///
/// Timer semantics follow keepalived 2.2:
/// - Master_Down_Interval = `downTimerAdverts` × Master_Adver_Interval + Skew_Time, with the
///   skew computed from the effective priority (`VRRPTiming`).
/// - A backup re-arms the master-down timer on every advert it accepts; a discarded
///   (preemptable lower-priority) advert leaves the deadline where it was, so the backup takes
///   over when it expires. A priority 0 advert re-arms it to Skew_Time.
/// - A master re-arms its advert timer to one (configured) interval after each advert it sends.
public struct VRRPStateMachine: Hashable, Sendable {
    /// The instance's configuration.
    public let parameters: VRRPInstanceParameters
    /// The current state.
    public private(set) var state: VRRPInstanceState = .initialize
    /// keepalived's `wantstate`: where the instance would go if nothing held it (the sync
    /// group reads it to decide whether all members agree to become master).
    public private(set) var wantState: VRRPInstanceState
    /// The configured priority, unless lowered to 254 after an address-owner conflict.
    public private(set) var basePriority: UInt8
    /// The priority sent in adverts and used for elections and the skew.
    public private(set) var effectivePriority: UInt8
    /// Master_Adver_Interval: ours, or (v3) the one learned from the master's adverts.
    public private(set) var masterAdvertIntervalMicroseconds: Int64
    /// The armed master-down deadline (backup only).
    public private(set) var masterDownDeadline: VRRPClock.Instant?
    /// The armed advert deadline (master only).
    public private(set) var advertDeadline: VRRPClock.Instant?
    /// keepalived's `preempt_time`: until then a backup keeps following a lower-priority master.
    public private(set) var preemptDeadline: VRRPClock.Instant?
    /// The source of the last advert heard in BACKUP (ours while MASTER).
    public private(set) var masterAddress: IPAddress?
    /// The priority of the last advert accepted from the master.
    public private(set) var masterPriority: UInt8?
    /// The faults raised and not yet cleared.
    public private(set) var faultReasons: Set<String> = []
    /// Whether `installAddresses` was issued and not undone yet.
    public private(set) var addressesInstalled = false
    /// A sync-group member whose own protocol would make it master, waiting for the group.
    public private(set) var heldBySyncGroup = false

    public init(parameters: VRRPInstanceParameters) {
        self.parameters = parameters
        self.basePriority = parameters.basePriority
        self.effectivePriority = parameters.basePriority
        self.masterAdvertIntervalMicroseconds = parameters.advertIntervalMicroseconds
        self.wantState = parameters.initialState == .master || parameters.isAddressOwner ? .master : .backup
    }

    /// Priority 255 (and not demoted by a conflict): goes straight to MASTER.
    public var isAddressOwner: Bool { basePriority == 255 }

    /// Skew_Time for the current priority and Master_Adver_Interval.
    public var skewTimeMicroseconds: Int64 {
        VRRPTiming.skewTime(version: parameters.version, priority: Int(effectivePriority),
                            masterAdvertIntervalMicroseconds: masterAdvertIntervalMicroseconds)
    }

    /// Master_Down_Interval for the current priority and Master_Adver_Interval.
    public var masterDownIntervalMicroseconds: Int64 {
        VRRPTiming.masterDownInterval(version: parameters.version, priority: Int(effectivePriority),
                                      masterAdvertIntervalMicroseconds: masterAdvertIntervalMicroseconds,
                                      downTimerAdverts: parameters.downTimerAdverts)
    }

    /// This instance as its sync group sees it.
    public var syncMember: VRRPSyncGroupCoordinator.Member {
        VRRPSyncGroupCoordinator.Member(name: parameters.name, state: state, wantState: wantState,
                                        hasFault: !faultReasons.isEmpty, isAddressOwner: isAddressOwner,
                                        heldBySyncGroup: heldBySyncGroup)
    }

    /// Applies `event`, which happened at `now`, and returns the actions to perform in order.
    public mutating func handle(_ event: VRRPEvent, at now: VRRPClock.Instant) -> [VRRPAction] {
        var out: [VRRPAction] = []
        switch event {
        case .start: start(now, &out)
        case .advertReceived(let advert, let source): receive(advert, from: source, now, &out)
        case .masterDownTimerExpired: masterDownExpired(now, &out)
        case .advertTimerExpired: advertTimerExpired(now, &out)
        case .faultRaised(let reason): raiseFault(reason, now, &out)
        case .faultCleared(let reason): clearFault(reason, now, &out)
        case .effectivePriorityChanged(let total): changePriority(total, now, &out)
        case .syncGroupForced(let transition): forced(transition, now, &out)
        case .shutdown: shutdown(now, &out)
        }
        return out
    }

    // MARK: - Events

    private mutating func start(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        guard state == .initialize || state == .stopped else { return }
        masterAdvertIntervalMicroseconds = parameters.advertIntervalMicroseconds
        preemptDeadline = nil
        masterAddress = nil
        masterPriority = nil
        heldBySyncGroup = false
        if !faultReasons.isEmpty {
            wantState = .fault
            log("Entering FAULT STATE (init)", &out)
            transition(to: .fault, &out)
            return
        }
        if isAddressOwner {
            wantState = .master
            if !parameters.inSyncGroup {
                becomeMaster(now, &out)
                return
            }
            // An owner in a sync group listens until the group agrees to go master together.
            heldBySyncGroup = true
            log("Entering BACKUP STATE (init)", &out)
            transition(to: .backup, &out)
            armMasterDown(now + parameters.advertIntervalMicroseconds + skewTimeMicroseconds, &out)
            return
        }
        // keepalived 2.x: `state MASTER` without priority 255 starts as a backup. Alone it
        // waits a full master-down interval; in a sync group one interval plus the minimum skew.
        wantState = parameters.initialState == .master ? .master : .backup
        let interval = parameters.initialState == .master && parameters.inSyncGroup
            ? masterAdvertIntervalMicroseconds + VRRPTiming.minimumSkewTime(version: parameters.version,
                                                                            masterAdvertIntervalMicroseconds: masterAdvertIntervalMicroseconds)
            : masterDownIntervalMicroseconds
        log("Entering BACKUP STATE (init)", &out)
        transition(to: .backup, &out)
        armMasterDown(now + interval, &out)
    }

    private mutating func receive(_ advert: VRRPAdvert, from source: IPAddress, _ now: VRRPClock.Instant,
                                  _ out: inout [VRRPAction]) {
        guard advert.virtualRouterID == parameters.virtualRouterID else { return }
        switch state {
        case .backup: backupReceive(advert, from: source, now, &out)
        case .master: masterReceive(advert, from: source, now, &out)
        case .initialize, .fault, .stopped: return // keepalived ignores adverts in INIT and FAULT
        }
    }

    /// RFC 5798 §6.4.2 with keepalived's preempt delay.
    private mutating func backupReceive(_ advert: VRRPAdvert, from source: IPAddress, _ now: VRRPClock.Instant,
                                        _ out: inout [VRRPAction]) {
        let priority = advert.priority
        if priority == 0 {
            log("Backup received priority 0 advertisement", &out)
            armMasterDown(now + skewTimeMicroseconds, &out)
            return
        }
        let delay = parameters.preemptDelayMicroseconds
        let preemptHeld = delay > 0 && (preemptDeadline.map { $0 > now } ?? true)
        guard !parameters.preempt || priority >= effectivePriority || preemptHeld else {
            // A live master below us: ignore it; the unchanged deadline makes us take over.
            log("received lower priority (\(priority)) advert from \(source) - discarding", &out)
            masterAddress = source
            return
        }
        if parameters.version == 3 { learnInterval(from: advert, byNewMaster: false, &out) }
        masterAddress = source
        masterPriority = priority
        if delay > 0 {
            if priority >= effectivePriority {
                if preemptDeadline != nil {
                    log("stop preempt delay", &out)
                    preemptDeadline = nil
                }
            } else if preemptDeadline == nil {
                log("start preempt delay (\(delay / 1_000_000).\(sixDigits(delay % 1_000_000)))", &out)
                preemptDeadline = now + delay
            }
        }
        // Held for the sync group, a new master heard: we no longer want MASTER.
        wantState = .backup
        heldBySyncGroup = false
        armMasterDown(now + masterDownIntervalMicroseconds, &out)
    }

    /// RFC 5798 §6.4.3 as keepalived implements it.
    private mutating func masterReceive(_ advert: VRRPAdvert, from source: IPAddress, _ now: VRRPClock.Instant,
                                        _ out: inout [VRRPAction]) {
        let priority = advert.priority
        let ours = parameters.primaryAddress
        let addressOrder = source == ours ? 0 : (source > ours ? 1 : -1)
        let higher = priority > effectivePriority || (priority == effectivePriority && addressOrder > 0)

        if priority == 0 {
            out.append(.sendAdvert(priority: effectivePriority))
            log("Master received priority 0 message", &out)
            armAdvert(now + parameters.advertIntervalMicroseconds, &out)
            return
        }
        if parameters.higherPrioritySendAdvert && higher {
            out.append(.sendAdvert(priority: effectivePriority))
        }
        if priority == effectivePriority {
            if addressOrder == 0 {
                log("WARNING - equal priority advert received from remote host with our IP address.", &out)
            } else if effectivePriority == 255 {
                log("CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority", &out)
                effectivePriority = 254
                basePriority = 254
            }
        }
        if priority < effectivePriority || (priority == effectivePriority && addressOrder < 0) {
            let answer = parameters.sendAdvertOnLowerPriority
            log("Received advert from \(source) with lower priority \(priority), ours \(effectivePriority)\(answer ? ", forcing new election" : "")", &out)
            if answer {
                out.append(.sendAdvert(priority: effectivePriority))
                armAdvert(now + parameters.advertIntervalMicroseconds, &out)
            }
            return
        }
        if priority > effectivePriority || (priority == effectivePriority && addressOrder > 0) {
            if priority > effectivePriority {
                log("Master received advert from \(source) with higher priority \(priority), ours \(effectivePriority)", &out)
            } else {
                log("Master received advert from \(source) with same priority \(priority) but higher IP address than ours", &out)
            }
            if parameters.version == 3 { learnInterval(from: advert, byNewMaster: true, &out) }
            masterAddress = source
            masterPriority = priority
            leaveMasterToBackup(now, &out)
        }
        // Equal priority from our own address: stay master (after the warning).
    }

    private mutating func masterDownExpired(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        guard state == .backup, let deadline = masterDownDeadline, now >= deadline else { return }
        masterDownDeadline = nil
        log("Receive advertisement timeout", &out)
        if parameters.inSyncGroup {
            // keepalived: want MASTER, but wait for every member of the group to want it too.
            wantState = .master
            heldBySyncGroup = true
            armMasterDown(now + masterDownIntervalMicroseconds, &out)
            return
        }
        becomeMaster(now, &out)
    }

    private mutating func advertTimerExpired(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        guard state == .master, let deadline = advertDeadline, now >= deadline else { return }
        out.append(.sendAdvert(priority: effectivePriority))
        armAdvert(now + parameters.advertIntervalMicroseconds, &out)
    }

    private mutating func raiseFault(_ reason: String, _ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        let wasClear = faultReasons.isEmpty
        faultReasons.insert(reason)
        guard wasClear else { return }
        switch state {
        case .master: leaveMasterToFault(&out)
        case .backup: enterFaultFromBackup(&out)
        case .initialize, .fault, .stopped: break // recorded; `start` enters FAULT (init)
        }
        if state != .stopped { wantState = .fault }
    }

    private mutating func clearFault(_ reason: String, _ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        guard faultReasons.remove(reason) != nil, faultReasons.isEmpty, state == .fault else { return }
        wantState = isAddressOwner ? .master : .backup
        // In a sync group the coordinator decides when the whole group leaves FAULT.
        guard !parameters.inSyncGroup else { return }
        if isAddressOwner {
            becomeMaster(now, &out)
        } else {
            leaveFaultToBackup(now, &out)
        }
    }

    private mutating func changePriority(_ total: Int, _ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        guard !isAddressOwner else { return } // keepalived never moves an owner's priority
        let new = UInt8(min(max(total, 1), 254))
        guard new != effectivePriority else { return }
        log("Changing effective priority from \(effectivePriority) to \(new)", &out)
        let oldSkew = skewTimeMicroseconds
        effectivePriority = new
        // A master uses it from its next advert. A backup moves its deadline by the change in
        // skew (keepalived shifts `sands` by the change in the down interval).
        if state == .backup, let deadline = masterDownDeadline {
            armMasterDown(max(deadline + (skewTimeMicroseconds - oldSkew), now), &out)
        }
    }

    private mutating func forced(_ transition: VRRPSyncTransition, _ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        switch (transition, state) {
        case (.master, .backup):
            becomeMaster(now, &out)
        case (.master, .fault) where faultReasons.isEmpty:
            becomeMaster(now, &out)
        case (.backup, .master):
            leaveMasterToBackup(now, &out)
        case (.backup, .fault) where faultReasons.isEmpty:
            leaveFaultToBackup(now, &out)
        case (.fault, .master):
            leaveMasterToFault(&out)
        case (.fault, .backup):
            enterFaultFromBackup(&out)
        default:
            break
        }
    }

    private mutating func shutdown(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        guard state != .stopped else { return }
        if state == .master {
            out.append(.sendAdvert(priority: 0))
            log("sent 0 priority", &out)
        }
        disarmAdvert(&out)
        disarmMasterDown(&out)
        removeAddressesIfInstalled(&out)
        heldBySyncGroup = false
        preemptDeadline = nil
        transition(to: .stopped, &out)
    }

    // MARK: - Transitions

    /// keepalived's `vrrp_state_goto_master` + `vrrp_state_master_tx`: the advert goes out first
    /// so that the old master drops the addresses before our gratuitous ARPs.
    private mutating func becomeMaster(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        wantState = .master
        heldBySyncGroup = false
        preemptDeadline = nil
        disarmMasterDown(&out)
        out.append(.sendAdvert(priority: effectivePriority))
        log("Entering MASTER STATE", &out)
        if parameters.version == 3 && masterAdvertIntervalMicroseconds != parameters.advertIntervalMicroseconds {
            log("using locally configured advertisement interval (\(parameters.advertIntervalMicroseconds / 1000) milli-sec)", &out)
        }
        masterAdvertIntervalMicroseconds = parameters.advertIntervalMicroseconds
        out.append(.installAddresses)
        addressesInstalled = true
        out.append(.announce)
        masterAddress = parameters.primaryAddress
        masterPriority = effectivePriority
        transition(to: .master, &out)
        armAdvert(now + parameters.advertIntervalMicroseconds, &out)
    }

    /// To BACKUP after a higher-priority advert (or forced by the sync group): no priority 0.
    private mutating func leaveMasterToBackup(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        wantState = .backup
        preemptDeadline = nil
        log("Entering BACKUP STATE", &out)
        disarmAdvert(&out)
        removeAddressesIfInstalled(&out)
        transition(to: .backup, &out)
        armMasterDown(now + masterDownIntervalMicroseconds, &out)
    }

    /// To FAULT from MASTER: tell the backups with priority 0, then drop the addresses.
    private mutating func leaveMasterToFault(_ out: inout [VRRPAction]) {
        wantState = .fault
        log("Entering FAULT STATE", &out)
        out.append(.sendAdvert(priority: 0))
        disarmAdvert(&out)
        removeAddressesIfInstalled(&out)
        masterAdvertIntervalMicroseconds = parameters.advertIntervalMicroseconds
        transition(to: .fault, &out)
    }

    private mutating func enterFaultFromBackup(_ out: inout [VRRPAction]) {
        wantState = .fault
        heldBySyncGroup = false
        preemptDeadline = nil
        log("Entering FAULT STATE", &out)
        disarmMasterDown(&out)
        transition(to: .fault, &out)
    }

    private mutating func leaveFaultToBackup(_ now: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        wantState = .backup
        preemptDeadline = nil
        masterAddress = nil
        masterPriority = nil
        masterAdvertIntervalMicroseconds = parameters.advertIntervalMicroseconds
        log("Entering BACKUP STATE", &out)
        transition(to: .backup, &out)
        armMasterDown(now + masterDownIntervalMicroseconds, &out)
    }

    // MARK: - Helpers

    private mutating func learnInterval(from advert: VRRPAdvert, byNewMaster: Bool, _ out: inout [VRRPAction]) {
        let interval = VRRPTiming.advertIntervalMicroseconds(of: advert)
        guard interval > 0, interval != masterAdvertIntervalMicroseconds else { return }
        log("advertisement interval updated from \(masterAdvertIntervalMicroseconds / 1000)ms to \(interval / 1000)ms by \(byNewMaster ? "new master" : "master")", &out)
        masterAdvertIntervalMicroseconds = interval
    }

    private mutating func transition(to new: VRRPInstanceState, _ out: inout [VRRPAction]) {
        let old = state
        state = new
        if old != new { out.append(.stateChanged(from: old, to: new)) }
    }

    private mutating func armMasterDown(_ deadline: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        masterDownDeadline = deadline
        out.append(.setMasterDownTimer(deadline))
    }

    private mutating func disarmMasterDown(_ out: inout [VRRPAction]) {
        guard masterDownDeadline != nil else { return }
        masterDownDeadline = nil
        out.append(.cancelMasterDownTimer)
    }

    private mutating func armAdvert(_ deadline: VRRPClock.Instant, _ out: inout [VRRPAction]) {
        advertDeadline = deadline
        out.append(.setAdvertTimer(deadline))
    }

    private mutating func disarmAdvert(_ out: inout [VRRPAction]) {
        guard advertDeadline != nil else { return }
        advertDeadline = nil
        out.append(.cancelAdvertTimer)
    }

    private mutating func removeAddressesIfInstalled(_ out: inout [VRRPAction]) {
        guard addressesInstalled else { return }
        addressesInstalled = false
        out.append(.removeAddresses)
    }

    private func log(_ text: String, _ out: inout [VRRPAction]) {
        out.append(.log("(\(parameters.name)) \(text)"))
    }

    private func sixDigits(_ value: Int64) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, 6 - text.count)) + text
    }
}
