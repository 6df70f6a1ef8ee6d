import KeepalivedConfig

/// The parent's command line, compatible with keepalived's: the same short and long options,
/// the same defaults, so that init scripts and unit files keep working unchanged.
public struct CommandLineOptions: Hashable, Sendable {
    public var configFile = "/etc/keepalived/keepalived.conf"
    public var vrrpOnly = false                // -P
    public var checkerOnly = false             // -C
    public var noBFD = false                   // -B
    public var runAllChildren = false          // --all
    public var logConsole = false              // -l
    public var logDetail = false               // -D
    public var logFacility = "daemon"          // -S
    public var noSyslog = false                // -G
    public var umask: Int? = nil               // -u
    public var releaseVIPsOnSignal = false     // -X
    public var dontReleaseVRRP = false         // -V
    public var dontReleaseIPVS = false         // -I
    public var dontRespawn = false             // -R
    public var dontFork = false                // -n
    public var dumpConfig = false              // -d
    public var pidFile = "/run/keepalived.pid"         // -p
    public var vrrpPidFile = "/run/vrrp.pid"           // -r
    public var checkerPidFile = "/run/checkers.pid"    // -c
    public var bfdPidFile = "/run/bfd.pid"             // -b
    public var addressMonitoring = false       // -a
    public var snmp = false                    // -x
    public var snmpAgentSocket: String? = nil  // -A
    public var namespace: String? = nil        // -s
    public var coreDump = false                // -m
    public var coreDumpPattern: String? = nil  // -M
    public var requireAllConfigFiles = false   // -e
    public var configID: String? = nil         // -i
    public var configTest = false              // -t
    public var configTestLogFile: String? = nil // -t=FILE
    public var signalName: String? = nil       // --signum
    public var showVersion = false             // -v
    public var showHelp = false                // -h
    public var genhashMode = false             // -T

    public init() {}
}

/// A command line that could not be understood; the message is printed as is.
public struct CommandLineError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

/// Parses arguments the way getopt_long does for keepalived: clustered short options
/// (`-lDn`), attached or separate values (`-fFILE`, `-f FILE`, `--use-file=FILE`,
/// `--use-file FILE`), optional values only when attached (`-t`, `--config-test=LOG`), and
/// unambiguous long-option prefixes.
public enum CommandLineParser {
    enum ValueKind { case none, required, optional }

    struct Option {
        var short: Character?
        var long: String
        var value: ValueKind
        var apply: @Sendable (inout CommandLineOptions, String?) throws(CommandLineError) -> Void
    }

    static let options: [Option] = [
        Option(short: "f", long: "use-file", value: .required) { o, v in o.configFile = v! },
        Option(short: "P", long: "vrrp", value: .none) { o, _ in o.vrrpOnly = true },
        Option(short: "C", long: "check", value: .none) { o, _ in o.checkerOnly = true },
        Option(short: "B", long: "no_bfd", value: .none) { o, _ in o.noBFD = true },
        Option(short: nil, long: "all", value: .none) { o, _ in o.runAllChildren = true },
        Option(short: "l", long: "log-console", value: .none) { o, _ in o.logConsole = true },
        Option(short: "D", long: "log-detail", value: .none) { o, _ in o.logDetail = true },
        Option(short: "S", long: "log-facility", value: .required) { o, v throws(CommandLineError) in
            let f = v!
            let valid = ["user", "daemon"] + (0...7).map { "local\($0)" } + (0...7).map { String($0) }
            guard valid.contains(f) else { throw CommandLineError(message: "Invalid log facility '\(f)': use 0-7, local0-local7, user or daemon") }
            o.logFacility = f.count == 1 ? "local\(f)" : f
        },
        Option(short: "G", long: "no-syslog", value: .none) { o, _ in o.noSyslog = true },
        Option(short: "u", long: "umask", value: .required) { o, v throws(CommandLineError) in
            guard let m = Int(v!, radix: v!.hasPrefix("0") ? 8 : 10), (0...0o777).contains(m) else {
                throw CommandLineError(message: "Invalid umask '\(v!)'")
            }
            o.umask = m
        },
        Option(short: "X", long: "release-vips", value: .none) { o, _ in o.releaseVIPsOnSignal = true },
        Option(short: "V", long: "dont-release-vrrp", value: .none) { o, _ in o.dontReleaseVRRP = true },
        Option(short: "I", long: "dont-release-ipvs", value: .none) { o, _ in o.dontReleaseIPVS = true },
        Option(short: "R", long: "dont-respawn", value: .none) { o, _ in o.dontRespawn = true },
        Option(short: "n", long: "dont-fork", value: .none) { o, _ in o.dontFork = true },
        Option(short: "d", long: "dump-conf", value: .none) { o, _ in o.dumpConfig = true },
        Option(short: "p", long: "pid", value: .required) { o, v in o.pidFile = v! },
        Option(short: "r", long: "vrrp_pid", value: .required) { o, v in o.vrrpPidFile = v! },
        Option(short: "T", long: "genhash", value: .none) { o, _ in o.genhashMode = true },
        Option(short: "c", long: "checkers_pid", value: .required) { o, v in o.checkerPidFile = v! },
        Option(short: "a", long: "address-monitoring", value: .none) { o, _ in o.addressMonitoring = true },
        Option(short: "b", long: "bfd_pid", value: .required) { o, v in o.bfdPidFile = v! },
        Option(short: "x", long: "snmp", value: .none) { o, _ in o.snmp = true },
        Option(short: "A", long: "snmp-agent-socket", value: .required) { o, v in o.snmpAgentSocket = v! },
        Option(short: "s", long: "namespace", value: .required) { o, v in o.namespace = v! },
        Option(short: "m", long: "core-dump", value: .none) { o, _ in o.coreDump = true },
        Option(short: "M", long: "core-dump-pattern", value: .optional) { o, v in o.coreDump = true; o.coreDumpPattern = v ?? "core" },
        Option(short: "e", long: "all-config", value: .none) { o, _ in o.requireAllConfigFiles = true },
        Option(short: "i", long: "config-id", value: .required) { o, v in o.configID = v! },
        Option(short: nil, long: "signum", value: .required) { o, v in o.signalName = v! },
        Option(short: "t", long: "config-test", value: .optional) { o, v in o.configTest = true; o.configTestLogFile = v },
        Option(short: "v", long: "version", value: .none) { o, _ in o.showVersion = true },
        Option(short: "h", long: "help", value: .none) { o, _ in o.showHelp = true },
    ]

    public static func parse(_ arguments: [String]) throws(CommandLineError) -> CommandLineOptions {
        var result = CommandLineOptions()
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            i += 1
            if arg == "--" {
                if i < arguments.count { throw CommandLineError(message: "Unexpected argument(s): \(arguments[i...].joined(separator: " "))") }
                break
            }
            if arg.hasPrefix("--") {
                let body = arg.dropFirst(2)
                let name = body.prefix { $0 != "=" }
                let attached: String? = body.contains("=") ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                let option = try longOption(String(name))
                var value: String? = nil
                switch option.value {
                case .none:
                    if attached != nil { throw CommandLineError(message: "option '--\(option.long)' doesn't allow an argument") }
                case .optional:
                    value = attached
                case .required:
                    if let attached { value = attached } else {
                        guard i < arguments.count else { throw CommandLineError(message: "option '--\(option.long)' requires an argument") }
                        value = arguments[i]; i += 1
                    }
                }
                try option.apply(&result, value)
            } else if arg.hasPrefix("-") && arg.count > 1 {
                var chars = Substring(arg.dropFirst())
                while let c = chars.first {
                    chars = chars.dropFirst()
                    guard let option = options.first(where: { $0.short == c }) else {
                        throw CommandLineError(message: "invalid option -- '\(c)'")
                    }
                    switch option.value {
                    case .none:
                        try option.apply(&result, nil)
                    case .optional:
                        try option.apply(&result, chars.isEmpty ? nil : String(chars))
                        chars = ""
                    case .required:
                        var value: String
                        if !chars.isEmpty { value = String(chars); chars = "" } else {
                            guard i < arguments.count else { throw CommandLineError(message: "option requires an argument -- '\(c)'") }
                            value = arguments[i]; i += 1
                        }
                        try option.apply(&result, value)
                    }
                }
            } else {
                throw CommandLineError(message: "Unexpected argument(s): \(arguments[(i - 1)...].joined(separator: " "))")
            }
        }
        return result
    }

    private static func longOption(_ name: String) throws(CommandLineError) -> Option {
        if let exact = options.first(where: { $0.long == name }) { return exact }
        let candidates = options.filter { $0.long.hasPrefix(name) }
        guard !name.isEmpty, candidates.count == 1 else {
            if candidates.count > 1 { throw CommandLineError(message: "option '--\(name)' is ambiguous") }
            throw CommandLineError(message: "unrecognized option '--\(name)'")
        }
        return candidates[0]
    }

    /// keepalived's `--help` text, in our words.
    public static let usage = """
    Usage: keepalived [OPTION...]
      -f, --use-file=FILE          configuration file (default /etc/keepalived/keepalived.conf)
      -P, --vrrp                   run only the VRRP child
      -C, --check                  run only the health-checker child
      -B, --no_bfd                 do not run BFD (accepted; BFD is not implemented)
          --all                    start every child even if the configuration does not need it
      -l, --log-console            log to the console
      -D, --log-detail             detailed log messages
      -S, --log-facility=FACILITY  syslog facility: 0-7, local0-local7, user or daemon (default daemon)
      -G, --no-syslog              do not log to syslog
      -u, --umask=MASK             umask for files created (octal with a leading 0)
      -X, --release-vips           drop VIPs on transition from signal
      -V, --dont-release-vrrp      keep VIPs and virtual routes when the daemon stops
      -I, --dont-release-ipvs      keep the IPVS table when the daemon stops
      -R, --dont-respawn           do not restart a child that exits
      -n, --dont-fork              stay in the foreground
      -d, --dump-conf              log the parsed configuration
      -p, --pid=FILE               parent pid file (default /run/keepalived.pid)
      -r, --vrrp_pid=FILE          VRRP child pid file (default /run/vrrp.pid)
      -c, --checkers_pid=FILE      checker child pid file (default /run/checkers.pid)
      -b, --bfd_pid=FILE           BFD pid file (accepted, unused)
      -a, --address-monitoring     log every address change seen on netlink
      -s, --namespace=NAME         run in network namespace NAME
      -m, --core-dump              allow a core dump on abnormal termination
      -M, --core-dump-pattern=PAT  also set the kernel core pattern
      -e, --all-config             a missing included file is an error
      -i, --config-id=ID           config id for '@ID' lines (default: the short host name)
          --signum=SIGFUNC         print the signal number for STOP, RELOAD, DATA, STATS, STATS_CLEAR, JSON
      -t, --config-test[=LOG_FILE] check the configuration and exit (5 when it has problems)
      -v, --version                print the version
      -h, --help                   print this help
    """
}
