import KeepalivedSystem

#if canImport(Glibc)
import Glibc
#endif

/// What the client was doing when an error happened (names the operation in messages).
public enum IPVSOperation: String, Sendable, Hashable {
    case connect = "connect to IPVS"
    case info = "get IPVS info"
    case listServices = "list services"
    case getService = "get service"
    case addService = "add service"
    case updateService = "update service"
    case deleteService = "delete service"
    case zero = "zero counters"
    case flush = "flush"
    case listDestinations = "list real servers of"
    case addDestination = "add real server"
    case updateDestination = "update real server"
    case deleteDestination = "delete real server"
    case getTimeouts = "get timeouts"
    case setTimeouts = "set timeouts"
    case listSyncDaemons = "list sync daemons"
    case startSyncDaemon = "start sync daemon"
    case stopSyncDaemon = "stop sync daemon"
}

/// A failed IPVS operation: which one, on what ("TCP 192.0.2.1:80", "TCP 192.0.2.1:80 real
/// server 198.51.100.10:8080"), and why. `reason` classifies the kernel's errno the way
/// ipvsadm's messages do (the same errno means different things for different commands).
public struct IPVSError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Where the failure came from.
    public enum Cause: Equatable, Sendable {
        /// The kernel refused the request (NLMSG_ERROR, or a failed dump) with this errno.
        case kernel(errno: Int32)
        /// No "IPVS" generic-netlink family: the ip_vs module is not loaded or not built.
        case unavailable(String)
        /// The netlink socket failed (EAGAIN when a reply did not come in time).
        case transport(SystemError)
        /// The kernel's reply could not be parsed.
        case malformedReply(String)
    }

    /// The kernel's refusal, classified per operation.
    public enum Reason: Equatable, Sendable {
        case serviceExists
        case noSuchService
        case destinationExists
        case noSuchDestination
        case schedulerNotFound
        case syncDaemonRunning
        case noSyncDaemon
        case permissionDenied
        case invalidArgument
        case addressFamilyNotSupported
        case protocolNotAvailable
        case outOfMemory
        case ipvsUnavailable
        case timedOut
        case other
    }

    public var operation: IPVSOperation
    public var subject: String?
    public var cause: Cause

    public init(_ operation: IPVSOperation, _ subject: String? = nil, cause: Cause) {
        self.operation = operation
        self.subject = subject
        self.cause = cause
    }

    /// The kernel's errno, when the kernel refused.
    public var errno: Int32? {
        if case .kernel(let e) = cause { return e }
        return nil
    }

    public var reason: Reason {
        switch cause {
        case .unavailable: return .ipvsUnavailable
        case .malformedReply: return .other
        case .transport(let e): return e.errno == EAGAIN || e.errno == EWOULDBLOCK ? .timedOut : .other
        case .kernel(let e):
            switch (operation, e) {
            case (.addService, EEXIST): return .serviceExists
            case (.addService, ENOENT), (.updateService, ENOENT): return .schedulerNotFound
            case (.addDestination, EEXIST): return .destinationExists
            case (.updateDestination, ENOENT), (.deleteDestination, ENOENT): return .noSuchDestination
            case (.startSyncDaemon, EEXIST): return .syncDaemonRunning
            case (.stopSyncDaemon, ESRCH): return .noSyncDaemon
            case (_, ESRCH): return .noSuchService
            case (_, EPERM), (_, EACCES): return .permissionDenied
            case (_, EINVAL): return .invalidArgument
            case (_, EAFNOSUPPORT), (_, EOPNOTSUPP): return .addressFamilyNotSupported
            case (_, ENOPROTOOPT): return .protocolNotAvailable
            case (_, ENOMEM): return .outOfMemory
            default: return .other
            }
        }
    }

    /// "add service TCP 192.0.2.1:80: service already exists (EEXIST)".
    public var description: String {
        let what = subject.map { "\(operation.rawValue) \($0)" } ?? operation.rawValue
        switch cause {
        case .unavailable(let detail): return "\(what): IPVS is not available (\(detail)); is the ip_vs module loaded?"
        case .transport(let e): return "\(what): \(e)"
        case .malformedReply(let detail): return "\(what): malformed reply from the kernel: \(detail)"
        case .kernel(let e): return "\(what): \(reasonText(e)) (\(IPVSError.errnoName(e)))"
        }
    }

    private func reasonText(_ e: Int32) -> String {
        switch reason {
        case .serviceExists: return "service already exists"
        case .noSuchService: return operation == .addDestination || operation == .updateDestination || operation == .deleteDestination
            ? "service not defined" : "no such service"
        case .destinationExists: return "real server already exists"
        case .noSuchDestination: return "no such real server"
        case .schedulerNotFound: return "scheduler or persistence engine not found"
        case .syncDaemonRunning: return "sync daemon already running"
        case .noSyncDaemon: return "no sync daemon running"
        case .permissionDenied: return "permission denied (needs CAP_NET_ADMIN)"
        case .invalidArgument: return "invalid argument"
        case .addressFamilyNotSupported: return "address family not supported"
        case .protocolNotAvailable: return "protocol not available"
        case .outOfMemory: return "out of memory"
        case .ipvsUnavailable, .timedOut, .other: return String(cString: strerror(e))
        }
    }

    /// "EEXIST", "ESRCH", ... for the errnos IPVS uses; "errno N" otherwise.
    public static func errnoName(_ e: Int32) -> String {
        switch e {
        case EPERM: return "EPERM"
        case ENOENT: return "ENOENT"
        case ESRCH: return "ESRCH"
        case ENOMEM: return "ENOMEM"
        case EACCES: return "EACCES"
        case EBUSY: return "EBUSY"
        case EEXIST: return "EEXIST"
        case ENODEV: return "ENODEV"
        case EINVAL: return "EINVAL"
        case ERANGE: return "ERANGE"
        case ENOPROTOOPT: return "ENOPROTOOPT"
        case EOPNOTSUPP: return "EOPNOTSUPP"
        case EAFNOSUPPORT: return "EAFNOSUPPORT"
        case EADDRNOTAVAIL: return "EADDRNOTAVAIL"
        case EMSGSIZE: return "EMSGSIZE"
        default: return "errno \(e)"
        }
    }
}
