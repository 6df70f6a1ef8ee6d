/// keepalived's script-security rule, across every section: a script that would run as root
/// while `enable_script_security` is off is refused (keepalived's `-t` exits 6 for it).
///
/// A script runs as its own `user`, else `script_user`, else `keepalived_script` when that
/// account exists, else root.
public enum ScriptSecurity {
    /// One configured script: where it was written, its command line and its own user.
    struct Use {
        var what: String
        var command: String
        var user: String?
        var location: SourceLocation?
    }

    public static func validate(_ c: KeepalivedConfiguration, diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {
        let scripts = c.global.scripts
        guard !scripts.scriptSecurity else { return }
        let defaultUser = scripts.user ?? (environment.userExists("keepalived_script") ? "keepalived_script" : "root")
        // A script whose program cannot be found is never run (keepalived reports it elsewhere).
        let rootScripts = uses(c).filter { use in
            guard let program = Tokenizer.commandWords(use.command).first, environment.isExecutable(program) else { return false }
            return (use.user ?? defaultUser) == "root"
        }
        guard let first = rootScripts.first, let program = Tokenizer.commandWords(first.command).first else { return }
        let more = rootScripts.count > 1 ? " (and \(rootScripts.count - 1) more script\(rootScripts.count > 2 ? "s" : ""))" : ""
        diagnostics.append(Diagnostic(.error,
            "\(first.what) \(program)\(more) would run as root, but 'enable_script_security' is not set: "
            + "add it to global_defs, or run scripts as an unprivileged 'script_user'",
            at: first.location, category: .scriptSecurity))
    }

    /// Every script the configuration would run.
    static func uses(_ c: KeepalivedConfiguration) -> [Use] {
        var out: [Use] = []
        let g = c.global
        for (what, script) in [("startup_script", g.scripts.startup), ("shutdown_script", g.scripts.shutdown),
                               ("notify_fifo_script", g.scripts.notifyFIFOScript), ("vrrp_notify_fifo_script", g.scripts.vrrpNotifyFIFOScript),
                               ("lvs_notify_fifo_script", g.scripts.lvsNotifyFIFOScript)] {
            if let script { out.append(Use(what: "'\(what)'", command: script.commandLine, user: script.user, location: g.locations[what])) }
        }
        // Only vrrp_scripts that something tracks are run.
        var tracked = Set<String>()
        for i in c.vrrp.instances { tracked.formUnion(i.trackScripts.map(\.name)) }
        for s in c.vrrp.syncGroups { tracked.formUnion(s.trackScripts.map(\.name)) }
        for s in c.vrrp.scripts where tracked.contains(s.name) {
            if let command = s.command { out.append(Use(what: "'script' of vrrp_script \(s.name)", command: command, user: s.user, location: s.source.location)) }
        }
        func notify(_ n: VRRPNotifyScripts, owner: String, location: SourceLocation?) {
            for (what, script) in [("notify_master", n.master), ("notify_backup", n.backup), ("notify_fault", n.fault),
                                   ("notify_stop", n.stop), ("notify_deleted", n.deleted), ("notify", n.any),
                                   ("notify_master_rx_lower_pri", n.masterReceivedLowerPriority)] {
                if let script { out.append(Use(what: "'\(what)' of \(owner)", command: script.command, user: script.user, location: location)) }
            }
        }
        for i in c.vrrp.instances { notify(i.notify, owner: "vrrp_instance \(i.name)", location: i.source.location) }
        for s in c.vrrp.syncGroups { notify(s.notify, owner: "vrrp_sync_group \(s.name)", location: s.source.location) }
        for vs in c.lvs.virtualServers {
            for (what, command) in [("quorum_up", vs.quorumUpScript), ("quorum_down", vs.quorumDownScript)] {
                if let command { out.append(Use(what: "'\(what)'", command: command, user: nil, location: vs.location)) }
            }
            for rs in vs.realServers {
                for (what, command) in [("notify_up", rs.notifyUpScript), ("notify_down", rs.notifyDownScript)] {
                    if let command { out.append(Use(what: "'\(what)'", command: command, user: nil, location: vs.location)) }
                }
                for check in rs.checkers {
                    if case .misc(let misc) = check.kind, let command = misc.command {
                        out.append(Use(what: "'misc_path'", command: command, user: misc.user, location: vs.location))
                    }
                }
            }
        }
        return out
    }
}
