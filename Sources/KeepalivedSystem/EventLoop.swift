#if canImport(Glibc)
import Glibc
#endif
import CShims

/// The one event loop of a process: epoll over descriptors, a timer queue on the monotonic
/// clock, and signals delivered through a signalfd. Nothing in a handler may block.
///
/// Single-threaded by design: every handler runs on the thread that called `run()`.
public final class EventLoop {
    public typealias Handler = (UInt32) -> Void

    private let epollFD: Int32
    private var handlers: [Int32: Handler] = [:]
    private var timers: [TimerEntry] = []   // a binary min-heap on `deadline`, then `id`
    private var cancelled: Set<UInt64> = []
    private var nextTimerID: UInt64 = 1
    private var stopped = false
    private var signalFD: Int32 = -1
    private var signalHandlers: [Int32: () -> Void] = [:]

    public struct TimerID: Hashable, Sendable { let raw: UInt64 }

    private struct TimerEntry {
        var deadline: Instant
        var id: UInt64
        var action: () -> Void
    }

    public init() throws(SystemError) {
        epollFD = try retryingEINTR("epoll_create1") { epoll_create1(Int32(EPOLL_CLOEXEC)) }
    }

    deinit {
        close(epollFD)
        if signalFD >= 0 { close(signalFD) }
    }

    // MARK: descriptors

    /// Calls `handler` with the epoll events whenever `fd` is ready (readable by default).
    public func watch(_ fd: Int32, events: UInt32 = EPOLLIN.rawValue, _ handler: @escaping Handler) throws(SystemError) {
        var event = epoll_event(events: events, data: epoll_data_t(fd: fd))
        let op = handlers[fd] == nil ? EPOLL_CTL_ADD : EPOLL_CTL_MOD
        _ = try retryingEINTR("epoll_ctl") { epoll_ctl(epollFD, op, fd, &event) }
        handlers[fd] = handler
    }

    /// Stops watching `fd` (before it is closed).
    public func unwatch(_ fd: Int32) {
        guard handlers.removeValue(forKey: fd) != nil else { return }
        var event = epoll_event()
        _ = epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, &event)
    }

    // MARK: timers

    /// Runs `action` once at `deadline` (or at once if it has passed).
    @discardableResult
    public func schedule(at deadline: Instant, _ action: @escaping () -> Void) -> TimerID {
        let id = nextTimerID
        nextTimerID += 1
        push(TimerEntry(deadline: deadline, id: id, action: action))
        return TimerID(raw: id)
    }

    @discardableResult
    public func schedule(after microseconds: Int64, _ action: @escaping () -> Void) -> TimerID {
        schedule(at: Instant.now() + microseconds, action)
    }

    public func cancel(_ timer: TimerID) { cancelled.insert(timer.raw) }

    // MARK: signals

    /// Delivers `signal` to `handler` through the loop instead of an async handler. The signal
    /// is blocked for the whole process so that it only arrives here.
    public func onSignal(_ signal: Int32, _ handler: @escaping () -> Void) throws(SystemError) {
        signalHandlers[signal] = handler
        var mask = sigset_t()
        sigemptyset(&mask)
        for s in signalHandlers.keys { sigaddset(&mask, s) }
        guard sigprocmask(SIG_BLOCK, &mask, nil) == 0 else { throw SystemError("sigprocmask") }
        let fd = signalfd(signalFD, &mask, Int32(SFD_CLOEXEC | SFD_NONBLOCK))
        guard fd >= 0 else { throw SystemError("signalfd") }
        if signalFD < 0 {
            signalFD = fd
            try watch(fd) { [unowned self] _ in self.drainSignals() }
        }
    }

    private func drainSignals() {
        var info = signalfd_siginfo()
        while true {
            let n = read(signalFD, &info, MemoryLayout<signalfd_siginfo>.size)
            if n != MemoryLayout<signalfd_siginfo>.size { return }
            signalHandlers[Int32(info.ssi_signo)]?()
        }
    }

    // MARK: running

    /// Runs until `stop()` is called from a handler.
    public func run() {
        stopped = false
        var events = [epoll_event](repeating: epoll_event(), count: 64)
        while !stopped {
            runDueTimers()
            if stopped { break }
            let timeout = millisecondsUntilNextTimer()
            let n = epoll_wait(epollFD, &events, Int32(events.count), timeout)
            if n < 0 {
                if errno == EINTR { continue }
                return
            }
            for i in 0..<Int(n) {
                let fd = events[i].data.fd
                if let handler = handlers[fd] { handler(events[i].events) }
                if stopped { break }
            }
        }
    }

    /// Makes `run()` return after the current handler.
    public func stop() { stopped = true }

    private func runDueTimers() {
        let now = Instant.now()
        while let first = timers.first, first.deadline <= now {
            let entry = pop()
            if cancelled.remove(entry.id) != nil { continue }
            entry.action()
            if stopped { return }
        }
    }

    private func millisecondsUntilNextTimer() -> Int32 {
        while let first = timers.first, cancelled.contains(first.id) {
            cancelled.remove(pop().id)
        }
        guard let first = timers.first else { return -1 }
        let micros = first.deadline - Instant.now()
        if micros <= 0 { return 0 }
        return Int32(min((micros + 999) / 1000, Int64(Int32.max)))
    }

    // MARK: heap

    private func earlier(_ a: TimerEntry, _ b: TimerEntry) -> Bool {
        a.deadline < b.deadline || (a.deadline == b.deadline && a.id < b.id)
    }

    private func push(_ e: TimerEntry) {
        timers.append(e)
        var i = timers.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard earlier(timers[i], timers[parent]) else { break }
            timers.swapAt(i, parent)
            i = parent
        }
    }

    private func pop() -> TimerEntry {
        let top = timers[0]
        let last = timers.removeLast()
        if !timers.isEmpty {
            timers[0] = last
            var i = 0
            while true {
                let l = 2 * i + 1, r = l + 1
                var m = i
                if l < timers.count && earlier(timers[l], timers[m]) { m = l }
                if r < timers.count && earlier(timers[r], timers[m]) { m = r }
                if m == i { break }
                timers.swapAt(i, m)
                i = m
            }
        }
        return top
    }
}
