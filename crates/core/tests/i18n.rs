//! The words in other languages: every English template in the code has its words in each
//! catalog, with every parameter in place; what stays verbatim stays; no translation is
//! left over from a sentence the code no longer says.
//!
//! The templates are read from the code itself: every `t!("…")` sentence, every `t("…")`,
//! `w("…")` and `tr(…, "…")` fixed text of the page and the command line, every
//! `Text::plain("…")` and `Text::join(…, "…")`, and every finding's title.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use khcidr_core::text::{has_words, placeholders, ZH_CN};
use khcidr_core::{check, Catalog, Code, Era, Lang, Plan, Severity};

/// The code that speaks to people: the core, the command line, the worker and the page.
const SOURCES: &[&str] = &[
    "crates/core/src",
    "crates/cli/src",
    "crates/importer/src",
    "crates/kubetf/src",
    "src",
];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// A Rust string literal starting at `s` (after its opening quote): its value and the
/// rest after the closing quote.
fn literal(s: &str) -> Option<(String, &str)> {
    let mut out = String::new();
    let mut chars = s.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &s[i + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => out.push('\n'),
                't' => out.push('\t'),
                '\n' => {
                    // A line continuation: the next line's leading blanks are skipped.
                    while let Some((_, c)) = chars.clone().next() {
                        if !c.is_whitespace() {
                            break;
                        }
                        chars.next();
                    }
                }
                other => out.push(other),
            },
            c => out.push(c),
        }
    }
    None
}

/// The last argument of a call whose arguments start `after`, where it is a literal.
fn last_literal(after: &str) -> Option<String> {
    let mut depth = 0;
    let mut rest = after;
    let mut last: Option<(String, usize)> = None;
    let mut consumed = 0;
    while let Some(c) = rest.chars().next() {
        match c {
            '"' => {
                let (value, tail) = literal(&rest[1..])?;
                consumed += rest.len() - tail.len();
                rest = tail;
                last = Some((value, consumed));
                continue;
            }
            '(' | '[' | '{' => depth += 1,
            ')' | ']' | '}' if depth == 0 => {
                let (value, end) = last?;
                let between = after[end..consumed].trim().trim_end_matches(',').trim();
                return between.is_empty().then_some(value);
            }
            ')' | ']' | '}' => depth -= 1,
            _ => {}
        }
        consumed += c.len_utf8();
        rest = &rest[c.len_utf8()..];
    }
    None
}

/// The templates a file's code says (its comments and its test module left out).
fn templates_in(code: &str) -> Vec<String> {
    let code = code
        .split("\n#[cfg(test)]\nmod tests")
        .next()
        .unwrap_or(code);
    let code: String = code
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = Vec::new();
    // The call, and whether the template is its first argument (else its last).
    let calls: &[(&str, bool)] = &[
        ("t!(", true),
        ("t(", true),
        ("w(", true),
        ("Text::plain(", true),
        ("tr(", false),
        ("Text::join(", false),
    ];
    for &(call, first) in calls {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(call) {
            let before = rest[..at].chars().next_back();
            let after = &rest[at + call.len()..];
            rest = after;
            // A path may lead to the macro (`khcidr_core::t!`), never to a name that ends
            // in its letters (`format!`, `set_text`).
            let path_ok = call == "t!(" && before == Some(':');
            if !call.contains("::")
                && !path_ok
                && before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == ':')
            {
                continue;
            }
            let text = if first {
                after
                    .trim_start()
                    .strip_prefix('"')
                    .and_then(literal)
                    .map(|(t, _)| t)
            } else {
                last_literal(after)
            };
            out.extend(text);
        }
    }
    out
}

/// Every template the code says, each once, the findings' titles first.
fn code_templates() -> Vec<String> {
    let mut files = Vec::new();
    for dir in SOURCES {
        rust_files(&root().join(dir), &mut files);
    }
    let mut seen = BTreeSet::new();
    Code::ALL
        .iter()
        .map(|c| c.title().to_string())
        .chain(Era::ALL.iter().map(|e| e.changes().to_string()))
        .chain(
            files
                .iter()
                .flat_map(|f| templates_in(&fs::read_to_string(f).unwrap())),
        )
        .filter(|t| has_words(t) && seen.insert(t.clone()))
        .collect()
}

fn zh() -> Catalog {
    Catalog::builtin(Lang::ZhCn).unwrap()
}

#[test]
fn the_scanner_finds_every_kind_of_template() {
    let code = r#"
        let a = t!("pod range {0} overlaps {1}", x, y);
        html! { <p>{t("Fix my plan")}</p> }
        const L: &str = w("collides now");
        let b = tr(cat, "You will see:");
        let c = Text::join(items.iter().map(|l| l.text()), "{0} and {1}");
        let d = Text::plain(name);
        let e = format!("not {0}", x);
        // t!("a comment")
        let g = khcidr_core::t!("Preview: {0}", x);
        let f = set_text("not a template");
    "#;
    assert_eq!(
        templates_in(code),
        [
            "pod range {0} overlaps {1}",
            "Preview: {0}",
            "Fix my plan",
            "collides now",
            "You will see:",
            "{0} and {1}",
        ]
    );
}

#[test]
fn every_template_in_the_code_has_chinese_words() {
    let zh = zh();
    let templates = code_templates();
    assert!(templates.len() > 600, "the scan found {}", templates.len());
    let missing: Vec<&String> = templates.iter().filter(|t| zh.get(t).is_none()).collect();
    assert!(missing.is_empty(), "no Chinese words for: {missing:#?}");
}

#[test]
fn every_translation_keeps_its_parameters_and_its_indent() {
    let zh = zh();
    let mut wrong = Vec::new();
    for (en, words) in zh.pairs() {
        // The command line's lines are indented by two or six blanks; a fragment's one
        // leading blank is the English sentence's, not the Chinese one's.
        let indent = |s: &str| match s.len() - s.trim_start_matches(' ').len() {
            1 => 0,
            n => n,
        };
        let indent_en = indent(en);
        if placeholders(en) != placeholders(words) || (indent_en > 0 && indent_en != indent(words))
        {
            wrong.push((en.to_string(), words.to_string()));
        }
        assert!(!words.trim().is_empty(), "an empty translation of {en:?}");
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn no_translation_is_left_over() {
    let said: BTreeSet<String> = code_templates().into_iter().collect();
    let zh = zh();
    let stale: Vec<&str> = zh
        .pairs()
        .map(|(en, _)| en)
        .filter(|en| has_words(en) && !said.contains(*en))
        .collect();
    assert!(
        stale.is_empty(),
        "translations of sentences the code no longer says: {stale:#?}"
    );
}

#[test]
fn the_catalog_file_is_pairs_and_comments_only() {
    let mut expect_zh = false;
    for (n, line) in ZH_CN.lines().enumerate() {
        let n = n + 1;
        if expect_zh {
            assert!(line.starts_with("zh: "), "line {n}: a zh: line after en:");
            expect_zh = false;
        } else if line.starts_with("en: ") {
            expect_zh = true;
        } else {
            assert!(
                line.is_empty() || line.starts_with('#'),
                "line {n}: {line:?}"
            );
        }
    }
}

/// The incident of kube-hetzner #1221 (2.12.0), in Chinese: every sentence translated, every
/// address and the errors Hetzner and Kubernetes print kept as they are.
#[test]
fn the_incident_reads_in_chinese_with_the_real_errors_verbatim() {
    let zh = zh();
    let plan = Plan {
        network_ipv4_cidr: "10.20.128.0/17".into(),
        cluster_ipv4_cidr: "10.20.128.0/20".into(),
        service_ipv4_cidr: "10.20.144.0/20".into(),
        module_version: "2.12.0".parse().unwrap(),
        agents: vec![khcidr_core::AgentPool::new(2)],
        ..Plan::default()
    };
    let english = check(&plan);
    let mut report = english.clone();
    report.localize(Some(&zh));
    assert_eq!(report.verdict().render(Some(&zh)), "现在就会出错");
    let pods = &report.findings[0];
    assert_eq!(pods.code, Code::PodSubnetOverlap);
    for kept in ["10.20.128.0/24", "10.20.128.0/25", "10.20.128.101"] {
        assert!(pods.message.contains(kept), "{}", pods.message);
    }
    assert!(pods.message.contains("Pod 地址块"), "{}", pods.message);
    assert!(
        pods.symptom
            .contains("hcloud/CreateRoute: invalid gateway (invalid_input)"),
        "{}",
        pods.symptom
    );
    let dns = report
        .findings
        .iter()
        .find(|f| f.code == Code::DnsOutsideService)
        .unwrap();
    assert!(
        dns.symptom.contains(
            "spec.clusterIPs: Invalid value: \"10.43.0.10\": provided IP is not in the valid range"
        ),
        "{}",
        dns.symptom
    );
    // Codes, severities, fields, ranges and the edits a fix makes do not change.
    for (en, zh) in english.findings.iter().zip(&report.findings) {
        assert_eq!(
            (en.code, en.severity, &en.fields, &en.ranges, &en.apply),
            (zh.code, zh.severity, &zh.fields, &zh.ranges, &zh.apply)
        );
        assert_ne!(en.message, zh.message);
    }
    // English again is the English it was.
    report.localize(None);
    assert_eq!(report, english);
}

/// Every parameter of a sentence shows in its words in every language: nothing the
/// English names (an address, a count, a release) is lost in translation.
#[test]
fn chinese_findings_keep_every_address_and_count_the_english_names() {
    let zh = zh();
    let plans = [
        Plan::default(),
        Plan {
            cluster_ipv4_cidr: "10.0.0.0/16".into(),
            service_ipv4_cidr: "10.0.0.0/16".into(),
            cluster_dns_ipv4: "10.0.0.0".into(),
            ..Plan::default()
        },
        Plan {
            network_ipv4_cidr: "100.64.0.0/24".into(),
            cluster_ipv4_cidr: "172.31.0.0/16".into(),
            tailscale: true,
            ..Plan::default()
        },
    ];
    for plan in plans {
        for f in check(&plan).findings {
            for (words, shown) in [
                (&f.words.message, f.words.message.render(Some(&zh))),
                (&f.words.symptom, f.words.symptom.render(Some(&zh))),
                (&f.words.fix, f.words.fix.render(Some(&zh))),
            ] {
                for arg in raw_args(words) {
                    assert!(shown.contains(&arg), "{arg:?} missing from {shown:?}");
                }
            }
        }
    }
}

/// The verbatim parameters of a sentence and of the sentences in it.
fn raw_args(text: &khcidr_core::Text) -> Vec<String> {
    text.args
        .iter()
        .flat_map(|a| match a {
            khcidr_core::text::Arg::Raw(s) => vec![s.clone()],
            khcidr_core::text::Arg::Text(t) => raw_args(t),
        })
        .collect()
}

#[test]
fn every_severity_and_verdict_has_chinese_words() {
    let zh = zh();
    for s in [Severity::Error, Severity::Warning, Severity::Info] {
        for text in [s.word(), s.heading(), s.counted(1), s.counted(2)] {
            assert!(text.missing(&zh).is_empty(), "{:?}", text.en);
        }
    }
}

/// The page says no sentence through `format!`, which no catalog reaches: two English
/// words in a row in a `format!` of the page's code (markup aside) are a sentence that
/// should be a template.
#[test]
fn the_page_formats_no_sentence_of_its_own() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let mut found = Vec::new();
    for file in &files {
        let code = fs::read_to_string(file).unwrap();
        let code = code
            .split("\n#[cfg(test)]\nmod tests")
            .next()
            .unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("format!(\"") {
            rest = &rest[at + "format!(\"".len()..];
            let Some((text, _)) = literal(rest) else {
                continue;
            };
            // Placeholders set aside, then two words of letters in a row.
            let mut plain = String::new();
            let mut depth = 0;
            for c in text.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ if depth == 0 => plain.push(c),
                    _ => {}
                }
            }
            let words: Vec<&str> = plain.split(' ').collect();
            let sentence = words.windows(2).any(|w| {
                w.iter()
                    .all(|word| word.len() >= 2 && word.chars().all(|c| c.is_ascii_alphabetic()))
            });
            if sentence && !text.starts_with('<') {
                found.push(format!("{}: {text:?}", file.display()));
            }
        }
    }
    assert!(found.is_empty(), "sentences made with format!: {found:#?}");
}
