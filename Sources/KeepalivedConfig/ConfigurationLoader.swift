/// What validation may ask of the machine, injected so that validation stays pure.
public struct ValidationEnvironment: Sendable {
    /// Whether a network interface of that name exists (keepalived's `-t` reports one that does not).
    public var interfaceExists: @Sendable (String) -> Bool
    /// Whether a file exists and is executable (for scripts).
    public var isExecutable: @Sendable (String) -> Bool
    /// Whether a user account exists (the default script user is `keepalived_script` if it
    /// exists, else root).
    public var userExists: @Sendable (String) -> Bool

    public init(interfaceExists: @escaping @Sendable (String) -> Bool = { _ in true },
                isExecutable: @escaping @Sendable (String) -> Bool = { _ in true },
                userExists: @escaping @Sendable (String) -> Bool = { _ in false }) {
        self.interfaceExists = interfaceExists
        self.isExecutable = isExecutable
        self.userExists = userExists
    }

    /// Accepts every interface and script, and knows no user accounts (so scripts default to
    /// root, as on a host without `keepalived_script`): for unit tests of the pure layers.
    public static let permissive = ValidationEnvironment()
}

/// The result of reading a configuration: the model (always produced, with what could be
/// understood), every diagnostic, and the files that were read.
public struct LoadedConfiguration: Sendable {
    public var configuration: KeepalivedConfiguration
    public var diagnostics: DiagnosticLog
    public var files: [String]
    /// The preprocessed lines, for the consolidated text that the parent sends its children.
    public var lines: [LogicalLine]
}

/// Reads a keepalived.conf: preprocess → statements → keyword tables → typed model → validation.
public enum ConfigurationLoader {
    /// Every block's keyword table, outermost first.
    public static let topLevel = KeywordTable<KeepalivedConfiguration>(
        "the top level",
        GlobalDefinitions.topLevelKeywords + VRRPSection.topLevelKeywords + LVSSection.topLevelKeywords
    )

    /// `keepLines: false` (for `-t`) frees the preprocessed lines as soon as the statement tree
    /// is built, which lowers the peak memory of a large configuration.
    public static func load(path: String, fileSystem: any ConfigFileSystem = PosixFileSystem(),
                            options: PreprocessorOptions, environment: ValidationEnvironment = .permissive,
                            keepLines: Bool = true) -> LoadedConfiguration {
        let (lines, preDiagnostics, files) = Preprocessor.run(path: path, fileSystem: fileSystem, options: options)
        var result = parse(lines: consume lines, environment: environment, keepLines: keepLines)
        var diagnostics = preDiagnostics
        diagnostics.append(contentsOf: result.diagnostics)
        result.diagnostics = diagnostics
        result.files = files
        return result
    }

    /// Parses already preprocessed lines (what a child receives from the parent).
    public static func parse(lines: consuming [LogicalLine], environment: ValidationEnvironment = .permissive,
                             keepLines: Bool = true) -> LoadedConfiguration {
        var reader = ConfigReader()
        var statements = StatementParser.parse(lines, diagnostics: &reader.diagnostics)
        let kept = keepLines ? lines : []
        _ = consume lines
        var configuration = KeepalivedConfiguration()
        topLevel.apply(statements, to: &configuration, reader: &reader)
        statements = []
        ConfigurationValidator.validate(&configuration, diagnostics: &reader.diagnostics, environment: environment)
        return LoadedConfiguration(configuration: configuration, diagnostics: reader.diagnostics, files: [], lines: kept)
    }

    /// Parses configuration text held in memory, as if it were the file `name`.
    public static func parse(text: String, name: String = "keepalived.conf", configID: String = "test",
                             environment: ValidationEnvironment = .permissive) -> LoadedConfiguration {
        let fs = InMemoryFileSystem(["/" + name: text])
        return load(path: name, fileSystem: fs, options: PreprocessorOptions(configID: configID, workingDirectory: "/"), environment: environment)
    }
}

/// Cross-references and conflicts that no single keyword can see: each section checks itself,
/// then what spans sections.
public enum ConfigurationValidator {
    public static func validate(_ configuration: inout KeepalivedConfiguration, diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {
        configuration.global.validate(diagnostics: &diagnostics, environment: environment)
        configuration.vrrp.validate(global: configuration.global, diagnostics: &diagnostics, environment: environment)
        configuration.lvs.validate(global: configuration.global, diagnostics: &diagnostics, environment: environment)
        configuration.lvs.validateReferences(trackFiles: Set(configuration.vrrp.trackFiles.map(\.name)),
                                             bfdInstances: Set(configuration.global.bfdInstances.map(\.name)),
                                             diagnostics: &diagnostics)
        ScriptSecurity.validate(configuration, diagnostics: &diagnostics, environment: environment)
    }
}
