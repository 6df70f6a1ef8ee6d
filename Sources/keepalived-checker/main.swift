import Glibc
import KeepalivedIPC
import KeepalivedSystem
import Checkers

// keepalived-checker: spawned by keepalived with its channel on descriptor 3.
let options = ChildOptions(arguments: Array(CommandLine.arguments.dropFirst()))
let logger = Logger(ident: "Keepalived_healthcheckers", toSyslog: !options.noSyslog, toConsole: options.logConsole,
                    detail: options.logDetail, facility: options.facility)
Logger.shared = logger
do {
    let runtime = try ChildRuntime(role: .checker, service: CheckerChildService(), logger: logger)
    exit(runtime.run())
} catch {
    logger.error("cannot start: \(error)")
    exit(ChildRuntime.ExitStatus.fatal)
}
