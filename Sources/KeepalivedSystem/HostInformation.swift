#if canImport(Glibc)
import Glibc
#endif

/// Facts about this host that the configuration needs: the node name (the default config id)
/// and whether a network interface or script exists.
public enum HostInformation {
    /// The host name up to the first dot, as keepalived uses for the default `-i`.
    public static func shortNodeName() -> String {
        var u = utsname()
        guard uname(&u) == 0 else { return "localhost" }
        let node = withUnsafeBytes(of: &u.nodename) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        return String(node.prefix { $0 != "." })
    }

    /// Whether an interface of that name exists in this network namespace.
    public static func interfaceExists(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count < 16 else { return false }
        return if_nametoindex(name) != 0
    }

    /// Whether an interface is administratively up with carrier, from sysfs (`flags` has
    /// IFF_UP; `operstate` is "up", or "unknown" for links without carrier detection).
    public static func interfaceIsRunning(_ name: String) -> Bool {
        guard let flagsText = try? readSmallFile("/sys/class/net/\(name)/flags"),
              let flags = UInt32(flagsText.trimmingNewline().dropFirst(2), radix: 16), flags & 0x1 != 0,
              let state = try? readSmallFile("/sys/class/net/\(name)/operstate").trimmingNewline() else { return false }
        return state == "up" || state == "unknown"
    }

    /// The first 256 bytes of a small file (sysfs, procfs, pid files) as text.
    static func readSmallFile(_ path: String) throws(SystemError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError("open \(path)") }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let n = try retryingEINTR("read \(path)") { buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) } }
        return String(decoding: buffer[0..<n], as: UTF8.self)
    }

    /// Whether `path` names an executable regular file.
    public static func isExecutable(_ path: String) -> Bool {
        var st = stat()
        guard stat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// Whether a user account of that name exists.
    public static func userExists(_ name: String) -> Bool {
        getpwnam(name) != nil
    }

    /// The current working directory.
    public static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getcwd(&buffer, buffer.count) != nil else { return "/" }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
