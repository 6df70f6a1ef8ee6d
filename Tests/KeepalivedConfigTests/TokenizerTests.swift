import Testing
@testable import KeepalivedConfig

@Suite("Tokenizer")
struct TokenizerTests {
    @Test(arguments: [
        ("a b  c", ["a", "b", "c"]),
        ("vrrp_instance VI_1 {", ["vrrp_instance", "VI_1", "{"]),
        ("virtual_ipaddress { 192.0.2.1/24 }", ["virtual_ipaddress", "{", "192.0.2.1/24", "}"]),
        ("x{y}", ["x", "{", "y", "}"]),
        ("notify \"/bin/x a b\"", ["notify", "/bin/x a b"]),
        ("abcd\" efg h jkl \"mnop", ["abcd efg h jkl mnop"]),
        ("abcd \"efg h jkl\" mnop", ["abcd", "efg h jkl", "mnop"]),
        ("'single q' x", ["single q", "x"]),
        ("\"tab\\there\"", ["tab\there"]),
        ("\"q\\\"q\"", ["q\"q"]),
        ("\"\\x41\\101\\\\\"", ["AA\\"]),
        ("\"{\"", ["{"]),
        ("\"\" x", ["", "x"]),
    ])
    func splitsLikeKeepalived(line: String, expected: [String]) {
        #expect(Tokenizer.tokens(line).map(\.text) == expected)
    }

    @Test func quotedBracesAreWordsNotBraces() {
        let t = Tokenizer.tokens("\"{\" {")
        #expect(t[0].isOpenBrace == false)
        #expect(t[1].isOpenBrace == true)
    }
}
