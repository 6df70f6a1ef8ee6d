import IPVS
import NetworkAddress
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The plain values, reply decoding from hand-built bytes, and error classification.
@Suite("IPVS values, replies and errors")
struct IPVSModelTests {
    @Test func keysPrintLikeIpvsadm() {
        #expect(IPVSServiceKey.address(.tcp, ip("192.0.2.1"), port: 80).description == "TCP 192.0.2.1:80")
        #expect(IPVSServiceKey.address(.udp, ip("2001:db8::1"), port: 53).description == "UDP [2001:db8::1]:53")
        #expect(IPVSServiceKey.address(.sctp, ip("203.0.113.5"), port: 3868).description == "SCTP 203.0.113.5:3868")
        #expect(IPVSServiceKey.firewallMark(42, family: .ipv4).description == "FWM 42")
        #expect(IPVSServiceKey.firewallMark(43, family: .ipv6).description == "FWM 43 IPv6")
        #expect(IPVSDestination(ip("2001:db8::5"), port: 80).description == "[2001:db8::5]:80")
    }

    @Test func netmasksFollowTheFamily() {
        #expect(IPVSService.netmask(prefixLength: 24, family: .ipv4) == 0xFFFF_FF00)
        #expect(IPVSService.netmask(prefixLength: 32, family: .ipv4) == 0xFFFF_FFFF)
        #expect(IPVSService.netmask(prefixLength: 0, family: .ipv4) == 0)
        #expect(IPVSService.netmask(prefixLength: 64, family: .ipv6) == 64)
        #expect(IPVSService(.firewallMark(1, family: .ipv4), scheduler: "rr").persistenceNetmask == 0xFFFF_FFFF)
        #expect(IPVSService(.firewallMark(1, family: .ipv6), scheduler: "rr").persistenceNetmask == 128)
        let p = IPVSService.persistent(.firewallMark(1, family: .ipv4), scheduler: "rr", timeout: 60)
        #expect(p.flags == .persistent && p.persistenceTimeout == 60)
    }

    @Test func flagAliasesAreTheKernelsSchedulerBits() {
        #expect(IPVSServiceFlags.shFallback.rawValue == 0x08 && IPVSServiceFlags.mhFallback.rawValue == 0x08)
        #expect(IPVSServiceFlags.shPort.rawValue == 0x10 && IPVSServiceFlags.mhPort.rawValue == 0x10)
        #expect(IPVSServiceFlags.onePacket.rawValue == 0x04)
        #expect(IPVSForwarding.masquerade.methodCode == 0 && IPVSForwarding.directRoute.methodCode == 3)
        #expect(IPVSForwarding.tunnel(IPVSTunnel()).methodCode == 2 && IPVSForwarding.localNode.methodCode == 1)
    }

    @Test func sixtyFourBitCountersWinOverThirtyTwoBitOnes() throws {
        var w = NetlinkAttributeWriter()
        w.nested(IPVSAttribute.Command.destination, markNested: false) { d in
            d.put(IPVSAttribute.Destination.address, bytes: [198, 51, 100, 20] + [UInt8](repeating: 0, count: 12))
            d.putBigEndianU16(IPVSAttribute.Destination.port, 443)
            d.putU32(IPVSAttribute.Destination.forwardingMethod, 3)
            d.putU32(IPVSAttribute.Destination.weight, 2)
            d.putU32(IPVSAttribute.Destination.activeConnections, 11)
            d.putU32(IPVSAttribute.Destination.inactiveConnections, 12)
            d.putU32(IPVSAttribute.Destination.persistentConnections, 13)
            d.nested(IPVSAttribute.Destination.statistics, markNested: false) { s in
                s.putU32(IPVSAttribute.Statistics.connections, 1)
                s.putU64(IPVSAttribute.Statistics.incomingBytes, 5)
            }
            d.nested(IPVSAttribute.Destination.statistics64, markNested: false) { s in
                s.putU64(IPVSAttribute.Statistics.connections, 0x1_0000_0001)
                s.putU64(IPVSAttribute.Statistics.incomingPackets, 2)
                s.putU64(IPVSAttribute.Statistics.outgoingPackets, 3)
                s.putU64(IPVSAttribute.Statistics.incomingBytes, 0x2_0000_0000)
                s.putU64(IPVSAttribute.Statistics.outgoingBytes, 4)
                s.putU64(IPVSAttribute.Statistics.connectionsPerSecond, 5)
                s.putU64(IPVSAttribute.Statistics.outgoingBytesPerSecond, 6)
            }
        }
        // No DEST_ATTR_ADDR_FAMILY (kernels before 3.18): the service's family is used.
        let message = try GenericNetlinkPayload(([5, 1, 0, 0] + w.bytes)[...])
        let entry = try IPVSReply.destinationEntry(message, serviceFamily: .ipv4)
        #expect(entry.destination == IPVSDestination(ip("198.51.100.20"), port: 443, forwarding: .directRoute, weight: 2))
        #expect(entry.activeConnections == 11 && entry.inactiveConnections == 12 && entry.persistentConnections == 13)
        #expect(entry.statistics.connections == 0x1_0000_0001)
        #expect(entry.statistics.incomingBytes == 0x2_0000_0000)
        #expect(entry.statistics.incomingPackets == 2 && entry.statistics.outgoingPackets == 3)
        #expect(entry.statistics.outgoingBytes == 4 && entry.statistics.connectionsPerSecond == 5)
        #expect(entry.statistics.outgoingBytesPerSecond == 6)
    }

    @Test func aRequestRoundTripsThroughTheReplyDecoders() throws {
        // The service nest we send for NEW_SERVICE has the layout the kernel replies with.
        let service = IPVSService(.address(.udp, ip("2001:db8::53"), port: 53), scheduler: "wlc",
                                  flags: [.onePacket], persistenceEngine: "sip")
        let bytes = IPVSRequest.addService(service).encoded(family: testFamily, sequence: 1)
        let decoded = try IPVSReply.serviceEntry(GenericNetlinkPayload(bytes[16...]))
        #expect(decoded.service == service)
        let dest = IPVSDestination(ip("2001:db8::7"), port: 53, forwarding: .tunnel(IPVSTunnel(.gre, flags: .checksum)), weight: 9,
                                   upperThreshold: 4, lowerThreshold: 2)
        let d = IPVSRequest.addDestination(dest, to: service.key).encoded(family: testFamily, sequence: 1)
        #expect(try IPVSReply.destinationEntry(GenericNetlinkPayload(d[16...]), serviceFamily: .ipv4).destination == dest)
    }

    @Test func malformedRepliesAreErrorsNotCrashes() {
        #expect(throws: NetlinkParseError.self) { try GenericNetlinkPayload([1, 1][...]) }
        // A service nest without an address family.
        #expect(throws: NetlinkParseError.self) {
            try IPVSReply.serviceEntry(GenericNetlinkPayload(hex("01010000 0c000100 0800 0500 01000000")[...]))
        }
        // A reply without the service nest at all.
        #expect(throws: NetlinkParseError.self) { try IPVSReply.serviceEntry(GenericNetlinkPayload(hex("01010000")[...])) }
        // An IPv6 service whose address is 4 bytes long.
        #expect(throws: NetlinkParseError.self) {
            try IPVSReply.serviceEntry(GenericNetlinkPayload(hex("""
                01010000 2c000100 0600 0100 0a000000 0600 0200 06000000 0800 0300 c0000201 0600 0400 00500000 0700 0600 72720000
                """)[...]))
        }
    }

    @Test func kernelErrnosAreClassifiedPerOperation() {
        let key = "TCP 192.0.2.1:80"
        let exists = IPVSError(.addService, key, cause: .kernel(errno: EEXIST))
        #expect(exists.reason == .serviceExists)
        #expect(exists.description == "add service TCP 192.0.2.1:80: service already exists (EEXIST)")
        #expect(IPVSError(.addService, key, cause: .kernel(errno: ENOENT)).reason == .schedulerNotFound)
        #expect(IPVSError(.updateService, key, cause: .kernel(errno: ESRCH)).reason == .noSuchService)
        #expect(IPVSError(.deleteService, key, cause: .kernel(errno: ESRCH)).reason == .noSuchService)
        let missing = IPVSError(.addDestination, "\(key) real server 198.51.100.10:8080", cause: .kernel(errno: ESRCH))
        #expect(missing.reason == .noSuchService)
        #expect(missing.description == "add real server TCP 192.0.2.1:80 real server 198.51.100.10:8080: service not defined (ESRCH)")
        #expect(IPVSError(.addDestination, key, cause: .kernel(errno: EEXIST)).reason == .destinationExists)
        #expect(IPVSError(.updateDestination, key, cause: .kernel(errno: ENOENT)).reason == .noSuchDestination)
        #expect(IPVSError(.deleteDestination, key, cause: .kernel(errno: ENOENT)).reason == .noSuchDestination)
        #expect(IPVSError(.startSyncDaemon, nil, cause: .kernel(errno: EEXIST)).reason == .syncDaemonRunning)
        #expect(IPVSError(.stopSyncDaemon, nil, cause: .kernel(errno: ESRCH)).reason == .noSyncDaemon)
        #expect(IPVSError(.flush, nil, cause: .kernel(errno: EPERM)).reason == .permissionDenied)
        #expect(IPVSError(.addService, key, cause: .kernel(errno: EINVAL)).reason == .invalidArgument)
        #expect(IPVSError(.addService, key, cause: .kernel(errno: EAFNOSUPPORT)).reason == .addressFamilyNotSupported)
        let unavailable = IPVSError(.connect, nil, cause: .unavailable("resolve generic netlink family IPVS: Object not found"))
        #expect(unavailable.reason == .ipvsUnavailable)
        #expect(unavailable.description.contains("ip_vs module"))
        #expect(exists.errno == EEXIST && unavailable.errno == nil)
    }
}
