#if canImport(Glibc)
import Glibc
#endif

/// keepalived's pid files: written when a process starts, removed when it stops, and checked
/// so that a second instance refuses to start while the first is alive.
public enum PidFile {
    /// Writes `pid` followed by a newline.
    public static func write(_ path: String, pid: pid_t = getpid()) throws(SystemError) {
        ensureDirectory(of: path)
        guard TextFile.write("\(pid)\n", to: path) else { throw SystemError("write pid file \(path)") }
    }

    public static func remove(_ path: String) { unlink(path) }

    /// The pid in the file, if the file exists and holds a number.
    public static func read(_ path: String) -> pid_t? {
        guard let text = try? HostInformation.readSmallFile(path) else { return nil }
        return text.split(whereSeparator: { $0.isWhitespace }).first.flatMap { pid_t($0) }
    }

    /// The pid of a live process recorded in `path`, if any (a stale file yields nil).
    /// A recorded pid that is our own, or that runs another program, counts as stale.
    public static func livePid(_ path: String, programName: String? = nil) -> pid_t? {
        guard let pid = read(path), pid > 0, pid != getpid() else { return nil }
        guard kill(pid, 0) == 0 || errno == EPERM else { return nil }
        if let programName {
            // /proc/PID/comm holds at most 15 characters of the program name.
            let comm = processName(pid) ?? ""
            guard !comm.isEmpty, programName.hasPrefix(comm) || comm.hasPrefix(String(programName.prefix(15))) else { return nil }
        }
        return pid
    }

    /// /proc/PID/comm.
    public static func processName(_ pid: pid_t) -> String? {
        guard let text = try? HostInformation.readSmallFile("/proc/\(pid)/comm"), !text.isEmpty else { return nil }
        return text.trimmingNewline()
    }

    private static func ensureDirectory(of path: String) {
        guard let slash = path.lastIndex(of: "/"), slash != path.startIndex else { return }
        mkdir(String(path[..<slash]), 0o755)
    }
}

extension String {
    func trimmingNewline() -> String {
        var s = self
        while s.last == "\n" || s.last == "\r" { s.removeLast() }
        return s
    }
}
