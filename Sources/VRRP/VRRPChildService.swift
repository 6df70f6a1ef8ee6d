import KeepalivedConfig
import KeepalivedIPC

/// The VRRP child's service: it receives the configuration from the parent and owns the
/// VIPs, adverts and announcements of every `vrrp_instance`.
///
/// The protocol engine (codec, state machine, sockets, VIPs) lands with issue [3/7]; until
/// then this service accepts and keeps the configuration, reports nothing, and dumps what it
/// holds, so that the supervisor and the protocol are exercised end to end.
public final class VRRPChildService: ChildService {
    public private(set) var configuration: KeepalivedConfiguration?
    public private(set) var reloads = 0

    public init() {}

    public func apply(_ configuration: KeepalivedConfiguration, reason: ConfigurationReason, resume: [InstanceReport]) -> [Diagnostic] {
        if reason == .reload { reloads += 1 }
        self.configuration = configuration
        return []
    }

    public func shutdown(_ mode: ShutdownMode) {}

    public func dump(_ kind: DumpKind) -> String {
        let instances = configuration?.vrrp.instances.count ?? 0
        switch kind {
        case .json: return "{\"vrrp_instances\": \(instances), \"reloads\": \(reloads)}\n"
        default: return "------< VRRP Topology >------\n VRRP instances = \(instances)\n Reloads = \(reloads)\n"
        }
    }
}
