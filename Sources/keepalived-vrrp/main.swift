import Glibc
import KeepalivedIPC
import KeepalivedSystem
import VRRP

// keepalived-vrrp: spawned by keepalived with its channel on descriptor 3.
let options = ChildOptions(arguments: Array(CommandLine.arguments.dropFirst()))
let logger = Logger(ident: "Keepalived_vrrp", toSyslog: !options.noSyslog, toConsole: options.logConsole,
                    detail: options.logDetail, facility: options.facility)
Logger.shared = logger
do {
    let runtime = try ChildRuntime(role: .vrrp, service: VRRPChildService(), logger: logger)
    exit(runtime.run())
} catch {
    logger.error("cannot start: \(error)")
    exit(ChildRuntime.ExitStatus.fatal)
}
