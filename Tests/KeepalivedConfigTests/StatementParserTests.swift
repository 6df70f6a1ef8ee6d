import Testing
@testable import KeepalivedConfig

private func statements(_ text: String) -> ([Statement], DiagnosticLog) {
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { i, l -> LogicalLine? in
        let t = String(trimmed(l))
        return t.isEmpty ? nil : LogicalLine(t, at: SourceLocation(file: "k.conf", line: i + 1))
    }
    var d = DiagnosticLog()
    let s = StatementParser.parse(lines, diagnostics: &d)
    return (s, d)
}

@Suite("Statement tree")
struct StatementParserTests {
    @Test func braceOnTheKeywordLineOrTheNext() {
        let (a, da) = statements("vrrp_instance V {\n state MASTER\n}")
        let (b, db) = statements("vrrp_instance V\n{\n state MASTER\n}")
        #expect(da.all.isEmpty && db.all.isEmpty)
        #expect(a[0].keyword == b[0].keyword && a[0].arguments == b[0].arguments && a[0].block?.map(\.words) == b[0].block?.map(\.words))
        #expect(a[0].keyword == "vrrp_instance" && a[0].arguments == ["V"])
        #expect(a[0].block?.map(\.keyword) == ["state"])
        #expect(a[0].block?[0].location.line == 2)
    }

    @Test func nestedBlocks() {
        let (s, d) = statements("""
        virtual_server 192.0.2.1 80 {
          real_server 192.0.2.2 80 {
            TCP_CHECK {
              connect_timeout 3
            }
          }
          lb_algo rr
        }
        """)
        #expect(d.all.isEmpty)
        let rs = s[0].block![0]
        #expect(rs.keyword == "real_server")
        #expect(rs.block![0].keyword == "TCP_CHECK")
        #expect(rs.block![0].block![0].arguments == ["3"])
        #expect(s[0].block![1].keyword == "lb_algo")
    }

    @Test func wordsAfterBracesStartNewStatements() {
        let (s, d) = statements("vrrp_instance VI_1 { state MASTER\n virtual_ipaddress { 192.0.2.1/24 }\n} global_defs { router_id x }")
        #expect(d.all.isEmpty)
        #expect(s.map(\.keyword) == ["vrrp_instance", "global_defs"])
        #expect(s[0].block!.map(\.keyword) == ["state", "virtual_ipaddress"])
        #expect(s[0].block![1].block!.map(\.keyword) == ["192.0.2.1/24"])
        #expect(s[1].block![0].arguments == ["x"])
    }

    @Test func blockWordsFlattenListBlocks() {
        let (s, _) = statements("group {\n VI_1 VI_2\n VI_3\n}")
        #expect(s[0].blockWords.map(\.word) == ["VI_1", "VI_2", "VI_3"])
        #expect(s[0].blockWords.map(\.location.line) == [2, 2, 3])
    }

    @Test func emptyBlock() {
        let (s, d) = statements("virtual_ipaddress {\n}")
        #expect(d.all.isEmpty)
        #expect(s[0].block == [])
    }

    @Test func missingClosingBraceIsReportedAtTheOpeningLine() {
        let (s, d) = statements("a {\n b {\n  c 1\n }\n")
        #expect(d.errors.count == 1)
        #expect(d.errors[0].location?.line == 1)
        #expect(d.errors[0].message.contains("missing '}'"))
        #expect(s[0].block?[0].block?[0].keyword == "c")
    }

    @Test func unmatchedClosingBraceIsReportedWhereItIs() {
        let (s, d) = statements("a 1\n}\nb 2")
        #expect(d.errors.count == 1)
        #expect(d.errors[0].location?.line == 2)
        #expect(s.map(\.keyword) == ["a", "b"])
    }

    @Test func strayOpeningBraceIsReported() {
        let (_, d) = statements("a {\n}\n{\n x 1\n}")
        #expect(d.errors.count == 1)
        #expect(d.errors[0].location?.line == 3)
    }
}

@Suite("Statement tree: quotes")
struct StatementQuoteTests {
    @Test func unterminatedQuoteIsReportedAtItsLine() {
        var d = DiagnosticLog()
        _ = StatementParser.parse([LogicalLine("a 1", at: SourceLocation(file: "k", line: 1)),
                                   LogicalLine("interface \"eth0", at: SourceLocation(file: "k", line: 2))], diagnostics: &d)
        #expect(d.errors.count == 1)
        #expect(d.errors.first?.location?.line == 2)
        #expect(d.errors.first?.message.contains("unterminated quote") == true)
    }
}
