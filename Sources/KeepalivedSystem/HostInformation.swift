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
