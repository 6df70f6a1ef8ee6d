import Testing
import NetworkAddress
@testable import VRRP

// Timing reference (µs), computed as keepalived does (VRRPTiming):
//   v2 skew(p) = (256 − p) × 1_000_000 / 256        p100 → 609_375   p150 → 414_062   p200 → 218_750
//                                                   p254 → 7_812     p255 → 3_906     p50 → 804_687   p1 → 996_093
//   v3 skew(p, cs) = (256 − p) × cs × 625 / 16       p100/100cs → 609_375   p100/200cs → 1_218_750
//                                                   p100/50cs → 304_687    p200/100cs → 218_750   p200/50cs → 109_375
//   master-down = downTimerAdverts × interval + skew   (v2 p100 1 s → 3_609_375)

private let me = IPAddress("192.0.2.10")!
private let lower = IPAddress("192.0.2.5")!
private let higher = IPAddress("192.0.2.20")!
private let vip = IPAddress("192.0.2.100")!

/// One event at one instant.
struct SMStep: Sendable {
    var time: Int64
    var event: VRRPEvent
    init(_ time: Int64, _ event: VRRPEvent) {
        self.time = time
        self.event = event
    }
}

/// One row of the table: parameters, what happens, and what must come out.
struct SMScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var parameters: VRRPInstanceParameters
    var steps: [SMStep]
    /// The state after the last step.
    var state: VRRPInstanceState
    /// Exactly the non-log actions of the last step, in order.
    var last: [VRRPAction]
    /// Log lines that must appear somewhere in the run.
    var logs: [String] = []
    /// Actions that must not appear anywhere in the run.
    var absent: [VRRPAction] = []
    var testDescription: String { name }
}

private func params(version: UInt8 = 2, priority: UInt8 = 100, interval: Int64 = 1_000_000, preempt: Bool = true,
                    preemptDelay: Int64 = 0, initial: VRRPInstanceParameters.InitialState = .backup,
                    downTimerAdverts: Int = 3, lowerPriorityAdvert: Bool = true, higherPriorityAdvert: Bool = false,
                    sync: Bool = false, name: String = "VI_1", vrid: UInt8 = 51) -> VRRPInstanceParameters {
    VRRPInstanceParameters(name: name, virtualRouterID: vrid, version: version, family: .ipv4, basePriority: priority,
                           advertIntervalMicroseconds: interval, preempt: preempt, preemptDelayMicroseconds: preemptDelay,
                           initialState: initial, primaryAddress: me, addresses: [vip], downTimerAdverts: downTimerAdverts,
                           sendAdvertOnLowerPriority: lowerPriorityAdvert, higherPrioritySendAdvert: higherPriorityAdvert,
                           inSyncGroup: sync)
}

/// An advert event: v2 interval in seconds, v3 in centiseconds.
private func rx(_ priority: UInt8, from source: IPAddress = higher, version: UInt8 = 2, interval: UInt16? = nil,
                vrid: UInt8 = 51) -> VRRPEvent {
    .advertReceived(VRRPAdvert(version: version, virtualRouterID: vrid, priority: priority,
                               advertInterval: interval ?? (version == 3 ? 100 : 1), addresses: [vip]), source: source)
}

private let start = SMStep(0, .start)
/// Start at 0 with priority 100 (v2, 1 s) and time out into MASTER at 3_609_375.
private let becomeMasterP100 = [start, SMStep(3_609_375, .masterDownTimerExpired)]
private func enteredMaster(_ from: VRRPInstanceState, priority: UInt8, advertAt: Int64) -> [VRRPAction] {
    [.sendAdvert(priority: priority), .installAddresses, .announce, .stateChanged(from: from, to: .master), .setAdvertTimer(.init(microseconds: advertAt))]
}
private func down(_ t: Int64) -> VRRPAction { .setMasterDownTimer(.init(microseconds: t)) }
private func advertTimer(_ t: Int64) -> VRRPAction { .setAdvertTimer(.init(microseconds: t)) }

let stateMachineScenarios: [SMScenario] = [
    // ---- startup ----
    SMScenario(name: "v2 start as backup: down = 3 s + 609375 skew", parameters: params(), steps: [start],
             state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(3_609_375)],
             logs: ["(VI_1) Entering BACKUP STATE (init)"]),
    SMScenario(name: "v2 start later: deadline is relative to now", parameters: params(priority: 200), steps: [SMStep(10_000_000, .start)],
             state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(13_218_750)]),
    SMScenario(name: "owner (255) goes straight to MASTER on start", parameters: params(priority: 255), steps: [start],
             state: .master, last: enteredMaster(.initialize, priority: 255, advertAt: 1_000_000),
             logs: ["(VI_1) Entering MASTER STATE"], absent: [down(3_003_906)]),
    SMScenario(name: "owner with state BACKUP still starts as MASTER", parameters: params(priority: 255, initial: .backup), steps: [start],
             state: .master, last: enteredMaster(.initialize, priority: 255, advertAt: 1_000_000)),
    SMScenario(name: "state MASTER below 255 starts as BACKUP with the full down interval (keepalived)",
             parameters: params(initial: .master), steps: [start],
             state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(3_609_375)],
             logs: ["(VI_1) Entering BACKUP STATE (init)"], absent: [.installAddresses]),
    SMScenario(name: "down_timer_adverts 5", parameters: params(downTimerAdverts: 5), steps: [start],
             state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(5_609_375)]),
    SMScenario(name: "v3 prio 200 interval 100 cs: down = 3 s + 218750", parameters: params(version: 3, priority: 200), steps: [start],
             state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(3_218_750)]),
    SMScenario(name: "v3 prio 100 interval 10 cs: down = 300 ms + 60937", parameters: params(version: 3, interval: 100_000), steps: [start],
             state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(360_937)]),

    // ---- backup behaviour ----
    SMScenario(name: "backup -> master on master-down timeout", parameters: params(), steps: becomeMasterP100,
             state: .master, last: enteredMaster(.backup, priority: 100, advertAt: 4_609_375),
             logs: ["(VI_1) Receive advertisement timeout", "(VI_1) Entering MASTER STATE"]),
    SMScenario(name: "higher-priority advert re-arms the down timer", parameters: params(), steps: [start, SMStep(1_000_000, rx(200))],
             state: .backup, last: [down(4_609_375)]),
    SMScenario(name: "equal-priority advert is accepted by a backup", parameters: params(), steps: [start, SMStep(2_000_000, rx(100, from: lower))],
             state: .backup, last: [down(5_609_375)]),
    SMScenario(name: "stale down-timer expiry (deadline moved) is ignored", parameters: params(),
             steps: [start, SMStep(1_000_000, rx(200)), SMStep(3_609_375, .masterDownTimerExpired)],
             state: .backup, last: [], absent: [.installAddresses]),
    SMScenario(name: "advert for another VRID is ignored", parameters: params(), steps: [start, SMStep(1_000_000, rx(200, vrid: 52))],
             state: .backup, last: []),
    SMScenario(name: "priority 0 in BACKUP: down timer = skew", parameters: params(),
             steps: [start, SMStep(1_000_000, rx(200)), SMStep(2_000_000, rx(0))],
             state: .backup, last: [down(2_609_375)], logs: ["(VI_1) Backup received priority 0 advertisement"]),
    SMScenario(name: "priority 0 fast takeover: MASTER one skew later", parameters: params(),
             steps: [start, SMStep(1_000_000, rx(200)), SMStep(2_000_000, rx(0)), SMStep(2_609_375, .masterDownTimerExpired)],
             state: .master, last: enteredMaster(.backup, priority: 100, advertAt: 3_609_375)),

    // ---- preemption ----
    SMScenario(name: "preempt: lower-priority master's advert is discarded, deadline kept", parameters: params(priority: 150),
             steps: [start, SMStep(1_000_000, rx(100))],
             state: .backup, last: [],
             logs: ["(VI_1) received lower priority (100) advert from 192.0.2.20 - discarding"]),
    SMScenario(name: "preempt: backup takes over from the lower master at its original deadline", parameters: params(priority: 150),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(2_000_000, rx(100)), SMStep(3_414_062, .masterDownTimerExpired)],
             state: .master, last: enteredMaster(.backup, priority: 150, advertAt: 4_414_062)),
    SMScenario(name: "nopreempt: backup follows a live lower-priority master", parameters: params(priority: 150, preempt: false),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(2_000_000, rx(100))],
             state: .backup, last: [down(5_414_062)], absent: [.installAddresses]),
    SMScenario(name: "nopreempt: still takes over when the lower master dies", parameters: params(priority: 150, preempt: false),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(4_414_062, .masterDownTimerExpired)],
             state: .master, last: enteredMaster(.backup, priority: 150, advertAt: 5_414_062)),
    SMScenario(name: "preempt_delay: lower master followed during the delay", parameters: params(priority: 150, preemptDelay: 5_000_000),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(3_000_000, rx(100)), SMStep(5_000_000, rx(100))],
             state: .backup, last: [down(8_414_062)], logs: ["(VI_1) start preempt delay (5.000000)"]),
    SMScenario(name: "preempt_delay: discarded once the delay is over", parameters: params(priority: 150, preemptDelay: 5_000_000),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(5_000_000, rx(100)), SMStep(6_000_000, rx(100))],
             state: .backup, last: [],
             logs: ["(VI_1) received lower priority (100) advert from 192.0.2.20 - discarding"]),
    SMScenario(name: "preempt_delay: preempts at the last accepted advert's deadline", parameters: params(priority: 150, preemptDelay: 5_000_000),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(5_000_000, rx(100)), SMStep(6_000_000, rx(100)),
                     SMStep(7_000_000, rx(100)), SMStep(8_414_062, .masterDownTimerExpired)],
             state: .master, last: enteredMaster(.backup, priority: 150, advertAt: 9_414_062)),
    SMScenario(name: "preempt_delay: stopped by a higher-priority master", parameters: params(priority: 150, preemptDelay: 5_000_000),
             steps: [start, SMStep(1_000_000, rx(100)), SMStep(2_000_000, rx(200))],
             state: .backup, last: [down(5_414_062)], logs: ["(VI_1) stop preempt delay"]),

    // ---- master behaviour ----
    SMScenario(name: "master sends periodic adverts", parameters: params(priority: 255), steps: [start, SMStep(1_000_000, .advertTimerExpired)],
             state: .master, last: [.sendAdvert(priority: 255), advertTimer(2_000_000)]),
    SMScenario(name: "master -> backup on higher priority", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(200, from: lower))],
             state: .backup, last: [.cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .backup), down(7_609_375)],
             logs: ["(VI_1) Master received advert from 192.0.2.5 with higher priority 200, ours 100", "(VI_1) Entering BACKUP STATE"],
             absent: [.sendAdvert(priority: 0)]),
    SMScenario(name: "tie-break: equal priority from a higher address -> backup", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(100, from: higher))],
             state: .backup, last: [.cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .backup), down(7_609_375)],
             logs: ["(VI_1) Master received advert from 192.0.2.20 with same priority 100 but higher IP address than ours"]),
    SMScenario(name: "tie-break: equal priority from a lower address -> stay master, answer", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(100, from: lower))],
             state: .master, last: [.sendAdvert(priority: 100), advertTimer(5_000_000)],
             logs: ["(VI_1) Received advert from 192.0.2.5 with lower priority 100, ours 100, forcing new election"]),
    SMScenario(name: "lower-priority advert in MASTER: send an advert at once", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(50))],
             state: .master, last: [.sendAdvert(priority: 100), advertTimer(5_000_000)],
             logs: ["(VI_1) Received advert from 192.0.2.20 with lower priority 50, ours 100, forcing new election"]),
    SMScenario(name: "lower_prio_no_advert: master stays silent", parameters: params(lowerPriorityAdvert: false),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(50))],
             state: .master, last: [], logs: ["(VI_1) Received advert from 192.0.2.20 with lower priority 50, ours 100"]),
    SMScenario(name: "higher_prio_send_advert: one advert before yielding", parameters: params(higherPriorityAdvert: true),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(200))],
             state: .backup, last: [.sendAdvert(priority: 100), .cancelAdvertTimer, .removeAddresses,
                                    .stateChanged(from: .master, to: .backup), down(7_609_375)]),
    SMScenario(name: "priority 0 heard by MASTER: re-assert at once", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(0))],
             state: .master, last: [.sendAdvert(priority: 100), advertTimer(5_000_000)],
             logs: ["(VI_1) Master received priority 0 message"]),
    SMScenario(name: "equal priority from our own address: warning, stay master", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(100, from: me))],
             state: .master, last: [],
             logs: ["(VI_1) WARNING - equal priority advert received from remote host with our IP address."]),
    SMScenario(name: "two address owners: ours drops to 254 and yields", parameters: params(priority: 255),
             steps: [start, SMStep(2_000_000, rx(255, from: lower))],
             state: .backup, last: [.cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .backup), down(5_007_812)],
             logs: ["(VI_1) CONFIGURATION ERROR: local instance and a remote instance are both configured as address owner, please fix - reducing local priority"]),

    // ---- v3 interval learning ----
    SMScenario(name: "v3 backup learns a 200 cs master interval", parameters: params(version: 3),
             steps: [start, SMStep(1_000_000, rx(200, version: 3, interval: 200))],
             state: .backup, last: [down(8_218_750)],
             logs: ["(VI_1) advertisement interval updated from 1000ms to 2000ms by master"]),
    SMScenario(name: "v3 prio 200 learns 50 cs: down = 1.5 s + 109375", parameters: params(version: 3, priority: 200),
             steps: [start, SMStep(1_000_000, rx(250, version: 3, interval: 50))],
             state: .backup, last: [down(2_609_375)]),
    SMScenario(name: "v3 takeover at the learned deadline, then adverts at our own interval", parameters: params(version: 3),
             steps: [start, SMStep(1_000_000, rx(200, version: 3, interval: 200)), SMStep(8_218_750, .masterDownTimerExpired)],
             state: .master, last: enteredMaster(.backup, priority: 100, advertAt: 9_218_750),
             logs: ["(VI_1) using locally configured advertisement interval (1000 milli-sec)"]),
    SMScenario(name: "v3 master yields and learns the new master's 50 cs interval", parameters: params(version: 3),
             steps: becomeMasterP100 + [SMStep(4_000_000, rx(200, from: lower, version: 3, interval: 50))],
             state: .backup, last: [.cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .backup), down(5_804_687)],
             logs: ["(VI_1) advertisement interval updated from 1000ms to 500ms by new master"]),

    // ---- faults ----
    SMScenario(name: "fault in BACKUP", parameters: params(), steps: [start, SMStep(1_000_000, .faultRaised("eth0"))],
             state: .fault, last: [.cancelMasterDownTimer, .stateChanged(from: .backup, to: .fault)],
             logs: ["(VI_1) Entering FAULT STATE"]),
    SMScenario(name: "fault in MASTER: priority 0, then addresses removed", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, .faultRaised("eth0"))],
             state: .fault, last: [.sendAdvert(priority: 0), .cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .fault)],
             logs: ["(VI_1) Entering FAULT STATE"]),
    SMScenario(name: "fault before start: FAULT (init)", parameters: params(), steps: [SMStep(0, .faultRaised("eth0")), start],
             state: .fault, last: [.stateChanged(from: .initialize, to: .fault)], logs: ["(VI_1) Entering FAULT STATE (init)"]),
    SMScenario(name: "fault (init) cleared -> BACKUP", parameters: params(),
             steps: [SMStep(0, .faultRaised("eth0")), start, SMStep(1_000_000, .faultCleared("eth0"))],
             state: .backup, last: [.stateChanged(from: .fault, to: .backup), down(4_609_375)]),
    SMScenario(name: "fault cleared -> BACKUP with a fresh down timer", parameters: params(),
             steps: [start, SMStep(1_000_000, .faultRaised("eth0")), SMStep(2_000_000, .faultCleared("eth0"))],
             state: .backup, last: [.stateChanged(from: .fault, to: .backup), down(5_609_375)],
             logs: ["(VI_1) Entering BACKUP STATE"]),
    SMScenario(name: "master faulted and recovered comes back as BACKUP", parameters: params(),
             steps: becomeMasterP100 + [SMStep(4_000_000, .faultRaised("chk")), SMStep(5_000_000, .faultCleared("chk"))],
             state: .backup, last: [.stateChanged(from: .fault, to: .backup), down(8_609_375)]),
    SMScenario(name: "owner fault cleared -> MASTER", parameters: params(priority: 255),
             steps: [start, SMStep(1_500_000, .faultRaised("eth0")), SMStep(2_000_000, .faultCleared("eth0"))],
             state: .master, last: enteredMaster(.fault, priority: 255, advertAt: 3_000_000)),
    SMScenario(name: "two faults: still FAULT after one clears", parameters: params(),
             steps: [start, SMStep(1_000_000, .faultRaised("eth0")), SMStep(1_000_000, .faultRaised("script chk")),
                     SMStep(2_000_000, .faultCleared("eth0"))],
             state: .fault, last: []),
    SMScenario(name: "two faults: BACKUP when both clear", parameters: params(),
             steps: [start, SMStep(1_000_000, .faultRaised("eth0")), SMStep(1_000_000, .faultRaised("script chk")),
                     SMStep(2_000_000, .faultCleared("eth0")), SMStep(3_000_000, .faultCleared("script chk"))],
             state: .backup, last: [.stateChanged(from: .fault, to: .backup), down(6_609_375)]),
    SMScenario(name: "adverts and timers are ignored in FAULT", parameters: params(),
             steps: [start, SMStep(1_000_000, .faultRaised("eth0")), SMStep(2_000_000, rx(0)), SMStep(3_609_375, .masterDownTimerExpired)],
             state: .fault, last: [], absent: [.installAddresses]),

    // ---- shutdown ----
    SMScenario(name: "shutdown as MASTER: priority 0 and addresses removed", parameters: params(),
             steps: becomeMasterP100 + [SMStep(5_000_000, .shutdown)],
             state: .stopped, last: [.sendAdvert(priority: 0), .cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .stopped)],
             logs: ["(VI_1) sent 0 priority"]),
    SMScenario(name: "shutdown as BACKUP: silent", parameters: params(), steps: [start, SMStep(1_000_000, .shutdown)],
             state: .stopped, last: [.cancelMasterDownTimer, .stateChanged(from: .backup, to: .stopped)],
             absent: [.sendAdvert(priority: 0), .removeAddresses]),
    SMScenario(name: "shutdown in FAULT", parameters: params(), steps: [start, SMStep(1_000_000, .faultRaised("eth0")), SMStep(2_000_000, .shutdown)],
             state: .stopped, last: [.stateChanged(from: .fault, to: .stopped)]),

    // ---- effective priority (trackers) ----
    SMScenario(name: "priority raised in BACKUP moves the deadline by the skew change", parameters: params(),
             steps: [start, SMStep(1_000_000, .effectivePriorityChanged(200))],
             state: .backup, last: [down(3_218_750)], logs: ["(VI_1) Changing effective priority from 100 to 200"]),
    SMScenario(name: "priority clamped to 254 and to 1", parameters: params(),
             steps: [start, SMStep(0, .effectivePriorityChanged(400)), SMStep(0, .effectivePriorityChanged(-20))],
             state: .backup, last: [down(3_996_093)], logs: ["(VI_1) Changing effective priority from 100 to 254",
                                                             "(VI_1) Changing effective priority from 254 to 1"]),
    SMScenario(name: "priority raised above the master's -> preemption", parameters: params(),
             steps: [start, SMStep(1_000_000, rx(150)), SMStep(1_500_000, .effectivePriorityChanged(200)),
                     SMStep(2_000_000, rx(150)), SMStep(4_218_750, .masterDownTimerExpired)],
             state: .master, last: enteredMaster(.backup, priority: 200, advertAt: 5_218_750),
             logs: ["(VI_1) received lower priority (150) advert from 192.0.2.20 - discarding"]),
    SMScenario(name: "master's lowered priority goes out in its next advert", parameters: params(priority: 150),
             steps: [start, SMStep(3_414_062, .masterDownTimerExpired), SMStep(4_000_000, .effectivePriorityChanged(50)),
                     SMStep(4_414_062, .advertTimerExpired)],
             state: .master, last: [.sendAdvert(priority: 50), advertTimer(5_414_062)]),
    SMScenario(name: "master's lowered priority lets a higher backup take over", parameters: params(priority: 150),
             steps: [start, SMStep(3_414_062, .masterDownTimerExpired), SMStep(4_000_000, .effectivePriorityChanged(50)),
                     SMStep(4_414_062, .advertTimerExpired), SMStep(5_000_000, rx(100))],
             state: .backup, last: [.cancelAdvertTimer, .removeAddresses, .stateChanged(from: .master, to: .backup), down(8_804_687)]),
    SMScenario(name: "owner ignores tracker priority changes", parameters: params(priority: 255),
             steps: [start, SMStep(500_000, .effectivePriorityChanged(100)), SMStep(1_000_000, .advertTimerExpired)],
             state: .master, last: [.sendAdvert(priority: 255), advertTimer(2_000_000)]),

    // ---- sync-group hooks on a single instance ----
    SMScenario(name: "sync member with state MASTER: one interval + minimum skew", parameters: params(initial: .master, sync: true),
             steps: [start], state: .backup, last: [.stateChanged(from: .initialize, to: .backup), down(1_003_906)]),
    SMScenario(name: "sync member held in BACKUP at timeout until the group agrees", parameters: params(sync: true),
             steps: [start, SMStep(3_609_375, .masterDownTimerExpired)],
             state: .backup, last: [down(7_218_750)], absent: [.installAddresses]),
    SMScenario(name: "sync member forced to MASTER", parameters: params(sync: true),
             steps: [start, SMStep(3_609_375, .masterDownTimerExpired), SMStep(3_609_375, .syncGroupForced(.master))],
             state: .master, last: [.cancelMasterDownTimer] + enteredMaster(.backup, priority: 100, advertAt: 4_609_375)),
]

@Suite("VRRPStateMachine scenarios")
struct VRRPStateMachineScenarioTests {
    @Test("scenario table", arguments: stateMachineScenarios)
    func run(_ scenario: SMScenario) {
        var machine = VRRPStateMachine(parameters: scenario.parameters)
        var all: [VRRPAction] = []
        var last: [VRRPAction] = []
        for step in scenario.steps {
            last = machine.handle(step.event, at: .init(microseconds: step.time))
            all += last
        }
        #expect(machine.state == scenario.state)
        #expect(last.filter { !$0.isLog } == scenario.last)
        let logs = all.compactMap(\.logText)
        for line in scenario.logs {
            #expect(logs.contains(line), "missing log line \(line); got \(logs)")
        }
        for action in scenario.absent {
            #expect(!all.contains(action), "unexpected \(action)")
        }
        // The machine's own view of its timers matches the last arming.
        if case .setMasterDownTimer(let t)? = last.last(where: { if case .setMasterDownTimer = $0 { return true }; return false }) {
            #expect(machine.masterDownDeadline == t)
        }
    }

    @Test func scenarioCount() {
        #expect(stateMachineScenarios.count >= 30)
    }
}

fileprivate extension VRRPAction {
    var isLog: Bool { if case .log = self { return true }; return false }
    var logText: String? { if case .log(let s) = self { return s }; return nil }
}

// MARK: - timing arithmetic

struct SMTimingCase: Sendable, CustomTestStringConvertible {
    var version: UInt8
    var priority: Int
    var interval: Int64
    var skew: Int64
    var down: Int64
    var testDescription: String { "v\(version) p\(priority) \(interval)µs" }
}

@Suite("VRRPTiming")
struct VRRPTimingTests {
    @Test(arguments: [
        SMTimingCase(version: 2, priority: 100, interval: 1_000_000, skew: 609_375, down: 3_609_375),
        SMTimingCase(version: 2, priority: 255, interval: 1_000_000, skew: 3_906, down: 3_003_906),
        SMTimingCase(version: 2, priority: 1, interval: 1_000_000, skew: 996_093, down: 3_996_093),
        SMTimingCase(version: 2, priority: 100, interval: 3_000_000, skew: 609_375, down: 9_609_375),
        SMTimingCase(version: 3, priority: 200, interval: 1_000_000, skew: 218_750, down: 3_218_750),
        SMTimingCase(version: 3, priority: 100, interval: 2_000_000, skew: 1_218_750, down: 7_218_750),
        SMTimingCase(version: 3, priority: 100, interval: 500_000, skew: 304_687, down: 1_804_687),
        SMTimingCase(version: 3, priority: 255, interval: 10_000, skew: 39, down: 30_039),
        SMTimingCase(version: 3, priority: 1, interval: 40_950_000, skew: 40_790_039, down: 163_640_039),
    ])
    func skewAndDown(_ c: SMTimingCase) {
        #expect(VRRPTiming.skewTime(version: c.version, priority: c.priority, masterAdvertIntervalMicroseconds: c.interval) == c.skew)
        #expect(VRRPTiming.masterDownInterval(version: c.version, priority: c.priority, masterAdvertIntervalMicroseconds: c.interval,
                                              downTimerAdverts: 3) == c.down)
    }

    @Test func advertIntervalUnits() {
        let v2 = VRRPAdvert(version: 2, virtualRouterID: 1, priority: 100, advertInterval: 3, addresses: [vip])
        let v3 = VRRPAdvert(version: 3, virtualRouterID: 1, priority: 100, advertInterval: 150, addresses: [vip])
        #expect(VRRPTiming.advertIntervalMicroseconds(of: v2) == 3_000_000)
        #expect(VRRPTiming.advertIntervalMicroseconds(of: v3) == 1_500_000)
        #expect(params(version: 3, interval: 1_500_000).advertIntervalField == 150)
        #expect(params().advert(priority: 7).priority == 7)
    }

    @Test func parameterProblems() {
        #expect(params().problems.isEmpty)
        #expect(!params(priority: 0).problems.isEmpty)
        #expect(!params(interval: 500_000).problems.isEmpty)
        #expect(params(version: 3, interval: 500_000).problems.isEmpty)
        #expect(!params(vrid: 0).problems.isEmpty)
    }
}

// MARK: - sync groups

/// Several machines and their group coordinator, reconciled after every event as a driver would.
struct SMSyncHarness {
    var machines: [String: VRRPStateMachine] = [:]
    var order: [String] = []
    var group = VRRPSyncGroupCoordinator(name: "VG_1")
    var actions: [String: [VRRPAction]] = [:]
    var groupActions: [VRRPSyncGroupCoordinator.Action] = []

    init(_ members: [VRRPInstanceParameters]) {
        for p in members {
            machines[p.name] = VRRPStateMachine(parameters: p)
            order.append(p.name)
            actions[p.name] = []
        }
    }

    mutating func send(_ member: String, _ event: VRRPEvent, at time: Int64) {
        let now = VRRPClock.Instant(microseconds: time)
        actions[member, default: []] += machines[member]!.handle(event, at: now)
        for _ in 0..<10 {
            let decided = group.reconcile(order.map { machines[$0]!.syncMember })
            groupActions += decided
            var forced = false
            for case .force(let name, let transition) in decided {
                actions[name, default: []] += machines[name]!.handle(.syncGroupForced(transition), at: now)
                forced = true
            }
            if !forced { break }
        }
    }

    func state(_ member: String) -> VRRPInstanceState { machines[member]!.state }
}

struct SMSyncStep: Sendable {
    var time: Int64
    var member: String
    var event: VRRPEvent
    init(_ time: Int64, _ member: String, _ event: VRRPEvent) {
        self.time = time
        self.member = member
        self.event = event
    }
}

struct SMSyncScenario: Sendable, CustomTestStringConvertible {
    var name: String
    var members: [VRRPInstanceParameters]
    var steps: [SMSyncStep]
    var states: [String: VRRPInstanceState]
    var groupState: VRRPInstanceState
    var groupLogs: [String] = []
    /// Per member, actions that must appear (anywhere in its run).
    var contains: [String: [VRRPAction]] = [:]
    var absent: [String: [VRRPAction]] = [:]
    var testDescription: String { name }
}

private func member(_ name: String, priority: UInt8 = 100, initial: VRRPInstanceParameters.InitialState = .backup,
                    vrid: UInt8) -> VRRPInstanceParameters {
    params(priority: priority, initial: initial, sync: true, name: name, vrid: vrid)
}

private let twoBackups = [member("VI_1", vrid: 51), member("VI_2", vrid: 52)]
/// Both time out at 3_609_375: the group agrees and both become master.
private let bothMaster = [SMSyncStep(0, "VI_1", .start), SMSyncStep(0, "VI_2", .start),
                          SMSyncStep(3_609_375, "VI_1", .masterDownTimerExpired), SMSyncStep(3_609_375, "VI_2", .masterDownTimerExpired)]

let syncGroupScenarios: [SMSyncScenario] = [
    SMSyncScenario(name: "start: both BACKUP, group BACKUP", members: twoBackups,
                 steps: [SMSyncStep(0, "VI_1", .start), SMSyncStep(0, "VI_2", .start)],
                 states: ["VI_1": .backup, "VI_2": .backup], groupState: .backup),
    SMSyncScenario(name: "one member timed out: held until the other wants MASTER too", members: twoBackups,
                 steps: [SMSyncStep(0, "VI_1", .start), SMSyncStep(0, "VI_2", .start), SMSyncStep(500_000, "VI_2", rx(200, vrid: 52)),
                         SMSyncStep(3_609_375, "VI_1", .masterDownTimerExpired)],
                 states: ["VI_1": .backup, "VI_2": .backup], groupState: .backup,
                 absent: ["VI_1": [.installAddresses]]),
    SMSyncScenario(name: "all want MASTER: all go MASTER together", members: twoBackups, steps: bothMaster,
                 states: ["VI_1": .master, "VI_2": .master], groupState: .master,
                 groupLogs: ["VRRP_Group(VG_1) Syncing instances to MASTER state"],
                 contains: ["VI_1": [.sendAdvert(priority: 100), .installAddresses], "VI_2": [.sendAdvert(priority: 100), .installAddresses]]),
    SMSyncScenario(name: "address owners go MASTER together at start",
                 members: [member("VI_1", priority: 255, vrid: 51), member("VI_2", priority: 255, vrid: 52)],
                 steps: [SMSyncStep(0, "VI_1", .start), SMSyncStep(0, "VI_2", .start)],
                 states: ["VI_1": .master, "VI_2": .master], groupState: .master,
                 contains: ["VI_1": [.sendAdvert(priority: 255)], "VI_2": [.sendAdvert(priority: 255)]]),
    SMSyncScenario(name: "member fault takes the other master to FAULT with priority 0", members: twoBackups,
                 steps: bothMaster + [SMSyncStep(5_000_000, "VI_1", .faultRaised("eth0"))],
                 states: ["VI_1": .fault, "VI_2": .fault], groupState: .fault,
                 groupLogs: ["VRRP_Group(VG_1) Syncing instances to FAULT state"],
                 contains: ["VI_1": [.sendAdvert(priority: 0), .removeAddresses], "VI_2": [.sendAdvert(priority: 0), .removeAddresses]]),
    SMSyncScenario(name: "member fault takes a backup member to FAULT", members: twoBackups,
                 steps: [SMSyncStep(0, "VI_1", .start), SMSyncStep(0, "VI_2", .start), SMSyncStep(1_000_000, "VI_2", .faultRaised("eth1"))],
                 states: ["VI_1": .fault, "VI_2": .fault], groupState: .fault,
                 contains: ["VI_1": [.cancelMasterDownTimer, .stateChanged(from: .backup, to: .fault)]]),
    SMSyncScenario(name: "fault cleared: whole group back to BACKUP", members: twoBackups,
                 steps: bothMaster + [SMSyncStep(5_000_000, "VI_1", .faultRaised("eth0")), SMSyncStep(6_000_000, "VI_1", .faultCleared("eth0"))],
                 states: ["VI_1": .backup, "VI_2": .backup], groupState: .backup,
                 groupLogs: ["VRRP_Group(VG_1) Syncing instances to BACKUP state"],
                 contains: ["VI_1": [down(9_609_375)], "VI_2": [down(9_609_375)]]),
    SMSyncScenario(name: "two members faulted: group stays FAULT until both clear", members: twoBackups,
                 steps: [SMSyncStep(0, "VI_1", .start), SMSyncStep(0, "VI_2", .start),
                         SMSyncStep(1_000_000, "VI_1", .faultRaised("eth0")), SMSyncStep(1_000_000, "VI_2", .faultRaised("eth1")),
                         SMSyncStep(2_000_000, "VI_1", .faultCleared("eth0"))],
                 states: ["VI_1": .fault, "VI_2": .fault], groupState: .fault),
    SMSyncScenario(name: "a master yielding to higher priority takes the group to BACKUP", members: twoBackups,
                 steps: bothMaster + [SMSyncStep(5_000_000, "VI_2", rx(200, vrid: 52))],
                 states: ["VI_1": .backup, "VI_2": .backup], groupState: .backup,
                 groupLogs: ["VRRP_Group(VG_1) Syncing instances to BACKUP state"],
                 contains: ["VI_1": [.removeAddresses, .stateChanged(from: .master, to: .backup), down(8_609_375)]],
                 absent: ["VI_1": [.sendAdvert(priority: 0)]]),
]

@Suite("VRRPSyncGroupCoordinator")
struct VRRPSyncGroupTests {
    @Test("sync group table", arguments: syncGroupScenarios)
    func run(_ scenario: SMSyncScenario) {
        var harness = SMSyncHarness(scenario.members)
        for step in scenario.steps {
            harness.send(step.member, step.event, at: step.time)
        }
        for (name, expected) in scenario.states {
            #expect(harness.state(name) == expected, "\(name)")
        }
        #expect(harness.group.state == scenario.groupState)
        let logs = harness.groupActions.compactMap { action -> String? in
            if case .log(let s) = action { return s }
            return nil
        }
        for line in scenario.groupLogs {
            #expect(logs.contains(line), "missing \(line); got \(logs)")
        }
        for (name, expected) in scenario.contains {
            for action in expected {
                #expect(harness.actions[name]!.contains(action), "\(name) lacks \(action)")
            }
        }
        for (name, unexpected) in scenario.absent {
            for action in unexpected {
                #expect(!harness.actions[name]!.contains(action), "\(name) has \(action)")
            }
        }
    }

    @Test func stoppedAndUnstartedMembersAreNeverForced() {
        var group = VRRPSyncGroupCoordinator(name: "G")
        let decided = group.reconcile([
            .init(name: "A", state: .fault, wantState: .fault, hasFault: true),
            .init(name: "B", state: .initialize, wantState: .backup),
            .init(name: "C", state: .stopped, wantState: .backup),
        ])
        #expect(!decided.contains { if case .force = $0 { return true }; return false })
        #expect(decided.contains(.log("VRRP_Group(G) Syncing instances to FAULT state")))
        #expect(group.state == .fault)
    }
}
