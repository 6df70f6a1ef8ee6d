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
        ("'single q' x", ["'single", "q'", "x"]),
        ("\"tab\\there\"", ["tab\\there"]),
        ("\"q\\\"q\"", ["q\"q"]),
        ("\"\\x41\\101\"", ["\\x41\\101"]),
        ("\"{\"", ["{"]),
        ("\"\" x", ["", "x"]),
    ])
    func splitsLikeKeepalived(line: String, expected: [String]) {
        #expect(Tokenizer.tokens(line).map(\.text) == expected)
    }

    @Test(arguments: [
        ("/bin/sh -c 'exit 0'", ["/bin/sh", "-c", "exit 0"]),
        ("/bin/t\\x72ue", ["/bin/true"]),
        ("/bin/echo \\101\\t\\\\ x", ["/bin/echo", "A\t\\", "x"]),
        ("a  'b c'd e", ["a", "b cd", "e"]),
    ])
    func scriptCommandLinesDecodeEscapesAndSingleQuotes(line: String, expected: [String]) {
        #expect(Tokenizer.commandWords(line) == expected)
    }

    @Test func quotedBracesAreWordsNotBraces() {
        let t = Tokenizer.tokens("\"{\" {")
        #expect(t[0].isOpenBrace == false)
        #expect(t[1].isOpenBrace == true)
    }
}
