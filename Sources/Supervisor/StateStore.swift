import KeepalivedIPC

/// The last state each child reported, kept by the parent: what the control socket shows,
/// what a restarted VRRP child resumes from, and what is relayed to the other child.
public struct StateStore: Hashable, Sendable {
    public private(set) var instances: [String: InstanceReport] = [:]
    public private(set) var realServers: [String: RealServerReport] = [:]
    public private(set) var quorums: [String: QuorumReport] = [:]

    public init() {}

    public mutating func record(_ report: InstanceReport) { instances[report.name] = report }
    public mutating func record(_ report: RealServerReport) { realServers[report.virtualServer + " " + report.realServer] = report }
    public mutating func record(_ report: QuorumReport) { quorums[report.virtualServer] = report }

    /// What a restarted VRRP child is told, in a stable order.
    public var resumeReports: [InstanceReport] { instances.values.sorted { $0.name < $1.name } }

    /// Forgets instances that a new configuration no longer has.
    public mutating func retainInstances(_ names: Set<String>) {
        instances = instances.filter { names.contains($0.key) }
    }
}
