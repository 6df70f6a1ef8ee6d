import KeepalivedConfig
import KeepalivedSystem

/// `keepalived -t`: reads the configuration as the daemon would, prints every diagnostic as
/// `file:line: severity: message`, and exits 0 when nothing is reported, 5 otherwise.
public enum ConfigTest {
    public static func run(_ options: CommandLineOptions) -> ExitCode {
        let loaded = load(options, keepLines: false)
        var report = ""
        for d in loaded.diagnostics.all { report += d.description + "\n" }
        if let logFile = options.configTestLogFile {
            if !TextFile.write(report, to: logFile) {
                StandardStreams.err("keepalived: cannot write the config test log '\(logFile)'\n")
                StandardStreams.err(report)
            }
        } else {
            StandardStreams.err(report)
        }
        if loaded.diagnostics.all.contains(where: { $0.category == .scriptSecurity && $0.severity == .error }) { return .configTestSecurity }
        return loaded.diagnostics.failsConfigTest ? .configTestFailed : .ok
    }

    /// Loads the configuration named on the command line, checked against this host.
    public static func load(_ options: CommandLineOptions, keepLines: Bool = true) -> LoadedConfiguration {
        let preprocessorOptions = PreprocessorOptions(
            configID: options.configID ?? HostInformation.shortNodeName(),
            workingDirectory: HostInformation.currentDirectory(),
            requireAllIncludes: options.requireAllConfigFiles
        )
        let environment = ValidationEnvironment(
            interfaceExists: { HostInformation.interfaceExists($0) },
            isExecutable: { HostInformation.isExecutable($0) },
            userExists: { HostInformation.userExists($0) }
        )
        return ConfigurationLoader.load(path: options.configFile, options: preprocessorOptions, environment: environment, keepLines: keepLines)
    }
}
