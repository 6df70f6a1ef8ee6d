import IPVS
import NetworkAddress
import Testing

/// Cross-checks against real traffic, captured in the IPVS test VM (Debian kernel 6.1.0,
/// ipvsadm 1.31 with libnl 3.7) with `strace -e sendmsg,recvmsg -xx ipvsadm ...`.
/// Only the generic-netlink body is kept (genlmsghdr + attributes): the nlmsghdr carries
/// libnl's time-based sequence number and port id.
@Suite("IPVS: what ipvsadm and the kernel really send")
struct IPVSCapturedTrafficTests {
    let tcp80 = IPVSServiceKey.address(.tcp, ip("192.0.2.1"), port: 80)

    func body(_ r: IPVSRequest) -> String { hexString(r.encoded(family: testFamily, sequence: 1).dropFirst(16)) }

    // MARK: requests equal ipvsadm's

    @Test func serviceCommandsMatchIpvsadm() {
        // ipvsadm -A -t 192.0.2.1:80 -s rr
        #expect(body(.addService(IPVSService(tcp80, scheduler: "rr")))
            == "01010000540001800600010002000000060002000600000014000300c0000201000000000000000000000000060004000050000007000600727200000c00070000000000ffffffff080008000000000008000900ffffffff")
        // ipvsadm -E -t 192.0.2.1:80 -s wrr -p 600
        #expect(body(.updateService(.persistent(tcp80, scheduler: "wrr", timeout: 600)))
            == "02010000540001800600010002000000060002000600000014000300c0000201000000000000000000000000060004000050000008000600777272000c00070001000000ffffffff080008005802000008000900ffffffff")
        // ipvsadm -A -u [2001:db8::1]:53 -s sh -b sh-fallback,sh-port
        #expect(body(.addService(IPVSService(.address(.udp, ip("2001:db8::1"), port: 53), scheduler: "sh", flags: [.shFallback, .shPort])))
            == "0101000054000180060001000a00000006000200110000001400030020010db8000000000000000000000001060004000035000007000600736800000c00070018000000ffffffff08000800000000000800090080000000")
        // ipvsadm -A -f 42 -s lc -p 300 -M 255.255.255.0
        #expect(body(.addService(.persistent(.firewallMark(42, family: .ipv4), scheduler: "lc", timeout: 300, granularityPrefix: 24)))
            == "01010000380001800600010002000000080005002a000000070006006c6300000c00070001000000ffffffff080008002c01000008000900ffffff00")
        // ipvsadm -A -f 43 -6 -s lc -p 300 -M 64
        #expect(body(.addService(.persistent(.firewallMark(43, family: .ipv6), scheduler: "lc", timeout: 300, granularityPrefix: 64)))
            == "0101000038000180060001000a000000080005002b000000070006006c6300000c00070001000000ffffffff080008002c0100000800090040000000")
        // ipvsadm -A --sctp-service 203.0.113.5:3868 -s mh -b mh-fallback,mh-port
        #expect(body(.addService(IPVSService(.address(.sctp, ip("203.0.113.5"), port: 3868), scheduler: "mh", flags: [.mhFallback, .mhPort])))
            == "01010000540001800600010002000000060002008400000014000300cb007105000000000000000000000000060004000f1c0000070006006d6800000c00070018000000ffffffff080008000000000008000900ffffffff")
    }

    @Test func listingCommandsMatchIpvsadm() {
        // ipvsadm -Ln: the service dump, then one destination dump per service
        #expect(body(.listServices()) == "04010000")
        #expect(body(.listDestinations(of: .address(.sctp, ip("203.0.113.5"), port: 3868)))
            == "08010000300001800600010002000000060002008400000014000300cb007105000000000000000000000000060004000f1c0000")
        #expect(body(.listDestinations(of: .firewallMark(43, family: .ipv6)))
            == "0801000014000180060001000a000000080005002b000000")
        #expect(body(.getInfo()) == "0f010000")
        #expect(body(.getTimeouts()) == "0d010000")        // ipvsadm -L --timeout
        #expect(body(.listSyncDaemons()) == "0b010000")    // ipvsadm -L --daemon
        #expect(body(.flush()) == "11010000")              // ipvsadm -C
        // ipvsadm --set 900 120 300
        #expect(body(.setTimeouts(IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300)))
            == "0c01000008000400840300000800050078000000080006002c010000")
        // ipvsadm --start-daemon master --mcast-interface lo --syncid 7
        #expect(body(.startSyncDaemon(IPVSSyncDaemon(.master, interface: "lo", syncID: 7)))
            == "090100001c0003800800010001000000070002006c6f00000800030007000000")
    }

    @Test func destinationNestsMatchIpvsadm() {
        // ipvsadm sends the whole service (with an empty scheduler name) in destination commands;
        // we send its key, which is all ip_vs_genl_parse_service reads then. The destination
        // nest is byte for byte the same.
        func destNest(_ r: IPVSRequest) -> String { hexString(r.encoded(family: testFamily, sequence: 1).dropFirst(16 + 4 + 48)) }
        // ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 5 -x 100 -y 10
        let nat = IPVSDestination(ip("198.51.100.10"), port: 8080, forwarding: .masquerade, weight: 5, upperThreshold: 100, lowerThreshold: 10)
        #expect(destNest(.addDestination(nat, to: tcp80))
            == "6000028006000b000200000014000100c633640a000000000000000000000000060002001f9000000800030000000000080004000500000005000d000000000006000e000000000006000f00000000000800050064000000080006000a000000")
        // ipvsadm -a -t 192.0.2.1:80 -r 198.51.100.11:8080 -i --tun-type gue --tun-port 6080 --tun-nocsum
        // (ipvsadm replaces the port of a tunnelled server by the service's: 80)
        let gue = IPVSDestination(ip("198.51.100.11"), port: 80, forwarding: .tunnel(IPVSTunnel(.gue, port: 6080)))
        #expect(destNest(.addDestination(gue, to: tcp80))
            == "6000028006000b000200000014000100c633640b00000000000000000000000006000200005000000800030002000000080004000100000005000d000100000006000e0017c0000006000f000000000008000500000000000800060000000000")
        // ipvsadm -e -t 192.0.2.1:80 -r 198.51.100.10:8080 -m -w 7
        let edited = IPVSDestination(ip("198.51.100.10"), port: 8080, forwarding: .masquerade, weight: 7)
        #expect(destNest(.updateDestination(edited, in: tcp80))
            == "6000028006000b000200000014000100c633640a000000000000000000000000060002001f9000000800030000000000080004000700000005000d000000000006000e000000000006000f000000000008000500000000000800060000000000")
    }

    @Test func ipvsadmsFullServiceInADestinationCommandDecodesToTheSameKey() throws {
        // ipvsadm -d -t 192.0.2.1:80 -r 198.51.100.10:8080, as sent.
        let payload = hex("07010000540001800600010002000000060002000600000014000300c0000201000000000000000000000000060004000050000005000600000000000c00070000000000ffffffff080008000000000008000900ffffffff6000028006000b000200000014000100c633640a000000000000000000000000060002001f9000000800030003000000080004000100000005000d000000000006000e000000000006000f000000000008000500000000000800060000000000")
        let message = try GenericNetlinkPayload(payload[...])
        #expect(message.command == IPVSCommand.deleteDestination.rawValue)
        let service = try IPVSReply.serviceEntry(message).service
        #expect(service.key == tcp80)
        let dest = try IPVSReply.destinationEntry(message, serviceFamily: .ipv4).destination
        #expect(dest.address == ip("198.51.100.10"))
        #expect(dest.port == 8080)
    }

    // MARK: replies from the kernel

    /// The replies to `ipvsadm -Ln` with: TCP 192.0.2.1:80 wrr -p 600 holding a NAT server
    /// (198.51.100.10:8080 w5 x100 y10) and a GUE-tunnelled one (198.51.100.11:80 port 6080),
    /// and FWM 43 IPv6 lc -p 300 -M 64. Kernel 6.1 sends the nests without NLA_F_NESTED, the
    /// counters twice (32-bit STATS and STATS64), and every address as 16 bytes.
    static let tcpServiceReply = hex("""
        010100002c0101000600010002000000060002000600000014000300c0000201000000000000000000000000060004000050000008000600777272000c000700
        03000000ffffffff080008005802000008000900ffffffff5c000a000800010000000000080002000000000008000300000000000c0004000000000000000000
        0c0005000000000000000000080006000000000008000700000000000800080000000000080009000000000008000a00000000007c000c000c00010000000000
        000000000c00020000000000000000000c00030000000000000000000c00040000000000000000000c00050000000000000000000c0006000000000000000000
        0c00070000000000000000000c00080000000000000000000c00090000000000000000000c000a000000000000000000
        """)
    static let fwmarkServiceReply = hex("""
        0101000010010100060001000a000000080005002b000000070006006c6300000c00070003000000ffffffff080008002c01000008000900400000005c000a00
        0800010000000000080002000000000008000300000000000c00040000000000000000000c000500000000000000000008000600000000000800070000000000
        0800080000000000080009000000000008000a00000000007c000c000c00010000000000000000000c00020000000000000000000c0003000000000000000000
        0c00040000000000000000000c00050000000000000000000c00060000000000000000000c00070000000000000000000c00080000000000000000000c000900
        00000000000000000c000a000000000000000000
        """)
    static let tunnelDestinationReply = hex("""
        050100005001020014000100c633640b00000000000000000000000006000200005000000800030002000000080004000100000005000d000100000006000e00
        17c0000006000f00000000000800050000000000080006000000000008000700000000000800080000000000080009000000000006000b00020000005c000a00
        0800010000000000080002000000000008000300000000000c00040000000000000000000c000500000000000000000008000600000000000800070000000000
        0800080000000000080009000000000008000a00000000007c000c000c00010000000000000000000c00020000000000000000000c0003000000000000000000
        0c00040000000000000000000c00050000000000000000000c00060000000000000000000c00070000000000000000000c00080000000000000000000c000900
        00000000000000000c000a000000000000000000
        """)
    static let natDestinationReply = hex("""
        050100005001020014000100c633640a000000000000000000000000060002001f9000000800030000000000080004000500000005000d000000000006000e00
        0000000006000f00000000000800050064000000080006000a00000008000700000000000800080000000000080009000000000006000b00020000005c000a00
        0800010000000000080002000000000008000300000000000c00040000000000000000000c000500000000000000000008000600000000000800070000000000
        0800080000000000080009000000000008000a00000000007c000c000c00010000000000000000000c00020000000000000000000c0003000000000000000000
        0c00040000000000000000000c00050000000000000000000c00060000000000000000000c00070000000000000000000c00080000000000000000000c000900
        00000000000000000c000a000000000000000000
        """)

    @Test func aServiceDumpParses() throws {
        // One datagram: two NLM_F_MULTI messages and NLMSG_DONE, as the kernel sent them.
        let datagram = nlmsghdr(length: 320, flags: NetlinkConstants.flagMulti) + Self.tcpServiceReply
            + nlmsghdr(length: 292, flags: NetlinkConstants.flagMulti) + Self.fwmarkServiceReply
            + nlmsghdr(length: 20, type: NetlinkConstants.done, flags: NetlinkConstants.flagMulti) + [0, 0, 0, 0]
        let messages = try NetlinkMessage.split(datagram)
        #expect(messages.map(\.type) == [testFamily, testFamily, NetlinkConstants.done])
        let services = try messages.prefix(2).map { m throws in try IPVSReply.serviceEntry(GenericNetlinkPayload(m.payload)) }
        #expect(services[0].service == .persistent(tcp80, scheduler: "wrr", timeout: 600))
        #expect(services[1].service == .persistent(.firewallMark(43, family: .ipv6), scheduler: "lc", timeout: 300, granularityPrefix: 64))
        #expect(services[0].statistics == IPVSStatistics())
        // The kernel reports PERSISTENT|HASHED (3); the hashed bit is dropped on reading.
        #expect(!services[0].service.flags.contains(.hashed))
    }

    @Test func aDestinationDumpParses() throws {
        let datagram = nlmsghdr(length: 356, flags: NetlinkConstants.flagMulti) + Self.tunnelDestinationReply
            + nlmsghdr(length: 356, flags: NetlinkConstants.flagMulti) + Self.natDestinationReply
        let entries = try NetlinkMessage.split(datagram).map { m throws in
            try IPVSReply.destinationEntry(GenericNetlinkPayload(m.payload), serviceFamily: .ipv4)
        }
        #expect(entries.map(\.destination) == [
            IPVSDestination(ip("198.51.100.11"), port: 80, forwarding: .tunnel(IPVSTunnel(.gue, port: 6080)), weight: 1),
            IPVSDestination(ip("198.51.100.10"), port: 8080, forwarding: .masquerade, weight: 5, upperThreshold: 100, lowerThreshold: 10),
        ])
        #expect(entries[0].activeConnections == 0 && entries[0].inactiveConnections == 0)
    }

    @Test func infoTimeoutsAndDaemonRepliesParse() throws {
        // GET_INFO reply (command SET_INFO): version 0x010201 = 1.2.1, table size 4096.
        let info = try IPVSReply.info(GenericNetlinkPayload(hex("0e01000008000100010201000800020000100000")[...]))
        #expect(info == IPVSInfo(versionCode: 0x010201, connectionTableSize: 4096))
        #expect(info.description == "IP Virtual Server version 1.2.1 (size=4096)")
        // GET_CONFIG reply (command SET_CONFIG).
        let t = IPVSReply.timeouts(try GenericNetlinkPayload(hex("0c01000008000400840300000800050078000000080006002c010000")[...]))
        #expect(t == IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300))
        // GET_DAEMON dump entry: master on lo, sync id 7, and the kernel's defaults
        // (maxlen 1472, port 8848, ttl 1, group 224.0.0.81).
        let daemon = try IPVSReply.syncDaemon(GenericNetlinkPayload(hex("""
            090100003c0003000800010001000000070002006c6f0000080003000700000006000400c00500000600070090220000050008000100000008000500e0000051
            """)[...]))
        #expect(daemon.role == .master)
        #expect(daemon.interface == "lo")
        #expect(daemon.syncID == 7)
        #expect(daemon.maxPacketLength == 1472)
        #expect(daemon.port == 8848)
        #expect(daemon.ttl == 1)
        #expect(daemon.group == ip("224.0.0.81"))
    }

    @Test func anErrorAcknowledgementCarriesTheErrno() throws {
        // NLMSG_ERROR, NLM_F_CAPPED: error -EEXIST (-17) and the request's header.
        let datagram = hex("""
            24000000 0200 0001 07000000 00000000   // nlmsghdr: len 36, NLMSG_ERROR, NLM_F_CAPPED
            efffffff                               // error = -17
            68000000 2000 0500 07000000 00000000   // the request's nlmsghdr
            """)
        let messages = try NetlinkMessage.split(datagram)
        #expect(messages.count == 1)
        #expect(messages[0].errorCode == -17)
        let ack = try NetlinkMessage.split(nlmsghdr(length: 36, type: NetlinkConstants.error, flags: 0x100) + [0, 0, 0, 0] + nlmsghdr(length: 20, flags: 5))
        #expect(ack[0].errorCode == 0)
    }
}
