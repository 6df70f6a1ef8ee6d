import KeepalivedIPC
import KeepalivedSystem
#if canImport(Glibc)
import Glibc
#endif

/// The parent's view of one child: its process, channel, restart policy and heartbeats.
final class ChildProcess {
    let role: ProcessRole
    let executable: String
    let pidFile: String
    var pid: pid_t? = nil
    var connection: IPCConnection? = nil
    var startedAt = Instant.now()
    var policy: RestartPolicy
    var heartbeat: HeartbeatMonitor
    var helloReceived = false
    var readyGeneration: UInt64? = nil
    var restartTimer: EventLoop.TimerID? = nil
    /// True once the parent asked it to stop (shutdown or no longer needed): not restarted.
    var stopRequested = false
    var restarts = 0

    init(role: ProcessRole, executable: String, pidFile: String, policy: RestartPolicy, heartbeat: HeartbeatMonitor) {
        self.role = role
        self.executable = executable
        self.pidFile = pidFile
        self.policy = policy
        self.heartbeat = heartbeat
    }

    /// keepalived's names, kept in log lines so that operators' searches still match.
    var displayName: String { role == .vrrp ? "VRRP" : "Healthcheck" }
    var isRunning: Bool { pid != nil }
}
