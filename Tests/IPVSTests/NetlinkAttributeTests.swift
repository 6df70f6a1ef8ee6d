import IPVS
import Testing

/// The attribute writer and reader on their own: lengths, 4-byte padding, nesting, byte order.
@Suite("Netlink attributes")
struct NetlinkAttributeTests {
    @Test func theseTestsAssumeALittleEndianHost() {
        #expect(NetlinkAttributeWriter.hostBytes(UInt16(0x0102)) == [0x02, 0x01])
    }

    @Test func integersArePaddedToFourBytes() {
        var w = NetlinkAttributeWriter()
        w.putU8(1, 0xAB)
        w.putU16(2, 0x1234)
        w.putU32(3, 0xDEADBEEF)
        w.putU64(4, 0x0102030405060708)
        #expect(w.bytes == hex("""
            0500 0100  ab 000000          // len 5 (header + 1), type 1, value, 3 pad
            0600 0200  3412 0000          // len 6, type 2, u16 host order, 2 pad
            0800 0300  efbeadde           // len 8, type 3, u32 host order
            0c00 0400  0807060504030201   // len 12, type 4, u64 host order
            """))
    }

    @Test func bigEndianValuesAreNetworkOrder() {
        var w = NetlinkAttributeWriter()
        w.putBigEndianU16(1, 8080)
        w.putBigEndianU32(2, 0xFFFF_FF00)
        #expect(w.bytes == hex("""
            0600 0100  1f90 0000   // 8080 = 0x1f90, network order, 2 pad
            0800 0200  ffffff00    // 255.255.255.0
            """))
    }

    @Test func stringsAreNulTerminatedAndPadded() {
        var w = NetlinkAttributeWriter()
        w.putString(6, "rr")
        w.putString(6, "wrr")
        w.putString(6, "")
        #expect(w.bytes == hex("""
            0700 0600  727200 00   // "rr\\0" len 7, 1 pad
            0800 0600  77727200    // "wrr\\0" len 8, no pad
            0500 0600  00 000000   // "\\0" len 5, 3 pad
            """))
    }

    @Test func nestsCarryTheNestedFlagAndTheirFullLength() throws {
        var w = NetlinkAttributeWriter()
        w.nested(1) { inner in
            inner.putU16(1, 2)
            inner.nested(10) { $0.putU32(1, 5) }
        }
        #expect(w.bytes == hex("""
            1800 0180              // len 24, type 1 | NLA_F_NESTED
              0600 0100 0200 0000  //   u16 2
              0c00 0a80            //   len 12, type 10 | NLA_F_NESTED
                0800 0100 05000000 //     u32 5
            """))
        let outer = try NetlinkAttributeReader(w.bytes)
        #expect(outer.attributes.count == 1)
        let nest = try #require(outer[1])
        #expect(nest.flags == NetlinkConstants.attributeNested)
        let inner = try nest.nested()
        #expect(inner[1]?.u16 == 2)
        #expect(try inner[10]?.nested()[1]?.u32 == 5)
    }

    @Test func readerDecodesEveryWidthAndOrder() throws {
        let r = try NetlinkAttributeReader(hex("""
            0500 0100 ab000000
            0600 0200 1f900000
            0800 0300 ffffff00
            0c00 0400 0807060504030201
            0700 0500 6c630000
            """))
        #expect(r[1]?.u8 == 0xAB)
        #expect(r[2]?.bigEndianU16 == 8080)
        #expect(r[2]?.u16 == 0x901f)
        #expect(r[3]?.bigEndianU32 == 0xFFFF_FF00)
        #expect(r[4]?.u64 == 0x0102030405060708)
        #expect(r[5]?.string == "lc")
        #expect(r[9] == nil)
    }

    @Test func aThirtyTwoBitCounterReadsAsSixtyFourBits() throws {
        let r = try NetlinkAttributeReader(hex("0800 0100 2a000000"))
        #expect(r[1]?.u64 == 42)
    }

    @Test func theLastPaddingMayBeMissing() throws {
        // A final attribute whose padding the sender left off still parses.
        let r = try NetlinkAttributeReader(hex("0500 0100 07"))
        #expect(r[1]?.u8 == 7)
    }

    @Test func lengthsThatOverrunTheContainerAreRejected() {
        #expect(throws: NetlinkParseError.self) { try NetlinkAttributeReader(hex("0900 0100 01020304")) }
        #expect(throws: NetlinkParseError.self) { try NetlinkAttributeReader(hex("0200 0100")) }
    }

    @Test func messagesAreSplitOutOfADatagram() throws {
        let first = nlmsghdr(length: 20, flags: 2) + [1, 1, 0, 0]
        let done = nlmsghdr(length: 20, type: NetlinkConstants.done, flags: 2) + [0, 0, 0, 0]
        let messages = try NetlinkMessage.split(first + done)
        #expect(messages.count == 2)
        #expect(messages[0].type == testFamily)
        #expect(messages[0].sequence == 7)
        #expect(Array(messages[0].payload) == [1, 1, 0, 0])
        #expect(messages[1].type == NetlinkConstants.done)
        #expect(messages[1].doneCode == 0)
        #expect(throws: NetlinkParseError.self) { try NetlinkMessage.split(nlmsghdr(length: 40, flags: 0) + [0, 0, 0, 0]) }
    }
}
