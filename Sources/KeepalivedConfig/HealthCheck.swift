/// One checker block of a real server (`TCP_CHECK { ... }`, `HTTP_GET { ... }`, ...): the
/// options every checker shares plus what its kind needs.
public struct HealthCheck: Hashable, Sendable {
    public var kind: HealthCheckKind
    public var options: HealthCheckOptions
    public var location: SourceLocation

    public init(kind: HealthCheckKind, options: HealthCheckOptions = HealthCheckOptions(), location: SourceLocation) {
        self.kind = kind
        self.options = options
        self.location = location
    }
}

/// The options shared by checkers. Optional values are overrides of the real server's (and so
/// the virtual server's) settings; `HealthCheckTiming` resolves them.
public struct HealthCheckOptions: Hashable, Sendable {
    /// Where to connect and from where; nil for MISC_CHECK, FILE_CHECK and BFD_CHECK, which
    /// make no connection.
    public var connection: CheckerConnection? = nil
    /// `retry` (`nb_get_retry` in HTTP_GET/SSL_GET, deprecated).
    public var retry: Int? = nil
    /// `delay_before_retry`.
    public var delayBeforeRetryMicroseconds: Int? = nil
    /// `warmup`: the maximum random delay before the first check.
    public var warmupMicroseconds: Int? = nil
    /// `delay_loop`.
    public var delayLoopMicroseconds: Int? = nil
    /// `alpha`.
    public var alpha: Bool? = nil
    /// `log_all_failures`; nil = the global `checker_log_all_failures` (off by default).
    public var logAllFailures: Bool? = nil

    public init(connection: CheckerConnection? = nil) {
        self.connection = connection
    }
}

/// Where a checker connects: by default the real server's address and port, from any source.
public struct CheckerConnection: Hashable, Sendable {
    /// `connect_ip`; nil = the real server's address.
    public var connectIP: IPAddress? = nil
    /// `connect_port`; nil = the real server's port.
    public var connectPort: Int? = nil
    /// `bindto`: source address.
    public var bindTo: IPAddress? = nil
    /// `bind_port`: source port.
    public var bindPort: Int? = nil
    /// `bind_if`: source interface (needed for link-local addresses).
    public var bindInterface: String? = nil
    /// `connect_timeout`; nil = the real server's.
    public var connectTimeoutMicroseconds: Int? = nil
    /// `fwmark`: the mark put on the checker's packets.
    public var fwmark: Int? = nil
    /// Where the options were given (the checker block, or an SMTP `host` block).
    public var location: SourceLocation? = nil

    public init() {}
}

/// What a checker checks, with what only that kind needs.
public enum HealthCheckKind: Hashable, Sendable {
    /// `TCP_CHECK`: a TCP connect.
    case tcp
    /// `HTTP_GET`: fetch URLs and check status, digest or content.
    case http(HTTPCheck)
    /// `SSL_GET`: the same over TLS.
    case ssl(HTTPCheck)
    /// `SMTP_CHECK`: greeting and HELO.
    case smtp(SMTPCheck)
    /// `DNS_CHECK`: a query over UDP.
    case dns(DNSCheck)
    /// `MISC_CHECK`: run a program.
    case misc(MiscCheck)
    /// `PING_CHECK`: ICMP echo.
    case ping
    /// `UDP_CHECK`: send a datagram, optionally require a reply.
    case udp(UDPCheck)
    /// `FILE_CHECK`: a weight read from a tracked file.
    case file(FileCheck)
    /// `BFD_CHECK`: follow a BFD session (parsed; the session itself is configured elsewhere).
    case bfd(BFDCheck)

    /// The block keyword.
    public var keyword: String {
        switch self {
        case .tcp: return "TCP_CHECK"
        case .http: return "HTTP_GET"
        case .ssl: return "SSL_GET"
        case .smtp: return "SMTP_CHECK"
        case .dns: return "DNS_CHECK"
        case .misc: return "MISC_CHECK"
        case .ping: return "PING_CHECK"
        case .udp: return "UDP_CHECK"
        case .file: return "FILE_CHECK"
        case .bfd: return "BFD_CHECK"
        }
    }

    /// Whether the kind connects somewhere (and so takes the connection keywords).
    public var connects: Bool {
        switch self {
        case .misc, .file, .bfd: return false
        default: return true
        }
    }

    /// Whether the kind runs on its own timer (FILE_CHECK and BFD_CHECK only react to events
    /// and take none of the timing keywords).
    public var isPolled: Bool {
        switch self {
        case .file, .bfd: return false
        default: return true
        }
    }

    /// keepalived's retry count when none is configured anywhere: 3 for DNS, 0 for MISC, else 1.
    public var defaultRetry: Int {
        switch self {
        case .dns: return 3
        case .misc: return 0
        default: return 1
        }
    }

    /// keepalived's delay before a retry when none is configured: 3 s for HTTP/SSL, the
    /// delay loop for DNS (nil here), else 1 s.
    public var defaultDelayBeforeRetryMicroseconds: Int? {
        switch self {
        case .http, .ssl: return 3_000_000
        case .dns: return nil
        default: return 1_000_000
        }
    }
}

/// `SMTP_CHECK` settings.
public struct SMTPCheck: Hashable, Sendable {
    /// keepalived's default HELO name.
    public static let defaultHeloName = "smtpchecker.keepalived.org"
    /// `helo_name`.
    public var heloName = SMTPCheck.defaultHeloName
    /// Deprecated `host { ... }` blocks: each is one more server to check with these settings.
    public var hosts: [CheckerConnection] = []
    public init() {}
}

/// `DNS_CHECK` settings.
public struct DNSCheck: Hashable, Sendable {
    /// `type`: the query type (default SOA).
    public var type: DNSQueryType = .soa
    /// `name`: the queried name (default the root, `.`).
    public var name = "."
    public init() {}
}

/// The query types DNS_CHECK accepts (case insensitive in the configuration).
public enum DNSQueryType: String, Hashable, Sendable, CaseIterable {
    case a = "A", ns = "NS", cname = "CNAME", soa = "SOA", mx = "MX", txt = "TXT", aaaa = "AAAA"
    case rrsig = "RRSIG", dnskey = "DNSKEY"

    /// The RR type number on the wire.
    public var code: Int {
        switch self {
        case .a: return 1
        case .ns: return 2
        case .cname: return 5
        case .soa: return 6
        case .mx: return 15
        case .txt: return 16
        case .aaaa: return 28
        case .rrsig: return 46
        case .dnskey: return 48
        }
    }
}

/// `MISC_CHECK` settings.
public struct MiscCheck: Hashable, Sendable {
    /// `misc_path`: the command line (required).
    public var command: String? = nil
    /// `misc_timeout` in seconds; nil = the checker's delay loop.
    public var timeoutSeconds: Int? = nil
    /// `misc_dynamic`: the exit status adjusts the weight.
    public var dynamic = false
    /// `user USER [GROUP]`; nil = the global script user.
    public var user: String? = nil
    public var group: String? = nil
    public init() {}
}

/// `UDP_CHECK` settings.
public struct UDPCheck: Hashable, Sendable {
    /// `payload`: the bytes to send; nil = a random payload.
    public var payload: [UInt8]? = nil
    /// `require_reply`: a reply must arrive.
    public var requireReply = false
    /// The expected reply prefix from `require_reply HEX`; nil = any content.
    public var replyPattern: CheckerHexPattern? = nil
    /// `min_reply_length` (default 0).
    public var minimumReplyLength = 0
    /// `max_reply_length` (default 255).
    public var maximumReplyLength = 255
    public init() {}
}

/// `FILE_CHECK` settings.
public struct FileCheck: Hashable, Sendable {
    /// `track_file`: the name of a top-level `track_file` block (required).
    public var trackFile: String? = nil
    /// `weight`: multiplier for the value read; nil = the track file's own weight.
    public var weight: Int? = nil
    /// `weight N reverse`: subtract instead of add.
    public var reverse = false
    public init() {}
}

/// `BFD_CHECK` settings.
public struct BFDCheck: Hashable, Sendable {
    /// `name`: the `bfd_instance` to follow (required).
    public var name: String? = nil
    public init() {}
}
