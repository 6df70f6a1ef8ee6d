import Testing
@testable import KeepalivedConfig

/// Bounded random-input tests of the whole reading path (preprocessor, tokenizer, statement
/// tree, keyword tables, validation): whatever the input, no crash, no hang, and every
/// diagnostic points at a line that exists. The libFuzzer targets run the same path for longer.
@Suite("Config parser under random input")
struct ParserFuzzTests {
    static let seedConfig = """
    ! comment
    $PRIO=150
    @main $PRIO=200
    global_defs {
        router_id r1
        notification_email { a@example.com }
    }
    vrrp_script chk { script "/bin/true"  interval 2 }
    vrrp_instance VI_1 {
        state MASTER
        interface eth0
        virtual_router_id 51
        priority $PRIO
        authentication { auth_type PASS auth_pass x }
        virtual_ipaddress {
            192.0.2.1/24 dev eth0 label eth0:1
            ~SEQ(N, 2, 4) 192.0.2.${N}/24
        }
        track_script { chk weight -10 }
    }
    virtual_server 192.0.2.1 80 {
        lb_algo rr
        real_server 198.51.100.1 80 {
            HTTP_GET { url { path / status_code 200-299 } }
        }
    }
    """

    static let alphabet: [Character] = Array("{}\"'#!$@~\\()\n\t ,./-_:abcdefgSEQLSTxyz0123456789") + ["{", "}", "\n", "$", "\u{0}", "é"]

    @Test func randomTextNeverCrashes() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<3000 {
            let length = Int(rng.next() % 200)
            let text = String((0..<length).map { _ in ParserFuzzTests.alphabet[Int(rng.next() % UInt64(ParserFuzzTests.alphabet.count))] })
            checkInvariants(text)
        }
    }

    @Test func mutatedConfigsNeverCrash() {
        var rng = SplitMix64(seed: 7)
        let base = Array(ParserFuzzTests.seedConfig)
        for _ in 0..<2000 {
            var chars = base
            for _ in 0..<(1 + rng.next() % 8) {
                let at = Int(rng.next() % UInt64(chars.count))
                switch rng.next() % 4 {
                case 0: chars[at] = ParserFuzzTests.alphabet[Int(rng.next() % UInt64(ParserFuzzTests.alphabet.count))]
                case 1: chars.remove(at: at)
                case 2: chars.insert(ParserFuzzTests.alphabet[Int(rng.next() % UInt64(ParserFuzzTests.alphabet.count))], at: at)
                default:
                    // Duplicate a random slice: repeats blocks, braces, definitions.
                    let end = min(chars.count, at + Int(rng.next() % 40))
                    chars.insert(contentsOf: chars[at..<end], at: at)
                }
            }
            checkInvariants(String(chars))
        }
    }

    @Test func deepNestingIsHandled() {
        let depth = 5000
        let text = String(repeating: "a {\n", count: depth) + String(repeating: "}\n", count: depth)
        let r = ConfigurationLoader.parse(text: text)
        #expect(!r.diagnostics.all.isEmpty) // an unknown keyword, at least
        let unclosed = String(repeating: "vrrp_instance X {\n", count: depth)
        let u = ConfigurationLoader.parse(text: unclosed)
        #expect(u.diagnostics.errors.contains { $0.message.contains("missing '}'") })
    }

    @Test func exponentialDefinitionsAreBounded() {
        // Each definition doubles the previous one: 2^40 words if nothing stopped it.
        var text = "$A0=x\n"
        for i in 1...40 { text += "$A\(i)=${A\(i - 1)} ${A\(i - 1)}\n" }
        text += "router_id ${A40}\n"
        let r = ConfigurationLoader.parse(text: text)
        #expect(r.diagnostics.errors.contains { $0.message.contains("expands to more than") && $0.location?.line == 42 })
    }

    private func checkInvariants(_ text: String) {
        let lineCount = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).count
        let r = ConfigurationLoader.parse(text: text)
        for d in r.diagnostics.all {
            if let l = d.location {
                #expect(l.line >= 1 && l.line <= lineCount, "diagnostic at line \(l.line) of \(lineCount): \(d)")
            }
            #expect(!d.message.isEmpty)
        }
    }
}
