/// The LVS half of the configuration (placeholder being filled in).
public struct LVSSection: Hashable, Sendable {
    public var virtualServers: [String] = []
    public init() {}
    static let topLevelKeywords: [Keyword<KeepalivedConfiguration>] = []
    func validate(global: GlobalDefinitions, diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {}
}
