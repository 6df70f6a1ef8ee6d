#if canImport(Glibc)
import Glibc
#endif
import CShims

/// Where log lines go: syslog (keepalived's default), the console (`-l`), or both; one
/// instance per process, configured at start from the command line.
public final class Logger {
    public enum Level: Int32, Comparable, Sendable {
        case emergency = 0, alert, critical, error, warning, notice, info, debug
        public static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    public var toSyslog: Bool
    public var toConsole: Bool
    public var detail: Bool
    /// Lines written since start, for tests and the stats dump.
    public private(set) var linesWritten = 0

    /// The process's logger. Set once at start-up, then used from the event loop thread only.
    nonisolated(unsafe) public static var shared = Logger(ident: "Keepalived", toSyslog: false, toConsole: true)

    public init(ident: String, toSyslog: Bool, toConsole: Bool, detail: Bool = false, facility: String = "daemon") {
        self.toSyslog = toSyslog
        self.toConsole = toConsole
        self.detail = detail
        if toSyslog { openlog(strdup(ident), LOG_PID | LOG_NDELAY, Logger.facilityCode(facility)) }
    }

    public static func facilityCode(_ name: String) -> Int32 {
        switch name {
        case "user": return LOG_USER
        case "local0": return LOG_LOCAL0
        case "local1": return LOG_LOCAL1
        case "local2": return LOG_LOCAL2
        case "local3": return LOG_LOCAL3
        case "local4": return LOG_LOCAL4
        case "local5": return LOG_LOCAL5
        case "local6": return LOG_LOCAL6
        case "local7": return LOG_LOCAL7
        default: return LOG_DAEMON
        }
    }

    public func log(_ level: Level, _ message: String) {
        if level == .debug && !detail { return }
        linesWritten += 1
        if toSyslog { ka_syslog(level.rawValue, message) }
        if toConsole { StandardStreams.err("\(Logger.timestamp()): \(message)\n") }
    }

    public func info(_ m: String) { log(.info, m) }
    public func notice(_ m: String) { log(.notice, m) }
    public func warning(_ m: String) { log(.warning, m) }
    public func error(_ m: String) { log(.error, m) }
    public func alert(_ m: String) { log(.alert, m) }
    public func debug(_ m: String) { log(.debug, m) }

    /// keepalived's console time format: `Wed Nov 25 09:32:21 2026`.
    static func timestamp() -> String {
        var t = time(nil)
        var tmValue = tm()
        localtime_r(&t, &tmValue)
        var buffer = [CChar](repeating: 0, count: 64)
        let n = strftime(&buffer, buffer.count, "%a %b %e %H:%M:%S %Y", &tmValue)
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
