//! The verdict at the top of the page: the worst severity, the counts, the first finding
//! in one sentence and a way to it, so the answer is on the first screen.

use khcidr_core::{FindingId, Report, Severity};
use yew::prelude::*;

use crate::hooks::Same;

use crate::components::findings::apply_fix;

/// What the verdict shows and emits. A view function, not a component: it has no state,
/// and a component's lifecycle costs the first load bytes.
pub struct Props {
    pub report: Same<Report>,
    /// The what-if node count in force, if any: the verdict is then about it.
    pub what_if: Option<u32>,
    /// Show a finding (highlight it and bring it into view).
    pub on_show: Callback<FindingId>,
    /// Apply the first finding's fix; `None` where the plan is fixed.
    pub on_apply: Option<Callback<Vec<khcidr_core::Change>>>,
}

/// The text with its first letter in capitals, unless it starts with a name
/// ("kube-hetzner", "cluster_dns_ipv4 = ...").
fn sentence(text: &str) -> String {
    let first_word = text.split(' ').next().unwrap_or_default();
    if !first_word.chars().all(|c| c.is_ascii_lowercase()) {
        return text.to_string();
    }
    // The first word is ASCII, so its first letter is one byte: no Unicode case tables.
    let mut sentence = text.to_string();
    if let Some(first) = sentence.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    sentence
}

/// The verdict: the worst severity, the counts, the first finding and a way to it.
pub fn verdict(props: &Props) -> Html {
    let report = &props.report;
    let what_if = props
        .what_if
        .map(|n| html! { <span class="what-if-note" data-verdict-what-if="">{ format!("what if: {n} nodes") }</span> });
    // What the plan leaves unknown: the verdict says it waits, and links to the fields.
    let waits = report.provisional.then(|| {
        let names = report.unknown_names().join(", ");
        html! {
            <p class="verdict-waits" data-verdict-waits="">
                { format!("Waits for {names}: what rests on them is checked with defaults until they have values. ") }
                <a href="#unknown-values" class="link">{"Give the values ↓"}</a>
            </p>
        }
    });
    let Some((id, first)) = report.identified().next() else {
        if report.provisional {
            return html! {
                <section id="verdict" tabindex="-1" class="verdict provisional" data-verdict="provisional" role="status" aria-live="polite">
                    <p class="verdict-title"><span class="badge">{ report.verdict() }</span>{ for what_if }</p>
                    { for waits }
                </section>
            };
        }
        return html! {
            <section id="verdict" tabindex="-1" class="verdict ok" data-verdict="ok" role="status" aria-live="polite">
                <p class="verdict-title"><span class="mark" aria-hidden="true">{"✓"}</span>{"Clean: nothing collides, now or as the cluster grows."}
                    { for what_if }
                </p>
            </section>
        };
    };
    let slug = if report.provisional && first.severity == Severity::Info {
        "provisional"
    } else {
        first.severity.as_str()
    };
    let title = report.verdict();
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .filter(|&&s| report.count(s) > 0)
        .map(|&s| s.counted(report.count(s)))
        .collect::<Vec<_>>()
        .join(" · ");
    let lead = match first.severity {
        Severity::Info => format!("Good to know: {}", first.headline()),
        _ => sentence(first.headline()),
    };
    let on_show = props.on_show.reform(move |_: MouseEvent| id);
    // Something to fix: an error or a warning with a concrete edit.
    let fixable = first.severity != Severity::Info && !first.apply.is_empty();
    let apply = props.on_apply.as_ref().filter(|_| fixable).map(|on_apply| {
        let (label, onclick) = apply_fix(&first.apply, on_apply);
        html! { <button type="button" class="apply" data-verdict-apply="" {onclick}>{ label }</button> }
    });
    let stop = if lead.ends_with('.') { " " } else { ". " };
    html! {
        <section id="verdict" tabindex="-1" class={classes!("verdict", slug)} data-verdict={slug} role="status" aria-live="polite">
            <p class="verdict-title">
                <span class="badge">{ title }</span>
                <span class="counts" data-verdict-counts="">{ counts }</span>
                { for what_if }
            </p>
            <p class="verdict-lead">
                { lead }{ stop }
                <button type="button" class="link" data-verdict-show="" onclick={on_show}>{"Cause and fix ↓"}</button>
            </p>
            { for apply }
            { for waits }
        </section>
    }
}
