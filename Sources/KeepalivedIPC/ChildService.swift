import KeepalivedConfig
import KeepalivedSystem

/// What a child process does with its configuration: the VRRP child and the checker each
/// implement this; `ChildRuntime` does everything else (channel, handshake, heartbeats,
/// signals, parent death).
public protocol ChildService: AnyObject {
    /// Starts or reloads with `configuration`. `resume` holds the states the parent kept from
    /// before a crash (empty otherwise). Returns the problems that make it refuse the
    /// configuration, or an empty list when it now runs it.
    func apply(_ configuration: KeepalivedConfiguration, reason: ConfigurationReason, resume: [InstanceReport]) -> [Diagnostic]
    /// Stops: releases kernel state when `mode` says so. The runtime exits afterwards.
    func shutdown(_ mode: ShutdownMode)
    /// Text for a dump request (data, stats or JSON).
    func dump(_ kind: DumpKind) -> String
    /// A VRRP state relayed by the parent (the checker uses it; the VRRP child ignores it).
    func relayed(_ report: InstanceReport)
    /// Called once before the first configuration: the process's event loop, where to send
    /// state reports to the parent, and the logger.
    func attach(loop: EventLoop, report: @escaping (IPCMessage) -> Void, logger: Logger)
}

extension ChildService {
    public func relayed(_ report: InstanceReport) {}
    public func attach(loop: EventLoop, report: @escaping (IPCMessage) -> Void, logger: Logger) {}
}
