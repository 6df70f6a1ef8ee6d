import IPVS
import NetworkAddress

/// Bytes from hex text, one field per line; "//" starts a comment, whitespace is ignored.
func hex(_ text: String) -> [UInt8] {
    var digits: [UInt8] = []
    for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
        let code = line.firstRange(of: "//").map { line[..<$0.lowerBound] } ?? line[...]
        for c in code.utf8 {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits.append(c - UInt8(ascii: "0"))
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digits.append(c - UInt8(ascii: "a") + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digits.append(c - UInt8(ascii: "A") + 10)
            case UInt8(ascii: " "), UInt8(ascii: "\t"): continue
            default: preconditionFailure("not hex: \(line)")
            }
        }
    }
    precondition(digits.count % 2 == 0, "odd number of hex digits")
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// Lower-case hex, for readable failure messages.
func hexString(_ bytes: some Collection<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0xF)]) }
    return String(decoding: out, as: UTF8.self)
}

func ip(_ text: String) -> IPAddress { IPAddress(text)! }

/// The family id the golden messages use (the kernel assigns it at run time; 0x20 is what the
/// Debian 6.1 test VM gave IPVS).
let testFamily: UInt16 = 0x0020

/// A netlink message header as a host-order byte string (the tests assume a little-endian host,
/// as every Linux target of this project is).
func nlmsghdr(length: UInt32, type: UInt16 = testFamily, flags: UInt16, sequence: UInt32 = 7, port: UInt32 = 0) -> [UInt8] {
    NetlinkAttributeWriter.hostBytes(length) + NetlinkAttributeWriter.hostBytes(type)
        + NetlinkAttributeWriter.hostBytes(flags) + NetlinkAttributeWriter.hostBytes(sequence)
        + NetlinkAttributeWriter.hostBytes(port)
}
