import Testing
import KeepalivedSystem
@testable import Supervisor

private let s: Int64 = 1_000_000
private func at(_ seconds: Double) -> Instant { Instant(microseconds: Int64(seconds * 1e6)) }

@Suite("Restart policy (injected clock)")
struct RestartPolicyTests {
    @Test func quickDeathsBackOffOneTwoFourUpToSixty() {
        var p = RestartPolicy()
        var delays: [Int64] = []
        var t = 0.0
        for _ in 0..<9 {
            guard case .restart(let d) = p.decide(.signalled(9), startedAt: at(t), endedAt: at(t + 5)) else { Issue.record("not a restart"); return }
            delays.append(d / s)
            t += 100
        }
        #expect(delays == [1, 2, 4, 8, 16, 32, 60, 60, 60])
    }

    @Test func aChildThatRanLongerThanSixtySecondsRestartsAtOnceAndResetsTheBackoff() {
        var p = RestartPolicy()
        _ = p.decide(.signalled(9), startedAt: at(0), endedAt: at(1))
        _ = p.decide(.signalled(9), startedAt: at(2), endedAt: at(3))
        #expect(p.decide(.signalled(11), startedAt: at(10), endedAt: at(70.5)) == .restart(afterMicroseconds: 0))
        #expect(p.decide(.signalled(9), startedAt: at(71), endedAt: at(72)) == .restart(afterMicroseconds: 1 * s))
    }

    @Test func exactlySixtySecondsIsStillQuick() {
        var p = RestartPolicy()
        #expect(p.decide(.exited(1), startedAt: at(0), endedAt: at(60)) == .restart(afterMicroseconds: s))
    }

    @Test(arguments: [Int32(3), 4])
    func permanentExitCodesStopEverything(code: Int32) {
        var p = RestartPolicy()
        #expect(p.decide(.exited(code), startedAt: at(0), endedAt: at(500)) == .stopEverything(exitCode: code))
    }

    @Test func dontRespawnLeavesTheChildStopped() {
        var p = RestartPolicy(respawn: false)
        #expect(p.decide(.signalled(9), startedAt: at(0), endedAt: at(100)) == .leaveStopped)
        // A permanent failure still stops everything.
        #expect(p.decide(.exited(4), startedAt: at(0), endedAt: at(100)) == .stopEverything(exitCode: 4))
    }

    @Test func configurableStableUptimeAndCap() {
        var p = RestartPolicy(stableUptime: s / 2, maximumDelay: 3 * s)
        #expect(p.decide(.signalled(9), startedAt: at(0), endedAt: at(0.6)) == .restart(afterMicroseconds: 0))
        #expect(p.decide(.signalled(9), startedAt: at(1), endedAt: at(1.1)) == .restart(afterMicroseconds: s))
        #expect(p.decide(.signalled(9), startedAt: at(2), endedAt: at(2.1)) == .restart(afterMicroseconds: 2 * s))
        #expect(p.decide(.signalled(9), startedAt: at(3), endedAt: at(3.1)) == .restart(afterMicroseconds: 3 * s))
        #expect(p.decide(.signalled(9), startedAt: at(4), endedAt: at(4.1)) == .restart(afterMicroseconds: 3 * s))
    }
}

@Suite("Heartbeat monitor (injected clock)")
struct HeartbeatMonitorTests {
    @Test func overdueOnlyAfterTheTimeoutWithoutAnAnswer() {
        var m = HeartbeatMonitor(interval: s, timeout: 3 * s, startedAt: at(0))
        #expect(!m.isOverdue(at: at(3)))
        #expect(m.isOverdue(at: at(3.01)))
        let seq = m.send(at: at(1))
        m.answered(seq, at: at(1.01))
        #expect(!m.isOverdue(at: at(4)))
        #expect(m.isOverdue(at: at(4.02)))
    }

    @Test func sequencesCountUpAndUnknownAnswersAreIgnored() {
        var m = HeartbeatMonitor(interval: s, timeout: s, startedAt: at(0))
        #expect(m.send(at: at(0.1)) == 1)
        #expect(m.send(at: at(0.2)) == 2)
        m.answered(99, at: at(5)) // never sent: proves nothing
        #expect(m.isOverdue(at: at(5)))
        m.answered(2, at: at(5))
        #expect(!m.isOverdue(at: at(5.5)))
    }
}
