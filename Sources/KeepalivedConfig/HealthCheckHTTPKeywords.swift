/// The keywords of `HTTP_GET` / `SSL_GET` and of their `url` blocks.
extension HealthCheckKeywords {
    static let httpGet = KeywordTable<CheckerBlock<HTTPCheck>>("HTTP_GET", httpKeywords)
    static let sslGet = KeywordTable<CheckerBlock<HTTPCheck>>("SSL_GET", httpKeywords)

    static let httpKeywords: [Keyword<CheckerBlock<HTTPCheck>>] = common(connection: true) + [
        Keyword("nb_get_retry", .exactly(1), "deprecated spelling of retry") { b, s, r in
            r.warning("'nb_get_retry' is deprecated; use 'retry'", at: s)
            if let n = r.integer(s, in: 0...Int(UInt32.max)) { b.options.retry = n }
        },
        Keyword("virtualhost", .atLeast(1), "Host header for every url") { b, s, _ in
            b.specific.virtualHost = s.arguments.joined(separator: " ")
        },
        Keyword("http_protocol", .exactly(1), "1.0, 1.0C (with Connection: close) or 1.1") { b, s, r in
            switch s.arguments[0] {
            case "1.0": b.specific.httpProtocol = .http10
            case "1.1": b.specific.httpProtocol = .http11
            case "1.0C", "1.0c": b.specific.httpProtocol = .http10Close
            default: r.error("'http_protocol' must be 1.0, 1.0C or 1.1; got '\(s.arguments[0])'", at: s)
            }
        },
        Keyword("enable_sni", .optionalBool, "send the virtual host as TLS SNI") { b, s, r in
            if let v = r.bool(s) { b.specific.enableSNI = v }
        },
        Keyword("fast_recovery", .optionalBool, "check every url at once on start and recovery") { b, s, r in
            if let v = r.bool(s) { b.specific.fastRecovery = v }
        },
        Keyword("url", .block, "a url to fetch") { b, s, r in
            var draft = URLDraft(url: HTTPCheckURL(location: s.location))
            url.apply(s.block ?? [], to: &draft, reader: &r)
            if let u = draft.finish(at: s, reader: &r) { b.specific.urls.append(u) }
        },
    ]

    /// A url block being read: the regex settings may come before the regex itself.
    struct URLDraft: Sendable {
        var url: HTTPCheckURL
        var pattern: String? = nil
        var regex = HTTPCheckRegex(pattern: "")
        var regexSettingsGiven = false

        mutating func finish(at s: Statement, reader: inout ConfigReader) -> HTTPCheckURL? {
            guard url.path != nil else {
                reader.error("url block has no 'path'; it is ignored", at: s)
                return nil
            }
            if let pattern {
                regex.pattern = pattern
                if let max = regex.maximumOffset, regex.minimumOffset >= max + 1 {
                    reader.diagnostics.note("regex_min_offset \(regex.minimumOffset) is beyond regex_max_offset \(max); both are ignored", at: s.location)
                    regex.minimumOffset = 0
                    regex.maximumOffset = nil
                }
                url.regex = regex
            } else if regexSettingsGiven {
                reader.diagnostics.note("regex options given without 'regex'; they are ignored", at: s.location)
            }
            return url
        }
    }

    static let url = KeywordTable<URLDraft>("url", [
        Keyword("path", .atLeast(1), "path to fetch") { d, s, _ in
            d.url.path = s.arguments.joined(separator: " ")
        },
        Keyword("digest", .exactly(1), "MD5 of the body, 32 hex digits") { d, s, r in
            let text = s.arguments[0]
            guard d.url.digest == nil else {
                r.error("'digest' given twice; ignoring '\(text)'", at: s)
                return
            }
            guard text.utf8.count == 32 else {
                r.error("'digest' must be 32 hex digits; '\(text)' has \(text.utf8.count)", at: s)
                return
            }
            guard let p = CheckerHexPattern(words: [text], allowWildcards: false), p.bytes.count == 16 else {
                r.error("'digest' '\(text)' is not hexadecimal", at: s)
                return
            }
            d.url.digest = p.bytes
        },
        Keyword("status_code", .atLeast(1), "accepted codes or ranges, e.g. 200-299 302 (default 200-299)") { d, s, r in
            for word in s.arguments {
                if let range = parseStatusCodes(word) {
                    d.url.statusCodes.append(range)
                } else {
                    r.error("'status_code' '\(word)' is not a code or range within 100-599", at: s)
                }
            }
        },
        Keyword("virtualhost", .atLeast(1), "Host header for this url") { d, s, _ in
            d.url.virtualHost = s.arguments.joined(separator: " ")
        },
        Keyword("regex", .exactly(1), "regular expression the body must match") { d, s, _ in
            d.pattern = s.arguments[0]
        },
        Keyword("regex_no_match", .flag, "the body must not match") { d, _, _ in
            d.regex.noMatch = true
            d.regexSettingsGiven = true
        },
        Keyword("regex_options", .atLeast(1), "PCRE2 options, e.g. caseless multiline") { d, s, r in
            for option in s.arguments {
                if HTTPCheckRegex.knownOptions.contains(option) {
                    d.regex.options.append(option)
                } else {
                    r.diagnostics.note("'regex_options': unknown option '\(option)' is ignored", at: s.location)
                }
            }
            d.regexSettingsGiven = true
        },
        Keyword("regex_min_offset", .exactly(1), "offset in the body where matching starts") { d, s, r in
            if let n = r.integer(s, in: 0...Int(Int32.max)) { d.regex.minimumOffset = n; d.regexSettingsGiven = true }
        },
        Keyword("regex_max_offset", .exactly(1), "last offset where a match may start") { d, s, r in
            if let n = r.integer(s, in: 0...Int(Int32.max)) { d.regex.maximumOffset = n; d.regexSettingsGiven = true }
        },
        Keyword("regex_stack", .exactly(2), "JIT stack start and maximum sizes, bytes") { d, s, r in
            guard let start = r.integer(s, 0, in: 0...Int(Int32.max)), let max = r.integer(s, 1, in: 0...Int(Int32.max)) else { return }
            guard start <= max else {
                r.diagnostics.note("'regex_stack' start \(start) is more than its maximum \(max); ignored", at: s.location)
                return
            }
            d.regex.stackStartBytes = start
            d.regex.stackMaxBytes = max
            d.regexSettingsGiven = true
        },
    ])

    /// `200` or `200-299`, within 100...599.
    static func parseStatusCodes(_ word: String) -> StatusCodeRange? {
        let parts = word.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        let numbers = parts.map { p -> Int? in
            guard !p.isEmpty, p.utf8.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            return Int(p)
        }
        guard let low = numbers.first ?? nil, let high = numbers.last ?? nil,
              (100...599).contains(low), (100...599).contains(high), low <= high else { return nil }
        return StatusCodeRange(low...high)
    }
}
