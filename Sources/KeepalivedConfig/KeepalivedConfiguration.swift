/// The whole configuration as typed, plain values, with every default made explicit.
///
/// This is what the parent validates and what each child derives its desired state from
/// (VIPs and adverts for the VRRP child; checks and the IPVS table for the checker). Being a
/// value, two generations can be compared to compute what a reload changes.
public struct KeepalivedConfiguration: Hashable, Sendable {
    /// `global_defs` and the top-level daemon settings.
    public var global = GlobalDefinitions()
    /// Everything the VRRP child owns: scripts, sync groups, instances, track files, static addresses and routes.
    public var vrrp = VRRPSection()
    /// Everything the checker owns: virtual server groups and virtual servers with their real servers.
    public var lvs = LVSSection()

    public init() {}

    /// Whether the VRRP child has anything to do (keepalived starts it only then, unless -P).
    public var needsVRRP: Bool { !vrrp.instances.isEmpty || !vrrp.staticAddresses.isEmpty || !vrrp.staticRoutes.isEmpty }
    /// Whether the checker child has anything to do (keepalived starts it only then, unless -C).
    public var needsChecker: Bool { !lvs.virtualServers.isEmpty }
}
