import KeepalivedConfig
import KeepalivedIPC
import KeepalivedSystem
import NetworkAddress
import Netlink

/// One running `vrrp_instance`: its pure state machine, and the edges that carry out what the
/// machine decides (adverts on the socket, VIPs over rtnetlink, gratuitous ARP / NA, timers on
/// the event loop). Owned by `VRRPChildService`; used from the event loop only.
final class VRRPInstanceRuntime {
    let config: VRRPInstance
    let parameters: VRRPInstanceParameters
    var machine: VRRPStateMachine
    let interfaceIndex: Int32
    let socket: VRRPSocket
    let announcer: GratuitousAnnouncer?
    let addresses: [InterfaceAddress]
    let destinations: [IPAddress]
    let authData: [UInt8]
    let authType: UInt8
    let garp: VRRPGARPTiming
    unowned let daemon: VRRPChildService
    var masterDownTimer: EventLoop.TimerID?
    var advertTimer: EventLoop.TimerID?
    var garpTimers: [EventLoop.TimerID] = []
    var addressesInstalled = false
    /// Why the instance starts in FAULT (link down, no address), if it does.
    var initialFault: String? = nil
    /// Adverts sent and received, and drops by reason, for the stats dump.
    var sent = 0, received = 0
    var drops: [VRRPDropReason: Int] = [:]

    init(config: VRRPInstance, parameters: VRRPInstanceParameters, interfaceIndex: Int32, socket: VRRPSocket,
         announcer: GratuitousAnnouncer?, addresses: [InterfaceAddress], destinations: [IPAddress], garp: VRRPGARPTiming, daemon: VRRPChildService) {
        self.config = config
        self.parameters = parameters
        self.machine = VRRPStateMachine(parameters: parameters)
        self.interfaceIndex = interfaceIndex
        self.socket = socket
        self.announcer = announcer
        self.addresses = addresses
        self.destinations = destinations
        self.garp = garp
        self.daemon = daemon
        if let auth = config.authentication, auth.type == .password, parameters.version == 2 {
            authType = 1
            authData = Array(auth.password.utf8.prefix(8))
        } else {
            authType = 0
            authData = []
        }
    }

    static func now() -> VRRPClock.Instant { VRRPClock.Instant(microseconds: Instant.now().microseconds) }

    func handle(_ event: VRRPEvent) {
        let actions = machine.handle(event, at: VRRPInstanceRuntime.now())
        for action in actions { perform(action) }
        daemon.synchronizeGroup(of: self)
    }

    func perform(_ action: VRRPAction) {
        switch action {
        case .sendAdvert(let priority):
            sendAdvert(priority: priority)
        case .installAddresses:
            for a in addresses {
                do { _ = try daemon.addressManager.add(a) } catch { daemon.logger.error("(\(config.name)) \(error)") }
            }
            addressesInstalled = true
        case .removeAddresses:
            cancelGARP()
            for a in addresses {
                do { _ = try daemon.addressManager.delete(a) } catch { daemon.logger.error("(\(config.name)) \(error)") }
            }
            addressesInstalled = false
        case .announce:
            announce(repeat: garp.masterRepeat)
            if garp.masterDelayMicroseconds > 0 {
                garpTimers.append(daemon.loop.schedule(after: Int64(garp.masterDelayMicroseconds)) { [weak self] in
                    guard let self, self.machine.state == .master else { return }
                    self.announce(repeat: self.garp.masterRepeat)
                })
            }
        case .setMasterDownTimer(let deadline):
            if let t = masterDownTimer { daemon.loop.cancel(t) }
            masterDownTimer = daemon.loop.schedule(at: Instant(microseconds: deadline.microseconds)) { [weak self] in
                self?.masterDownTimer = nil
                self?.handle(.masterDownTimerExpired)
            }
        case .cancelMasterDownTimer:
            if let t = masterDownTimer { daemon.loop.cancel(t); masterDownTimer = nil }
        case .setAdvertTimer(let deadline):
            if let t = advertTimer { daemon.loop.cancel(t) }
            advertTimer = daemon.loop.schedule(at: Instant(microseconds: deadline.microseconds)) { [weak self] in
                self?.advertTimer = nil
                self?.handle(.advertTimerExpired)
            }
        case .cancelAdvertTimer:
            if let t = advertTimer { daemon.loop.cancel(t); advertTimer = nil }
        case .stateChanged(_, let to):
            daemon.report(self)
            daemon.runNotifyScripts(self, state: to)
        case .log(let line):
            daemon.logger.info(line)
        }
    }

    func sendAdvert(priority: UInt8) {
        let advert = VRRPAdvert(version: parameters.version, virtualRouterID: parameters.virtualRouterID, priority: priority,
                                advertInterval: parameters.advertIntervalField, addresses: parameters.addresses,
                                authType: authType, authData: authData)
        for destination in destinations {
            do {
                try socket.send(advert, source: parameters.primaryAddress, destination: destination)
                sent += 1
            } catch {
                daemon.logger.error("(\(config.name)) cannot send an advert to \(destination): \(error)")
            }
        }
    }

    func announce(repeat count: Int) {
        guard let announcer else { return }
        for _ in 0..<max(count, 1) {
            for a in addresses {
                do { try announcer.announce(a.address) } catch { daemon.logger.error("(\(config.name)) gratuitous announce of \(a.address): \(error)") }
            }
        }
    }

    func cancelGARP() {
        for t in garpTimers { daemon.loop.cancel(t) }
        garpTimers = []
    }

    /// Checks an advert addressed to this instance (RFC 5798 §7.1 and keepalived's additions);
    /// nil when it must be dropped (and counted).
    func accept(_ packet: ReceivedVRRPPacket, _ advert: VRRPAdvert) -> Bool {
        func drop(_ reason: VRRPDropReason) -> Bool { drops[reason, default: 0] += 1; daemon.drops[reason, default: 0] += 1; return false }
        if packet.source == parameters.primaryAddress { return drop(.ownPacket) }
        if packet.ttl != 255 { return drop(.badTTL) }
        if advert.version != parameters.version { return drop(.badVersion) }
        if parameters.version == 2 {
            if advert.authType != authType { return drop(.badAuthType) }
            if authType == 1 {
                let padded = authData + [UInt8](repeating: 0, count: 8 - authData.count)
                if advert.authData != padded { return drop(.badPassword) }
            }
            if advert.advertInterval != parameters.advertIntervalField { return drop(.intervalMismatch) }
        }
        received += 1
        return true
    }
}
