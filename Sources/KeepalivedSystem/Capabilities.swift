import CCap
#if canImport(Glibc)
import Glibc
#endif

/// The process's POSIX capabilities, read and dropped through libcap.
///
/// Each process keeps only what it needs after setup (the VRRP child: NET_ADMIN and NET_RAW;
/// the checker: NET_ADMIN and NET_RAW for ICMP); this type is how they say so and how tests check it.
public enum Capabilities {
    /// The capabilities this module knows by name.
    public enum Name: String, CaseIterable, Sendable {
        case netAdmin = "cap_net_admin"
        case netRaw = "cap_net_raw"
        case netBindService = "cap_net_bind_service"
        case kill = "cap_kill"
        case setuid = "cap_setuid"
        case setgid = "cap_setgid"
        case sysAdmin = "cap_sys_admin"
        case dacOverride = "cap_dac_override"

        var value: cap_value_t {
            var v: cap_value_t = 0
            _ = cap_from_name(rawValue, &v)
            return v
        }
    }

    /// Whether `name` is in the effective set of this process.
    public static func isEffective(_ name: Name) -> Bool {
        guard let caps = cap_get_proc() else { return false }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        var flag = CAP_CLEAR
        guard cap_get_flag(caps, name.value, CAP_EFFECTIVE, &flag) == 0 else { return false }
        return flag == CAP_SET
    }

    /// The effective set in libcap's text form (as `getpcaps` prints it).
    public static func currentText() -> String {
        guard let caps = cap_get_proc() else { return "" }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        guard let text = cap_to_text(caps, nil) else { return "" }
        defer { cap_free(UnsafeMutableRawPointer(text)) }
        return String(cString: text)
    }

    /// Reduces permitted and effective sets to exactly `keep` (and clears inheritable).
    public static func restrict(to keep: Set<Name>) throws(SystemError) {
        guard let caps = cap_init() else { throw SystemError("cap_init") }
        defer { cap_free(UnsafeMutableRawPointer(caps)) }
        var values = keep.map(\.value)
        if !values.isEmpty {
            guard cap_set_flag(caps, CAP_PERMITTED, Int32(values.count), &values, CAP_SET) == 0,
                  cap_set_flag(caps, CAP_EFFECTIVE, Int32(values.count), &values, CAP_SET) == 0 else {
                throw SystemError("cap_set_flag")
            }
        }
        guard cap_set_proc(caps) == 0 else { throw SystemError("cap_set_proc") }
    }
}
