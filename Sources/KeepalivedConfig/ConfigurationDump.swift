/// `keepalived -d`: the parsed configuration with every default made explicit, one line per
/// top-level item, for the log.
public enum ConfigurationDump {
    public static func lines(_ c: KeepalivedConfiguration) -> [String] {
        var out = ["------< Configuration >------", "global_defs: \(fields(c.global))"]
        out += c.vrrp.scripts.map { "vrrp_script \($0.name): \($0)" }
        out += c.vrrp.trackFiles.map { "track_file \($0.name): \($0)" }
        out += c.vrrp.syncGroups.map { "vrrp_sync_group \($0.name): \($0)" }
        out += c.vrrp.instances.map { "vrrp_instance \($0.name): \(fields($0))" }
        out += c.vrrp.staticAddresses.map { "static_ipaddress: \($0)" }
        out += c.vrrp.staticRoutes.map { "static_routes: \($0)" }
        out += c.lvs.virtualServerGroups.map { "virtual_server_group \($0.name): \($0)" }
        out += c.lvs.virtualServers.map { "virtual_server \($0.service): \(fields($0))" }
        return out
    }

    /// Every stored field of a value, by name (a type's short `description` would hide them).
    static func fields(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        guard !mirror.children.isEmpty else { return String(describing: value) }
        let parts = mirror.children.map { child in "\(child.label ?? "_"): \(child.value)" }
        return "\(mirror.subjectType)(" + parts.joined(separator: ", ") + ")"
    }
}
