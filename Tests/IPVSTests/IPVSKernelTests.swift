import IPVS
import NetworkAddress
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// When the kernel tests run: always with IPVS_VM=1 (Tests/integration/ipvs-vm.sh sets it in
/// the VM, and then a kernel without IPVS is a failure), otherwise only as root on a kernel whose
/// ip_vs module is loaded. Each test works in a network namespace of its own, so the host's
/// IPVS table is never touched.
enum KernelGate {
    static let required: Bool = getenv("IPVS_VM").map { String(cString: $0) == "1" } ?? false
    static var ipvsLoaded: Bool { access("/proc/net/ip_vs", F_OK) == 0 }
    static var enabled: Bool { required || (ipvsLoaded && geteuid() == 0) }
}

@Suite("IPVSKernel: is IPVS there when it must be")
struct IPVSKernelGateTests {
    @Test func ipvsIsPresentWhenTheVMRunRequiresIt() {
        if KernelGate.required {
            #expect(KernelGate.ipvsLoaded, "IPVS_VM=1 but /proc/net/ip_vs is missing: the kernel has no IPVS")
        } else if !KernelGate.ipvsLoaded {
            // Not an error on a kernel without IPVS; the suite below is then skipped.
            print("IPVSKernel: skipped, this kernel has no IPVS (run Tests/integration/ipvs-vm.sh)")
        }
    }
}

/// A private network namespace with an IPVS client bound into it, and a way to run commands
/// (ipvsadm) in the same namespace through nsenter.
final class IPVSSandbox {
    let client: IPVSClient
    private let namespace: Int32

    private typealias UnshareFunction = @convention(c) (Int32) -> Int32
    private typealias SetnsFunction = @convention(c) (Int32, Int32) -> Int32
    private static let newNet: Int32 = 0x4000_0000   // CLONE_NEWNET

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init() throws {
        // unshare/setns are GNU extensions the Glibc module does not import.
        guard let u = dlsym(nil, "unshare"), let s = dlsym(nil, "setns") else { throw Failure(description: "no unshare/setns") }
        let unshare = unsafeBitCast(u, to: UnshareFunction.self)
        let setns = unsafeBitCast(s, to: SetnsFunction.self)
        // Only this thread moves; it opens the netlink socket in the new namespace (a socket
        // stays in the namespace it was created in) and comes straight back.
        let original = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        guard original >= 0 else { throw Failure(description: "open own netns: errno \(errno)") }
        defer { close(original) }
        guard unshare(Self.newNet) == 0 else { throw Failure(description: "unshare(CLONE_NEWNET): errno \(errno)") }
        namespace = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC)
        let made: Result<IPVSClient, IPVSError>
        do { made = .success(try IPVSClient()) } catch { made = .failure(error) }
        guard setns(original, Self.newNet) == 0 else { fatalError("cannot return to the original network namespace") }
        switch made {
        case .success(let c): client = c
        case .failure(let e):
            close(namespace)
            throw e
        }
        // With lo down a new namespace has no local routing table, and the kernel then refuses
        // every IPv4 real server with EINVAL (inet_addr_type() says "broadcast").
        let up = shell("ip link set lo up")
        guard up.status == 0 else { throw Failure(description: "ip link set lo up: \(up.output)") }
    }

    deinit { close(namespace) }

    /// Runs `command` with /bin/sh in the sandbox's namespace; stdout and stderr together.
    @discardableResult
    func shell(_ command: String) -> (status: Int32, output: String) {
        let full = "nsenter --net=/proc/\(getpid())/fd/\(namespace) /bin/sh -c '\(command)' 2>&1"
        guard let pipe = popen(full, "r") else { return (-1, "popen failed") }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { fread($0.baseAddress, 1, $0.count, pipe) }
            if n <= 0 { break }
            output += buffer[0..<n]
        }
        let status = pclose(pipe)
        return ((status >> 8) & 0xFF, String(decoding: output, as: UTF8.self))
    }

    /// `ipvsadm -Sn` (the table as ipvsadm commands), one set element per line.
    func ipvsadmSave() -> Set<String> {
        Set(shell("ipvsadm -Sn").output.split(separator: "\n").map(String.init))
    }

    /// The lines of an ipvsadm listing, whitespace-normalised.
    func ipvsadmLines(_ arguments: String) -> [String] {
        shell("ipvsadm \(arguments)").output.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
    }
}

@Suite("IPVSKernel: the client against the running kernel", .serialized,
       .enabled(if: KernelGate.enabled, "no IPVS in this kernel; Tests/integration/ipvs-vm.sh runs these in a VM"))
struct IPVSKernelTests {
    let tcp80 = IPVSServiceKey.address(.tcp, ip("192.0.2.1"), port: 80)

    @Test func infoAndAnEmptyTable() throws {
        let box = try IPVSSandbox()
        let info = try box.client.info()
        #expect(info.version == "1.2.1")
        #expect(info.connectionTableSize > 0)
        #expect(box.ipvsadmLines("-Ln").first == info.description)
        #expect(try box.client.services().isEmpty)
        #expect(box.ipvsadmSave().isEmpty)
    }

    @Test func addressServicesOfEveryProtocolAndFamily() throws {
        let box = try IPVSSandbox()
        let services = [
            IPVSService(tcp80, scheduler: "rr"),
            IPVSService(.address(.udp, ip("192.0.2.1"), port: 53), scheduler: "wrr", flags: .onePacket),
            IPVSService(.address(.sctp, ip("203.0.113.5"), port: 3868), scheduler: "mh", flags: [.mhFallback, .mhPort]),
            IPVSService(.address(.tcp, ip("2001:db8::1"), port: 443), scheduler: "sh", flags: [.shFallback, .shPort]),
            IPVSService.persistent(.address(.udp, ip("2001:db8::2"), port: 5060), scheduler: "wlc", timeout: 900, granularityPrefix: 48),
        ]
        for s in services { try box.client.addService(s) }
        #expect(Set(try box.client.services()) == Set(services))
        for s in services { #expect(try box.client.service(s.key)?.service == s) }
        #expect(box.ipvsadmSave() == [
            "-A -t 192.0.2.1:80 -s rr",
            "-A -u 192.0.2.1:53 -s wrr -o",
            "-A --sctp-service 203.0.113.5:3868 -s mh -b mh-fallback,mh-port",
            "-A -t [2001:db8::1]:443 -s sh -b sh-fallback,sh-port",
            "-A -u [2001:db8::2]:5060 -s wlc -p 900 -M 48",
        ])
    }

    @Test func firewallMarkServicesWithPersistence() throws {
        let box = try IPVSSandbox()
        let v4 = IPVSService.persistent(.firewallMark(42, family: .ipv4), scheduler: "lc", timeout: 300, granularityPrefix: 24)
        let v6 = IPVSService.persistent(.firewallMark(43, family: .ipv6), scheduler: "lc", timeout: 600, granularityPrefix: 64)
        let plain = IPVSService(.firewallMark(44, family: .ipv4), scheduler: "rr")
        for s in [v4, v6, plain] { try box.client.addService(s) }
        #expect(Set(try box.client.services()) == [v4, v6, plain])
        #expect(box.ipvsadmSave() == [
            "-A -f 42 -s lc -p 300 -M 255.255.255.0",
            "-A -f 43 -6 -s lc -p 600 -M 64",
            "-A -f 44 -s rr",
        ])
        #expect(box.ipvsadmLines("-Ln").contains("FWM 42 lc persistent 300 mask 255.255.255.0"))
    }

    @Test func servicesAreUpdatedAndDeleted() throws {
        let box = try IPVSSandbox()
        try box.client.addService(IPVSService(tcp80, scheduler: "rr"))
        let changed = IPVSService.persistent(tcp80, scheduler: "wlc", timeout: 120, granularityPrefix: 16)
        try box.client.updateService(changed)
        #expect(try box.client.services() == [changed])
        #expect(box.ipvsadmSave() == ["-A -t 192.0.2.1:80 -s wlc -p 120 -M 255.255.0.0"])
        // Back to non-persistent: the flags are replaced, not merged.
        try box.client.updateService(IPVSService(tcp80, scheduler: "rr"))
        #expect(box.ipvsadmSave() == ["-A -t 192.0.2.1:80 -s rr"])
        try box.client.deleteService(tcp80)
        #expect(try box.client.services().isEmpty)
        #expect(box.ipvsadmSave().isEmpty)
    }

    @Test func everySchedulerTheKernelOffers() throws {
        let box = try IPVSSandbox()
        let names = ["rr", "wrr", "lc", "wlc", "lblc", "lblcr", "dh", "sh", "sed", "nq", "fo", "ovf", "mh", "twos"]
        var offered: [String] = []
        for (i, name) in names.enumerated() {
            let key = IPVSServiceKey.address(.tcp, ip("192.0.2.10"), port: UInt16(1000 + i))
            let hasModule = box.shell("modinfo ip_vs_\(name) >/dev/null").status == 0
            if hasModule {
                try box.client.addService(IPVSService(key, scheduler: name))
                #expect(try box.client.service(key)?.service.scheduler == name)
                offered.append(name)
            } else {
                let error = #expect(throws: IPVSError.self) { try box.client.addService(IPVSService(key, scheduler: name)) }
                #expect(error?.reason == .schedulerNotFound)
            }
        }
        let save = box.ipvsadmSave()
        for (i, name) in names.enumerated() where offered.contains(name) {
            #expect(save.contains("-A -t 192.0.2.10:\(1000 + i) -s \(name)"))
        }
        #expect(offered.count >= 13, "schedulers offered: \(offered)")
        print("IPVSKernel: schedulers offered by this kernel: \(offered.joined(separator: " "))")
    }

    @Test func realServersOfEveryForwardingMethod() throws {
        let box = try IPVSSandbox()
        try box.client.addService(.persistent(tcp80, scheduler: "wrr", timeout: 600))
        let nat = IPVSDestination(ip("198.51.100.10"), port: 8080, forwarding: .masquerade, weight: 5, upperThreshold: 100, lowerThreshold: 10)
        let gue = IPVSDestination(ip("198.51.100.11"), port: 80, forwarding: .tunnel(IPVSTunnel(.gue, port: 6080, flags: .checksum)))
        let ipip = IPVSDestination(ip("198.51.100.12"), port: 80, forwarding: .tunnel(IPVSTunnel(.ipip)), weight: 3)
        let gre = IPVSDestination(ip("198.51.100.14"), port: 80, forwarding: .tunnel(IPVSTunnel(.gre, flags: .checksum)), weight: 2)
        let dr = IPVSDestination(ip("198.51.100.13"), port: 80, forwarding: .directRoute, weight: 0)
        for d in [nat, gue, ipip, gre, dr] { try box.client.addDestination(d, to: tcp80) }
        // The kernel lists real servers newest first (ipvsadm sorts them), so compare as sets.
        #expect(Set(try box.client.destinations(of: tcp80)) == [nat, gue, ipip, gre, dr])
        #expect(box.ipvsadmSave() == [
            "-A -t 192.0.2.1:80 -s wrr -p 600",
            "-a -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 5",
            "-a -t 192.0.2.1:80 -r 198.51.100.11:80 -i -w 1 --tun-type gue --tun-port 6080 --tun-csum",
            "-a -t 192.0.2.1:80 -r 198.51.100.12:80 -i -w 3 --tun-type ipip",
            "-a -t 192.0.2.1:80 -r 198.51.100.14:80 -i -w 2 --tun-type gre --tun-csum",
            "-a -t 192.0.2.1:80 -r 198.51.100.13:80 -g -w 0",
        ])
        #expect(box.ipvsadmLines("-Ln --thresholds").contains("-> 198.51.100.10:8080 100 10 0 0"))

        // Update: weight, thresholds and forwarding method change in place.
        var changed = nat
        changed.weight = 9
        changed.upperThreshold = 0
        changed.lowerThreshold = 0
        changed.forwarding = .directRoute
        try box.client.updateDestination(changed, in: tcp80)
        #expect(try box.client.destinations(of: tcp80).first { $0.address == nat.address } == changed)
        #expect(box.ipvsadmSave().contains("-a -t 192.0.2.1:80 -r 198.51.100.10:8080 -g -w 9"))

        try box.client.deleteDestination(gue, from: tcp80)
        try box.client.deleteDestination(ip("198.51.100.12"), port: 80, from: tcp80)
        #expect(Set(try box.client.destinations(of: tcp80)) == [changed, gre, dr])
        #expect(box.ipvsadmSave().count == 4)
        let entries = try box.client.destinationEntries(of: tcp80)
        #expect(entries.allSatisfy { $0.activeConnections == 0 && $0.statistics == IPVSStatistics() })
    }

    @Test func anIPv6ServiceWithIPv6AndTunnelledIPv4RealServers() throws {
        let box = try IPVSSandbox()
        let key = IPVSServiceKey.address(.tcp, ip("2001:db8::1"), port: 443)
        try box.client.addService(IPVSService(key, scheduler: "wlc"))
        let v6 = IPVSDestination(ip("2001:db8::5"), port: 8443, weight: 4)
        // A mixed-family real server is allowed for tunnels only.
        let v4 = IPVSDestination(ip("198.51.100.20"), port: 443, forwarding: .tunnel(IPVSTunnel(.ipip)))
        try box.client.addDestination(v6, to: key)
        try box.client.addDestination(v4, to: key)
        #expect(Set(try box.client.destinations(of: key)) == [v6, v4])
        #expect(box.ipvsadmSave().contains("-a -t [2001:db8::1]:443 -r [2001:db8::5]:8443 -m -w 4"))
        let natV4 = IPVSDestination(ip("198.51.100.21"), port: 443)
        let error = #expect(throws: IPVSError.self) { try box.client.addDestination(natV4, to: key) }
        #expect(error?.reason == .invalidArgument)
    }

    @Test func kernelRefusalsAreTypedAndNameTheService() throws {
        let box = try IPVSSandbox()
        try box.client.addService(IPVSService(tcp80, scheduler: "rr"))
        let duplicate = #expect(throws: IPVSError.self) { try box.client.addService(IPVSService(self.tcp80, scheduler: "rr")) }
        #expect(duplicate?.reason == .serviceExists)
        #expect(duplicate?.description == "add service TCP 192.0.2.1:80: service already exists (EEXIST)")

        let other = IPVSServiceKey.address(.udp, ip("192.0.2.2"), port: 53)
        #expect(try box.client.service(other) == nil)
        let missing = #expect(throws: IPVSError.self) { try box.client.deleteService(other) }
        #expect(missing?.reason == .noSuchService)
        #expect(missing?.description == "delete service UDP 192.0.2.2:53: no such service (ESRCH)")
        let update = #expect(throws: IPVSError.self) { try box.client.updateService(IPVSService(other, scheduler: "rr")) }
        #expect(update?.reason == .noSuchService)

        let noScheduler = #expect(throws: IPVSError.self) { try box.client.addService(IPVSService(other, scheduler: "nosuch")) }
        #expect(noScheduler?.reason == .schedulerNotFound)

        let d = IPVSDestination(ip("198.51.100.10"), port: 8080)
        let noService = #expect(throws: IPVSError.self) { try box.client.addDestination(d, to: other) }
        #expect(noService?.reason == .noSuchService)
        #expect(noService?.description == "add real server UDP 192.0.2.2:53 real server 198.51.100.10:8080: service not defined (ESRCH)")
        try box.client.addDestination(d, to: tcp80)
        let twice = #expect(throws: IPVSError.self) { try box.client.addDestination(d, to: self.tcp80) }
        #expect(twice?.reason == .destinationExists)
        let absent = IPVSDestination(ip("198.51.100.99"), port: 1)
        #expect((#expect(throws: IPVSError.self) { try box.client.updateDestination(absent, in: self.tcp80) })?.reason == .noSuchDestination)
        #expect((#expect(throws: IPVSError.self) { try box.client.deleteDestination(absent, from: self.tcp80) })?.reason == .noSuchDestination)
        // The table is what it was: one service, one real server.
        #expect(box.ipvsadmSave() == ["-A -t 192.0.2.1:80 -s rr", "-a -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 1"])
    }

    @Test func timeoutsAreReadAndSet() throws {
        let box = try IPVSSandbox()
        let before = try box.client.timeouts()
        #expect(before == IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300))   // the kernel's defaults
        try box.client.setTimeouts(IPVSTimeouts(tcp: 3600, tcpFin: 60, udp: 30))
        #expect(try box.client.timeouts() == IPVSTimeouts(tcp: 3600, tcpFin: 60, udp: 30))
        #expect(box.ipvsadmLines("-L --timeout") == ["Timeout (tcp tcpfin udp): 3600 60 30"])
        // Zero leaves a timeout alone.
        try box.client.setTimeouts(IPVSTimeouts(tcp: 0, tcpFin: 0, udp: 45))
        #expect(try box.client.timeouts() == IPVSTimeouts(tcp: 3600, tcpFin: 60, udp: 45))
    }

    @Test func flushEmptiesTheTable() throws {
        let box = try IPVSSandbox()
        for port in UInt16(1)...5 {
            let key = IPVSServiceKey.address(.tcp, ip("192.0.2.3"), port: port)
            try box.client.addService(IPVSService(key, scheduler: "rr"))
            try box.client.addDestination(IPVSDestination(ip("198.51.100.30"), port: port), to: key)
        }
        try box.client.addService(IPVSService(.firewallMark(9, family: .ipv6), scheduler: "rr"))
        #expect(try box.client.services().count == 6)
        #expect(box.ipvsadmSave().count == 11)
        try box.client.zeroCounters()
        try box.client.zeroCounters(.firewallMark(9, family: .ipv6))
        try box.client.flush()
        #expect(try box.client.services().isEmpty)
        #expect(box.ipvsadmSave().isEmpty)
    }

    @Test func syncDaemonsStartAndStop() throws {
        let box = try IPVSSandbox()
        #expect(try box.client.syncDaemons().isEmpty)
        try box.client.startSyncDaemon(IPVSSyncDaemon(.master, interface: "lo", syncID: 7))
        try box.client.startSyncDaemon(IPVSSyncDaemon(.backup, interface: "lo", syncID: 9, port: 8850))
        let daemons = try box.client.syncDaemons()
        #expect(daemons.map(\.role) == [.master, .backup])
        #expect(daemons.map(\.syncID) == [7, 9])
        #expect(daemons.allSatisfy { $0.interface == "lo" })
        #expect(daemons.last?.port == 8850)
        let listing = box.ipvsadmLines("-L --daemon")
        #expect(listing.contains { $0.hasPrefix("master sync daemon (mcast=lo, syncid=7,") })
        #expect(listing.contains { $0.hasPrefix("backup sync daemon (mcast=lo, syncid=9,") && $0.contains("port=8850") })
        let again = #expect(throws: IPVSError.self) { try box.client.startSyncDaemon(IPVSSyncDaemon(.master, interface: "lo", syncID: 7)) }
        #expect(again?.reason == .syncDaemonRunning)
        try box.client.stopSyncDaemon(.master)
        try box.client.stopSyncDaemon(.backup)
        #expect(try box.client.syncDaemons().isEmpty)
        #expect(box.ipvsadmLines("-L --daemon").isEmpty)
        let stopped = #expect(throws: IPVSError.self) { try box.client.stopSyncDaemon(.master) }
        #expect(stopped?.reason == .noSyncDaemon)
    }

    @Test func rulesWrittenByIpvsadmAreReadBack() throws {
        let box = try IPVSSandbox()
        let script = [
            "ipvsadm -A -t 192.0.2.1:80 -s wrr -p 600 -M 255.255.255.0",
            "ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 5 -x 100 -y 10",
            "ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.11:80 -i --tun-type gue --tun-port 6080 --tun-csum",
            "ipvsadm -A -f 43 -6 -s lc -p 300 -M 64",
            "ipvsadm -A -u [2001:db8::1]:53 -s sh -b sh-fallback,sh-port -o",
        ].joined(separator: " && ")
        let run = box.shell(script)
        #expect(run.status == 0, "\(run.output)")
        #expect(Set(try box.client.services()) == [
            .persistent(tcp80, scheduler: "wrr", timeout: 600, granularityPrefix: 24),
            .persistent(.firewallMark(43, family: .ipv6), scheduler: "lc", timeout: 300, granularityPrefix: 64),
            IPVSService(.address(.udp, ip("2001:db8::1"), port: 53), scheduler: "sh", flags: [.shFallback, .shPort, .onePacket]),
        ])
        #expect(Set(try box.client.destinations(of: tcp80)) == [
            IPVSDestination(ip("198.51.100.10"), port: 8080, forwarding: .masquerade, weight: 5, upperThreshold: 100, lowerThreshold: 10),
            IPVSDestination(ip("198.51.100.11"), port: 80, forwarding: .tunnel(IPVSTunnel(.gue, port: 6080, flags: .checksum))),
        ])
    }

    @Test func largeTablesArriveOverSeveralDatagrams() throws {
        let box = try IPVSSandbox()
        for port in UInt16(1)...300 {
            try box.client.addService(IPVSService(.address(.tcp, ip("192.0.2.20"), port: port), scheduler: "rr"))
        }
        let many = IPVSServiceKey.address(.tcp, ip("192.0.2.20"), port: 1)
        for host in UInt8(1)...200 {
            try box.client.addDestination(IPVSDestination(ip("198.51.100.\(host)"), port: 80), to: many)
        }
        let services = try box.client.serviceEntries()
        #expect(services.count == 300)
        #expect(Set(services.map(\.service.key)).count == 300)
        #expect(try box.client.destinations(of: many).count == 200)
        #expect(box.ipvsadmSave().count == 500)
    }
}
