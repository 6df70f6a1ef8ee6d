/// The VRRP half of the configuration (placeholder being filled in).
public struct VRRPSection: Hashable, Sendable {
    public var instances: [String] = []
    public var staticAddresses: [String] = []
    public var staticRoutes: [String] = []
    public init() {}
    static let topLevelKeywords: [Keyword<KeepalivedConfiguration>] = []
    func validate(global: GlobalDefinitions, diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {}
}
