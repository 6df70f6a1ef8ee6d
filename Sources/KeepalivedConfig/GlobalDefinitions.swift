/// `global_defs` and the top-level daemon settings (placeholder being filled in).
public struct GlobalDefinitions: Hashable, Sendable {
    public var routerID: String? = nil
    public init() {}

    static let topLevelKeywords: [Keyword<KeepalivedConfiguration>] = [
        Keyword("global_defs", .block, "global settings") { config, s, reader in
            GlobalDefinitions.keywords.apply(s.block ?? [], to: &config.global, reader: &reader)
        },
    ]

    static let keywords = KeywordTable<GlobalDefinitions>("global_defs", [
        Keyword("router_id", .exactly(1), "name of this node in notifications") { g, s, _ in g.routerID = s.arguments[0] },
    ])

    func validate(diagnostics: inout DiagnosticLog, environment: ValidationEnvironment) {}
}
