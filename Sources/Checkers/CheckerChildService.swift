import KeepalivedConfig
import KeepalivedIPC

/// The checker child's service: it receives the configuration from the parent and owns the
/// health checks and the IPVS table of every `virtual_server`.
///
/// The checkers and the IPVS client land with issue [4/7]; until then this service accepts
/// and keeps the configuration and dumps what it holds.
public final class CheckerChildService: ChildService {
    public private(set) var configuration: KeepalivedConfiguration?
    public private(set) var reloads = 0
    public private(set) var lastRelayed: [String: InstanceReport] = [:]

    public init() {}

    public func apply(_ configuration: KeepalivedConfiguration, reason: ConfigurationReason, resume: [InstanceReport]) -> [Diagnostic] {
        if reason == .reload { reloads += 1 }
        self.configuration = configuration
        return []
    }

    public func shutdown(_ mode: ShutdownMode) {}

    public func relayed(_ report: InstanceReport) { lastRelayed[report.name] = report }

    public func dump(_ kind: DumpKind) -> String {
        let servers = configuration?.lvs.virtualServers.count ?? 0
        switch kind {
        case .json: return "{\"virtual_servers\": \(servers), \"reloads\": \(reloads)}\n"
        default: return "------< Health checkers >------\n Virtual servers = \(servers)\n Reloads = \(reloads)\n"
        }
    }
}
