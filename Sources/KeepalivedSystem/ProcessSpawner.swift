#if canImport(Glibc)
import Glibc
#endif
import CShims

/// Starts programs with `posix_spawn` only: no Swift code runs between fork and exec, which
/// is the only safe way to start a process from a Swift program.
public enum ProcessSpawner {
    /// How to start a program.
    public struct Request: Sendable {
        public var path: String
        public var arguments: [String]
        public var environment: [String]
        /// Child descriptor ← parent descriptor, applied with dup2 in the child.
        public var descriptors: [(child: Int32, parent: Int32)]
        /// Redirect stdin/stdout/stderr to /dev/null (descriptors map may override).
        public var nullStandardStreams: Bool
        /// Start a new session (daemonizing) instead of staying in ours.
        public var newSession: Bool

        public init(path: String, arguments: [String], environment: [String] = ProcessSpawner.currentEnvironment(),
                    descriptors: [(child: Int32, parent: Int32)] = [], nullStandardStreams: Bool = false, newSession: Bool = false) {
            self.path = path
            self.arguments = arguments
            self.environment = environment
            self.descriptors = descriptors
            self.nullStandardStreams = nullStandardStreams
            self.newSession = newSession
        }
    }

    /// Spawns the program with a cleared signal mask and default signal dispositions; returns its pid.
    public static func spawn(_ request: Request) throws(SystemError) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if request.nullStandardStreams {
            posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
            posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        }
        for (child, parent) in request.descriptors {
            if child == parent {
                // dup2 onto itself does not clear FD_CLOEXEC; a dup to a spare number and back does.
                posix_spawn_file_actions_adddup2(&actions, parent, 1000 + child)
                posix_spawn_file_actions_adddup2(&actions, 1000 + child, child)
                posix_spawn_file_actions_addclose(&actions, 1000 + child)
            } else {
                posix_spawn_file_actions_adddup2(&actions, parent, child)
            }
        }
        // Nothing else leaks into the child: close every descriptor above the ones mapped.
        let highest = request.descriptors.map(\.child).max() ?? 2
        _ = ka_spawn_closefrom(&actions, max(highest, 2) + 1)
        var attributes = posix_spawnattr_t()
        let rc = ka_spawnattr_init_clean(&attributes, 0, request.newSession ? 1 : 0)
        guard rc == 0 else { throw SystemError("posix_spawnattr", errno: rc) }
        defer { posix_spawnattr_destroy(&attributes) }

        let argv = ([request.path.split(separator: "/").last.map(String.init) ?? request.path] + request.arguments).map { strdup($0) } + [nil]
        let envp = request.environment.map { strdup($0) } + [nil]
        defer {
            for p in argv { free(p) }
            for p in envp { free(p) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, request.path, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw SystemError("posix_spawn \(request.path)", errno: spawned) }
        return pid
    }

    /// This process's environment as KEY=VALUE strings.
    public static func currentEnvironment() -> [String] {
        var out: [String] = []
        var p = environ
        while let entry = p.pointee {
            out.append(String(cString: entry))
            p += 1
        }
        return out
    }

    /// The absolute path of the running executable (/proc/self/exe).
    public static func currentExecutable() -> String {
        var buffer = [CChar](repeating: 0, count: 4096)
        let n = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard n > 0 else { return CommandLine.arguments[0] }
        return String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// How a child process ended, decoded from a wait status.
public enum ProcessTermination: Hashable, Sendable, CustomStringConvertible {
    case exited(Int32)
    case signalled(Int32)

    public init(waitStatus: Int32) {
        if ka_wifexited(waitStatus) != 0 { self = .exited(ka_wexitstatus(waitStatus)) }
        else { self = .signalled(ka_wtermsig(waitStatus)) }
    }

    public var description: String {
        switch self {
        case .exited(let c): return "exited with status \(c)"
        case .signalled(let s): return "killed by signal \(s) (\(String(cString: strsignal(s))))"
        }
    }
}

/// Reaps children without blocking: every pid that has ended, with how.
public enum ChildReaper {
    public static func reapAll() -> [(pid: pid_t, termination: ProcessTermination)] {
        var out: [(pid_t, ProcessTermination)] = []
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 {
                if pid < 0 && errno == EINTR { continue }
                return out
            }
            out.append((pid, ProcessTermination(waitStatus: status)))
        }
    }
}
