import KeepalivedConfig
import KeepalivedSystem
#if canImport(Glibc)
import Glibc
#endif

/// Runs a configured script from the event loop without blocking it: `posix_spawn`, then a
/// poll every 20 ms until it exits (or its timeout kills it), then `completion` with whether it
/// exited 0. A non-root user runs it through `setpriv` (posix_spawn cannot change user).
enum ScriptLauncher {
    static func launch(_ commandLine: String, arguments extra: [String] = [], user: String?, timeoutMicroseconds: Int64,
                       loop: EventLoop, completion: @escaping (Bool) -> Void) -> pid_t? {
        var words = Tokenizer.commandWords(commandLine) + extra
        guard !words.isEmpty else { return nil }
        if let user, user != "root", let pw = getpwnam(user) {
            words = ["/usr/bin/setpriv", "--reuid=\(pw.pointee.pw_uid)", "--regid=\(pw.pointee.pw_gid)", "--init-groups", "--"] + words
        }
        let request = ProcessSpawner.Request(path: words[0], arguments: Array(words.dropFirst()), nullStandardStreams: true)
        guard let pid = try? ProcessSpawner.spawn(request) else {
            completion(false)
            return nil
        }
        poll(pid, deadline: Instant.now() + timeoutMicroseconds, loop: loop, completion: completion)
        return pid
    }

    private static func poll(_ pid: pid_t, deadline: Instant, loop: EventLoop, completion: @escaping (Bool) -> Void) {
        loop.schedule(after: 20_000) {
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                completion(ProcessTermination(waitStatus: status) == .exited(0))
            } else if r < 0 {
                completion(false)
            } else if Instant.now() >= deadline {
                kill(pid, SIGKILL)
                waitpid(pid, &status, 0)
                completion(false)
            } else {
                poll(pid, deadline: deadline, loop: loop, completion: completion)
            }
        }
    }
}
