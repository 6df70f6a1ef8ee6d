import KeepalivedConfig

/// Which process is speaking, declared in `hello`.
public enum ProcessRole: UInt8, Sendable, CaseIterable {
    case parent = 1
    case vrrp = 2
    case checker = 3
}

/// Why the parent sends a configuration.
public enum ConfigurationReason: UInt8, Sendable, CaseIterable {
    /// First configuration of a freshly started child.
    case start = 1
    /// SIGHUP or `keepalivedctl reload`: compare with the running generation, apply the difference.
    case reload = 2
    /// A child restarted after a crash: adopt the kernel state it left.
    case resume = 3
}

/// A VRRP instance's state as reported over IPC (RFC states plus keepalived's FAULT and STOP).
public enum InstanceState: UInt8, Sendable, CaseIterable {
    case initial = 0
    case backup = 1
    case master = 2
    case fault = 3
    case stop = 4
}

/// How the parent asks a child to stop.
public enum ShutdownMode: UInt8, Sendable, CaseIterable {
    /// Release what the child owns (priority-0 adverts and VIPs removed; IPVS entries removed) and exit.
    case release = 1
    /// Exit and leave kernel state in place (`-V`, `-I`, or a restart for upgrade).
    case keepKernelState = 2
}

/// What a dump asks for, one per keepalived signal.
public enum DumpKind: UInt8, Sendable, CaseIterable {
    case data = 1     // SIGUSR1, /tmp/keepalived.data
    case stats = 2    // SIGUSR2, /tmp/keepalived.stats
    case json = 3     // the JSON signal, /tmp/keepalived.json
    case statsClear = 4
}

/// The version handshake: the first message each side sends.
public struct Hello: Hashable, Sendable {
    public var role: ProcessRole
    public var processID: Int32
    /// The software version (for logs only; compatibility is the header's protocol version).
    public var software: String

    public init(role: ProcessRole, processID: Int32, software: String) {
        self.role = role
        self.processID = processID
        self.software = software
    }
}

/// The consolidated, preprocessed configuration: exactly the lines the parent validated, with
/// their origin, so that a child's diagnostics still name `file:line`.
public struct ConfigurationPayload: Hashable, Sendable {
    public var generation: UInt64
    public var reason: ConfigurationReason
    /// The config id the parent used (the child needs it for nothing but logs and dumps).
    public var configID: String
    public var lines: [LogicalLine]

    public init(generation: UInt64, reason: ConfigurationReason, configID: String, lines: [LogicalLine]) {
        self.generation = generation
        self.reason = reason
        self.configID = configID
        self.lines = lines
    }
}

/// One VRRP instance's state, reported by the VRRP child and kept by the parent.
public struct InstanceReport: Hashable, Sendable {
    public var name: String
    public var state: InstanceState
    /// The configured priority.
    public var basePriority: UInt8
    /// The priority in adverts after trackers and demotion.
    public var effectivePriority: UInt8
    /// Whether the VIPs are installed right now (a MASTER that restarts keeps them).
    public var addressesInstalled: Bool

    public init(name: String, state: InstanceState, basePriority: UInt8, effectivePriority: UInt8, addressesInstalled: Bool) {
        self.name = name
        self.state = state
        self.basePriority = basePriority
        self.effectivePriority = effectivePriority
        self.addressesInstalled = addressesInstalled
    }
}

/// A real server's health and weight, reported by the checker.
public struct RealServerReport: Hashable, Sendable {
    /// The virtual server as keepalived names it: `ADDR:PORT`, `[ADDR]:PORT`, `FWM N` or `GROUP NAME`.
    public var virtualServer: String
    /// The real server as `ADDR:PORT` / `[ADDR]:PORT`.
    public var realServer: String
    public var up: Bool
    public var weight: Int32

    public init(virtualServer: String, realServer: String, up: Bool, weight: Int32) {
        self.virtualServer = virtualServer
        self.realServer = realServer
        self.up = up
        self.weight = weight
    }
}

/// A virtual server's quorum crossing.
public struct QuorumReport: Hashable, Sendable {
    public var virtualServer: String
    public var up: Bool

    public init(virtualServer: String, up: Bool) {
        self.virtualServer = virtualServer
        self.up = up
    }
}

/// Every message of the parent–child protocol. `docs/ipc.md` specifies the bytes.
public enum IPCMessage: Hashable, Sendable {
    case hello(Hello)
    case configuration(ConfigurationPayload)
    case ready(generation: UInt64)
    case configFailed(generation: UInt64, diagnostics: [Diagnostic])
    case shutdown(ShutdownMode)
    case instanceState(InstanceReport)
    case realServerState(RealServerReport)
    case quorumState(QuorumReport)
    /// Parent → restarted VRRP child: the states last reported before the crash.
    case resume([InstanceReport])
    /// Parent → checker: a VRRP instance's state, relayed for `ha_suspend` / `lvs_sync_daemon`.
    case relayedInstanceState(InstanceReport)
    case dumpRequest(id: UInt32, kind: DumpKind)
    case dumpReply(id: UInt32, text: String)
    case heartbeat(sequence: UInt64)
    case heartbeatAck(sequence: UInt64)

    /// The type code on the wire. Codes below 0x8000 must be understood by the receiver;
    /// codes from 0x8000 up are optional and an older receiver skips them.
    public var typeCode: UInt16 {
        switch self {
        case .hello: return 0x0001
        case .configuration: return 0x0002
        case .ready: return 0x0003
        case .configFailed: return 0x0004
        case .shutdown: return 0x0005
        case .instanceState: return 0x0010
        case .realServerState: return 0x0011
        case .quorumState: return 0x0012
        case .resume: return 0x0013
        case .relayedInstanceState: return 0x0014
        case .dumpRequest: return 0x0020
        case .dumpReply: return 0x0021
        case .heartbeat: return 0x8001
        case .heartbeatAck: return 0x8002
        }
    }
}
