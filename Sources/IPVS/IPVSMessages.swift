import NetworkAddress

// The IPVS generic-netlink protocol (include/uapi/linux/ip_vs.h, net/netfilter/ipvs/ip_vs_ctl.c):
// pure functions from values to request bytes and from reply bytes to values. No I/O here, so
// an event loop can use these directly and the tests can check every byte.
//
// Wire notes (what the kernel's policies and fill functions say):
// - addresses are `union nf_inet_addr`: 16 bytes, network order, IPv4 in the first 4;
// - service, real-server and tunnel ports (`__be16`), the IPv4 persistence netmask and the
//   sync daemon's multicast group are network order;
// - everything else (family, protocol, fwmark, flags, timeouts, weights, the sync daemon's
//   port, ...) is host order;
// - the service flags travel as `struct ip_vs_flags { u32 flags; u32 mask; }`.

/// Generic-netlink family name and version of IPVS.
public enum IPVSFamily {
    public static let name = "IPVS"
    public static let version: UInt8 = 1
}

/// `IPVS_CMD_*`.
public enum IPVSCommand: UInt8, Sendable, CaseIterable {
    case newService = 1, setService, deleteService, getService
    case newDestination, setDestination, deleteDestination, getDestination
    case newDaemon, deleteDaemon, getDaemon
    case setConfig, getConfig
    case setInfo, getInfo
    case zero, flush
}

/// Attribute numbers of the IPVS family, one enum per nesting level.
public enum IPVSAttribute {
    /// `IPVS_CMD_ATTR_*` (top level).
    public enum Command {
        public static let service: UInt16 = 1
        public static let destination: UInt16 = 2
        public static let daemon: UInt16 = 3
        public static let timeoutTCP: UInt16 = 4
        public static let timeoutTCPFin: UInt16 = 5
        public static let timeoutUDP: UInt16 = 6
    }
    /// `IPVS_SVC_ATTR_*` (inside `Command.service`).
    public enum Service {
        public static let addressFamily: UInt16 = 1
        public static let `protocol`: UInt16 = 2
        public static let address: UInt16 = 3
        public static let port: UInt16 = 4
        public static let firewallMark: UInt16 = 5
        public static let schedulerName: UInt16 = 6
        public static let flags: UInt16 = 7
        public static let timeout: UInt16 = 8
        public static let netmask: UInt16 = 9
        public static let statistics: UInt16 = 10
        public static let persistenceEngine: UInt16 = 11
        public static let statistics64: UInt16 = 12
    }
    /// `IPVS_DEST_ATTR_*` (inside `Command.destination`).
    public enum Destination {
        public static let address: UInt16 = 1
        public static let port: UInt16 = 2
        public static let forwardingMethod: UInt16 = 3
        public static let weight: UInt16 = 4
        public static let upperThreshold: UInt16 = 5
        public static let lowerThreshold: UInt16 = 6
        public static let activeConnections: UInt16 = 7
        public static let inactiveConnections: UInt16 = 8
        public static let persistentConnections: UInt16 = 9
        public static let statistics: UInt16 = 10
        public static let addressFamily: UInt16 = 11
        public static let statistics64: UInt16 = 12
        public static let tunnelType: UInt16 = 13
        public static let tunnelPort: UInt16 = 14
        public static let tunnelFlags: UInt16 = 15
    }
    /// `IPVS_DAEMON_ATTR_*` (inside `Command.daemon`).
    public enum Daemon {
        public static let state: UInt16 = 1
        public static let multicastInterface: UInt16 = 2
        public static let syncID: UInt16 = 3
        public static let syncMaxLength: UInt16 = 4
        public static let multicastGroup: UInt16 = 5
        public static let multicastGroup6: UInt16 = 6
        public static let multicastPort: UInt16 = 7
        public static let multicastTTL: UInt16 = 8
    }
    /// `IPVS_STATS_ATTR_*` (inside the statistics nests).
    public enum Statistics {
        public static let connections: UInt16 = 1
        public static let incomingPackets: UInt16 = 2
        public static let outgoingPackets: UInt16 = 3
        public static let incomingBytes: UInt16 = 4
        public static let outgoingBytes: UInt16 = 5
        public static let connectionsPerSecond: UInt16 = 6
        public static let incomingPacketsPerSecond: UInt16 = 7
        public static let outgoingPacketsPerSecond: UInt16 = 8
        public static let incomingBytesPerSecond: UInt16 = 9
        public static let outgoingBytesPerSecond: UInt16 = 10
    }
    /// `IPVS_INFO_ATTR_*` (top level of the GET_INFO reply).
    public enum Info {
        public static let version: UInt16 = 1
        public static let connectionTableSize: UInt16 = 2
    }
}

/// Linux address family numbers, as IPVS carries them.
enum LinuxAddressFamily {
    static let inet: UInt16 = 2
    static let inet6: UInt16 = 10

    static func code(_ family: AddressFamily) -> UInt16 { family == .ipv4 ? inet : inet6 }
    static func family(_ code: UInt16) -> AddressFamily? {
        switch code {
        case inet: return .ipv4
        case inet6: return .ipv6
        default: return nil
        }
    }
}

/// One IPVS request: a command and its attributes, ready to be framed with a family id and a
/// sequence number. Built by the static constructors below, one per operation.
public struct IPVSRequest: Sendable, Equatable {
    public var command: IPVSCommand
    /// A dump (`NLM_F_DUMP`): the kernel answers with a series of messages and NLMSG_DONE.
    public var isDump: Bool
    /// The encoded top-level attributes.
    public var attributes: [UInt8]

    public init(command: IPVSCommand, isDump: Bool = false, attributes: [UInt8] = []) {
        self.command = command
        self.isDump = isDump
        self.attributes = attributes
    }

    /// `NLM_F_REQUEST | NLM_F_ACK`, plus `NLM_F_DUMP` for dumps (what libnl sends for ipvsadm).
    public var netlinkFlags: UInt16 {
        NetlinkConstants.flagRequest | NetlinkConstants.flagAck | (isDump ? NetlinkConstants.flagDump : 0)
    }

    /// The complete message: nlmsghdr (type = the resolved family id) + genlmsghdr + attributes.
    public func encoded(family: UInt16, sequence: UInt32, portID: UInt32 = 0) -> [UInt8] {
        GenericNetlinkMessageBuilder.message(family: family, flags: netlinkFlags, sequence: sequence, portID: portID,
                                             command: command.rawValue, version: IPVSFamily.version,
                                             attributes: attributes)
    }

    // MARK: services

    /// `IPVS_CMD_NEW_SERVICE` with the full service.
    public static func addService(_ service: IPVSService) -> IPVSRequest {
        IPVSRequest(command: .newService, attributes: serviceAttribute { putFullService(service, into: &$0) })
    }

    /// `IPVS_CMD_SET_SERVICE`: replaces scheduler, flags, timeout and netmask of an existing service.
    public static func updateService(_ service: IPVSService) -> IPVSRequest {
        IPVSRequest(command: .setService, attributes: serviceAttribute { putFullService(service, into: &$0) })
    }

    /// `IPVS_CMD_DEL_SERVICE` (identifying attributes only; its real servers go with it).
    public static func deleteService(_ key: IPVSServiceKey) -> IPVSRequest {
        IPVSRequest(command: .deleteService, attributes: serviceAttribute { putServiceKey(key, into: &$0) })
    }

    /// `IPVS_CMD_GET_SERVICE` for one service (the kernel answers ESRCH when it does not exist).
    public static func getService(_ key: IPVSServiceKey) -> IPVSRequest {
        IPVSRequest(command: .getService, attributes: serviceAttribute { putServiceKey(key, into: &$0) })
    }

    /// `IPVS_CMD_GET_SERVICE` as a dump: every service of the socket's network namespace.
    public static func listServices() -> IPVSRequest { IPVSRequest(command: .getService, isDump: true) }

    /// `IPVS_CMD_ZERO`: the counters of one service, or of everything.
    public static func zero(_ key: IPVSServiceKey? = nil) -> IPVSRequest {
        guard let key else { return IPVSRequest(command: .zero) }
        return IPVSRequest(command: .zero, attributes: serviceAttribute { putServiceKey(key, into: &$0) })
    }

    /// `IPVS_CMD_FLUSH`: every service and real server.
    public static func flush() -> IPVSRequest { IPVSRequest(command: .flush) }

    // MARK: destinations

    /// `IPVS_CMD_NEW_DEST`: service key + full destination.
    public static func addDestination(_ destination: IPVSDestination, to service: IPVSServiceKey) -> IPVSRequest {
        destinationRequest(.newDestination, service) { putFullDestination(destination, into: &$0) }
    }

    /// `IPVS_CMD_SET_DEST`: changes forwarding, weight and thresholds of an existing real server.
    public static func updateDestination(_ destination: IPVSDestination, in service: IPVSServiceKey) -> IPVSRequest {
        destinationRequest(.setDestination, service) { putFullDestination(destination, into: &$0) }
    }

    /// `IPVS_CMD_DEL_DEST` (identifying attributes only).
    public static func deleteDestination(_ address: IPAddress, port: UInt16, from service: IPVSServiceKey) -> IPVSRequest {
        destinationRequest(.deleteDestination, service) {
            $0.putU16(IPVSAttribute.Destination.addressFamily, LinuxAddressFamily.code(address.family))
            $0.put(IPVSAttribute.Destination.address, bytes: inetAddressBytes(address))
            $0.putBigEndianU16(IPVSAttribute.Destination.port, port)
        }
    }

    /// `IPVS_CMD_GET_DEST` dump: the real servers of one service.
    public static func listDestinations(of service: IPVSServiceKey) -> IPVSRequest {
        IPVSRequest(command: .getDestination, isDump: true, attributes: serviceAttribute { putServiceKey(service, into: &$0) })
    }

    // MARK: configuration, info, sync daemons

    /// `IPVS_CMD_GET_INFO`.
    public static func getInfo() -> IPVSRequest { IPVSRequest(command: .getInfo) }

    /// `IPVS_CMD_GET_CONFIG`: the three connection timeouts.
    public static func getTimeouts() -> IPVSRequest { IPVSRequest(command: .getConfig) }

    /// `IPVS_CMD_SET_CONFIG` with all three timeouts (0 = leave unchanged).
    public static func setTimeouts(_ timeouts: IPVSTimeouts) -> IPVSRequest {
        var w = NetlinkAttributeWriter()
        w.putU32(IPVSAttribute.Command.timeoutTCP, timeouts.tcp)
        w.putU32(IPVSAttribute.Command.timeoutTCPFin, timeouts.tcpFin)
        w.putU32(IPVSAttribute.Command.timeoutUDP, timeouts.udp)
        return IPVSRequest(command: .setConfig, attributes: w.bytes)
    }

    /// `IPVS_CMD_NEW_DAEMON`: state, interface and sync id, then whichever optional fields are set.
    public static func startSyncDaemon(_ daemon: IPVSSyncDaemon) -> IPVSRequest {
        var w = NetlinkAttributeWriter()
        w.nested(IPVSAttribute.Command.daemon) { d in
            d.putU32(IPVSAttribute.Daemon.state, daemon.role.rawValue)
            d.putString(IPVSAttribute.Daemon.multicastInterface, daemon.interface)
            d.putU32(IPVSAttribute.Daemon.syncID, daemon.syncID)
            if let maxLength = daemon.maxPacketLength { d.putU16(IPVSAttribute.Daemon.syncMaxLength, maxLength) }
            switch daemon.group {
            case .v4(let group)?: d.put(IPVSAttribute.Daemon.multicastGroup, bytes: group.bytes)
            case .v6(let group)?: d.put(IPVSAttribute.Daemon.multicastGroup6, bytes: group.bytes)
            case nil: break
            }
            // Unlike service and real-server ports, the sync port is a host-order u16 (nla_get_u16).
            if let port = daemon.port { d.putU16(IPVSAttribute.Daemon.multicastPort, port) }
            if let ttl = daemon.ttl { d.putU8(IPVSAttribute.Daemon.multicastTTL, ttl) }
        }
        return IPVSRequest(command: .newDaemon, attributes: w.bytes)
    }

    /// `IPVS_CMD_DEL_DAEMON`: the state is all the kernel needs.
    public static func stopSyncDaemon(_ role: IPVSSyncDaemon.Role) -> IPVSRequest {
        var w = NetlinkAttributeWriter()
        w.nested(IPVSAttribute.Command.daemon) { $0.putU32(IPVSAttribute.Daemon.state, role.rawValue) }
        return IPVSRequest(command: .deleteDaemon, attributes: w.bytes)
    }

    /// `IPVS_CMD_GET_DAEMON` dump: the running sync daemons (master and/or backup).
    public static func listSyncDaemons() -> IPVSRequest { IPVSRequest(command: .getDaemon, isDump: true) }

    // MARK: encoding helpers

    static func serviceAttribute(_ body: (inout NetlinkAttributeWriter) -> Void) -> [UInt8] {
        var w = NetlinkAttributeWriter()
        w.nested(IPVSAttribute.Command.service, body)
        return w.bytes
    }

    static func destinationRequest(_ command: IPVSCommand, _ service: IPVSServiceKey,
                                   _ body: (inout NetlinkAttributeWriter) -> Void) -> IPVSRequest {
        var w = NetlinkAttributeWriter()
        w.nested(IPVSAttribute.Command.service) { putServiceKey(service, into: &$0) }
        w.nested(IPVSAttribute.Command.destination, body)
        return IPVSRequest(command: command, attributes: w.bytes)
    }

    /// AF, then FWMARK or PROTOCOL + ADDR + PORT (what `ip_vs_genl_parse_service` requires).
    static func putServiceKey(_ key: IPVSServiceKey, into w: inout NetlinkAttributeWriter) {
        w.putU16(IPVSAttribute.Service.addressFamily, LinuxAddressFamily.code(key.family))
        switch key {
        case .firewallMark(let mark, _):
            w.putU32(IPVSAttribute.Service.firewallMark, mark)
        case .address(let proto, let address, let port):
            w.putU16(IPVSAttribute.Service.protocol, proto.rawValue)
            w.put(IPVSAttribute.Service.address, bytes: inetAddressBytes(address))
            w.putBigEndianU16(IPVSAttribute.Service.port, port)
        }
    }

    /// Key, scheduler, [persistence engine], flags (mask all ones: the flags replace the kernel's,
    /// `.hashed` removed — the kernel keeps that one itself), timeout, netmask. Same order as ipvsadm.
    static func putFullService(_ service: IPVSService, into w: inout NetlinkAttributeWriter) {
        putServiceKey(service.key, into: &w)
        w.putString(IPVSAttribute.Service.schedulerName, service.scheduler)
        if let engine = service.persistenceEngine, !engine.isEmpty {
            w.putString(IPVSAttribute.Service.persistenceEngine, engine)
        }
        let flags = service.flags.subtracting(.hashed).rawValue
        w.put(IPVSAttribute.Service.flags,
              bytes: NetlinkAttributeWriter.hostBytes(flags) + NetlinkAttributeWriter.hostBytes(UInt32.max))
        w.putU32(IPVSAttribute.Service.timeout, service.persistenceTimeout)
        if service.key.family == .ipv4 {
            w.putBigEndianU32(IPVSAttribute.Service.netmask, service.persistenceNetmask)
        } else {
            w.putU32(IPVSAttribute.Service.netmask, service.persistenceNetmask)
        }
    }

    /// Family, address, port, forwarding, weight, tunnel type/port/flags, thresholds (ipvsadm's order;
    /// the tunnel fields are sent as zeros for other methods, as ipvsadm does).
    static func putFullDestination(_ d: IPVSDestination, into w: inout NetlinkAttributeWriter) {
        w.putU16(IPVSAttribute.Destination.addressFamily, LinuxAddressFamily.code(d.address.family))
        w.put(IPVSAttribute.Destination.address, bytes: inetAddressBytes(d.address))
        w.putBigEndianU16(IPVSAttribute.Destination.port, d.port)
        w.putU32(IPVSAttribute.Destination.forwardingMethod, d.forwarding.methodCode)
        w.putU32(IPVSAttribute.Destination.weight, UInt32(bitPattern: d.weight))
        let tunnel: IPVSTunnel
        if case .tunnel(let t) = d.forwarding { tunnel = t } else { tunnel = IPVSTunnel() }
        w.putU8(IPVSAttribute.Destination.tunnelType, tunnel.type.rawValue)
        w.putBigEndianU16(IPVSAttribute.Destination.tunnelPort, tunnel.port)
        w.putU16(IPVSAttribute.Destination.tunnelFlags, tunnel.flags.rawValue)
        w.putU32(IPVSAttribute.Destination.upperThreshold, d.upperThreshold)
        w.putU32(IPVSAttribute.Destination.lowerThreshold, d.lowerThreshold)
    }

    /// `union nf_inet_addr`: 16 bytes, the address in network order, zero padded.
    static func inetAddressBytes(_ address: IPAddress) -> [UInt8] {
        let bytes = address.bytes
        return bytes + [UInt8](repeating: 0, count: 16 - bytes.count)
    }
}

/// A generic-netlink message body: the command and version from `genlmsghdr`, then attributes.
public struct GenericNetlinkPayload: Sendable {
    public var command: UInt8
    public var version: UInt8
    public var attributes: NetlinkAttributeReader

    public init(_ payload: ArraySlice<UInt8>) throws(NetlinkParseError) {
        guard payload.count >= NetlinkConstants.genericHeaderLength else {
            throw NetlinkParseError("generic netlink payload of \(payload.count) bytes")
        }
        command = payload[payload.startIndex]
        version = payload[payload.startIndex + 1]
        attributes = try NetlinkAttributeReader(payload[(payload.startIndex + NetlinkConstants.genericHeaderLength)...])
    }
}

/// Decoders for the kernel's IPVS replies (the bodies `ip_vs_genl_fill_*` write).
public enum IPVSReply {
    /// A service from a GET_SERVICE reply (the `IPVS_CMD_ATTR_SERVICE` nest of `message`).
    public static func serviceEntry(_ message: GenericNetlinkPayload) throws(NetlinkParseError) -> IPVSServiceEntry {
        guard let nest = message.attributes[IPVSAttribute.Command.service] else {
            throw NetlinkParseError("service reply without IPVS_CMD_ATTR_SERVICE")
        }
        return try serviceEntry(nest.nested())
    }

    /// A service from the attributes inside `IPVS_CMD_ATTR_SERVICE`.
    public static func serviceEntry(_ a: NetlinkAttributeReader) throws(NetlinkParseError) -> IPVSServiceEntry {
        typealias S = IPVSAttribute.Service
        guard let afCode = a[S.addressFamily]?.u16 else { throw NetlinkParseError("service without address family") }
        guard let family = LinuxAddressFamily.family(afCode) else { throw NetlinkParseError("service address family \(afCode)") }
        let key: IPVSServiceKey
        if let mark = a[S.firewallMark]?.u32, mark != 0 {
            key = .firewallMark(mark, family: family)
        } else {
            guard let protoCode = a[S.protocol]?.u16, let addressAttribute = a[S.address], let port = a[S.port]?.bigEndianU16 else {
                throw NetlinkParseError("service without firewall mark or protocol/address/port")
            }
            guard let proto = IPVSProtocol(rawValue: protoCode) else { throw NetlinkParseError("service protocol \(protoCode)") }
            key = .address(proto, try address(addressAttribute, family), port: port)
        }
        guard let scheduler = a[S.schedulerName]?.string else { throw NetlinkParseError("service \(key) without scheduler") }
        var flags: UInt32 = 0
        if let f = a[S.flags], let value = f.u32 { flags = value }
        let netmask: UInt32
        if family == .ipv4 { netmask = a[S.netmask]?.bigEndianU32 ?? UInt32.max } else { netmask = a[S.netmask]?.u32 ?? 128 }
        let engine = a[S.persistenceEngine]?.string
        let service = IPVSService(key, scheduler: scheduler,
                                  flags: IPVSServiceFlags(rawValue: flags).subtracting(.hashed),
                                  persistenceTimeout: a[S.timeout]?.u32 ?? 0, persistenceNetmask: netmask,
                                  persistenceEngine: (engine?.isEmpty ?? true) ? nil : engine)
        return IPVSServiceEntry(service: service, statistics: try statistics(a[S.statistics64] ?? a[S.statistics]))
    }

    /// A real server from a GET_DEST reply; `serviceFamily` is used when the kernel does not
    /// say the destination's own family (kernels before 3.18).
    public static func destinationEntry(_ message: GenericNetlinkPayload, serviceFamily: AddressFamily) throws(NetlinkParseError) -> IPVSDestinationEntry {
        guard let nest = message.attributes[IPVSAttribute.Command.destination] else {
            throw NetlinkParseError("destination reply without IPVS_CMD_ATTR_DEST")
        }
        return try destinationEntry(nest.nested(), serviceFamily: serviceFamily)
    }

    /// A real server from the attributes inside `IPVS_CMD_ATTR_DEST`.
    public static func destinationEntry(_ a: NetlinkAttributeReader, serviceFamily: AddressFamily) throws(NetlinkParseError) -> IPVSDestinationEntry {
        typealias D = IPVSAttribute.Destination
        var family = serviceFamily
        if let code = a[D.addressFamily]?.u16 {
            guard let f = LinuxAddressFamily.family(code) else { throw NetlinkParseError("destination address family \(code)") }
            family = f
        }
        guard let addressAttribute = a[D.address], let port = a[D.port]?.bigEndianU16 else {
            throw NetlinkParseError("destination without address/port")
        }
        let addr = try address(addressAttribute, family)
        let method = (a[D.forwardingMethod]?.u32 ?? 0) & 0x7
        let forwarding: IPVSForwarding
        switch method {
        case 0: forwarding = .masquerade
        case 1: forwarding = .localNode
        case 2:
            let type = IPVSTunnelType(rawValue: a[D.tunnelType]?.u8 ?? 0) ?? .ipip
            forwarding = .tunnel(IPVSTunnel(type, port: a[D.tunnelPort]?.bigEndianU16 ?? 0,
                                            flags: IPVSTunnelFlags(rawValue: a[D.tunnelFlags]?.u16 ?? 0)))
        case 3: forwarding = .directRoute
        default: throw NetlinkParseError("destination \(addr) forwarding method \(method)")
        }
        let destination = IPVSDestination(addr, port: port, forwarding: forwarding,
                                          weight: Int32(bitPattern: a[D.weight]?.u32 ?? 0),
                                          upperThreshold: a[D.upperThreshold]?.u32 ?? 0,
                                          lowerThreshold: a[D.lowerThreshold]?.u32 ?? 0)
        return IPVSDestinationEntry(destination: destination,
                                    activeConnections: a[D.activeConnections]?.u32 ?? 0,
                                    inactiveConnections: a[D.inactiveConnections]?.u32 ?? 0,
                                    persistentConnections: a[D.persistentConnections]?.u32 ?? 0,
                                    statistics: try statistics(a[D.statistics64] ?? a[D.statistics]))
    }

    /// A sync daemon from a GET_DAEMON reply.
    public static func syncDaemon(_ message: GenericNetlinkPayload) throws(NetlinkParseError) -> IPVSSyncDaemon {
        typealias D = IPVSAttribute.Daemon
        guard let nest = message.attributes[IPVSAttribute.Command.daemon] else {
            throw NetlinkParseError("daemon reply without IPVS_CMD_ATTR_DAEMON")
        }
        let a = try nest.nested()
        guard let state = a[D.state]?.u32, let role = IPVSSyncDaemon.Role(rawValue: state) else {
            throw NetlinkParseError("daemon without a master/backup state")
        }
        var group: IPAddress? = nil
        if let g = a[D.multicastGroup], g.payload.count == 4 { group = IPAddress(bytes: g.payload) }
        if let g = a[D.multicastGroup6], g.payload.count == 16 { group = IPAddress(bytes: g.payload) }
        return IPVSSyncDaemon(role, interface: a[D.multicastInterface]?.string ?? "", syncID: a[D.syncID]?.u32 ?? 0,
                              maxPacketLength: a[D.syncMaxLength]?.u16, group: group,
                              port: a[D.multicastPort]?.u16, ttl: a[D.multicastTTL]?.u8)
    }

    /// The GET_CONFIG reply. A timeout the kernel omits (protocol not built in) reads as 0.
    public static func timeouts(_ message: GenericNetlinkPayload) -> IPVSTimeouts {
        typealias C = IPVSAttribute.Command
        let a = message.attributes
        return IPVSTimeouts(tcp: a[C.timeoutTCP]?.u32 ?? 0, tcpFin: a[C.timeoutTCPFin]?.u32 ?? 0, udp: a[C.timeoutUDP]?.u32 ?? 0)
    }

    /// The GET_INFO reply.
    public static func info(_ message: GenericNetlinkPayload) throws(NetlinkParseError) -> IPVSInfo {
        guard let version = message.attributes[IPVSAttribute.Info.version]?.u32,
              let size = message.attributes[IPVSAttribute.Info.connectionTableSize]?.u32 else {
            throw NetlinkParseError("info reply without version or table size")
        }
        return IPVSInfo(versionCode: version, connectionTableSize: size)
    }

    static func address(_ attribute: NetlinkAttribute, _ family: AddressFamily) throws(NetlinkParseError) -> IPAddress {
        let length = family == .ipv4 ? 4 : 16
        guard attribute.payload.count >= length,
              let address = IPAddress(bytes: attribute.payload.prefix(length)) else {
            throw NetlinkParseError("address attribute of \(attribute.payload.count) bytes for \(family)")
        }
        return address
    }

    static func statistics(_ attribute: NetlinkAttribute?) throws(NetlinkParseError) -> IPVSStatistics {
        var s = IPVSStatistics()
        guard let attribute else { return s }
        typealias T = IPVSAttribute.Statistics
        let a = try attribute.nested()
        s.connections = a[T.connections]?.u64 ?? 0
        s.incomingPackets = a[T.incomingPackets]?.u64 ?? 0
        s.outgoingPackets = a[T.outgoingPackets]?.u64 ?? 0
        s.incomingBytes = a[T.incomingBytes]?.u64 ?? 0
        s.outgoingBytes = a[T.outgoingBytes]?.u64 ?? 0
        s.connectionsPerSecond = a[T.connectionsPerSecond]?.u64 ?? 0
        s.incomingPacketsPerSecond = a[T.incomingPacketsPerSecond]?.u64 ?? 0
        s.outgoingPacketsPerSecond = a[T.outgoingPacketsPerSecond]?.u64 ?? 0
        s.incomingBytesPerSecond = a[T.incomingBytesPerSecond]?.u64 ?? 0
        s.outgoingBytesPerSecond = a[T.outgoingBytesPerSecond]?.u64 ?? 0
        return s
    }
}
