/// The top-level `SSL { ... }` block: the TLS client context SSL_GET checkers use. Without it
/// the checker builds a default context.
public struct CheckerSSLContext: Hashable, Sendable {
    /// `password`: for the private key.
    public var password: String? = nil
    /// `ca`: CA file.
    public var caFile: String? = nil
    /// `certificate`: client certificate file.
    public var certificateFile: String? = nil
    /// `key`: private key file.
    public var keyFile: String? = nil
    public var location: SourceLocation

    public init(location: SourceLocation) { self.location = location }

    static let keywords = KeywordTable<CheckerSSLContext>("SSL", [
        Keyword("password", .atLeast(1), "password of the private key") { c, s, r in
            set(&c.password, s, &r, "password")
        },
        Keyword("ca", .atLeast(1), "CA certificate file") { c, s, r in set(&c.caFile, s, &r, "ca") },
        Keyword("certificate", .atLeast(1), "client certificate file") { c, s, r in set(&c.certificateFile, s, &r, "certificate") },
        Keyword("key", .atLeast(1), "client private key file") { c, s, r in set(&c.keyFile, s, &r, "key") },
    ])

    private static func set(_ field: inout String?, _ s: Statement, _ reader: inout ConfigReader, _ what: String) {
        if field != nil { reader.warning("SSL '\(what)' given twice; the last one is used", at: s) }
        field = s.arguments.joined(separator: " ")
    }
}
