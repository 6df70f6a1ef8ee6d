import Testing
import NetworkAddress
@testable import VRRP

/// The IPv6 unsolicited neighbour advertisement builder, checked against bytes computed
/// outside Swift (Python's struct/ipaddress) and against an independent checksum.
@Suite("Unsolicited neighbour advertisement builder")
struct UnsolicitedNeighborAdvertTests {
    static let vip = IPv6Address("2001:db8::100")!
    static let mac: [UInt8] = [0x02, 0, 0, 0, 0, 0x01]

    /// A plain RFC 1071 sum written separately from `InternetChecksum`: 16-bit big-endian
    /// words, end-around carry; a correct message plus pseudo-header sums to 0xFFFF.
    static func onesComplementSum(_ bytes: [UInt8]) -> UInt16 {
        var padded = bytes
        if padded.count % 2 == 1 { padded.append(0) }
        var total: UInt64 = 0
        var i = 0
        while i < padded.count {
            total += UInt64(padded[i]) << 8 + UInt64(padded[i + 1])
            i += 2
        }
        while total > 0xFFFF { total = (total & 0xFFFF) + (total >> 16) }
        return UInt16(total)
    }

    @Test func messageMatchesExternallyComputedBytes() {
        let m = UnsolicitedNeighborAdvert.message(source: Self.vip, target: Self.vip, mac: Self.mac)
        let expected = Vectors.hexBytes("8800f72c2000000020010db80000000000000000000001000201020000000001")
        #expect(m == expected)
    }

    @Test func fieldsAreThoseOfAnUnsolicitedOverridingAdvert() {
        let m = UnsolicitedNeighborAdvert.message(source: Self.vip, target: Self.vip, mac: Self.mac)
        #expect(m.count == 32)
        #expect(m[0] == 136)
        #expect(m[1] == 0)
        #expect(m[4] == 0x20) // override only: not router, not solicited
        #expect(Array(m[8..<24]) == Self.vip.bytes)
        #expect(Array(m[24..<26]) == [2, 1])
        #expect(Array(m[26..<32]) == Self.mac)
        let r = UnsolicitedNeighborAdvert.message(source: Self.vip, target: Self.vip, mac: Self.mac, router: true)
        #expect(r[4] == 0xA0)
    }

    @Test func checksumVerifiesOverThePseudoHeader() {
        for router in [false, true] {
            let src = IPv6Address("fe80::1")!
            let m = UnsolicitedNeighborAdvert.message(source: src, target: Self.vip, mac: [0xde, 0xad, 0xbe, 0xef, 0x00, 0x42], router: router)
            let pseudo = src.bytes + UnsolicitedNeighborAdvert.allNodes.bytes + [0, 0, 0, UInt8(m.count)] + [0, 0, 0, 58]
            #expect(Self.onesComplementSum(pseudo + m) == 0xFFFF)
            #expect(UnsolicitedNeighborAdvert.checksum(m, source: src, destination: UnsolicitedNeighborAdvert.allNodes) == 0)
            // A different destination does not verify: the pseudo-header is really covered.
            let other = src.bytes + IPv6Address("ff02::2")!.bytes + [0, 0, 0, UInt8(m.count)] + [0, 0, 0, 58]
            #expect(Self.onesComplementSum(other + m) != 0xFFFF)
        }
    }

    @Test func packetHasTheIPv6HeaderToAllNodesWithHopLimit255() {
        let p = UnsolicitedNeighborAdvert.packet(source: Self.vip, target: Self.vip, mac: Self.mac)
        #expect(p.count == 40 + 32)
        #expect(Array(p[0..<4]) == [0x60, 0, 0, 0])
        #expect(Array(p[4..<6]) == [0, 32])
        #expect(p[6] == 58)
        #expect(p[7] == 255)
        #expect(Array(p[8..<24]) == Self.vip.bytes)
        #expect(Array(p[24..<40]) == Vectors.hexBytes("ff020000000000000000000000000001"))
        #expect(Array(p[40...]) == UnsolicitedNeighborAdvert.message(source: Self.vip, target: Self.vip, mac: Self.mac))
    }

    @Test func frameGoesToTheAllNodesMulticastMAC() {
        let f = UnsolicitedNeighborAdvert.frame(source: Self.vip, target: Self.vip, mac: Self.mac)
        #expect(Array(f[0..<6]) == [0x33, 0x33, 0, 0, 0, 1])
        #expect(Array(f[6..<12]) == Self.mac)
        #expect(Array(f[12..<14]) == [0x86, 0xDD])
        #expect(Array(f[14...]) == UnsolicitedNeighborAdvert.packet(source: Self.vip, target: Self.vip, mac: Self.mac))
    }
}
