import KeepalivedConfig
import KeepalivedIPC
import KeepalivedSystem
import NetworkAddress
import Netlink
#if canImport(Glibc)
import Glibc
#endif

/// The VRRP child's service: it turns each `vrrp_instance` of the configuration into a running
/// `VRRPInstanceRuntime` (state machine + socket + VIPs + announcements), receives adverts on
/// one socket per interface and family, reports state changes to the parent, and releases
/// everything on shutdown.
public final class VRRPChildService: ChildService {
    public private(set) var configuration: KeepalivedConfiguration?
    public private(set) var reloads = 0
    var loop: EventLoop!
    var logger = Logger.shared
    var sink: (IPCMessage) -> Void = { _ in }
    var addressManager: InterfaceAddressManager!
    var instances: [VRRPInstanceRuntime] = []
    var sockets: [String: VRRPSocket] = [:]
    var announcers: [String: GratuitousAnnouncer] = [:]
    /// Drops by reason across instances (and for adverts no instance wanted).
    var drops: [VRRPDropReason: Int] = [:]
    /// Link events from rtnetlink: an instance goes to FAULT when its interface goes down.
    var linkMonitor: LinkMonitor?
    /// Instances in FAULT because their interface is down, by name.
    var linkFaults: Set<String> = []
    /// Tracked scripts, files and interfaces, and what they last meant for each instance.
    var tracker: VRRPTrackerRunner?
    var trackerFaults: Set<String> = []
    var trackerDelta: [String: Int] = [:]
    /// `vrrp_sync_group`s: the pure coordinator of each, and which group an instance is in.
    var syncGroups: [String: VRRPSyncGroupCoordinator] = [:]
    var groupOf: [String: String] = [:]
    var synchronizing = false

    public init() {}

    public func attach(loop: EventLoop, report: @escaping (IPCMessage) -> Void, logger: Logger) {
        self.loop = loop
        self.sink = report
        self.logger = logger
    }

    public func apply(_ configuration: KeepalivedConfiguration, reason: ConfigurationReason, resume: [InstanceReport]) -> [Diagnostic] {
        if addressManager == nil {
            do { addressManager = try InterfaceAddressManager() } catch {
                return [Diagnostic(.error, "cannot open rtnetlink: \(error)", at: nil)]
            }
        }
        if linkMonitor == nil, let monitor = try? LinkMonitor(groups: [.link]) {
            linkMonitor = monitor
            try? loop.watch(monitor.fileDescriptor) { [unowned self] _ in self.linkEvents() }
        }
        let old = Dictionary(uniqueKeysWithValues: instances.map { ($0.config.name, $0) })
        var next: [VRRPInstanceRuntime] = []
        var problems: [Diagnostic] = []
        var started: [VRRPInstanceRuntime] = []
        for instance in configuration.vrrp.instances {
            // An unchanged instance keeps its state, VIPs and timers across a reload.
            if let running = old[instance.name], running.config == instance {
                next.append(running)
                continue
            }
            do {
                let runtime = try makeRuntime(instance, global: configuration.global,
                                              inSyncGroup: configuration.vrrp.syncGroups.contains { $0.members.contains(instance.name) })
                next.append(runtime)
                started.append(runtime)
            } catch {
                problems.append(Diagnostic(.error, "vrrp_instance \(instance.name): \(error)", at: instance.source.location))
            }
        }
        guard problems.isEmpty else {
            for r in started { r.perform(.cancelAdvertTimer) }
            return problems
        }
        // Instances removed or changed: stop them (priority 0 advert, VIPs released).
        let keptNames = Set(next.map { ObjectIdentifier($0) })
        for r in instances where !keptNames.contains(ObjectIdentifier(r)) { r.handle(.shutdown) }
        if reason == .reload { reloads += 1 }
        self.configuration = configuration
        instances = next
        groupOf = [:]
        var coordinators: [String: VRRPSyncGroupCoordinator] = [:]
        for g in configuration.vrrp.syncGroups {
            coordinators[g.name] = syncGroups[g.name] ?? VRRPSyncGroupCoordinator(name: g.name)
            for m in g.members { groupOf[m] = g.name }
        }
        syncGroups = coordinators
        tracker?.stop()
        let runner = VRRPTrackerRunner(loop: loop, logger: logger)
        runner.onChange = { [unowned self] in self.reevaluateTrackers() }
        runner.start(configuration)
        tracker = runner
        let resumed = Dictionary(resume.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        for r in started {
            r.handle(.start)
            if let reason = r.initialFault {
                logger.info("(\(r.config.name)) entering FAULT state (\(reason))")
                if reason.hasSuffix(" down") { linkFaults.insert(r.config.name) }
                r.handle(.faultRaised(reason))
                continue
            }
            // A master that restarted with its VIPs in place takes over again at once (an advert
            // now, the VIPs kept); a higher priority master will still win the next election.
            if let before = resumed[r.config.name], before.state == .master, before.addressesInstalled, r.machine.state == .backup {
                logger.info("(\(r.config.name)) resuming as MASTER after a restart")
                r.handle(.masterDownTimerExpired)
            }
        }
        reevaluateTrackers()
        return []
    }

    /// Applies what the trackers say to every instance: FAULT while a weight-0 tracker fails,
    /// and the base priority moved by the weights of the others.
    func reevaluateTrackers() {
        guard let tracker, let configuration else { return }
        for r in instances where r.machine.state != .stopped {
            let name = r.config.name
            let outcome = VRRPTracking.evaluate(r.config, section: configuration.vrrp, verdicts: tracker.verdicts)
            if !outcome.faults.isEmpty && !trackerFaults.contains(name) {
                trackerFaults.insert(name)
                logger.info("(\(name)) \(outcome.faults.joined(separator: ", "))")
                r.handle(.faultRaised("trackers"))
            } else if outcome.faults.isEmpty && trackerFaults.contains(name) {
                trackerFaults.remove(name)
                r.handle(.faultCleared("trackers"))
            }
            if r.machine.basePriority != 255, trackerDelta[name, default: 0] != outcome.priorityDelta {
                trackerDelta[name] = outcome.priorityDelta
                r.handle(.effectivePriorityChanged(Int(r.machine.basePriority) + outcome.priorityDelta))
            }
        }
    }

    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    func makeRuntime(_ i: VRRPInstance, global: GlobalDefinitions, inSyncGroup: Bool) throws -> VRRPInstanceRuntime {
        guard let interface = i.interface else { throw SetupError(description: "no interface") }
        let family = i.effectiveFamily
        let index = Int32(bitPattern: if_nametoindex(interface))
        guard index > 0 else { throw SetupError(description: "interface \(interface) does not exist") }
        let own = (try? addressManager.addresses(interfaceIndex: index)) ?? []
        // Without a usable link or address the instance runs in FAULT, as keepalived does,
        // rather than refusing the configuration.
        var fault: String? = nil
        if let link = try? addressManager.socket.link(index: index), !link.isRunning {
            fault = "interface \(interface) down"
        }
        let primary: IPAddress
        if let source = i.sourceAddress {
            primary = source
        } else if let found = own.first(where: { $0.address.family == family && (family == .ipv4 || $0.address.isLinkLocalV6) })?.address
                    ?? own.first(where: { $0.address.family == family })?.address {
            primary = found
        } else {
            primary = family == .ipv4 ? .v4(IPv4Address(0)) : .v6(IPv6Address(0))
            fault = fault ?? "no \(family == .ipv4 ? "IPv4" : "IPv6") address for interface"
        }
        let key = "\(interface)/\(family)"
        let socket: VRRPSocket
        if let s = sockets[key] { socket = s } else {
            do { socket = try VRRPSocket(family: family, interface: interface, joinMulticast: true) } catch {
                throw SetupError(description: "cannot open the VRRP socket on \(interface): \(error)")
            }
            sockets[key] = socket
            do { try loop.watch(socket.fd) { [unowned self] _ in self.receive(on: socket) } } catch {
                throw SetupError(description: "cannot watch the VRRP socket: \(error)")
            }
        }
        let announcer: GratuitousAnnouncer?
        if let a = announcers[interface] { announcer = a } else {
            announcer = try? GratuitousAnnouncer(interface: interface)
            if let announcer { announcers[interface] = announcer }
        }
        func interfaceAddress(_ a: VRRPAddress) -> InterfaceAddress {
            let device = a.device.map { Int32(bitPattern: if_nametoindex($0)) } ?? index
            var broadcast: IPAddress? = nil
            switch a.broadcast {
            case .address(let b): broadcast = b
            case .setHostBits: broadcast = InterfaceAddress.defaultBroadcast(for: a.prefix.address, prefixLength: a.prefix.length)
            case .clearHostBits, .none: broadcast = nil
            }
            return InterfaceAddress(interfaceIndex: device, address: a.prefix.address, prefixLength: a.prefix.length, broadcast: broadcast,
                                    label: a.label, scope: AddressScope(rawValue: UInt8(clamping: a.scope.value)) ?? .global,
                                    flags: a.family == .ipv6 ? InterfaceAddressFlags.noDAD : 0)
        }
        let vips = i.virtualAddresses.filter { $0.family == family }
        let parameters = VRRPInstanceParameters(
            name: i.name, virtualRouterID: UInt8(clamping: i.virtualRouterID ?? 0),
            version: UInt8(i.effectiveVersion(global: global.vrrp).rawValue), family: family,
            basePriority: UInt8(clamping: i.effectivePriority), advertIntervalMicroseconds: Int64(i.advertIntervalMicroseconds),
            preempt: i.preempt, preemptDelayMicroseconds: Int64(i.preemptDelayMicroseconds),
            initialState: i.initialState == .master ? .master : .backup, primaryAddress: primary,
            addresses: vips.map(\.prefix.address), downTimerAdverts: i.effectiveDownTimerAdverts(global: global.vrrp),
            sendAdvertOnLowerPriority: !(i.lowerPriorityNoAdvert ?? global.vrrp.lowerPriorityNoAdvert ?? false),
            higherPrioritySendAdvert: i.higherPrioritySendAdvert ?? global.vrrp.higherPrioritySendAdvert ?? false,
            acceptMode: i.effectiveAccept(global: global.vrrp), inSyncGroup: inSyncGroup)
        let destinations = i.usesUnicast ? i.unicastPeers.map(\.address)
            : [i.multicastDestination ?? (family == .ipv4 ? global.vrrp.multicastGroup4 : global.vrrp.multicastGroup6)]
        let runtime = VRRPInstanceRuntime(config: i, parameters: parameters, interfaceIndex: index, socket: socket, announcer: announcer,
                                          addresses: (vips + i.excludedAddresses).map(interfaceAddress), destinations: destinations,
                                          garp: i.garpTiming(global: global.vrrp), daemon: self)
        runtime.initialFault = fault
        return runtime
    }

    func receive(on socket: VRRPSocket) {
        for _ in 0..<64 {
            let packet: ReceivedVRRPPacket?
            do { packet = try socket.receive() } catch { logger.error("VRRP receive: \(error)"); return }
            guard let packet else { return }
            switch VRRPAdvert.decode(packet.payload, source: packet.source, destination: packet.destination) {
            case .failure(let reason):
                drops[reason, default: 0] += 1
            case .success(let advert):
                guard let r = instances.first(where: { $0.socket === socket && $0.parameters.virtualRouterID == advert.virtualRouterID }) else {
                    drops[.unknownVRID, default: 0] += 1
                    continue
                }
                if r.accept(packet, advert) { r.handle(.advertReceived(advert, source: packet.source)) }
            }
        }
    }

    /// Interface up/down → FAULT / out of FAULT for the instances on it (keepalived's
    /// behaviour without debounce delays).
    func linkEvents() {
        guard let monitor = linkMonitor, let events = try? monitor.drain() else { return }
        var trackedChanged = false
        defer { if trackedChanged { reevaluateTrackers() } }
        for event in events {
            guard case .linkChanged(let link) = event else { continue }
            let running = link.flags & LinkFlags.up != 0 && link.flags & LinkFlags.running != 0
            if tracker?.linkChanged(link.name, running: running) == true { trackedChanged = true }
            for r in instances where r.interfaceIndex == link.index {
                if !running && !linkFaults.contains(r.config.name) {
                    linkFaults.insert(r.config.name)
                    logger.info("Netlink reports \(link.name) down")
                    r.handle(.faultRaised("interface \(link.name) down"))
                } else if running && linkFaults.contains(r.config.name) {
                    linkFaults.remove(r.config.name)
                    logger.info("Netlink reports \(link.name) up")
                    r.handle(.faultCleared("interface \(link.name) down"))
                }
            }
        }
    }

    /// Keeps a sync group's members together after one of them changed: asks the group's pure
    /// coordinator what to force, feeds that back, until nothing more is forced.
    func synchronizeGroup(of r: VRRPInstanceRuntime) {
        guard !synchronizing, let groupName = groupOf[r.config.name], var coordinator = syncGroups[groupName] else { return }
        synchronizing = true
        defer { synchronizing = false; syncGroups[groupName] = coordinator }
        let members = instances.filter { groupOf[$0.config.name] == groupName }
        for _ in 0..<8 {
            var forced = false
            for action in coordinator.reconcile(members.map(\.machine.syncMember)) {
                switch action {
                case .force(let name, let transition):
                    guard let m = members.first(where: { $0.config.name == name }) else { continue }
                    forced = true
                    for a in m.machine.handle(.syncGroupForced(transition), at: VRRPInstanceRuntime.now()) { m.perform(a) }
                case .groupStateChanged(_, let to):
                    runGroupNotify(groupName, state: to)
                case .log(let line):
                    logger.info(line)
                }
            }
            if !forced { return }
        }
    }

    func runGroupNotify(_ group: String, state: VRRPInstanceState) {
        guard let g = configuration?.vrrp.syncGroups.first(where: { $0.name == group }) else { return }
        runNotify(g.notify, kind: "GROUP", name: group, state: state, priority: 0)
    }

    /// keepalived's notify scripts: the one for the new state (`notify_master` …), then the
    /// generic `notify` with `INSTANCE|GROUP NAME STATE PRIORITY` appended. They run in the
    /// background; a failing script is logged, never fatal.
    func runNotifyScripts(_ r: VRRPInstanceRuntime, state: VRRPInstanceState) {
        runNotify(r.config.notify, kind: "INSTANCE", name: r.config.name, state: state, priority: Int(r.machine.effectivePriority))
    }

    func runNotify(_ scripts: VRRPNotifyScripts, kind: String, name: String, state: VRRPInstanceState, priority: Int) {
        let (stateName, specific): (String, NotifyScript?)
        switch state {
        case .master: (stateName, specific) = ("MASTER", scripts.master)
        case .backup: (stateName, specific) = ("BACKUP", scripts.backup)
        case .fault: (stateName, specific) = ("FAULT", scripts.fault)
        case .stopped: (stateName, specific) = ("STOP", scripts.stop)
        case .initialize: return
        }
        let defaultUser = configuration?.global.scripts.user
        var runs: [(NotifyScript, [String])] = []
        if let specific { runs.append((specific, [])) }
        if let any = scripts.any { runs.append((any, [kind, name, stateName, String(priority)])) }
        for (script, arguments) in runs {
            _ = ScriptLauncher.launch(script.command, arguments: arguments, user: script.user ?? defaultUser,
                                      timeoutMicroseconds: 60_000_000, loop: loop) { [logger] ok in
                if !ok { logger.warning("(\(name)) notify script '\(script.command)' failed") }
            }
        }
    }

    func report(_ r: VRRPInstanceRuntime) {
        let state: InstanceState
        switch r.machine.state {
        case .initialize: state = .initial
        case .backup: state = .backup
        case .master: state = .master
        case .fault: state = .fault
        case .stopped: state = .stop
        }
        sink(.instanceState(InstanceReport(name: r.config.name, state: state, basePriority: r.machine.basePriority,
                                           effectivePriority: r.machine.effectivePriority, addressesInstalled: r.addressesInstalled)))
    }

    public func shutdown(_ mode: ShutdownMode) {
        tracker?.stop()
        for r in instances {
            if mode == .release { r.handle(.shutdown) } else { r.perform(.cancelAdvertTimer); r.perform(.cancelMasterDownTimer) }
        }
    }

    public func dump(_ kind: DumpKind) -> String {
        switch kind {
        case .json:
            let items = instances.map { r in
                "{\"name\": \"\(r.config.name)\", \"state\": \"\(r.machine.state)\", \"priority\": \(r.machine.effectivePriority), \"adverts_sent\": \(r.sent), \"adverts_received\": \(r.received)}"
            }
            return "{\"vrrp_instances\": [\(items.joined(separator: ", "))], \"reloads\": \(reloads)}\n"
        case .stats, .statsClear:
            var out = "------< VRRP statistics >------\n"
            for r in instances {
                out += " VRRP Instance: \(r.config.name)\n   Advertisements sent: \(r.sent)\n   Advertisements received: \(r.received)\n"
                for reason in VRRPDropReason.allCases where r.drops[reason, default: 0] > 0 {
                    out += "   Dropped (\(reason.rawValue)): \(r.drops[reason]!)\n"
                }
            }
            for reason in VRRPDropReason.allCases where drops[reason, default: 0] > 0 {
                out += " Dropped before matching an instance (\(reason.rawValue)): \(drops[reason]!)\n"
            }
            if kind == .statsClear {
                for r in instances { r.sent = 0; r.received = 0; r.drops = [:] }
                drops = [:]
            }
            return out
        case .data:
            var out = "------< VRRP Topology >------\n VRRP instances = \(instances.count)\n Reloads = \(reloads)\n"
            for r in instances {
                out += " VRRP Instance = \(r.config.name)\n   State = \(r.machine.state)\n   Virtual Router ID = \(r.parameters.virtualRouterID)\n"
                out += "   Priority = \(r.machine.effectivePriority) (configured \(r.machine.basePriority))\n   Version = \(r.parameters.version)\n"
                out += "   Source = \(r.parameters.primaryAddress)\n   Virtual IP (\(r.addresses.count)): \(r.addresses.map(\.description).joined(separator: ", "))\n"
            }
            return out
        }
    }
}
