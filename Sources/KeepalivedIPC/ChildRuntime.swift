#if canImport(Glibc)
import Glibc
#endif
import CShims
import KeepalivedConfig
import KeepalivedSystem

/// The skeleton every child process runs: it adopts descriptor 3 as its channel to the
/// parent, dies with the parent (PR_SET_PDEATHSIG), says hello, answers heartbeats, parses
/// each configuration the parent sends and hands it to its `ChildService`, and stops cleanly
/// on `shutdown`, SIGTERM/SIGINT, or when the parent goes away.
public final class ChildRuntime {
    /// The descriptor the parent puts the child's end of the socketpair on.
    public static let channelDescriptor: Int32 = 3
    /// Environment variable with the parent's pid, checked after PR_SET_PDEATHSIG to close the
    /// race where the parent died before the child set it.
    public static let parentPidVariable = "KEEPALIVED_PARENT_PID"

    let role: ProcessRole
    let service: ChildService
    let loop: EventLoop
    let logger: Logger
    var connection: IPCConnection!
    var generation: UInt64 = 0
    var running = false
    var parentHelloSeen = false
    var pendingResume: [InstanceReport] = []
    var exitCode: Int32 = 0

    public init(role: ProcessRole, service: ChildService, logger: Logger) throws(SystemError) {
        self.role = role
        self.service = service
        self.logger = logger
        self.loop = try EventLoop()
    }

    /// Runs until shutdown; returns the process exit code.
    public func run() -> Int32 {
        _ = ka_set_parent_death_signal(SIGTERM)
        if let expected = getenv(ChildRuntime.parentPidVariable).flatMap({ pid_t(String(cString: $0)) }), getppid() != expected {
            logger.error("parent \(expected) is gone before start; exiting")
            return ExitStatus.fatal
        }
        signal(SIGPIPE, SIG_IGN)
        do {
            try loop.onSignal(SIGTERM) { [unowned self] in self.stop(.release, reason: "SIGTERM") }
            try loop.onSignal(SIGINT) { [unowned self] in self.stop(.release, reason: "SIGINT") }
            try loop.onSignal(SIGHUP) { } // reloads come from the parent, over the channel
            _ = ka_set_nonblocking(ChildRuntime.channelDescriptor, 1)
            connection = try IPCConnection(channel: SeqPacketChannel(adopting: ChildRuntime.channelDescriptor), loop: loop)
        } catch {
            logger.error("cannot set up: \(error)")
            return ExitStatus.fatal
        }
        connection.onMessage = { [unowned self] in self.handle($0) }
        connection.onClose = { [unowned self] reason in
            if reason == .closedLocally { return }
            self.logger.error("channel to the parent closed (\(reason)); stopping")
            self.stop(.release, reason: "parent channel closed")
        }
        service.attach(loop: loop, report: { [unowned self] in self.connection.send($0) }, logger: logger)
        connection.send(.hello(Hello(role: role, processID: getpid(), software: "swift-keepalived")))
        loop.run()
        return exitCode
    }

    func handle(_ message: IPCMessage) {
        guard parentHelloSeen else {
            guard case .hello(let h) = message, h.role == .parent else {
                logger.error("first message from the parent is not hello; stopping")
                connection.close(.protocolError(.unknownRequiredType(message.typeCode)))
                stop(.release, reason: "protocol error")
                return
            }
            parentHelloSeen = true
            return
        }
        switch message {
        case .configuration(let payload):
            configure(payload)
        case .resume(let reports):
            pendingResume = reports
        case .shutdown(let mode):
            stop(mode, reason: "shutdown requested by the parent")
        case .heartbeat(let sequence):
            connection.send(.heartbeatAck(sequence: sequence))
        case .dumpRequest(let id, let kind):
            connection.send(.dumpReply(id: id, text: service.dump(kind)))
        case .relayedInstanceState(let report):
            service.relayed(report)
        default:
            logger.warning("unexpected \(message.typeCode) message from the parent; ignored")
        }
    }

    func configure(_ payload: ConfigurationPayload) {
        let loaded = ConfigurationLoader.parse(lines: payload.lines, environment: ValidationEnvironment(
            interfaceExists: { HostInformation.interfaceExists($0) },
            isExecutable: { HostInformation.isExecutable($0) },
            userExists: { HostInformation.userExists($0) }))
        var problems = loaded.diagnostics.errors
        if problems.isEmpty {
            problems = service.apply(loaded.configuration, reason: payload.reason, resume: pendingResume)
        }
        pendingResume = []
        if problems.isEmpty {
            generation = payload.generation
            running = true
            connection.send(.ready(generation: generation))
        } else {
            connection.send(.configFailed(generation: payload.generation, diagnostics: problems))
            if !running {
                // Nothing to keep running: a permanent configuration failure.
                for p in problems { logger.error(p.description) }
                exitCode = ExitStatus.config
                stop(.keepKernelState, reason: "configuration refused")
            }
        }
    }

    func stop(_ mode: ShutdownMode, reason: String) {
        logger.info("Stopping (\(reason))")
        service.shutdown(mode)
        connection?.close()
        logger.info("Stopped")
        loop.stop()
    }

    /// Exit codes shared with the parent (keepalived's numbers).
    public enum ExitStatus {
        public static let config: Int32 = 4
        public static let fatal: Int32 = 3
    }
}

/// The command line of a child executable: logging options passed down by the parent.
public struct ChildOptions: Sendable {
    public var logConsole = false
    public var logDetail = false
    public var noSyslog = false
    public var facility = "daemon"

    public init(arguments: [String]) {
        var i = 0
        while i < arguments.count {
            switch arguments[i] {
            case "--log-console", "-l": logConsole = true
            case "--log-detail", "-D": logDetail = true
            case "--no-syslog", "-G": noSyslog = true
            case "--log-facility", "-S":
                if i + 1 < arguments.count { facility = arguments[i + 1]; i += 1 }
            default: break
            }
            i += 1
        }
    }
}
