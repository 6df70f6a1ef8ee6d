/// Who runs scripts and the daemon-wide scripts and notify FIFOs of `global_defs`
/// (`script_user`, `enable_script_security`, `startup_script`, `notify_fifo`, ...).
public struct ScriptSettings: Hashable, Sendable {
    /// `enable_script_security`: refuse scripts run as root that a non-root user could change.
    public var scriptSecurity = false
    /// `script_user USER [GROUP]`; nil: keepalived_script if that user exists, else root.
    public var user: String? = nil
    /// The group of `script_user`; nil: the user's own group.
    public var group: String? = nil
    /// `startup_script SCRIPT [USER [GROUP]]`: run once before the children start.
    public var startup: UserScript? = nil
    /// `startup_script_timeout SECS`, 1 to 1000 (default 10).
    public var startupTimeoutMicroseconds = 10_000_000
    /// `shutdown_script SCRIPT [USER [GROUP]]`: run once after the children have stopped.
    public var shutdown: UserScript? = nil
    /// `shutdown_script_timeout SECS`, 1 to 1000 (default 10).
    public var shutdownTimeoutMicroseconds = 10_000_000

    /// `notify_fifo FIFO [USER [GROUP]]`: VRRP and checker events.
    public var notifyFIFO: NotifyFIFO? = nil
    /// `notify_fifo_script SCRIPT [USER [GROUP]]`: reads `notify_fifo`.
    public var notifyFIFOScript: UserScript? = nil
    /// `vrrp_notify_fifo`: VRRP events only.
    public var vrrpNotifyFIFO: NotifyFIFO? = nil
    /// `vrrp_notify_fifo_script`.
    public var vrrpNotifyFIFOScript: UserScript? = nil
    /// `lvs_notify_fifo`: checker events only.
    public var lvsNotifyFIFO: NotifyFIFO? = nil
    /// `lvs_notify_fifo_script`.
    public var lvsNotifyFIFOScript: UserScript? = nil
    /// `fifo_write_vrrp_states_on_reload`: write every instance's state to the FIFOs on reload.
    public var writeVRRPStatesOnReload = false

    public init() {}
}

/// A command line to run and the user and group to run it as (nil: the default script user).
public struct UserScript: Hashable, Sendable {
    /// The command as written, one word (quote it to give arguments).
    public var commandLine: String
    public var user: String? = nil
    public var group: String? = nil

    public init(commandLine: String, user: String? = nil, group: String? = nil) {
        self.commandLine = commandLine
        self.user = user
        self.group = group
    }

    /// The program and its arguments, split as keepalived splits them when it runs the script.
    public var words: [String] { Tokenizer.commandWords(commandLine) }
}

/// A FIFO keepalived writes notify events to, and its owner.
public struct NotifyFIFO: Hashable, Sendable {
    public var path: String
    public var user: String? = nil
    public var group: String? = nil

    public init(path: String, user: String? = nil, group: String? = nil) {
        self.path = path
        self.user = user
        self.group = group
    }
}

extension GlobalDefinitions {
    static let scriptKeywords: [Keyword<GlobalDefinitions>] = [
        Keyword("enable_script_security", .flag, "refuse root scripts that a non-root user could change") { g, _, _ in
            g.scripts.scriptSecurity = true
        },
        Keyword("script_user", .between(1, 2), "default USER [GROUP] for scripts") { g, s, _ in
            g.scripts.user = s.arguments[0]
            g.scripts.group = s.arguments.count > 1 ? s.arguments[1] : nil
        },
        Keyword("startup_script", .between(1, 3), "SCRIPT [USER [GROUP]] run before the children start") { g, s, r in
            if g.scripts.startup != nil { r.warning("'startup_script' given twice; ignoring '\(s.arguments[0])'", at: s); return }
            g.scripts.startup = userScript(s)
        },
        Keyword("startup_script_timeout", .exactly(1), "seconds the startup script may run, 1 to 1000 (default 10)") { g, s, r in
            if let v = r.wholeSeconds(s, in: 1...1000) { g.scripts.startupTimeoutMicroseconds = v }
        },
        Keyword("shutdown_script", .between(1, 3), "SCRIPT [USER [GROUP]] run after the children stop") { g, s, r in
            if g.scripts.shutdown != nil { r.warning("'shutdown_script' given twice; ignoring '\(s.arguments[0])'", at: s); return }
            g.scripts.shutdown = userScript(s)
        },
        Keyword("shutdown_script_timeout", .exactly(1), "seconds the shutdown script may run, 1 to 1000 (default 10)") { g, s, r in
            if let v = r.wholeSeconds(s, in: 1...1000) { g.scripts.shutdownTimeoutMicroseconds = v }
        },
        Keyword("notify_fifo", .between(1, 3), "FIFO [USER [GROUP]] for VRRP and checker events") { g, s, r in
            setFIFO(&g.scripts.notifyFIFO, s, reader: &r)
        },
        Keyword("notify_fifo_script", .between(1, 3), "SCRIPT [USER [GROUP]] reading notify_fifo") { g, s, r in
            setFIFOScript(&g.scripts.notifyFIFOScript, s, reader: &r)
        },
        Keyword("vrrp_notify_fifo", .between(1, 3), "FIFO [USER [GROUP]] for VRRP events") { g, s, r in
            setFIFO(&g.scripts.vrrpNotifyFIFO, s, reader: &r)
        },
        Keyword("vrrp_notify_fifo_script", .between(1, 3), "SCRIPT [USER [GROUP]] reading vrrp_notify_fifo") { g, s, r in
            setFIFOScript(&g.scripts.vrrpNotifyFIFOScript, s, reader: &r)
        },
        Keyword("lvs_notify_fifo", .between(1, 3), "FIFO [USER [GROUP]] for checker events") { g, s, r in
            setFIFO(&g.scripts.lvsNotifyFIFO, s, reader: &r)
        },
        Keyword("lvs_notify_fifo_script", .between(1, 3), "SCRIPT [USER [GROUP]] reading lvs_notify_fifo") { g, s, r in
            setFIFOScript(&g.scripts.lvsNotifyFIFOScript, s, reader: &r)
        },
        Keyword("fifo_write_vrrp_states_on_reload", .flag, "write every instance's state to the FIFOs on reload") { g, _, _ in
            g.scripts.writeVRRPStatesOnReload = true
        },
    ]

    static func userScript(_ s: Statement) -> UserScript {
        let a = s.arguments
        return UserScript(commandLine: a[0], user: a.count > 1 ? a[1] : nil, group: a.count > 2 ? a[2] : nil)
    }

    static func setFIFO(_ fifo: inout NotifyFIFO?, _ s: Statement, reader r: inout ConfigReader) {
        if let first = fifo { r.warning("'\(s.keyword)' is already \(first.path); ignoring '\(s.arguments[0])'", at: s); return }
        let a = s.arguments
        fifo = NotifyFIFO(path: a[0], user: a.count > 1 ? a[1] : nil, group: a.count > 2 ? a[2] : nil)
    }

    static func setFIFOScript(_ script: inout UserScript?, _ s: Statement, reader r: inout ConfigReader) {
        if let first = script { r.warning("'\(s.keyword)' is already \(first.commandLine); ignoring '\(s.arguments[0])'", at: s); return }
        script = userScript(s)
    }
}
