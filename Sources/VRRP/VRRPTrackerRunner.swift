import KeepalivedConfig
import KeepalivedSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs the tracked `vrrp_script`s on their intervals and reads the `track_file`s, without
/// blocking the event loop: a script is spawned with `posix_spawn` and polled until it exits
/// or its timeout kills it. Each changed verdict is handed to `onChange`.
final class VRRPTrackerRunner {
    let loop: EventLoop
    let logger: Logger
    var verdicts = TrackerVerdicts()
    var onChange: () -> Void = {}
    private var scriptState: [String: ScriptVerdict] = [:]
    private var timers: [EventLoop.TimerID] = []
    private var running: [String: pid_t] = [:]
    private var stopped = false

    init(loop: EventLoop, logger: Logger) {
        self.loop = loop
        self.logger = logger
    }

    func start(_ configuration: KeepalivedConfiguration) {
        let section = configuration.vrrp
        var tracked = Set<String>(), files = Set<String>()
        for i in section.instances {
            tracked.formUnion(i.trackScripts.map(\.name))
            files.formUnion(i.trackFiles.map(\.name))
            for t in i.trackInterfaces { verdicts.interfaceUp[t.name] = HostInformation.interfaceIsRunning(t.name) }
        }
        for script in section.scripts where tracked.contains(script.name) {
            scriptState[script.name] = ScriptVerdict(rise: script.rise, fall: script.fall, initiallySucceeded: !script.initiallyFailed)
            verdicts.scriptSucceeded[script.name] = !script.initiallyFailed
            schedule(script, user: script.user ?? configuration.global.scripts.user, after: 0)
        }
        for file in section.trackFiles where files.contains(file.name) {
            verdicts.fileValue[file.name] = read(file)
            pollFile(file)
        }
    }

    func stop() {
        stopped = true
        for t in timers { loop.cancel(t) }
        for pid in running.values { kill(pid, SIGKILL); var s: Int32 = 0; waitpid(pid, &s, 0) }
        running = [:]
    }

    private func schedule(_ script: VRRPScript, user: String?, after delay: Int64) {
        timers.append(loop.schedule(after: delay) { [weak self] in
            guard let self, !self.stopped else { return }
            self.run(script, user: user)
            self.schedule(script, user: user, after: Int64(script.intervalMicroseconds))
        })
    }

    private func run(_ script: VRRPScript, user: String?) {
        guard running[script.name] == nil, let command = script.command else { return }
        let timeout = Int64(script.timeoutMicroseconds ?? script.intervalMicroseconds)
        let pid = ScriptLauncher.launch(command, user: user, timeoutMicroseconds: timeout, loop: loop) { [weak self] success in
            guard let self, !self.stopped else { return }
            self.running[script.name] = nil
            if !success && self.verdicts.scriptSucceeded[script.name] == true { self.logger.debug("VRRP_Script(\(script.name)) failed") }
            self.record(script, success: success)
        }
        if let pid { running[script.name] = pid }
    }

    private func record(_ script: VRRPScript, success: Bool) {
        guard var state = scriptState[script.name] else { return }
        if state.record(success: success) {
            logger.info("Script `\(script.name)` now returning \(state.succeeded ? "0" : "non-zero")")
            verdicts.scriptSucceeded[script.name] = state.succeeded
            scriptState[script.name] = state
            onChange()
        } else {
            scriptState[script.name] = state
        }
    }

    private func pollFile(_ file: TrackFile) {
        timers.append(loop.schedule(after: 1_000_000) { [weak self] in
            guard let self, !self.stopped else { return }
            let value = self.read(file)
            if self.verdicts.fileValue[file.name] != value {
                self.verdicts.fileValue[file.name] = value
                self.logger.info("track_file \(file.name) is now \(value)")
                self.onChange()
            }
            self.pollFile(file)
        })
    }

    /// The integer at the start of the file; 0 when it is missing or not a number.
    private func read(_ file: TrackFile) -> Int {
        guard let path = file.path, let text = try? PosixFileSystem(maximumFileSize: 4096).read(path) else { return 0 }
        let word = text.split(whereSeparator: { $0.isWhitespace }).first.map(String.init) ?? ""
        return Int(word) ?? 0
    }

    /// Records a link state change of a tracked interface; true if it was tracked and changed.
    func linkChanged(_ name: String, running: Bool) -> Bool {
        guard let old = verdicts.interfaceUp[name], old != running else { return false }
        verdicts.interfaceUp[name] = running
        return true
    }
}
