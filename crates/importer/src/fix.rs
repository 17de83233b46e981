//! "Fix my plan" as the page's markup: the core's whole fixed plan as a before/after diff,
//! what is left after it, what each change means for a cluster that already runs, and the
//! buttons to apply or cancel (the page listens on the panel). Every text is escaped.

use std::fmt::Write;

use khcidr_core::repair::{repair, Repair};
use khcidr_core::svg::esc;
use khcidr_core::{share, t, tr, Catalog, Severity, Text};
use khcidr_messages::Answer;

/// The fix of the plan in `fragment`, in the page's language.
pub fn answer(fragment: &str) -> Answer {
    let decoded = share::decode_own(fragment);
    crate::with_catalog(|cat| {
        match repair(&decoded.plan) {
        None => Answer::Fix {
            markup: format!(
                "<p data-fix-none=\"\">{}</p>",
                esc(tr(cat, "Nothing to fix by an edit: no error or warning has a concrete fix. The findings say what is left to decide."))
            ),
            changes: Vec::new(),
        },
        Some(r) => Answer::Fix {
            markup: markup(&r, cat),
            changes: r
                .changes
                .iter()
                .flat_map(|c| [c.setting.as_str().to_string(), c.value.clone()])
                .collect(),
        },
    }
    })
}

fn or_module(value: &str, cat: Option<&Catalog>) -> String {
    if value.is_empty() {
        tr(cat, "(the module's own)").to_string()
    } else {
        value.to_string()
    }
}

fn markup(r: &Repair, cat: Option<&Catalog>) -> String {
    let left = match (r.errors, r.warnings) {
        (0, 0) => tr(cat, "After these changes: no errors, no warnings.").to_string(),
        (e, w) => {
            let left = Text::join(
                [(Severity::Error, e), (Severity::Warning, w)]
                    .into_iter()
                    .filter(|&(_, n)| n > 0)
                    .map(|(severity, n)| severity.counted(n))
                    .collect(),
                "{0} and {1}",
            );
            let words = if e + w == 1 {
                t!(
                    "After these changes {0} remains, with no concrete edit: see the findings.",
                    left
                )
            } else {
                t!(
                    "After these changes {0} remain, with no concrete edit: see the findings.",
                    left
                )
            };
            words.render(cat)
        }
    };
    let mut out = String::new();
    let _ = write!(
        out,
        "<p data-fix-summary=\"\">{}</p><p data-fix-holds=\"\">{}</p><div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table class=\"fix-diff\"><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(&left),
        esc(&r.holds().render(cat)),
        esc(tr(cat, "Changes")),
        esc(tr(cat, "Setting")),
        esc(tr(cat, "Now")),
        esc(tr(cat, "Fixed")),
        esc(tr(cat, "On a running cluster")),
    );
    for e in &r.edits {
        let _ = write!(
            out,
            "<tr data-fix-edit=\"{}\"><th scope=\"row\"><code>{}</code></th><td data-label=\"now\"><del>{}</del></td><td data-label=\"fixed\"><ins>{}</ins></td><td>{}</td></tr>",
            esc(e.setting.as_str()),
            esc(e.variable),
            esc(&or_module(&e.before, cat)),
            esc(&or_module(&e.after, cat)),
            esc(&e.running.render(cat)),
        );
    }
    out.push_str("</tbody></table></div>");
    if r.edits.iter().any(|e| e.rebuild) {
        let _ = write!(
            out,
            "<p class=\"warn-text\" data-fix-rebuild=\"\">{}</p>",
            esc(tr(cat, "A running cluster cannot move its network, pod or service range: its nodes, pods and Services keep the addresses they have. For a cluster that already runs, these changes mean building a new one and moving to it; for a new cluster, apply them before terraform apply."))
        );
    }
    let _ = write!(
        out,
        "<div class=\"fix-actions\"><button type=\"button\" class=\"primary\" data-fix-apply=\"\">{}</button><button type=\"button\" data-fix-cancel=\"\">{}</button></div>",
        esc(&t!("Apply these {0} changes", r.edits.len()).render(cat)),
        esc(tr(cat, "Cancel")),
    );
    out
}
