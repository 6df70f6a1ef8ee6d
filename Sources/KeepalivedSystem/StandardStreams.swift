#if canImport(Glibc)
import Glibc
#endif

/// Writes to stdout and stderr with `write(2)`, unbuffered, so that messages are never lost
/// or reordered when the process exits or forks.
public enum StandardStreams {
    public static func out(_ text: String) { write(fd: 1, text) }
    public static func err(_ text: String) { write(fd: 2, text) }

    public static func write(fd: Int32, _ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }
}
