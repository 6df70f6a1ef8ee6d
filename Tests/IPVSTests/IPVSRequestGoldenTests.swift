import IPVS
import NetworkAddress
import Testing

/// Every IPVS request, byte for byte, against layouts written out by hand from
/// include/uapi/linux/ip_vs.h and the kernel's attribute policies (ip_vs_ctl.c):
/// nlmsghdr (16) + genlmsghdr (4) + attributes, each attribute padded to 4 bytes.
/// Family id 0x20, sequence 7, port id 0 throughout; flags 0x0005 = REQUEST|ACK,
/// 0x0305 = REQUEST|ACK|DUMP.
@Suite("IPVS requests: golden bytes")
struct IPVSRequestGoldenTests {
    let tcp80 = IPVSServiceKey.address(.tcp, ip("192.0.2.1"), port: 80)

    func encode(_ r: IPVSRequest) -> [UInt8] { r.encoded(family: testFamily, sequence: 7) }

    func check(_ request: IPVSRequest, _ expected: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let actual = encode(request)
        #expect(hexString(actual) == hexString(expected), sourceLocation: sourceLocation)
    }

    // MARK: services

    @Test func addTCPService() {
        check(.addService(IPVSService(tcp80, scheduler: "rr")), hex("""
            68000000 2000 0500 07000000 00000000  // nlmsghdr: len 104, type 0x20, REQUEST|ACK, seq 7, port 0
            01 01 0000                            // genlmsghdr: IPVS_CMD_NEW_SERVICE, version 1
            5400 0180                             // IPVS_CMD_ATTR_SERVICE, len 84, NLA_F_NESTED
              0600 0100 0200 0000                 //   SVC_ATTR_AF = AF_INET (u16 host order)
              0600 0200 0600 0000                 //   SVC_ATTR_PROTOCOL = IPPROTO_TCP
              1400 0300 c0000201 00000000 00000000 00000000  // SVC_ATTR_ADDR: nf_inet_addr, 192.0.2.1 + zeros
              0600 0400 0050 0000                 //   SVC_ATTR_PORT = 80, network order
              0700 0600 727200 00                 //   SVC_ATTR_SCHED_NAME = "rr\\0"
              0c00 0700 00000000 ffffffff         //   SVC_ATTR_FLAGS: ip_vs_flags { flags 0, mask ~0 }
              0800 0800 00000000                  //   SVC_ATTR_TIMEOUT = 0 s
              0800 0900 ffffffff                  //   SVC_ATTR_NETMASK = 255.255.255.255 (network order)
            """))
    }

    @Test func updateServiceToPersistentWithAGranularity() {
        let service = IPVSService.persistent(tcp80, scheduler: "wrr", timeout: 600, granularityPrefix: 24)
        check(.updateService(service), hex("""
            68000000 2000 0500 07000000 00000000  // nlmsghdr: len 104
            02 01 0000                            // IPVS_CMD_SET_SERVICE
            5400 0180                             // IPVS_CMD_ATTR_SERVICE, len 84
              0600 0100 0200 0000                 //   AF_INET
              0600 0200 0600 0000                 //   TCP
              1400 0300 c0000201 00000000 00000000 00000000  // 192.0.2.1
              0600 0400 0050 0000                 //   port 80
              0800 0600 77727200                  //   "wrr\\0"
              0c00 0700 01000000 ffffffff         //   flags PERSISTENT, mask ~0
              0800 0800 58020000                  //   timeout 600 = 0x258
              0800 0900 ffffff00                  //   netmask 255.255.255.0, network order
            """))
    }

    @Test func theHashedFlagIsNeverSent() {
        let hashed = IPVSService(tcp80, scheduler: "rr", flags: [.hashed, .onePacket])
        let plain = IPVSService(tcp80, scheduler: "rr", flags: [.onePacket])
        #expect(encode(.addService(hashed)) == encode(.addService(plain)))
    }

    @Test func addIPv6UDPServiceWithSchedulerFlags() {
        let key = IPVSServiceKey.address(.udp, ip("2001:db8::1"), port: 53)
        check(.addService(IPVSService(key, scheduler: "sh", flags: [.shFallback, .shPort])), hex("""
            68000000 2000 0500 07000000 00000000  // nlmsghdr: len 104
            01 01 0000                            // NEW_SERVICE
            5400 0180                             // SERVICE nest, len 84
              0600 0100 0a00 0000                 //   AF_INET6 = 10
              0600 0200 1100 0000                 //   IPPROTO_UDP = 17
              1400 0300 20010db8 00000000 00000000 00000001  // 2001:db8::1
              0600 0400 0035 0000                 //   port 53
              0700 0600 736800 00                 //   "sh\\0"
              0c00 0700 18000000 ffffffff         //   SCHED1|SCHED2 = sh-fallback|sh-port = 0x18
              0800 0800 00000000                  //   timeout 0
              0800 0900 80000000                  //   IPv6 netmask = prefix length 128, host order
            """))
    }

    @Test func addSCTPServiceWithOnePacketAndAPersistenceEngine() {
        let key = IPVSServiceKey.address(.sctp, ip("203.0.113.5"), port: 3868)
        check(.addService(IPVSService(key, scheduler: "mh", flags: [.mhPort, .onePacket], persistenceEngine: "sip")), hex("""
            70000000 2000 0500 07000000 00000000  // nlmsghdr: len 112
            01 01 0000                            // NEW_SERVICE
            5c00 0180                             // SERVICE nest, len 92
              0600 0100 0200 0000                 //   AF_INET
              0600 0200 8400 0000                 //   IPPROTO_SCTP = 132
              1400 0300 cb007105 00000000 00000000 00000000  // 203.0.113.5
              0600 0400 0f1c 0000                 //   port 3868 = 0x0f1c
              0700 0600 6d6800 00                 //   "mh\\0"
              0800 0b00 73697000                  //   SVC_ATTR_PE_NAME = "sip\\0"
              0c00 0700 14000000 ffffffff         //   ONEPACKET|SCHED2 = 0x14
              0800 0800 00000000                  //   timeout 0
              0800 0900 ffffffff                  //   netmask all ones
            """))
    }

    @Test func addFirewallMarkServices() {
        let v4 = IPVSService.persistent(.firewallMark(42, family: .ipv4), scheduler: "lc", timeout: 300, granularityPrefix: 24)
        check(.addService(v4), hex("""
            4c000000 2000 0500 07000000 00000000  // nlmsghdr: len 76
            01 01 0000                            // NEW_SERVICE
            3800 0180                             // SERVICE nest, len 56
              0600 0100 0200 0000                 //   AF_INET
              0800 0500 2a000000                  //   SVC_ATTR_FWMARK = 42 (host order); no protocol/address/port
              0700 0600 6c6300 00                 //   "lc\\0"
              0c00 0700 01000000 ffffffff         //   PERSISTENT
              0800 0800 2c010000                  //   timeout 300
              0800 0900 ffffff00                  //   /24 as a mask, network order
            """))
        let v6 = IPVSService.persistent(.firewallMark(43, family: .ipv6), scheduler: "lc", timeout: 300, granularityPrefix: 64)
        check(.addService(v6), hex("""
            4c000000 2000 0500 07000000 00000000  // nlmsghdr: len 76
            01 01 0000                            // NEW_SERVICE
            3800 0180                             // SERVICE nest, len 56
              0600 0100 0a00 0000                 //   AF_INET6
              0800 0500 2b000000                  //   fwmark 43
              0700 0600 6c6300 00                 //   "lc\\0"
              0c00 0700 01000000 ffffffff         //   PERSISTENT
              0800 0800 2c010000                  //   timeout 300
              0800 0900 40000000                  //   prefix length 64, host order
            """))
    }

    @Test func deleteServiceSendsOnlyTheKey() {
        check(.deleteService(tcp80), hex("""
            44000000 2000 0500 07000000 00000000  // nlmsghdr: len 68
            03 01 0000                            // IPVS_CMD_DEL_SERVICE
            3000 0180                             // SERVICE nest, len 48
              0600 0100 0200 0000                 //   AF_INET
              0600 0200 0600 0000                 //   TCP
              1400 0300 c0000201 00000000 00000000 00000000  // 192.0.2.1
              0600 0400 0050 0000                 //   port 80
            """))
    }

    @Test func getOneService() {
        check(.getService(.firewallMark(7, family: .ipv6)), hex("""
            28000000 2000 0500 07000000 00000000  // nlmsghdr: len 40, no dump flag (a doit)
            04 01 0000                            // IPVS_CMD_GET_SERVICE
            1400 0180                             // SERVICE nest, len 20
              0600 0100 0a00 0000                 //   AF_INET6
              0800 0500 07000000                  //   fwmark 7
            """))
    }

    @Test func listServicesIsADump() {
        check(.listServices(), hex("""
            14000000 2000 0503 07000000 00000000  // nlmsghdr: len 20, REQUEST|ACK|ROOT|MATCH = 0x305
            04 01 0000                            // GET_SERVICE, no attributes
            """))
    }

    @Test func zeroAndFlush() {
        check(.zero(), hex("""
            14000000 2000 0500 07000000 00000000  // len 20
            10 01 0000                            // IPVS_CMD_ZERO = 16, everything
            """))
        check(.zero(.firewallMark(1, family: .ipv4)), hex("""
            28000000 2000 0500 07000000 00000000  // len 40
            10 01 0000                            // ZERO one service
            1400 0180 0600 0100 0200 0000 0800 0500 01000000  // SERVICE { AF_INET, fwmark 1 }
            """))
        check(.flush(), hex("""
            14000000 2000 0500 07000000 00000000  // len 20
            11 01 0000                            // IPVS_CMD_FLUSH = 17
            """))
    }

    // MARK: destinations

    @Test func addNATDestination() {
        let d = IPVSDestination(ip("198.51.100.10"), port: 8080, forwarding: .masquerade, weight: 5,
                                upperThreshold: 100, lowerThreshold: 10)
        check(.addDestination(d, to: tcp80), hex("""
            a4000000 2000 0500 07000000 00000000  // nlmsghdr: len 164
            05 01 0000                            // IPVS_CMD_NEW_DEST
            3000 0180                             // SERVICE nest (key only), len 48
              0600 0100 0200 0000                 //   AF_INET
              0600 0200 0600 0000                 //   TCP
              1400 0300 c0000201 00000000 00000000 00000000  // 192.0.2.1
              0600 0400 0050 0000                 //   port 80
            6000 0280                             // IPVS_CMD_ATTR_DEST, len 96, nested
              0600 0b00 0200 0000                 //   DEST_ATTR_ADDR_FAMILY = AF_INET
              1400 0100 c633640a 00000000 00000000 00000000  // DEST_ATTR_ADDR = 198.51.100.10
              0600 0200 1f90 0000                 //   DEST_ATTR_PORT = 8080, network order
              0800 0300 00000000                  //   FWD_METHOD = MASQ (0)
              0800 0400 05000000                  //   WEIGHT = 5
              0500 0d00 00 000000                 //   TUN_TYPE = 0 (u8)
              0600 0e00 0000 0000                 //   TUN_PORT = 0
              0600 0f00 0000 0000                 //   TUN_FLAGS = 0 (u16 host order)
              0800 0500 64000000                  //   U_THRESH = 100
              0800 0600 0a000000                  //   L_THRESH = 10
            """))
    }

    @Test func updateTunnelledDestinationOfAFirewallMarkService() {
        let d = IPVSDestination(ip("198.51.100.11"), port: 0,
                                forwarding: .tunnel(IPVSTunnel(.gue, port: 6080, flags: [.checksum])), weight: 1)
        check(.updateDestination(d, in: .firewallMark(42, family: .ipv4)), hex("""
            88000000 2000 0500 07000000 00000000  // nlmsghdr: len 136
            06 01 0000                            // IPVS_CMD_SET_DEST
            1400 0180                             // SERVICE nest, len 20
              0600 0100 0200 0000                 //   AF_INET
              0800 0500 2a000000                  //   fwmark 42
            6000 0280                             // DEST nest, len 96
              0600 0b00 0200 0000                 //   AF_INET
              1400 0100 c633640b 00000000 00000000 00000000  // 198.51.100.11
              0600 0200 0000 0000                 //   port 0
              0800 0300 02000000                  //   FWD_METHOD = TUNNEL (2)
              0800 0400 01000000                  //   weight 1
              0500 0d00 01 000000                 //   TUN_TYPE = GUE (1)
              0600 0e00 17c0 0000                 //   TUN_PORT = 6080 = 0x17c0, network order
              0600 0f00 0100 0000                 //   TUN_FLAGS = CSUM
              0800 0500 00000000                  //   no upper threshold
              0800 0600 00000000                  //   no lower threshold
            """))
    }

    @Test func directRouteAndGREDestinations() {
        let dr = IPVSDestination(ip("198.51.100.13"), port: 80, forwarding: .directRoute, weight: 0)
        let dest: [UInt8] = Array(encode(.addDestination(dr, to: tcp80))[68...])
        #expect(hexString(dest) == hexString(hex("""
            6000 0280                             // DEST nest
              0600 0b00 0200 0000 1400 0100 c633640d 00000000 00000000 00000000 0600 0200 0050 0000
              0800 0300 03000000                  //   FWD_METHOD = DROUTE (3)
              0800 0400 00000000                  //   weight 0 (quiesced)
              0500 0d00 00000000 0600 0e00 00000000 0600 0f00 00000000
              0800 0500 00000000 0800 0600 00000000
            """)))
        let gre = IPVSDestination(ip("198.51.100.12"), port: 80,
                                  forwarding: .tunnel(IPVSTunnel(.gre, flags: [.checksum, .remoteChecksum])))
        let forwardingOffset = 20 + 48 + 4 + 8 + 20 + 8  // headers, service nest, dest nest header, AF, address, port
        let tun: [UInt8] = Array(encode(.addDestination(gre, to: tcp80))[forwardingOffset...])
        #expect(hexString(tun.prefix(40)) == hexString(hex("""
            0800 0300 02000000                    // TUNNEL
            0800 0400 01000000                    // weight 1
            0500 0d00 02 000000                   // TUN_TYPE = GRE (2)
            0600 0e00 0000 0000                   // no port
            0600 0f00 0300 0000                   // CSUM|REMCSUM
            """)))
    }

    @Test func deleteDestinationSendsOnlyItsAddress() {
        let key = IPVSServiceKey.address(.tcp, ip("2001:db8::1"), port: 443)
        check(.deleteDestination(ip("2001:db8::5"), port: 443, from: key), hex("""
            6c000000 2000 0500 07000000 00000000  // nlmsghdr: len 108
            07 01 0000                            // IPVS_CMD_DEL_DEST
            3000 0180                             // SERVICE nest, len 48
              0600 0100 0a00 0000                 //   AF_INET6
              0600 0200 0600 0000                 //   TCP
              1400 0300 20010db8 00000000 00000000 00000001  // 2001:db8::1
              0600 0400 01bb 0000                 //   port 443
            2800 0280                             // DEST nest, len 40
              0600 0b00 0a00 0000                 //   AF_INET6
              1400 0100 20010db8 00000000 00000000 00000005  // 2001:db8::5
              0600 0200 01bb 0000                 //   port 443
            """))
    }

    @Test func listDestinationsIsADumpKeyedByTheService() {
        check(.listDestinations(of: .address(.sctp, ip("203.0.113.5"), port: 3868)), hex("""
            44000000 2000 0503 07000000 00000000  // nlmsghdr: len 68, dump
            08 01 0000                            // IPVS_CMD_GET_DEST
            3000 0180                             // SERVICE nest
              0600 0100 0200 0000                 //   AF_INET
              0600 0200 8400 0000                 //   SCTP
              1400 0300 cb007105 00000000 00000000 00000000  // 203.0.113.5
              0600 0400 0f1c 0000                 //   port 3868
            """))
    }

    // MARK: info, timeouts, sync daemons

    @Test func infoAndTimeouts() {
        check(.getInfo(), hex("""
            14000000 2000 0500 07000000 00000000  // len 20
            0f 01 0000                            // IPVS_CMD_GET_INFO = 15
            """))
        check(.getTimeouts(), hex("""
            14000000 2000 0500 07000000 00000000  // len 20
            0d 01 0000                            // IPVS_CMD_GET_CONFIG = 13
            """))
        check(.setTimeouts(IPVSTimeouts(tcp: 900, tcpFin: 120, udp: 300)), hex("""
            2c000000 2000 0500 07000000 00000000  // len 44
            0c 01 0000                            // IPVS_CMD_SET_CONFIG = 12
            0800 0400 84030000                    // CMD_ATTR_TIMEOUT_TCP = 900 (top level, u32)
            0800 0500 78000000                    // CMD_ATTR_TIMEOUT_TCP_FIN = 120
            0800 0600 2c010000                    // CMD_ATTR_TIMEOUT_UDP = 300
            """))
    }

    @Test func startAndStopSyncDaemons() {
        check(.startSyncDaemon(IPVSSyncDaemon(.master, interface: "lo", syncID: 7)), hex("""
            30000000 2000 0500 07000000 00000000  // len 48
            09 01 0000                            // IPVS_CMD_NEW_DAEMON
            1c00 0380                             // IPVS_CMD_ATTR_DAEMON, len 28, nested
              0800 0100 01000000                  //   DAEMON_ATTR_STATE = MASTER
              0700 0200 6c6f00 00                 //   DAEMON_ATTR_MCAST_IFN = "lo\\0"
              0800 0300 07000000                  //   DAEMON_ATTR_SYNC_ID = 7
            """))
        let full = IPVSSyncDaemon(.backup, interface: "eth0", syncID: 9, maxPacketLength: 1400,
                                  group: ip("203.0.113.81"), port: 8849, ttl: 2)
        check(.startSyncDaemon(full), hex("""
            54000000 2000 0500 07000000 00000000  // len 84
            09 01 0000                            // NEW_DAEMON
            4000 0380                             // DAEMON nest, len 64
              0800 0100 02000000                  //   STATE = BACKUP
              0900 0200 65746830 00 000000        //   "eth0\\0", 3 pad
              0800 0300 09000000                  //   sync id 9
              0600 0400 7805 0000                 //   SYNC_MAXLEN = 1400 (u16 host order)
              0800 0500 cb007151                  //   MCAST_GROUP = 203.0.113.81, network order
              0600 0700 9122 0000                 //   MCAST_PORT = 8849 = 0x2291, host order (the kernel's nla_get_u16)
              0500 0800 02 000000                 //   MCAST_TTL = 2 (u8)
            """))
        let v6 = IPVSSyncDaemon(.master, interface: "lo", syncID: 1, group: ip("2001:db8::81"))
        let bytes = encode(.startSyncDaemon(v6))
        #expect(hexString(bytes.suffix(20)) == hexString(hex("""
            1400 0600 20010db8 00000000 00000000 00000081  // MCAST_GROUP6, 16 bytes
            """)))
        check(.stopSyncDaemon(.backup), hex("""
            20000000 2000 0500 07000000 00000000  // len 32
            0a 01 0000                            // IPVS_CMD_DEL_DAEMON
            0c00 0380                             // DAEMON nest, len 12
              0800 0100 02000000                  //   STATE = BACKUP: all the kernel needs
            """))
        check(.listSyncDaemons(), hex("""
            14000000 2000 0503 07000000 00000000  // len 20, dump
            0b 01 0000                            // IPVS_CMD_GET_DAEMON
            """))
    }

    @Test func everyCommandHasItsKernelNumber() {
        let expected: [(IPVSCommand, UInt8)] = [
            (.newService, 1), (.setService, 2), (.deleteService, 3), (.getService, 4),
            (.newDestination, 5), (.setDestination, 6), (.deleteDestination, 7), (.getDestination, 8),
            (.newDaemon, 9), (.deleteDaemon, 10), (.getDaemon, 11), (.setConfig, 12), (.getConfig, 13),
            (.setInfo, 14), (.getInfo, 15), (.zero, 16), (.flush, 17),
        ]
        for (command, number) in expected { #expect(command.rawValue == number) }
    }

    @Test func thePortIDGoesIntoTheHeader() {
        let bytes = IPVSRequest.flush().encoded(family: 0x1234, sequence: 0x01020304, portID: 0xAABBCCDD)
        #expect(hexString(bytes) == "1400000034120500040302 01ddccbbaa11010000".replacingSpaces())
    }
}

extension String {
    func replacingSpaces() -> String { String(filter { $0 != " " }) }
}
