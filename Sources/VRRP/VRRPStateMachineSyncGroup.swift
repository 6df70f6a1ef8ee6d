/// The decision logic of a `vrrp_sync_group`: instances that must change state together.
///
/// It is pure: give it a snapshot of the members (`VRRPStateMachine.syncMember`) after any of
/// them handled an event, and it returns the transitions to force, as keepalived 2.2 does:
/// - a member in fault takes every other member to FAULT (a master sends priority 0 first);
/// - when no member has a fault any more, the group leaves FAULT together, to BACKUP (or to
///   MASTER when every member is an address owner);
/// - a member becomes master only when every member wants MASTER (keepalived prefers staying
///   backup to thrashing); then all go MASTER together;
/// - a master that yields to a higher priority takes the other masters to BACKUP.
///
/// Feed each `force` to the named member as `.syncGroupForced(_)`, then call `reconcile` again
/// with the new snapshot (it returns nothing once the group is settled). Members not started
/// yet (INIT) or stopped are never forced.
///
/// (Named `…Coordinator` because `KeepalivedConfig.VRRPSyncGroup` is the configuration block.)
public struct VRRPSyncGroupCoordinator: Hashable, Sendable {
    /// One member as the group sees it.
    public struct Member: Hashable, Sendable {
        public var name: String
        public var state: VRRPInstanceState
        /// keepalived's `wantstate`.
        public var wantState: VRRPInstanceState
        /// The member has a fault of its own (interface, tracker) raised.
        public var hasFault: Bool
        /// Priority 255.
        public var isAddressOwner: Bool
        /// The member's own protocol would make it master now; it waits for the group.
        public var heldBySyncGroup: Bool

        public init(name: String, state: VRRPInstanceState, wantState: VRRPInstanceState, hasFault: Bool = false,
                    isAddressOwner: Bool = false, heldBySyncGroup: Bool = false) {
            self.name = name
            self.state = state
            self.wantState = wantState
            self.hasFault = hasFault
            self.isAddressOwner = isAddressOwner
            self.heldBySyncGroup = heldBySyncGroup
        }
    }

    /// What the group decided.
    public enum Action: Hashable, Sendable {
        /// Feed `.syncGroupForced(transition)` to this member.
        case force(member: String, VRRPSyncTransition)
        /// The group's own state changed (for the group's notify scripts).
        case groupStateChanged(from: VRRPInstanceState, to: VRRPInstanceState)
        /// A log line, worded as keepalived words it.
        case log(String)
    }

    /// The group name, as logged: `VRRP_Group(VG_1) Syncing instances to MASTER state`.
    public let name: String
    /// The group's state: INIT until its members are first seen, then BACKUP, MASTER or FAULT.
    public private(set) var state: VRRPInstanceState = .initialize

    public init(name: String) {
        self.name = name
    }

    /// Decides which transitions to force, given the members as they are now.
    public mutating func reconcile(_ members: [Member]) -> [Action] {
        let active = members.filter { $0.state != .stopped }
        guard !active.isEmpty else { return [] }
        let forceable = active.filter { $0.state != .initialize }
        var out: [Action] = []

        // A member down takes the whole group down.
        if active.contains(where: { $0.hasFault }) {
            let targets = forceable.filter { $0.state != .fault }
            if state != .fault || !targets.isEmpty {
                if state != .fault { out.append(.log("VRRP_Group(\(name)) Syncing instances to FAULT state")) }
                out += targets.map { .force(member: $0.name, .fault) }
                setState(.fault, &out)
            }
            return out
        }

        // Everyone is up again: leave FAULT together.
        if state == .fault {
            let target: VRRPSyncTransition = active.allSatisfy({ $0.isAddressOwner }) ? .master : .backup
            out.append(.log("VRRP_Group(\(name)) Syncing instances to \(target == .master ? "MASTER" : "BACKUP") state"))
            out += forceable.filter { $0.state == .fault || (target == .master && $0.state == .backup) }
                .map { .force(member: $0.name, target) }
            setState(target == .master ? .master : .backup, &out)
            return out
        }

        // One member is master (or all want to be): all go MASTER together.
        let someoneMaster = active.contains { $0.state == .master }
        let agreed = active.contains { $0.heldBySyncGroup && $0.state == .backup }
            && active.allSatisfy { $0.wantState == .master || $0.state == .master }
        if state != .master && (someoneMaster || agreed) {
            out.append(.log("VRRP_Group(\(name)) Syncing instances to MASTER state"))
            out += forceable.filter { $0.state != .master }.map { .force(member: $0.name, .master) }
            setState(.master, &out)
            return out
        }

        if state == .master {
            // A master yielded to a higher priority: the others follow it to BACKUP.
            if active.contains(where: { $0.state == .backup && !$0.heldBySyncGroup }) {
                out.append(.log("VRRP_Group(\(name)) Syncing instances to BACKUP state"))
                out += forceable.filter { $0.state == .master }.map { .force(member: $0.name, .backup) }
                setState(.backup, &out)
                return out
            }
            // A member that wants MASTER joins a group already master (keepalived lets it).
            out += forceable.filter { $0.state == .backup && $0.heldBySyncGroup }.map { .force(member: $0.name, .master) }
            return out
        }

        if state == .initialize && active.allSatisfy({ $0.state == .backup }) {
            setState(.backup, &out)
        }
        return out
    }

    private mutating func setState(_ new: VRRPInstanceState, _ out: inout [Action]) {
        guard new != state else { return }
        out.append(.groupStateChanged(from: state, to: new))
        state = new
    }
}
