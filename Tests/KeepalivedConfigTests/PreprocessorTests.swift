import Testing
@testable import KeepalivedConfig

/// Runs the preprocessor over an in-memory tree rooted at /etc/k.
private func preprocess(_ files: [String: String], main: String = "/etc/k/keepalived.conf", id: String = "main",
                        requireAll: Bool = false, maxLines: Int = 5_000_000) -> (texts: [String], lines: [LogicalLine], diagnostics: DiagnosticLog) {
    let fs = InMemoryFileSystem(files)
    let r = Preprocessor.run(path: main, fileSystem: fs,
                             options: PreprocessorOptions(configID: id, workingDirectory: "/", requireAllIncludes: requireAll, maximumLines: maxLines))
    return (r.lines.map(\.text), r.lines, r.diagnostics)
}

@Suite("Preprocessor: comments, includes, conditionals, definitions, sequences")
struct PreprocessorTests {
    @Test func commentsAndBlankLinesAreDropped() {
        let r = preprocess(["/etc/k/keepalived.conf": """
        # full line
        ! bang line
           router_id a # trailing hash
        notify "x # not a comment" ! but this is
        smtp 'a!b'

        """])
        #expect(r.texts == ["router_id a", "notify \"x # not a comment\"", "smtp 'a"]) // single quotes do not protect a comment
        #expect(r.diagnostics.all.isEmpty)
    }

    @Test func lineNumbersAreThoseOfTheFile() {
        let r = preprocess(["/etc/k/keepalived.conf": "\n\n# c\nfoo 1\n\nbar 2\n"])
        #expect(r.lines.map(\.location) == [SourceLocation(file: "/etc/k/keepalived.conf", line: 4), SourceLocation(file: "/etc/k/keepalived.conf", line: 6)])
    }

    @Test func crlfLineEndingsAreAccepted() {
        let r = preprocess(["/etc/k/keepalived.conf": "a 1\r\nb 2\r\n"])
        #expect(r.texts == ["a 1", "b 2"])
    }

    @Test func includeIsRelativeToTheIncludingFile() {
        let r = preprocess([
            "/etc/k/keepalived.conf": "top 1\ninclude conf.d/*.conf\ntop 2",
            "/etc/k/conf.d/b.conf": "b 1\ninclude ../sub/c.inc",
            "/etc/k/conf.d/a.conf": "a 1",
            "/etc/k/sub/c.inc": "c 1",
        ])
        #expect(r.texts == ["top 1", "a 1", "b 1", "c 1", "top 2"])
        #expect(r.lines[3].location.file == "etc/k/sub/c.inc")
        #expect(r.lines[3].location.line == 1)
        #expect(r.diagnostics.all.isEmpty)
    }

    @Test func includeWithBracesAndQuotes() {
        let r = preprocess([
            "/etc/k/keepalived.conf": "include \"{x,y}.conf\"",
            "/etc/k/x.conf": "x 1", "/etc/k/y.conf": "y 1",
        ])
        #expect(r.texts == ["x 1", "y 1"])
    }

    @Test func missingPlainIncludeWarnsAndWildcardWithoutMatchIsOnlyANote() {
        let r = preprocess(["/etc/k/keepalived.conf": "include missing.conf\ninclude none/*.conf\nz 1"])
        #expect(r.texts == ["z 1"])
        #expect(r.diagnostics.all.map(\.severity) == [.warning, .note])
        #expect(r.diagnostics.all[0].location?.line == 1)
        #expect(r.diagnostics.all[0].message.contains("missing.conf"))
        #expect(r.diagnostics.all[1].location?.line == 2)
    }

    @Test func strictIncludeVariantsAndAllConfigMakeMissingFilesErrors() {
        let r = preprocess(["/etc/k/keepalived.conf": "includea none/*.conf\n"])
        #expect(r.diagnostics.all.map(\.severity) == [.error])
        let s = preprocess(["/etc/k/keepalived.conf": "include none.conf\n"], requireAll: true)
        #expect(s.diagnostics.all.map(\.severity) == [.error])
    }

    @Test func includeLoopIsAnErrorNotARecursion() {
        let r = preprocess([
            "/etc/k/keepalived.conf": "include a.conf",
            "/etc/k/a.conf": "a 1\ninclude b.conf",
            "/etc/k/b.conf": "b 1\ninclude a.conf",
        ])
        #expect(r.texts == ["a 1", "b 1"])
        #expect(r.diagnostics.errors.count == 1)
        #expect(r.diagnostics.errors[0].message.contains("include loop"))
        #expect(r.diagnostics.errors[0].location == SourceLocation(file: "etc/k/b.conf", line: 2))
    }

    @Test func missingMainFileIsAnError() {
        let r = preprocess([:])
        #expect(r.diagnostics.errors.count == 1)
        #expect(r.diagnostics.errors[0].location == nil)
    }

    @Test func conditionalLines() {
        let text = "@main a 1\n@backup b 1\n@^main c 1\n@^backup d 1\n@main\nplain 1"
        #expect(preprocess(["/etc/k/keepalived.conf": text], id: "main").texts == ["a 1", "d 1", "plain 1"])
        #expect(preprocess(["/etc/k/keepalived.conf": text], id: "backup").texts == ["b 1", "c 1", "plain 1"])
        #expect(preprocess(["/etc/k/keepalived.conf": text], id: "other").texts == ["c 1", "d 1", "plain 1"])
    }

    @Test func definitionsExpandWithAndWithoutBraces() {
        let r = preprocess(["/etc/k/keepalived.conf": """
        $PRIO=150
        priority $PRIO
        priority ${PRIO}0
        priority $PRIOx
        unknown ${NOPE} $NOPE
        $EMPTY=
        empty [${EMPTY}]
        """])
        #expect(r.texts == ["priority 150", "priority 1500", "priority $PRIOx", "unknown ${NOPE} $NOPE", "empty []"])
    }

    @Test func expansionIsRecursiveAndLate() {
        let r = preprocess(["/etc/k/keepalived.conf": """
        $BASE=10.2.${SUB}
        $SUB=0
        ${BASE}.100/32
        $SUB=10
        ${BASE}.100/32
        """])
        #expect(r.texts == ["10.2.0.100/32", "10.2.10.100/32"])
    }

    @Test func definitionsCombineWithConditionals() {
        let r = preprocess(["/etc/k/keepalived.conf": "@main $P=240\n@backup $P=200\npriority $P\n$IF_MAIN=@main\n$IF_MAIN x 1"], id: "main")
        #expect(r.texts == ["priority 240", "x 1"])
    }

    @Test func multiLineDefinitionsExpandToSeveralLines() {
        let r = preprocess(["/etc/k/keepalived.conf": """
        $INST= \\
        vrrp_instance VI_${N} { \\
            @main priority 130 \\
            @^main priority 120 \\

            virtual_router_id ${N} \\
        }
        $N=1
        $INST
        """], id: "main")
        #expect(r.texts == ["vrrp_instance VI_1 {", "priority 130", "virtual_router_id 1", "}"])
        #expect(r.lines.allSatisfy { $0.location.line == 9 })
    }

    @Test func nestedMultiLineDefinitions() {
        let r = preprocess(["/etc/k/keepalived.conf": """
        $RS= \\
        real_server 192.0.2.${R} 80 { \\
        }
        $VS= \\
        virtual_server 198.51.100.1 80 { \\
          $R=1 \\
          $RS \\
          $R=2 \\
          $RS \\
        }
        $VS
        """])
        #expect(r.texts == ["virtual_server 198.51.100.1 80 {", "real_server 192.0.2.1 80 {", "}", "real_server 192.0.2.2 80 {", "}", "}"])
    }

    @Test func selfReferentialDefinitionIsAnErrorNotAHang() {
        let r = preprocess(["/etc/k/keepalived.conf": "$A=x ${A}\nuse $A\nafter 1"])
        #expect(r.diagnostics.errors.count == 1)
        #expect(r.diagnostics.errors[0].location?.line == 2)
        #expect(r.texts == ["after 1"])
    }

    @Test func unfinishedMultiLineDefinitionIsReported() {
        let r = preprocess(["/etc/k/keepalived.conf": "$A= \\\nx 1 \\\n"])
        #expect(r.diagnostics.errors.count == 1)
        #expect(r.diagnostics.errors[0].location?.line == 1)
    }

    @Test func predefinedDefinitions() {
        let r = preprocess(["/etc/k/keepalived.conf": "a ${_PWD}\nb ${_INSTANCE}\nc ${_HASH}${_BANG}\nd ${_RANDOM 5 5}"], id: "node1")
        #expect(r.texts == ["a /etc/k", "b node1", "c #!", "d 5"])
    }

    @Test func randomIsWithinBounds() {
        let r = preprocess(["/etc/k/keepalived.conf": "~SEQ(I, 1, 50) v ${_RANDOM 10 20}"])
        #expect(r.texts.count == 50)
        for t in r.texts {
            let v = Int(t.dropFirst(2))!
            #expect((10...20).contains(v))
        }
    }

    @Test(arguments: [
        ("~SEQ(S, 0, 3) ip 10.0.${S}.1", ["ip 10.0.0.1", "ip 10.0.1.1", "ip 10.0.2.1", "ip 10.0.3.1"]),
        ("~SEQ(S, 3) x${S}", ["x1", "x2", "x3"]),
        ("~SEQ(S, 5, -2, 1) x${S}", ["x5", "x3", "x1"]),
        ("~SEQ(S, 3, 1) x${S}", ["x3", "x2", "x1"]),
        ("~SEQx(S, 0x90, 0x10, 0xc0) fe80::${S}", ["fe80::90", "fe80::a0", "fe80::b0", "fe80::c0"]),
        ("~SEQ(A, 1, 2) ~SEQ(B, 1, 2) ${A}.${B}", ["1.1", "1.2", "2.1", "2.2"]),
        ("~LST(IP, 1, 2, 3) 192.0.2.${IP}", ["192.0.2.1", "192.0.2.2", "192.0.2.3"]),
        ("~LST({A, B}, {10,1},{20,4}) 192.${A}.${B}", ["192.10.1", "192.20.4"]),
        ("~LST(A, x, y) ~SEQ(N, 1, 2) ${A}${N}", ["x1", "x2", "y1", "y2"]),
    ])
    func lineMultipliers(line: String, expected: [String]) {
        let r = preprocess(["/etc/k/keepalived.conf": line])
        #expect(r.texts == expected)
        #expect(r.diagnostics.all.isEmpty)
    }

    @Test(arguments: ["~SEQ(S) x", "~SEQ(S, a, 3) x", "~SEQ(S, 1, 0, 3) x", "~SEQ S 1 3", "~LST(A) x", "~LST({A,B},{1}) x", "~SEQ(1x, 1, 2) y"])
    func badLineMultipliers(line: String) {
        let r = preprocess(["/etc/k/keepalived.conf": "first 1\n" + line])
        #expect(r.diagnostics.errors.count == 1)
        #expect(r.diagnostics.errors.first?.location?.line == 2)
        #expect(r.texts == ["first 1"])
    }

    @Test func sequenceVariableDoesNotLeak() {
        let r = preprocess(["/etc/k/keepalived.conf": "~SEQ(S, 1, 2) x${S}\nafter ${S}"])
        #expect(r.texts == ["x1", "x2", "after ${S}"])
    }

    @Test func runawayExpansionStopsAtTheLineLimit() {
        let r = preprocess(["/etc/k/keepalived.conf": "~SEQ(A, 1, 1000) ~SEQ(B, 1, 1000) x"], maxLines: 10_000)
        #expect(r.texts.count == 10_000)
        #expect(r.diagnostics.errors.count == 1)
    }
}

@Suite("Configuration dump (-d)")
struct ConfigurationDumpTests {
    @Test func everyTopLevelItemIsDumpedWithItsDefaults() {
        let r = ConfigurationLoader.parse(text: """
        vrrp_instance VI_1 {
            interface eth0
            virtual_router_id 7
            virtual_ipaddress {
                192.0.2.7/24
            }
        }
        virtual_server 192.0.2.7 80 {
            lb_algo rr
            lb_kind NAT
            protocol TCP
            real_server 192.0.2.8 80 {
                TCP_CHECK {
                }
            }
        }
        """)
        let lines = ConfigurationDump.lines(r.configuration)
        #expect(lines.contains { $0.hasPrefix("vrrp_instance VI_1: ") && $0.contains("priority") })
        #expect(lines.contains { $0.hasPrefix("virtual_server ") && $0.contains("192.0.2.7") && $0.contains("delayLoopMicroseconds: 60000000") }, "\(lines)")
        #expect(lines.first == "------< Configuration >------")
    }
}
