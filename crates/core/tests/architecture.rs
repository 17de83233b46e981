//! The core's layers: every file imports only files of layers below its own, or files
//! before it in its own layer's order, so no import circle can form. A new file must be
//! placed in [`LAYERS`] before it compiles into a passing test.
//!
//! An import is every `crate::…` and `super::…` path in the library's code (comments and the
//! `#[cfg(test)]` module at a file's end are not the library's code), resolved to the file
//! that defines its longest prefix.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers, lowest first; within a layer, a file may import only the files listed
/// before it. Paths are relative to `src/`.
const LAYERS: &[(&str, &[&str])] = &[
    (
        "L0 helpers and fixed numbers",
        &["util.rs", "text.rs", "net.rs", "platform.rs", "look.rs"],
    ),
    (
        "L1 model: data only",
        &[
            "model/release.rs",
            "model/key.rs",
            "model/plan.rs",
            "model/finding.rs",
            "model/layout.rs",
            "model/profile.rs",
            "model/remedy.rs",
            "model/report.rs",
            "model/mod.rs",
        ],
    ),
    ("L2 the settings table", &["settings.rs"]),
    (
        "L3 the check",
        &[
            "parse.rs",
            "module/terraform.rs",
            "module/eager.rs",
            "module/sources.rs",
            "module/allocation.rs",
            "module/indexes.rs",
            "module/v2_0.rs",
            "module/v2_18.rs",
            "module/v2_19.rs",
            "module/v3.rs",
            "module/mod.rs",
            "capacity.rs",
            "rules/ctx.rs",
            "rules/suggest.rs",
            "rules/remedies.rs",
            "rules/parsed.rs",
            "rules/inputs.rs",
            "rules/subnets.rs",
            "rules/overlap.rs",
            "rules/limits.rs",
            "rules/module.rs",
            "rules/provisional.rs",
            "rules/mod.rs",
            "check.rs",
            "upgrade.rs",
        ],
    ),
    (
        "L4 what front ends make of a report",
        &[
            "bars/model.rs",
            "bars/axis.rs",
            "bars/labels.rs",
            "bars/lanes.rs",
            "bars/mod.rs",
            "svg.rs",
            "share.rs",
            "export.rs",
            "repair.rs",
            "lib.rs",
        ],
    ),
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, relative to `src/`, with `/` separators.
fn files(dir: &Path, out: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let rel = path.strip_prefix(src()).unwrap();
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

/// The module path a file defines: `module/v3.rs` -> `["module", "v3"]`, `rules/mod.rs` ->
/// `["rules"]`, `lib.rs` -> `[]`.
fn module_of(file: &str) -> Vec<String> {
    let stem = file.trim_end_matches(".rs");
    let mut parts: Vec<String> = stem.split('/').map(str::to_string).collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

/// The library's code of a file: without comments and without the trailing test module;
/// inside an inline module (`mod name { ... }`), `super::` is the file's own module.
fn code(file: &str, text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let tests = (0..lines.len()).find(|&i| {
        lines[i] == "#[cfg(test)]"
            && lines[i + 1..]
                .iter()
                .take(3)
                .any(|l| l.starts_with("mod tests"))
    });
    let own = match module_of(file).join("::") {
        path if path.is_empty() => "crate::".to_string(),
        path => format!("crate::{path}::"),
    };
    let mut inline = false;
    let mut out = Vec::new();
    for line in &lines[..tests.unwrap_or(lines.len())] {
        let line = match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        };
        let opens = line.ends_with('{')
            && ["mod ", "pub mod ", "pub(crate) mod "]
                .iter()
                .any(|p| line.starts_with(p));
        inline = (inline || opens) && line != "}";
        out.push(if inline {
            line.replace("super::", &own)
        } else {
            line.to_string()
        });
    }
    out.join("\n")
}

/// Every path a file names through `crate::` or `super::`, brace groups expanded:
/// `use crate::{a::{B, C}, d}` gives `crate::a::B`, `crate::a::C`, `crate::d`.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    let mut at = 0;
    while at < code.len() {
        let rest = &code[at..];
        let starts = ["crate::", "super::"]
            .iter()
            .filter(|p| rest.starts_with(**p))
            .count()
            > 0;
        let boundary = at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric()
                || bytes[at - 1] == b'_'
                || bytes[at - 1] == b':');
        if starts && boundary {
            let (found, len) = expand(rest);
            out.extend(found);
            at += len.max(1);
        } else {
            at += rest.chars().next().map_or(1, char::len_utf8);
        }
    }
    out
}

/// Expands one path starting at `text`: its full forms and how many bytes it spans.
fn expand(text: &str) -> (Vec<String>, usize) {
    let mut prefix = String::new();
    let mut i = 0;
    let bytes = text.as_bytes();
    loop {
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
            i += 1;
        }
        prefix.push_str(&text[start..i]);
        if text[i..].starts_with("::{") {
            prefix.push_str("::");
            i += 3;
            let mut out = Vec::new();
            loop {
                while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b',') {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'}' {
                    return (out, i + 1);
                }
                let (inner, len) = expand(&text[i..]);
                out.extend(inner.into_iter().map(|p| format!("{prefix}{p}")));
                i += len;
            }
        } else if text[i..].starts_with("::") {
            prefix.push_str("::");
            i += 2;
        } else {
            return (vec![prefix], i);
        }
    }
}

/// The file a path from `file` lands in: the longest module prefix that is a file.
fn resolve(file: &str, path: &str, modules: &BTreeMap<Vec<String>, String>) -> Option<String> {
    let mut segments: Vec<String> = Vec::new();
    let mut parts = path.split("::").filter(|s| !s.is_empty()).peekable();
    match parts.peek().copied() {
        Some("crate") => {
            parts.next();
        }
        Some("super") => {
            segments = module_of(file);
            while parts.peek() == Some(&"super") {
                parts.next();
                segments.pop();
            }
        }
        _ => return None,
    }
    segments.extend(parts.map(str::to_string));
    (0..=segments.len())
        .rev()
        .find_map(|n| modules.get(&segments[..n].to_vec()).cloned())
}

/// (layer, position in the whole order) of each placed file.
fn placement() -> BTreeMap<&'static str, (usize, usize)> {
    let mut placed = BTreeMap::new();
    let mut position = 0;
    for (layer, (_, layer_files)) in LAYERS.iter().enumerate() {
        for file in *layer_files {
            placed.insert(*file, (layer, position));
            position += 1;
        }
    }
    placed
}

/// Every import that points up a layer or forward within one, as
/// `from -> to (path)`; and every file no layer places.
fn violations(sources: &BTreeMap<String, String>) -> (Vec<String>, Vec<String>) {
    let placed = placement();
    let modules: BTreeMap<Vec<String>, String> =
        sources.keys().map(|f| (module_of(f), f.clone())).collect();
    let unplaced = sources
        .keys()
        .filter(|f| !placed.contains_key(f.as_str()))
        .cloned()
        .collect();
    let mut wrong = Vec::new();
    for (file, text) in sources {
        let Some(&(_, from)) = placed.get(file.as_str()) else {
            continue;
        };
        for path in paths(&code(file, text)) {
            let Some(target) = resolve(file, &path, &modules) else {
                continue;
            };
            if &target == file || file == "lib.rs" {
                continue;
            }
            let to = placed.get(target.as_str()).map_or(usize::MAX, |p| p.1);
            if to >= from {
                wrong.push(format!("{file} -> {target} ({path})"));
            }
        }
    }
    wrong.sort();
    wrong.dedup();
    (wrong, unplaced)
}

fn read_sources() -> BTreeMap<String, String> {
    let mut list = Vec::new();
    files(&src(), &mut list);
    list.into_iter()
        .map(|f| {
            let text = fs::read_to_string(src().join(&f)).unwrap();
            (f, text)
        })
        .collect()
}

#[test]
fn every_import_points_down() {
    let (wrong, unplaced) = violations(&read_sources());
    assert!(
        unplaced.is_empty(),
        "files no layer places (add each to LAYERS in tests/architecture.rs): {unplaced:#?}"
    );
    assert!(
        wrong.is_empty(),
        "imports that point up a layer, or forward within one ({} of them):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

#[test]
fn an_upward_import_is_found() {
    // The rule itself: a model file that reaches into the check, through a `use` group, a
    // `super::` path and a path inside code, each counts.
    let mut sources = read_sources();
    let plan = sources.get_mut("model/plan.rs").unwrap();
    plan.push_str("\nuse crate::{model::Era, module::{Grid, Input}};\nfn f() { let _ = super::super::check::check; }\n");
    let (wrong, _) = violations(&sources);
    assert!(
        wrong.contains(&"model/plan.rs -> module/mod.rs (crate::module::Grid)".to_string()),
        "{wrong:#?}"
    );
    assert!(
        wrong.contains(&"model/plan.rs -> check.rs (super::super::check::check)".to_string()),
        "{wrong:#?}"
    );
    let placed: Vec<&str> = LAYERS.iter().flat_map(|(_, f)| f.iter().copied()).collect();
    assert!(placed.contains(&"model/plan.rs"));
}

#[test]
fn brace_groups_and_super_paths_resolve() {
    let found = paths("use crate::{a::{B, c::D}, e};\nlet x = super::f::G;");
    assert_eq!(
        found,
        ["crate::a::B", "crate::a::c::D", "crate::e", "super::f::G"]
    );
    let modules: BTreeMap<Vec<String>, String> =
        ["module/mod.rs", "module/v3.rs", "model/mod.rs", "lib.rs"]
            .iter()
            .map(|f| (module_of(f), f.to_string()))
            .collect();
    assert_eq!(
        resolve("module/v3.rs", "super::Grid", &modules).as_deref(),
        Some("module/mod.rs")
    );
    assert_eq!(
        resolve("module/mod.rs", "crate::model::Era", &modules).as_deref(),
        Some("model/mod.rs")
    );
    assert_eq!(
        resolve("module/mod.rs", "super::x", &modules).as_deref(),
        Some("lib.rs")
    );
}
