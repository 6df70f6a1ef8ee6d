// The netlink wire format as explicit byte layouts (no libnl message objects): message
// headers, the generic-netlink header and type-length-value attributes with 4-byte alignment.
//
// Byte order: netlink headers and attribute headers are in host order; so are integer payloads
// unless the kernel declares them `__be16`/`__be32` (IPVS: service and real-server ports, the IPv4 persistence netmask,
// the IPv4 sync multicast group), which the `putBigEndian*` / `bigEndian*` accessors handle.

/// Fixed numbers of the netlink protocol (`linux/netlink.h`, `linux/genetlink.h`).
public enum NetlinkConstants {
    /// `struct nlmsghdr`: length, type, flags, sequence, port id.
    public static let messageHeaderLength = 16
    /// `struct genlmsghdr`: command, version, reserved.
    public static let genericHeaderLength = 4
    /// `struct nlattr`: length, type.
    public static let attributeHeaderLength = 4

    public static let noop: UInt16 = 1          // NLMSG_NOOP
    public static let error: UInt16 = 2         // NLMSG_ERROR
    public static let done: UInt16 = 3          // NLMSG_DONE
    public static let overrun: UInt16 = 4       // NLMSG_OVERRUN

    public static let flagRequest: UInt16 = 0x001   // NLM_F_REQUEST
    public static let flagMulti: UInt16 = 0x002     // NLM_F_MULTI
    public static let flagAck: UInt16 = 0x004       // NLM_F_ACK
    public static let flagDump: UInt16 = 0x300      // NLM_F_ROOT | NLM_F_MATCH

    /// Set on an attribute's type when its payload is itself a list of attributes.
    public static let attributeNested: UInt16 = 0x8000          // NLA_F_NESTED
    /// Set on an attribute's type when its payload is in network byte order (rarely used).
    public static let attributeNetworkOrder: UInt16 = 0x4000    // NLA_F_NET_BYTEORDER
    public static let attributeTypeMask: UInt16 = 0x3FFF

    /// Rounds up to netlink's 4-byte alignment (NLA_ALIGN / NLMSG_ALIGN).
    @inlinable public static func align(_ n: Int) -> Int { (n + 3) & ~3 }
}

/// Builds a list of netlink attributes: each a 4-byte header (length, type) and a payload
/// padded with zeros to a multiple of 4. Nested attributes are written in place and their
/// length patched when the nest closes.
public struct NetlinkAttributeWriter: Sendable {
    public private(set) var bytes: [UInt8]

    public init() { bytes = [] }

    /// An attribute with raw payload bytes (the length field counts header + payload, not padding).
    public mutating func put(_ type: UInt16, bytes payload: some Collection<UInt8>) {
        let length = NetlinkConstants.attributeHeaderLength + payload.count
        precondition(length <= Int(UInt16.max), "netlink attribute too long")
        appendHost(UInt16(length))
        appendHost(type)
        bytes.append(contentsOf: payload)
        pad()
    }

    public mutating func putU8(_ type: UInt16, _ value: UInt8) { put(type, bytes: [value]) }
    public mutating func putU16(_ type: UInt16, _ value: UInt16) { put(type, bytes: Self.hostBytes(value)) }
    public mutating func putU32(_ type: UInt16, _ value: UInt32) { put(type, bytes: Self.hostBytes(value)) }
    public mutating func putU64(_ type: UInt16, _ value: UInt64) { put(type, bytes: Self.hostBytes(value)) }
    /// A 16-bit value in network byte order (`__be16`: ports).
    public mutating func putBigEndianU16(_ type: UInt16, _ value: UInt16) {
        put(type, bytes: [UInt8(value >> 8), UInt8(truncatingIfNeeded: value)])
    }
    /// A 32-bit value in network byte order (`__be32`).
    public mutating func putBigEndianU32(_ type: UInt16, _ value: UInt32) {
        put(type, bytes: [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16),
                          UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }
    /// A NUL-terminated string (`NLA_NUL_STRING`, `nla_put_string`).
    public mutating func putString(_ type: UInt16, _ value: String) {
        put(type, bytes: Array(value.utf8) + [0])
    }
    /// An attribute with no payload (a flag).
    public mutating func putFlag(_ type: UInt16) { put(type, bytes: EmptyCollection()) }

    /// A nested attribute: `body` writes the inner attributes. `NLA_F_NESTED` is set on the
    /// type, as libnl 3.5+ (and so ipvsadm and keepalived) do.
    public mutating func nested(_ type: UInt16, markNested: Bool = true, _ body: (inout NetlinkAttributeWriter) -> Void) {
        var inner = NetlinkAttributeWriter()
        body(&inner)
        put(markNested ? type | NetlinkConstants.attributeNested : type, bytes: inner.bytes)
    }

    /// Host-order bytes of an integer (what `nla_put_u16/u32/u64` store).
    public static func hostBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value) { Array($0) }
    }

    private mutating func appendHost<T: FixedWidthInteger>(_ value: T) {
        bytes.append(contentsOf: Self.hostBytes(value))
    }

    private mutating func pad() {
        while bytes.count % 4 != 0 { bytes.append(0) }
    }
}

/// A malformed netlink message or attribute.
public struct NetlinkParseError: Error, Equatable, Sendable, CustomStringConvertible {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { "malformed netlink data: \(reason)" }
}

/// One attribute read from the wire. `type` has the nested / byte-order flags removed.
public struct NetlinkAttribute: Sendable, Equatable {
    public var type: UInt16
    public var flags: UInt16
    public var payload: ArraySlice<UInt8>

    public init(type: UInt16, flags: UInt16 = 0, payload: ArraySlice<UInt8>) {
        self.type = type
        self.flags = flags
        self.payload = payload
    }

    public var u8: UInt8? { payload.count >= 1 ? payload[payload.startIndex] : nil }
    public var u16: UInt16? { host(UInt16.self) }
    public var u32: UInt32? { host(UInt32.self) }
    /// A 64-bit value; also accepts a 32-bit payload (older kernels' counters).
    public var u64: UInt64? {
        if payload.count >= 8 { return host(UInt64.self) }
        return u32.map(UInt64.init)
    }
    public var bigEndianU16: UInt16? {
        guard payload.count >= 2 else { return nil }
        let i = payload.startIndex
        return UInt16(payload[i]) << 8 | UInt16(payload[i + 1])
    }
    public var bigEndianU32: UInt32? {
        guard payload.count >= 4 else { return nil }
        let i = payload.startIndex
        return UInt32(payload[i]) << 24 | UInt32(payload[i + 1]) << 16 | UInt32(payload[i + 2]) << 8 | UInt32(payload[i + 3])
    }
    /// The payload up to its first NUL (or all of it), as UTF-8.
    public var string: String {
        let end = payload.firstIndex(of: 0) ?? payload.endIndex
        return String(decoding: payload[payload.startIndex..<end], as: UTF8.self)
    }
    /// The payload parsed as a list of attributes.
    public func nested() throws(NetlinkParseError) -> NetlinkAttributeReader {
        try NetlinkAttributeReader(payload)
    }

    private func host<T: FixedWidthInteger>(_: T.Type) -> T? {
        guard payload.count >= MemoryLayout<T>.size else { return nil }
        return loadHostInteger(payload, at: payload.startIndex)
    }
}

/// Parses a list of attributes, validating every length against its container.
/// Unknown attributes are kept (callers ignore what they do not know, as the kernel's own
/// parsers do); when a type repeats, `self[type]` returns the last, like `nla_parse`.
public struct NetlinkAttributeReader: Sendable, Sequence {
    public private(set) var attributes: [NetlinkAttribute]

    public init(_ bytes: ArraySlice<UInt8>) throws(NetlinkParseError) {
        var list: [NetlinkAttribute] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= NetlinkConstants.attributeHeaderLength {
            let length = Int(loadHostInteger(bytes, at: offset) as UInt16)
            let rawType: UInt16 = loadHostInteger(bytes, at: offset + 2)
            guard length >= NetlinkConstants.attributeHeaderLength else {
                throw NetlinkParseError("attribute \(rawType & NetlinkConstants.attributeTypeMask) has length \(length)")
            }
            guard length <= bytes.endIndex - offset else {
                throw NetlinkParseError("attribute \(rawType & NetlinkConstants.attributeTypeMask) overruns its container (\(length) > \(bytes.endIndex - offset))")
            }
            list.append(NetlinkAttribute(
                type: rawType & NetlinkConstants.attributeTypeMask,
                flags: rawType & ~NetlinkConstants.attributeTypeMask,
                payload: bytes[(offset + NetlinkConstants.attributeHeaderLength)..<(offset + length)]))
            offset += Swift.min(NetlinkConstants.align(length), bytes.endIndex - offset)
        }
        attributes = list
    }

    public init(_ bytes: [UInt8]) throws(NetlinkParseError) { try self.init(bytes[...]) }

    public subscript(type: UInt16) -> NetlinkAttribute? { attributes.last { $0.type == type } }

    public func makeIterator() -> IndexingIterator<[NetlinkAttribute]> { attributes.makeIterator() }
}

/// One netlink message split out of a datagram; `payload` follows the 16-byte header.
public struct NetlinkMessage: Sendable, Equatable {
    public var type: UInt16
    public var flags: UInt16
    public var sequence: UInt32
    public var portID: UInt32
    public var payload: ArraySlice<UInt8>

    /// Splits a received datagram into its messages (NLMSG_ALIGN'ed, lengths validated).
    public static func split(_ datagram: [UInt8]) throws(NetlinkParseError) -> [NetlinkMessage] {
        var messages: [NetlinkMessage] = []
        var offset = 0
        while datagram.count - offset >= NetlinkConstants.messageHeaderLength {
            let length = Int(readU32(datagram, offset))
            guard length >= NetlinkConstants.messageHeaderLength, length <= datagram.count - offset else {
                throw NetlinkParseError("message length \(length) with \(datagram.count - offset) bytes left")
            }
            messages.append(NetlinkMessage(
                type: readU16(datagram, offset + 4),
                flags: readU16(datagram, offset + 6),
                sequence: readU32(datagram, offset + 8),
                portID: readU32(datagram, offset + 12),
                payload: datagram[(offset + NetlinkConstants.messageHeaderLength)..<(offset + length)]))
            offset += min(NetlinkConstants.align(length), datagram.count - offset)
        }
        if offset != datagram.count { throw NetlinkParseError("\(datagram.count - offset) trailing bytes after the last message") }
        return messages
    }

    /// For NLMSG_ERROR: the (negative) errno, 0 for an acknowledgement.
    public var errorCode: Int32? {
        guard type == NetlinkConstants.error, payload.count >= 4 else { return nil }
        return Int32(bitPattern: Self.readU32(payload, payload.startIndex))
    }

    /// For NLMSG_DONE: the dump's final status (0, or a negative errno when the dump failed).
    public var doneCode: Int32 {
        guard payload.count >= 4 else { return 0 }
        return Int32(bitPattern: Self.readU32(payload, payload.startIndex))
    }

    static func readU16(_ b: [UInt8], _ i: Int) -> UInt16 { loadHostInteger(b[...], at: i) }
    static func readU32(_ b: [UInt8], _ i: Int) -> UInt32 { loadHostInteger(b[...], at: i) }
    static func readU32(_ b: ArraySlice<UInt8>, _ i: Int) -> UInt32 { loadHostInteger(b, at: i) }
}

/// Reads a host-order integer at absolute index `i` of `bytes` (bounds checked by the caller).
@usableFromInline
func loadHostInteger<T: FixedWidthInteger>(_ bytes: ArraySlice<UInt8>, at i: Int) -> T {
    var value: T = 0
    withUnsafeMutableBytes(of: &value) { raw in
        for k in 0..<MemoryLayout<T>.size { raw[k] = bytes[i + k] }
    }
    return value
}

/// Writes one complete netlink message: header, generic-netlink header, attributes.
public enum GenericNetlinkMessageBuilder {
    /// `nlmsghdr` + `genlmsghdr` + `attributes`, with the total length filled in.
    /// Integers in the headers are host order (netlink is a host-local protocol).
    public static func message(family: UInt16, flags: UInt16, sequence: UInt32, portID: UInt32 = 0,
                               command: UInt8, version: UInt8, attributes: [UInt8]) -> [UInt8] {
        let length = NetlinkConstants.messageHeaderLength + NetlinkConstants.genericHeaderLength + attributes.count
        var out: [UInt8] = []
        out.reserveCapacity(length)
        out += NetlinkAttributeWriter.hostBytes(UInt32(length))
        out += NetlinkAttributeWriter.hostBytes(family)
        out += NetlinkAttributeWriter.hostBytes(flags)
        out += NetlinkAttributeWriter.hostBytes(sequence)
        out += NetlinkAttributeWriter.hostBytes(portID)
        out += [command, version, 0, 0]
        out += attributes
        return out
    }
}
