/// How and to whom keepalived sends its notification e-mails (`notification_email`,
/// `smtp_server`, `smtp_alert`, ...), kept together because the mailer needs all of them.
public struct EmailSettings: Hashable, Sendable {
    /// `notification_email { ... }`: the recipients, in order.
    public var recipients: [String] = []
    /// `notification_email_from`; nil lets the mailer derive an address from the host name.
    public var from: String? = nil
    /// `smtp_server ADDR|NAME [PORT]`; nil sends no mail.
    public var smtpServer: SMTPServer? = nil
    /// `smtp_helo_name`; nil uses the host name.
    public var heloName: String? = nil
    /// `smtp_connect_timeout SECS` (default 30 s).
    public var connectTimeoutMicroseconds = 30_000_000
    /// `smtp_alert [BOOL]`: the default for every alert; nil when not given.
    public var alert: Bool? = nil
    /// `smtp_alert_vrrp [BOOL]`: the default for VRRP alerts; nil falls back to `alert`.
    public var alertVRRP: Bool? = nil
    /// `smtp_alert_checker [BOOL]`: the default for checker alerts; nil falls back to `alert`.
    public var alertChecker: Bool? = nil
    /// False after `no_email_faults`: no mail for transitions to FAULT.
    public var emailFaults = true
    /// `no_checker_emails [BOOL]`: mail only when a real server is added or removed.
    public var noCheckerEmails = false

    public init() {}
}

/// The SMTP relay: an address, or a host name that the mailer resolves when it sends.
public struct SMTPServer: Hashable, Sendable {
    /// An address or a name to resolve.
    public enum Host: Hashable, Sendable {
        case address(IPAddress)
        case name(String)
    }

    public var host: Host
    /// Default 25.
    public var port: Int

    public init(host: Host, port: Int = 25) {
        self.host = host
        self.port = port
    }
}

/// Whether `text` is a syntactically valid DNS host name (letters, digits and hyphens in dot
/// separated labels of at most 63 characters, no label starting or ending with a hyphen).
func isValidHostName(_ text: String) -> Bool {
    guard !text.isEmpty, text.utf8.count <= 253 else { return false }
    let labels = text.split(separator: ".", omittingEmptySubsequences: false)
    for (i, label) in labels.enumerated() {
        if label.isEmpty { return i == labels.count - 1 && i > 0 }  // one trailing dot is fine
        guard label.utf8.count <= 63, label.first != "-", label.last != "-",
              label.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else { return false }
    }
    return true
}

extension GlobalDefinitions {
    static let emailKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("notification_email", .block, "recipients of notification mail, one or more per line") { g, s, r in
            let words = s.blockWords
            if words.isEmpty { r.warning("'notification_email' block is empty", at: s) }
            g.email.recipients += words.map(\.word)
        },
        Keyword("notification_email_from", .exactly(1), "sender address of notification mail") { g, s, _ in
            g.email.from = s.arguments[0]
        },
        Keyword("smtp_server", .between(1, 2), "SMTP relay: ADDRESS|HOSTNAME [PORT] (port default 25)") { g, s, r in
            var port = 25
            if s.arguments.count > 1 {
                guard let p = r.integer(s, 1, in: 1...65535, what: "smtp_server port") else { return }
                port = p
            }
            let text = s.arguments[0]
            if let address = IPAddress(text) {
                g.email.smtpServer = SMTPServer(host: .address(address), port: port)
            } else if isValidHostName(text), !text.allSatisfy({ $0.isNumber || $0 == "." }) {
                g.email.smtpServer = SMTPServer(host: .name(text), port: port)
            } else {
                r.error("'smtp_server': '\(text)' is not an address or a host name", at: s)
            }
        },
        Keyword("smtp_helo_name", .between(0, 1), "name given in the SMTP HELO (default: host name)") { g, s, _ in
            if let name = s.arguments.first { g.email.heloName = name }
        },
        Keyword("smtp_connect_timeout", .exactly(1), "seconds to wait for the SMTP server (default 30)") { g, s, r in
            guard let v = r.integer(s, in: 0...4294) else { return }
            if v == 0 {
                r.warning("'smtp_connect_timeout' must be greater than 0; using 1", at: s)
                g.email.connectTimeoutMicroseconds = 1_000_000
            } else {
                g.email.connectTimeoutMicroseconds = v * 1_000_000
            }
        },
        Keyword("smtp_alert", .optionalBool, "default for sending alert mail") { g, s, r in
            if let v = r.optionalBool(s) { g.email.alert = v }
        },
        Keyword("smtp_alert_vrrp", .optionalBool, "default for VRRP alert mail") { g, s, r in
            if let v = r.optionalBool(s) { g.email.alertVRRP = v }
        },
        Keyword("smtp_alert_checker", .optionalBool, "default for checker alert mail") { g, s, r in
            if let v = r.optionalBool(s) { g.email.alertChecker = v }
        },
        Keyword("no_email_faults", .flag, "no mail for transitions to FAULT") { g, _, _ in
            g.email.emailFaults = false
        },
        Keyword("no_checker_emails", .optionalBool, "checker mail only when a real server is added or removed") { g, s, r in
            if let v = r.optionalBool(s) { g.email.noCheckerEmails = v }
        },
    ]
}
