import KeepalivedConfig
import KeepalivedSystem
import CShims

/// The version line printed by `-v`.
public let keepalivedVersion = "0.1.0"

/// The entry point of the `keepalived` executable: parses the command line and runs what it asks.
public enum ParentMain {
    public static func run(_ arguments: [String]) -> Int32 {
        let options: CommandLineOptions
        do {
            options = try CommandLineParser.parse(arguments)
        } catch {
            StandardStreams.err("keepalived: \(error)\n\(CommandLineParser.usage)\n")
            return 1
        }
        if options.showHelp {
            StandardStreams.err(CommandLineParser.usage + "\n")
            return 0
        }
        if options.showVersion {
            StandardStreams.err("""
            swift-keepalived v\(keepalivedVersion)
            Compatible with Keepalived v2.2.7: same keepalived.conf, command line and signals.

            """)
            return 0
        }
        if let name = options.signalName {
            guard let function = SignalFunction(rawValue: name.uppercased()) else {
                StandardStreams.err("Unknown sigfunc \(name)\n")
                return 1
            }
            StandardStreams.out("\(function.number(realtimeMinimum: ka_sigrtmin(), realtimeMaximum: ka_sigrtmax()))\n")
            return 0
        }
        if options.configTest {
            return ConfigTest.run(options).rawValue
        }
        StandardStreams.err("keepalived: the daemon (parent and children) is not built yet; only -t, -v, -h and --signum work in this version\n")
        return ExitCode.programError.rawValue
    }
}
