import KeepalivedSystem
import Netlink
import NetworkAddress

#if canImport(Glibc)
import Glibc
#endif

/// The kernel's IPVS table over generic netlink, as `ipvsadm` manages it.
///
/// libnl-genl-3 opens and binds the socket and resolves the "IPVS" family id; the messages
/// themselves are built and parsed by `IPVSRequest` / `IPVSReply` and sent as raw datagrams.
///
/// The API is synchronous: each call sends one request with `NLM_F_ACK` and reads until the
/// kernel's acknowledgement, error or end of dump, for at most `receiveTimeoutMilliseconds`
/// per datagram (then `.timedOut`). The kernel answers IPVS commands at once, so a call costs a
/// round trip of microseconds; an event loop that wants to multiplex instead can use
/// `fileDescriptor` and the pure `IPVSRequest.encoded` / `NetlinkMessage.split` / `IPVSReply`.
///
/// Works in the network namespace the process is in when it is created. Not thread-safe:
/// one owner (the checker's event loop) uses it.
public final class IPVSClient {
    let socket: GenericNetlinkSocket
    /// The id the kernel gave the "IPVS" family (the `nlmsg_type` of every request).
    public let familyID: UInt16
    private var nextSequence: UInt32

    /// Opens a socket and resolves the family. Fails with `.ipvsUnavailable` when the kernel has
    /// no IPVS (module not loaded); loading it is the caller's business (keepalived modprobes).
    public init(receiveTimeoutMilliseconds: Int = 5000) throws(IPVSError) {
        do {
            socket = try GenericNetlinkSocket()
        } catch {
            throw IPVSError(.connect, cause: .unavailable("\(error)"))
        }
        do {
            familyID = try socket.resolveFamily(IPVSFamily.name)
        } catch {
            throw IPVSError(.connect, cause: .unavailable("\(error)"))
        }
        do {
            try socket.setReceiveTimeout(milliseconds: receiveTimeoutMilliseconds)
            // Dumps of large tables arrive in bursts of 32 KiB datagrams; leave room for several.
            try? socket.setBufferSizes(receive: 1 << 20)
        } catch {
            throw IPVSError(.connect, cause: .transport(error))
        }
        // Our own sequence space, away from libnl's (which starts at the time of day).
        nextSequence = 1
    }

    /// The netlink socket, for `poll`.
    public var fileDescriptor: Int32 { socket.fileDescriptor }

    // MARK: information

    /// Version and connection-table size (`ipvsadm --version`).
    public func info() throws(IPVSError) -> IPVSInfo {
        let replies = try perform(.getInfo(), .info, nil)
        guard let reply = replies.first else { throw IPVSError(.info, cause: .malformedReply("no reply")) }
        do { return try IPVSReply.info(reply) } catch { throw IPVSError(.info, cause: .malformedReply(error.reason)) }
    }

    /// Every virtual service (`ipvsadm -L`), without counters.
    public func services() throws(IPVSError) -> [IPVSService] { try serviceEntries().map(\.service) }

    /// Every virtual service with its counters.
    public func serviceEntries() throws(IPVSError) -> [IPVSServiceEntry] {
        let replies = try perform(.listServices(), .listServices, nil)
        return try decode(replies, .listServices, nil) { m throws(NetlinkParseError) in try IPVSReply.serviceEntry(m) }
    }

    /// One service, or nil when the kernel has none with this key.
    public func service(_ key: IPVSServiceKey) throws(IPVSError) -> IPVSServiceEntry? {
        do {
            let replies = try perform(.getService(key), .getService, key.description)
            return try decode(replies, .getService, key.description) { m throws(NetlinkParseError) in try IPVSReply.serviceEntry(m) }.first
        } catch where error.reason == .noSuchService {
            return nil
        }
    }

    /// The real servers of a service (`ipvsadm -L -t ...`), without counters. A service that
    /// does not exist has none (the kernel's dump is then empty).
    public func destinations(of key: IPVSServiceKey) throws(IPVSError) -> [IPVSDestination] {
        try destinationEntries(of: key).map(\.destination)
    }

    /// The real servers of a service with connection counts and counters.
    public func destinationEntries(of key: IPVSServiceKey) throws(IPVSError) -> [IPVSDestinationEntry] {
        let replies = try perform(.listDestinations(of: key), .listDestinations, key.description)
        return try decode(replies, .listDestinations, key.description) { m throws(NetlinkParseError) in
            try IPVSReply.destinationEntry(m, serviceFamily: key.family)
        }
    }

    // MARK: services

    public func addService(_ service: IPVSService) throws(IPVSError) {
        _ = try perform(.addService(service), .addService, service.key.description)
    }

    /// Changes scheduler, flags, persistence timeout/netmask of an existing service.
    public func updateService(_ service: IPVSService) throws(IPVSError) {
        _ = try perform(.updateService(service), .updateService, service.key.description)
    }

    /// Removes a service and its real servers.
    public func deleteService(_ key: IPVSServiceKey) throws(IPVSError) {
        _ = try perform(.deleteService(key), .deleteService, key.description)
    }

    /// Removes every service and real server (`ipvsadm -C`).
    public func flush() throws(IPVSError) { _ = try perform(.flush(), .flush, nil) }

    /// Zeroes the counters of one service, or of all (`ipvsadm -Z`).
    public func zeroCounters(_ key: IPVSServiceKey? = nil) throws(IPVSError) {
        _ = try perform(.zero(key), .zero, key?.description)
    }

    // MARK: real servers

    public func addDestination(_ destination: IPVSDestination, to service: IPVSServiceKey) throws(IPVSError) {
        _ = try perform(.addDestination(destination, to: service), .addDestination, Self.subject(service, destination))
    }

    /// Changes forwarding, weight and thresholds of an existing real server.
    public func updateDestination(_ destination: IPVSDestination, in service: IPVSServiceKey) throws(IPVSError) {
        _ = try perform(.updateDestination(destination, in: service), .updateDestination, Self.subject(service, destination))
    }

    public func deleteDestination(_ destination: IPVSDestination, from service: IPVSServiceKey) throws(IPVSError) {
        try deleteDestination(destination.address, port: destination.port, from: service)
    }

    public func deleteDestination(_ address: IPAddress, port: UInt16, from service: IPVSServiceKey) throws(IPVSError) {
        _ = try perform(.deleteDestination(address, port: port, from: service), .deleteDestination,
                        "\(service) real server \(IPVSServiceKey.endpoint(address, port))")
    }

    // MARK: timeouts and sync daemons

    /// TCP, TCP FIN and UDP timeouts (`ipvsadm -L --timeout`).
    public func timeouts() throws(IPVSError) -> IPVSTimeouts {
        let replies = try perform(.getTimeouts(), .getTimeouts, nil)
        guard let reply = replies.first else { throw IPVSError(.getTimeouts, cause: .malformedReply("no reply")) }
        return IPVSReply.timeouts(reply)
    }

    /// `ipvsadm --set`; a 0 leaves that timeout as it is.
    public func setTimeouts(_ timeouts: IPVSTimeouts) throws(IPVSError) {
        _ = try perform(.setTimeouts(timeouts), .setTimeouts, nil)
    }

    /// The running sync daemons (`ipvsadm -L --daemon`).
    public func syncDaemons() throws(IPVSError) -> [IPVSSyncDaemon] {
        let replies = try perform(.listSyncDaemons(), .listSyncDaemons, nil)
        return try decode(replies, .listSyncDaemons, nil) { m throws(NetlinkParseError) in try IPVSReply.syncDaemon(m) }
    }

    public func startSyncDaemon(_ daemon: IPVSSyncDaemon) throws(IPVSError) {
        _ = try perform(.startSyncDaemon(daemon), .startSyncDaemon, daemon.description)
    }

    public func stopSyncDaemon(_ role: IPVSSyncDaemon.Role) throws(IPVSError) {
        _ = try perform(.stopSyncDaemon(role), .stopSyncDaemon, role == .master ? "master" : "backup")
    }

    // MARK: the exchange

    /// Sends `request` and collects the replies that carry its sequence number until the ack
    /// (NLMSG_ERROR 0), an error (NLMSG_ERROR -errno) or the end of a dump (NLMSG_DONE).
    /// Messages with other sequence numbers (late answers to an earlier, timed-out call) are
    /// skipped.
    func perform(_ request: IPVSRequest, _ operation: IPVSOperation, _ subject: String?) throws(IPVSError) -> [GenericNetlinkPayload] {
        let sequence = nextSequence
        nextSequence = nextSequence == UInt32.max ? 1 : nextSequence + 1
        do {
            try socket.sendDatagram(request.encoded(family: familyID, sequence: sequence, portID: socket.localPort))
        } catch {
            throw IPVSError(operation, subject, cause: .transport(error))
        }
        var replies: [GenericNetlinkPayload] = []
        while true {
            let datagram: [UInt8]
            do { datagram = try socket.receiveDatagram() } catch {
                throw IPVSError(operation, subject, cause: .transport(error))
            }
            let messages: [NetlinkMessage]
            do { messages = try NetlinkMessage.split(datagram) } catch {
                throw IPVSError(operation, subject, cause: .malformedReply(error.reason))
            }
            for message in messages where message.sequence == sequence {
                switch message.type {
                case NetlinkConstants.error:
                    guard let code = message.errorCode else {
                        throw IPVSError(operation, subject, cause: .malformedReply("short NLMSG_ERROR"))
                    }
                    if code != 0 { throw IPVSError(operation, subject, cause: .kernel(errno: -code)) }
                    return replies
                case NetlinkConstants.done:
                    let code = message.doneCode
                    if code < 0 { throw IPVSError(operation, subject, cause: .kernel(errno: -code)) }
                    return replies
                case NetlinkConstants.noop:
                    continue
                case NetlinkConstants.overrun:
                    throw IPVSError(operation, subject, cause: .transport(SystemError("netlink", errno: ENOBUFS)))
                case familyID:
                    do { replies.append(try GenericNetlinkPayload(message.payload)) } catch {
                        throw IPVSError(operation, subject, cause: .malformedReply(error.reason))
                    }
                default:
                    throw IPVSError(operation, subject, cause: .malformedReply("unexpected message type \(message.type)"))
                }
            }
        }
    }

    private func decode<T>(_ replies: [GenericNetlinkPayload], _ operation: IPVSOperation, _ subject: String?,
                           _ body: (GenericNetlinkPayload) throws(NetlinkParseError) -> T) throws(IPVSError) -> [T] {
        var out: [T] = []
        out.reserveCapacity(replies.count)
        for reply in replies {
            do { out.append(try body(reply)) } catch {
                throw IPVSError(operation, subject, cause: .malformedReply(error.reason))
            }
        }
        return out
    }

    static func subject(_ service: IPVSServiceKey, _ destination: IPVSDestination) -> String {
        "\(service) real server \(destination)"
    }
}
