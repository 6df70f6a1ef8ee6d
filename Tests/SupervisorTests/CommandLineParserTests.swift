import Testing
@testable import Supervisor

@Suite("keepalived command line")
struct CommandLineParserTests {
    @Test func defaultsAreKeepalivedsDefaults() throws {
        let o = try CommandLineParser.parse([])
        #expect(o.configFile == "/etc/keepalived/keepalived.conf")
        #expect(o.pidFile == "/run/keepalived.pid")
        #expect(o.vrrpPidFile == "/run/vrrp.pid")
        #expect(o.checkerPidFile == "/run/checkers.pid")
        #expect(o.logFacility == "daemon")
        #expect(!o.dontFork && !o.configTest && o.configID == nil)
    }

    @Test(arguments: [
        ["-f", "/x.conf"], ["-f/x.conf"], ["--use-file=/x.conf"], ["--use-file", "/x.conf"], ["--use=/x.conf"],
    ])
    func configFileForms(args: [String]) throws {
        #expect(try CommandLineParser.parse(args).configFile == "/x.conf")
    }

    @Test func clusteredShortOptions() throws {
        let o = try CommandLineParser.parse(["-lDnPR"])
        #expect(o.logConsole && o.logDetail && o.dontFork && o.vrrpOnly && o.dontRespawn)
    }

    @Test func clusterEndingInAnOptionWithAValue() throws {
        let o = try CommandLineParser.parse(["-nf", "/y.conf", "-ip1"])
        #expect(o.dontFork && o.configFile == "/y.conf" && o.configID == "p1")
    }

    @Test func configTestTakesAnOptionalAttachedLogFile() throws {
        let a = try CommandLineParser.parse(["-t"])
        #expect(a.configTest && a.configTestLogFile == nil)
        let b = try CommandLineParser.parse(["--config-test=/tmp/log", "-f", "/z"])
        #expect(b.configTest && b.configTestLogFile == "/tmp/log" && b.configFile == "/z")
        let c = try CommandLineParser.parse(["-t/tmp/l"])
        #expect(c.configTestLogFile == "/tmp/l")
        // A separate word after -t is not its value (getopt's optional_argument rule).
        #expect(throws: CommandLineError.self) { try CommandLineParser.parse(["-t", "/tmp/l"]) }
    }

    @Test func everyPidFileCanBeOverridden() throws {
        let o = try CommandLineParser.parse(["-p", "/a", "--vrrp_pid=/b", "-c/c"])
        #expect(o.pidFile == "/a" && o.vrrpPidFile == "/b" && o.checkerPidFile == "/c")
    }

    @Test(arguments: [("0", "local0"), ("local7", "local7"), ("user", "user"), ("daemon", "daemon")])
    func logFacilities(given: String, stored: String) throws {
        #expect(try CommandLineParser.parse(["-S", given]).logFacility == stored)
    }

    @Test(arguments: [
        ["-S", "local9"], ["-Z"], ["--bogus"], ["-f"], ["--use-file"], ["--dont-fork=yes"], ["--d"], ["stray"], ["-u", "999"],
    ])
    func badCommandLines(args: [String]) {
        #expect(throws: CommandLineError.self) { try CommandLineParser.parse(args) }
    }

    @Test func signalNumbersAreKeepalivedsOnLinux() {
        let numbers = SignalFunction.allCases.map { $0.number(realtimeMinimum: 34, realtimeMaximum: 64) }
        #expect(numbers == [15, 1, 10, 12, 63, 36])
    }

    @Test func umaskIsOctalWithALeadingZero() throws {
        #expect(try CommandLineParser.parse(["-u", "022"]).umask == 0o022)
        #expect(try CommandLineParser.parse(["--umask=18"]).umask == 18)
    }
}
