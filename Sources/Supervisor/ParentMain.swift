import KeepalivedConfig
import KeepalivedSystem
import CShims
#if canImport(Glibc)
import Glibc
#endif

/// The version line printed by `-v`.
public let keepalivedVersion = "0.1.0"

/// The entry point of the `keepalived` executable: parses the command line and runs what it asks.
public enum ParentMain {
    public static func run(_ arguments: [String]) -> Int32 {
        let options: CommandLineOptions
        do {
            options = try CommandLineParser.parse(arguments)
        } catch {
            StandardStreams.err("keepalived: \(error)\n\(CommandLineParser.usage)\n")
            return 1
        }
        if options.showHelp {
            StandardStreams.err(CommandLineParser.usage + "\n")
            return 0
        }
        if options.showVersion {
            StandardStreams.err("""
            swift-keepalived v\(keepalivedVersion)
            Compatible with Keepalived v2.2.7: same keepalived.conf, command line and signals.

            """)
            return 0
        }
        if let name = options.signalName {
            guard let function = SignalFunction(rawValue: name.uppercased()) else {
                StandardStreams.err("Unknown sigfunc \(name)\n")
                return 1
            }
            StandardStreams.out("\(function.number(realtimeMinimum: ka_sigrtmin(), realtimeMaximum: ka_sigrtmax()))\n")
            return 0
        }
        if options.configTest {
            return ConfigTest.run(options).rawValue
        }
        return runDaemon(options, arguments: arguments)
    }

    /// Starts the daemon: in the foreground with `-n`, otherwise by spawning ourselves with
    /// `--dont-fork` in a new session and waiting until it is ready (or has failed), so that
    /// an init script learns about a failure from our exit status.
    static func runDaemon(_ options: CommandLineOptions, arguments: [String]) -> Int32 {
        if let umask = options.umask { _ = Glibc.umask(mode_t(umask)) }
        if let pid = PidFile.livePid(options.pidFile, programName: "keepalived") {
            StandardStreams.err("keepalived: daemon is already running (pid \(pid), \(options.pidFile)); not starting a second one\n")
            return ExitCode.fatal.rawValue
        }
        if !options.dontFork { return daemonize(arguments: arguments) }

        let logger = Logger(ident: "Keepalived", toSyslog: !options.noSyslog, toConsole: options.logConsole,
                            detail: options.logDetail, facility: options.logFacility)
        Logger.shared = logger
        logger.info("Starting Keepalived v\(keepalivedVersion) (swift-keepalived)")
        logger.info("Configuration file \(options.configFile)")
        let loaded = ConfigTest.load(options)
        for d in loaded.diagnostics.all where d.severity != .note {
            if d.severity == .error { logger.error(d.description) } else { logger.warning(d.description) }
        }
        if options.dumpConfig {
            for line in ConfigurationDump.lines(loaded.configuration) { logger.info(line) }
        }
        if loaded.diagnostics.hasErrors {
            let missing = loaded.diagnostics.errors.contains { $0.location == nil }
            logger.error("the configuration has errors; not starting")
            return missing ? ExitCode.noConfig.rawValue : ExitCode.configError.rawValue
        }
        do {
            try PidFile.write(options.pidFile)
        } catch {
            logger.error("cannot write the pid file: \(error)")
            return ExitCode.fatal.rawValue
        }
        let readiness = getenv("KEEPALIVED_READY_FD").flatMap { Int32(String(cString: $0)) }
        unsetenv("KEEPALIVED_READY_FD")
        do {
            let supervisor = try Supervisor(options: options, loaded: loaded, logger: logger, readinessDescriptor: readiness)
            return supervisor.run()
        } catch {
            logger.error("cannot start: \(error)")
            PidFile.remove(options.pidFile)
            return ExitCode.fatal.rawValue
        }
    }

    static func daemonize(arguments: [String]) -> Int32 {
        var fds: [Int32] = [-1, -1]
        guard ka_pipe_cloexec(&fds) == 0 else {
            StandardStreams.err("keepalived: pipe: \(SystemError("pipe2"))\n")
            return ExitCode.fatal.rawValue
        }
        let readyDescriptor: Int32 = 4
        var environment = ProcessSpawner.currentEnvironment().filter { !$0.hasPrefix("KEEPALIVED_READY_FD=") }
        environment.append("KEEPALIVED_READY_FD=\(readyDescriptor)")
        let request = ProcessSpawner.Request(path: ProcessSpawner.currentExecutable(), arguments: arguments + ["--dont-fork"],
                                             environment: environment, descriptors: [(readyDescriptor, fds[1])],
                                             nullStandardStreams: true, newSession: true)
        let pid: pid_t
        do { pid = try ProcessSpawner.spawn(request) } catch {
            StandardStreams.err("keepalived: cannot start the daemon: \(error)\n")
            return ExitCode.fatal.rawValue
        }
        close(fds[1])
        defer { close(fds[0]) }
        var poller = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        var waited = 0
        while waited < 60_000 {
            let rc = poll(&poller, 1, 100)
            if rc > 0 {
                var byte: UInt8 = 0
                if read(fds[0], &byte, 1) == 1 { return ExitCode.ok.rawValue }
                // The daemon closed the pipe without saying it is ready: it failed.
                var status: Int32 = 0
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                let termination = ProcessTermination(waitStatus: status)
                StandardStreams.err("keepalived: the daemon \(termination) before it was ready; see the system log\n")
                if case .exited(let code) = termination { return code == 0 ? ExitCode.fatal.rawValue : code }
                return ExitCode.fatal.rawValue
            }
            waited += 100
        }
        StandardStreams.err("keepalived: the daemon (pid \(pid)) is still starting after 60 s; leaving it running\n")
        return ExitCode.ok.rawValue
    }
}
