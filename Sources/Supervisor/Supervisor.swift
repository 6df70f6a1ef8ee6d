import KeepalivedConfig
import KeepalivedIPC
import KeepalivedSystem
import CShims
#if canImport(Glibc)
import Glibc
#endif

/// The parent daemon: spawns and watches `keepalived-vrrp` and `keepalived-checker`, feeds
/// them the validated configuration over their socketpairs, restarts them when they die or
/// stop answering, relays state between them, and turns signals into reloads, dumps and a
/// clean stop. It never touches the network itself.
public final class Supervisor {
    let options: CommandLineOptions
    let loop: EventLoop
    let logger: Logger
    var loaded: LoadedConfiguration
    var generation: UInt64 = 1
    var children: [ProcessRole: ChildProcess] = [:]
    var store = StateStore()
    var stopping = false
    var exitCode: Int32 = 0
    var announcedReady = false
    var readinessDescriptor: Int32?
    var nextDumpID: UInt32 = 1
    var pendingDumps: [UInt32: (role: ProcessRole, kind: DumpKind)] = [:]
    var heartbeatTimer: EventLoop.TimerID?

    /// Settings that come from `global_defs` (with keepalived's defaults).
    struct Timing {
        var childWait: Int64 = 5_000_000
        var heartbeatTimeout: Int64 = 10_000_000
        var restartStableUptime: Int64 = 60_000_000
        var restartMaximumDelay: Int64 = 60_000_000
        var heartbeatInterval: Int64 { max(heartbeatTimeout / 4, 50_000) }
    }
    var timing = Timing()

    init(options: CommandLineOptions, loaded: LoadedConfiguration, logger: Logger, readinessDescriptor: Int32?) throws(SystemError) {
        self.options = options
        self.loaded = loaded
        self.logger = logger
        self.readinessDescriptor = readinessDescriptor
        self.loop = try EventLoop()
        self.timing = Supervisor.timing(from: loaded.configuration)
    }

    static func timing(from configuration: KeepalivedConfiguration) -> Timing {
        let g = configuration.global
        var t = Timing()
        t.childWait = Int64(g.daemon.childWaitTimeMicroseconds)
        t.heartbeatTimeout = Int64(g.extensions.heartbeatTimeoutMicroseconds)
        t.restartStableUptime = Int64(g.extensions.childRestartMinUptimeMicroseconds)
        t.restartMaximumDelay = Int64(g.extensions.childRestartBackoffMaxMicroseconds)
        return t
    }

    // MARK: start

    func run() -> Int32 {
        do {
            try loop.onSignal(SIGHUP) { [unowned self] in self.reload() }
            try loop.onSignal(SIGTERM) { [unowned self] in self.beginShutdown(reason: "SIGTERM") }
            try loop.onSignal(SIGINT) { [unowned self] in self.beginShutdown(reason: "SIGINT") }
            try loop.onSignal(SIGCHLD) { [unowned self] in self.reapChildren() }
            try loop.onSignal(SIGUSR1) { [unowned self] in self.requestDumps(.data) }
            try loop.onSignal(SIGUSR2) { [unowned self] in self.requestDumps(.stats) }
            try loop.onSignal(SignalFunction.json.number(realtimeMinimum: ka_sigrtmin(), realtimeMaximum: ka_sigrtmax())) { [unowned self] in self.requestDumps(.json) }
            try loop.onSignal(SignalFunction.statsClear.number(realtimeMinimum: ka_sigrtmin(), realtimeMaximum: ka_sigrtmax())) { [unowned self] in self.requestDumps(.statsClear) }
        } catch {
            logger.error("cannot set up signal handling: \(error)")
            return ExitCode.fatal.rawValue
        }
        signal(SIGPIPE, SIG_IGN)
        startNeededChildren()
        scheduleHeartbeat()
        checkReadiness()
        loop.run()
        for child in children.values { PidFile.remove(child.pidFile) }
        PidFile.remove(options.pidFile)
        SystemdNotifier.notify("STOPPING=1")
        logger.info("Stopped Keepalived v\(keepalivedVersion)")
        return exitCode
    }

    func neededRoles(_ configuration: KeepalivedConfiguration) -> [ProcessRole] {
        var roles: [ProcessRole] = []
        let onlyOne = options.vrrpOnly || options.checkerOnly
        if options.vrrpOnly || (!onlyOne && (configuration.needsVRRP || options.runAllChildren)) { roles.append(.vrrp) }
        if options.checkerOnly || (!onlyOne && (configuration.needsChecker || options.runAllChildren)) { roles.append(.checker) }
        return roles
    }

    func startNeededChildren() {
        for role in neededRoles(loaded.configuration) {
            let child = children[role] ?? makeChild(role)
            children[role] = child
            child.stopRequested = false
            if !child.isRunning && child.restartTimer == nil { spawn(child) }
        }
    }

    func makeChild(_ role: ProcessRole) -> ChildProcess {
        let name = role == .vrrp ? "keepalived-vrrp" : "keepalived-checker"
        let variable = role == .vrrp ? "KEEPALIVED_VRRP_BINARY" : "KEEPALIVED_CHECKER_BINARY"
        let executable = getenv(variable).map { String(cString: $0) }
            ?? Path.join(Path.directory(of: ProcessSpawner.currentExecutable()), name)
        let policy = RestartPolicy(respawn: !options.dontRespawn, stableUptime: timing.restartStableUptime, maximumDelay: timing.restartMaximumDelay)
        return ChildProcess(role: role, executable: executable, pidFile: role == .vrrp ? options.vrrpPidFile : options.checkerPidFile,
                            policy: policy, heartbeat: HeartbeatMonitor(interval: timing.heartbeatInterval, timeout: timing.heartbeatTimeout, startedAt: Instant.now()))
    }

    func spawn(_ child: ChildProcess) {
        child.restartTimer = nil
        let parentEnd: SeqPacketChannel, childEnd: SeqPacketChannel
        do { (parentEnd, childEnd) = try SeqPacketChannel.pair() } catch {
            logger.error("\(child.displayName) child: cannot create its socketpair: \(error)")
            scheduleRestart(child, after: 1_000_000)
            return
        }
        var arguments: [String] = []
        if options.logConsole { arguments.append("--log-console") }
        if options.logDetail { arguments.append("--log-detail") }
        if options.noSyslog { arguments.append("--no-syslog") }
        arguments += ["--log-facility", options.logFacility]
        var environment = ProcessSpawner.currentEnvironment().filter { !$0.hasPrefix(ChildRuntime.parentPidVariable + "=") && !$0.hasPrefix("NOTIFY_SOCKET=") && !$0.hasPrefix("KEEPALIVED_READY_FD=") }
        environment.append("\(ChildRuntime.parentPidVariable)=\(getpid())")
        let request = ProcessSpawner.Request(path: child.executable, arguments: arguments, environment: environment,
                                             descriptors: [(ChildRuntime.channelDescriptor, childEnd.fd)])
        let pid: pid_t
        do { pid = try ProcessSpawner.spawn(request) } catch {
            logger.error("\(child.displayName) child: cannot start \(child.executable): \(error)")
            childEnd.close(); parentEnd.close()
            scheduleRestart(child, after: max(child.policy.nextDelay, 1_000_000))
            return
        }
        childEnd.close()
        child.pid = pid
        child.startedAt = Instant.now()
        child.helloReceived = false
        child.readyGeneration = nil
        child.heartbeat = HeartbeatMonitor(interval: timing.heartbeatInterval, timeout: timing.heartbeatTimeout, startedAt: child.startedAt)
        logger.info("Starting \(child.displayName) child process, pid=\(pid)")
        do { try PidFile.write(child.pidFile, pid: pid) } catch { logger.error("cannot write \(child.pidFile): \(error)") }
        do {
            let connection = try IPCConnection(channel: parentEnd, loop: loop)
            child.connection = connection
            connection.onMessage = { [unowned self, unowned child] in self.handle($0, from: child) }
            connection.onClose = { [unowned self, unowned child] reason in self.channelClosed(child, reason: reason) }
            connection.send(.hello(Hello(role: .parent, processID: getpid(), software: keepalivedVersion)))
        } catch {
            logger.error("\(child.displayName) child: cannot watch its channel: \(error)")
            kill(pid, SIGKILL)
        }
    }

    // MARK: messages

    func handle(_ message: IPCMessage, from child: ChildProcess) {
        if !child.helloReceived {
            guard case .hello(let hello) = message, hello.role == child.role else {
                logger.error("\(child.displayName) child process(\(child.pid ?? 0)): first message is not a matching hello; restarting it")
                child.connection?.close(.protocolError(.unknownRequiredType(message.typeCode)))
                return
            }
            child.helloReceived = true
            sendConfiguration(to: child, reason: child.restarts > 0 ? .resume : .start)
            return
        }
        switch message {
        case .ready(let g):
            let first = child.readyGeneration == nil
            child.readyGeneration = g
            if first { logger.debug("\(child.displayName) child process(\(child.pid ?? 0)) is running generation \(g)") }
            checkReadiness()
        case .configFailed(let g, let diagnostics):
            logger.error("\(child.displayName) child refused configuration generation \(g); it keeps running the previous one")
            for d in diagnostics { logger.error(d.description) }
        case .instanceState(let report):
            store.record(report)
            if let checker = children[.checker], checker.helloReceived { checker.connection?.send(.relayedInstanceState(report)) }
        case .realServerState(let report):
            store.record(report)
        case .quorumState(let report):
            store.record(report)
        case .dumpReply(let id, let text):
            if let request = pendingDumps.removeValue(forKey: id) { writeDump(text, role: request.role, kind: request.kind) }
        case .heartbeatAck(let sequence):
            child.heartbeat.answered(sequence, at: Instant.now())
        default:
            logger.warning("\(child.displayName) child sent an unexpected message (type \(message.typeCode)); ignored")
        }
    }

    func sendConfiguration(to child: ChildProcess, reason: ConfigurationReason) {
        guard let connection = child.connection else { return }
        if reason == .resume && child.role == .vrrp { connection.send(.resume(store.resumeReports)) }
        connection.send(.configuration(ConfigurationPayload(generation: generation, reason: reason,
                                                            configID: options.configID ?? HostInformation.shortNodeName(),
                                                            lines: loaded.lines)))
    }

    func channelClosed(_ child: ChildProcess, reason: IPCConnection.CloseReason) {
        child.connection = nil
        guard reason != .closedLocally || child.isRunning else { return }
        if stopping || child.stopRequested { return }
        if let pid = child.pid {
            // A peer that closed is usually a child that just died (SIGCHLD follows); anything
            // else is a protocol violation that costs the child its life.
            if reason == .peerClosed {
                logger.debug("\(child.displayName) child process(\(pid)): channel closed")
            } else {
                logger.error("\(child.displayName) child process(\(pid)): \(reason); killing it")
            }
            kill(pid, SIGKILL)
        }
    }

    /// Tells systemd and the launching process (when daemonized) that we are up, once every
    /// child has taken its first configuration.
    func checkReadiness() {
        guard !announcedReady else { return }
        guard children.values.allSatisfy({ $0.readyGeneration != nil || $0.stopRequested }) else { return }
        announcedReady = true
        SystemdNotifier.notify("READY=1\nMAINPID=\(getpid())")
        if let fd = readinessDescriptor {
            var byte: UInt8 = 1
            _ = write(fd, &byte, 1)
            close(fd)
            readinessDescriptor = nil
        }
    }

    // MARK: children ending

    func reapChildren() {
        for (pid, termination) in ChildReaper.reapAll() {
            guard let child = children.values.first(where: { $0.pid == pid }) else { continue }
            childEnded(child, termination: termination)
        }
        if stopping && children.values.allSatisfy({ !$0.isRunning }) { loop.stop() }
    }

    func childEnded(_ child: ChildProcess, termination: ProcessTermination) {
        let pid = child.pid ?? 0
        child.pid = nil
        child.connection?.close()
        child.connection = nil
        PidFile.remove(child.pidFile)
        if stopping || child.stopRequested {
            logger.info("\(child.displayName) child process(\(pid)) \(termination)")
            return
        }
        switch child.policy.decide(termination, startedAt: child.startedAt, endedAt: Instant.now()) {
        case .restart(let delay):
            logger.alert("\(child.displayName) child process(\(pid)) died (\(termination)): Respawning" + (delay > 0 ? " in \(Double(delay) / 1e6) s" : ""))
            scheduleRestart(child, after: delay)
        case .leaveStopped:
            logger.alert("\(child.displayName) child process(\(pid)) died (\(termination)): Exiting")
            exitCode = 0
            beginShutdown(reason: "a child died and respawn is off")
        case .stopEverything(let code):
            logger.alert("\(child.displayName) child process(\(pid)) exited with permanent error \(code): stopping")
            exitCode = code
            beginShutdown(reason: "permanent child failure")
        }
    }

    func scheduleRestart(_ child: ChildProcess, after delay: Int64) {
        child.restarts += 1
        if delay <= 0 { spawn(child); return }
        child.restartTimer = loop.schedule(after: delay) { [unowned self, unowned child] in
            child.restartTimer = nil
            if !self.stopping && !child.stopRequested { self.spawn(child) }
        }
    }

    // MARK: heartbeats

    func scheduleHeartbeat() {
        heartbeatTimer = loop.schedule(after: timing.heartbeatInterval) { [unowned self] in
            self.heartbeatTick()
            if !self.stopping { self.scheduleHeartbeat() }
        }
    }

    func heartbeatTick() {
        let now = Instant.now()
        for child in children.values where child.isRunning {
            if child.heartbeat.isOverdue(at: now), let pid = child.pid {
                logger.alert("\(child.displayName) child process(\(pid)) has not answered for \(Double(now - child.heartbeat.lastAnswer) / 1e6) s: killing it")
                kill(pid, SIGKILL)
                kill(pid, SIGCONT)
                continue
            }
            if child.helloReceived { child.connection?.send(.heartbeat(sequence: child.heartbeat.send(at: now))) }
        }
    }

    // MARK: signals

    func reload() {
        guard !stopping else { return }
        logger.info("Reloading")
        SystemdNotifier.notify("RELOADING=1")
        let candidate = ConfigTest.load(options)
        if candidate.diagnostics.hasErrors {
            for d in candidate.diagnostics.all where d.severity != .note { logger.error(d.description) }
            logger.error("Reload aborted: the new configuration has errors; keeping the running configuration (generation \(generation))")
            SystemdNotifier.notify("READY=1")
            return
        }
        for d in candidate.diagnostics.warnings { logger.warning(d.description) }
        loaded = candidate
        generation += 1
        timing = Supervisor.timing(from: loaded.configuration)
        let needed = Set(neededRoles(loaded.configuration))
        for (role, child) in children where !needed.contains(role) && child.isRunning {
            child.stopRequested = true
            child.connection?.send(.shutdown(.release))
        }
        for role in needed {
            if let child = children[role], child.isRunning, child.helloReceived {
                sendConfiguration(to: child, reason: .reload)
            }
        }
        startNeededChildren()
        store.retainInstances(Set(loaded.configuration.vrrp.instances.map(\.name)))
        SystemdNotifier.notify("READY=1")
    }

    func beginShutdown(reason: String) {
        guard !stopping else { return }
        stopping = true
        logger.info("Stopping (\(reason))")
        SystemdNotifier.notify("STOPPING=1")
        if let t = heartbeatTimer { loop.cancel(t) }
        for child in children.values {
            if let t = child.restartTimer { loop.cancel(t); child.restartTimer = nil }
            guard let pid = child.pid else { continue }
            let keep = child.role == .vrrp ? options.dontReleaseVRRP : options.dontReleaseIPVS
            if let connection = child.connection, connection.isOpen {
                connection.send(.shutdown(keep ? .keepKernelState : .release))
            } else {
                kill(pid, SIGTERM)
            }
        }
        if children.values.allSatisfy({ !$0.isRunning }) { loop.stop(); return }
        loop.schedule(after: timing.childWait) { [unowned self] in
            for child in self.children.values {
                if let pid = child.pid {
                    self.logger.warning("\(child.displayName) child process(\(pid)) did not stop within \(Double(self.timing.childWait) / 1e6) s: killing it")
                    kill(pid, SIGKILL)
                }
            }
        }
    }

    func requestDumps(_ kind: DumpKind) {
        for child in children.values where child.helloReceived {
            let id = nextDumpID
            nextDumpID &+= 1
            pendingDumps[id] = (child.role, kind)
            child.connection?.send(.dumpRequest(id: id, kind: kind))
        }
    }

    func writeDump(_ text: String, role: ProcessRole, kind: DumpKind) {
        let path: String
        switch (kind, role) {
        case (.data, .vrrp): path = "/tmp/keepalived.data"
        case (.data, _): path = "/tmp/keepalived_check.data"
        case (.stats, .vrrp), (.statsClear, .vrrp): path = "/tmp/keepalived.stats"
        case (.stats, _), (.statsClear, _): path = "/tmp/keepalived_check.stats"
        case (.json, .vrrp): path = "/tmp/keepalived.json"
        case (.json, _): path = "/tmp/keepalived_check.json"
        }
        if !TextFile.write(text, to: path) { logger.error("cannot write \(path)") }
    }
}
