/// `HTTP_GET` / `SSL_GET` settings: the URLs fetched and how the request is made.
public struct HTTPCheck: Hashable, Sendable {
    /// `url { ... }` blocks, in order; at least one is required.
    public var urls: [HTTPCheckURL] = []
    /// `virtualhost`: Host header; nil = the real server's, then the virtual server's.
    public var virtualHost: String? = nil
    /// `http_protocol` (default 1.0).
    public var httpProtocol: HTTPCheckProtocol = .http10
    /// `enable_sni`: send the virtual host as TLS SNI.
    public var enableSNI = false
    /// `fast_recovery`: check all URLs back to back on start and recovery.
    public var fastRecovery = false
    public init() {}
}

/// The HTTP versions a checker can speak.
public enum HTTPCheckProtocol: String, Hashable, Sendable {
    /// `1.0`.
    case http10 = "1.0"
    /// `1.0C`: 1.0 with `Connection: close`.
    case http10Close = "1.0C"
    /// `1.1`.
    case http11 = "1.1"
}

/// One `url { ... }` block of an HTTP/SSL checker.
public struct HTTPCheckURL: Hashable, Sendable {
    /// The default accepted status codes: 200-299.
    public static let defaultStatusCodes = [StatusCodeRange(200...299)]

    /// `path` (required).
    public var path: String? = nil
    /// `digest`: MD5 of the body, 16 bytes.
    public var digest: [UInt8]? = nil
    /// `status_code`: accepted codes; the default is 200-299 when none is given.
    public var statusCodes: [StatusCodeRange] = []
    /// `virtualhost`: Host header for this URL only.
    public var virtualHost: String? = nil
    /// `regex` and its options.
    public var regex: HTTPCheckRegex? = nil
    public var location: SourceLocation

    public init(location: SourceLocation) { self.location = location }

    /// The status codes in force.
    public var effectiveStatusCodes: [StatusCodeRange] { statusCodes.isEmpty ? Self.defaultStatusCodes : statusCodes }
}

/// A range of HTTP status codes, 100...599.
public struct StatusCodeRange: Hashable, Sendable {
    public var codes: ClosedRange<Int>
    public init(_ codes: ClosedRange<Int>) { self.codes = codes }
}

/// The content regular expression of a URL (PCRE2 syntax; compiled by the checker).
public struct HTTPCheckRegex: Hashable, Sendable {
    public var pattern: String
    /// `regex_no_match`: a match fails the check.
    public var noMatch = false
    /// `regex_options`: PCRE2 option names.
    public var options: [String] = []
    /// `regex_min_offset`.
    public var minimumOffset = 0
    /// `regex_max_offset`; nil = no limit.
    public var maximumOffset: Int? = nil
    /// `regex_stack START MAX`: JIT stack sizes in bytes; nil = PCRE2's default.
    public var stackStartBytes: Int? = nil
    public var stackMaxBytes: Int? = nil

    public init(pattern: String) { self.pattern = pattern }

    /// The PCRE2 option names keepalived accepts.
    public static let knownOptions: Set<String> = [
        "allow_empty_class", "alt_bsux", "auto_callout", "caseless", "dollar_endonly", "dotall",
        "dupnames", "extended", "firstline", "match_unset_backref", "multiline", "never_ucp",
        "never_utf", "no_auto_capture", "no_auto_possess", "no_dotstar_anchor", "no_start_optimize",
        "ucp", "ungreedy", "utf", "never_backslash_c", "alt_circumflex", "alt_verbnames", "use_offset_limit",
    ]
}

extension HTTPCheck {
    /// The Host header sent for `url`: the url's `virtualhost`, else the checker's, the real
    /// server's, the virtual server's; nil = the checked address.
    public func virtualHost(for url: HTTPCheckURL, in realServer: RealServer, of virtualServer: VirtualServer) -> String? {
        url.virtualHost ?? virtualHost ?? realServer.virtualHost ?? virtualServer.virtualHost
    }
}
