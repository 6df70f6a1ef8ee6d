#if canImport(Glibc)
import Glibc
#endif

/// Whole-file writes for small text files (pid files, dumps, logs), replaced atomically.
public enum TextFile {
    /// Writes `text` to `path` through a temporary file and rename, mode 0644. False on failure.
    @discardableResult
    public static func write(_ text: String, to path: String, mode: mode_t = 0o644) -> Bool {
        let temporary = path + ".tmp.\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else { return false }
        StandardStreams.write(fd: fd, text)
        guard close(fd) == 0, rename(temporary, path) == 0 else {
            unlink(temporary)
            return false
        }
        return true
    }
}
