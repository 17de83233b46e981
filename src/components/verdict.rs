//! The verdict at the top of the page: the worst severity, the counts, the first finding
//! in one sentence and a way to it, so the answer is on the first screen.

use khcidr_core::{t, FindingId, Report, Severity};
use yew::prelude::*;

use crate::i18n::{say, t};

use crate::hooks::Same;

use crate::components::findings::apply_fix;

/// What the verdict shows and emits. A view function, not a component: it has no state,
/// and a component's lifecycle costs the first load bytes.
pub struct Props {
    pub report: Same<Report>,
    /// The what-if node count in force, if any: the verdict is then about it.
    pub what_if: Option<u32>,
    /// Show a finding (highlight it and bring it into view); `None` where the findings'
    /// cards are not shown.
    pub on_show: Option<Callback<FindingId>>,
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
        .map(|n| html! { <span class="what-if-note" data-verdict-what-if="">{ say(t!("what if: {0} nodes", n)) }</span> });
    // What the plan leaves unknown: the verdict says it waits, and links to the fields.
    let waits = report.provisional.then(|| {
        let names = report.unknown_names().join(", ");
        html! {
            <p class="verdict-waits" data-verdict-waits="">
                { say(t!("Waits for {0}: what rests on them is checked with defaults until they have values. ", names)) }
                <a href="#unknown-values" class="link">{t("Give the values ↓")}</a>
            </p>
        }
    });
    // One section for every case (one view's code, not three): its kind, words and body.
    let first = report.findings.first();
    let slug = match first {
        Some(f) if !(report.provisional && f.severity == Severity::Info) => f.severity.as_str(),
        _ if report.provisional => "provisional",
        _ => "ok",
    };
    let title = match (first, breaks_at(report, props.what_if)) {
        (_, Some(node)) => say(t!("Breaks at node {0}", node)),
        (None, _) if slug == "ok" => {
            t("Clean: nothing collides, now or as the cluster grows.").to_string()
        }
        _ => say(report.verdict()),
    };
    let counts = [Severity::Error, Severity::Warning, Severity::Info]
        .iter()
        .filter(|&&s| report.count(s) > 0)
        .map(|&s| say(s.counted(report.count(s))))
        .collect::<Vec<_>>()
        .join(" · ");
    let body = match first {
        None => Html::default(),
        Some(f) if f.severity == Severity::Info => notes(report, props),
        Some(f) => diagnosis(report, f.severity, props),
    };
    html! {
        <section id="verdict" tabindex="-1" class={format!("verdict {slug}")} data-verdict={slug} role="status" aria-live="polite">
            <p class="verdict-title">
                if slug == "info" || slug == "ok" {
                    <span class="mark" aria-hidden="true">{"✓"}</span>
                }
                <span class="badge">{ title }</span>
                if !counts.is_empty() {
                    <span class="counts" data-verdict-counts="">{ counts }</span>
                }
                { for what_if }
            </p>
            { body }
            { for waits }
        </section>
    }
}

/// For a what-if count, the node where the plan first breaks, when every error starts
/// only as the cluster grows: the nodepools as planned do not break, a hypothetical does.
fn breaks_at(report: &Report, what_if: Option<u32>) -> Option<u64> {
    what_if?;
    let errors = || {
        report
            .findings
            .iter()
            .filter(|f| f.severity == Severity::Error)
    };
    let starts: Option<Vec<u64>> = errors()
        .map(|f| {
            f.starts_at
                .filter(|s| s.unit == khcidr_core::Unit::Node)
                .map(|s| s.count)
        })
        .collect();
    // Node 1 is the first node: an error from it breaks any cluster at all.
    starts?.into_iter().min().filter(|&n| n > 1)
}

/// How many findings the verdict spells out; the rest are a count and a link.
const SPELLED_OUT: usize = 3;

/// The worst findings, each as its cause in one line, what the user will see (the real
/// error text) and its fix: the diagnosis on the first screen.
fn diagnosis(report: &Report, worst: Severity, props: &Props) -> Html {
    let worst_ones: Vec<_> = report
        .identified()
        .filter(|(_, f)| f.severity == worst)
        .collect();
    let items = worst_ones.iter().take(SPELLED_OUT).map(|&(id, f)| {
        let show = props.on_show.as_ref().map(|on_show| {
            let onclick = on_show.reform(move |_: MouseEvent| id);
            html! { <button type="button" class="link" data-verdict-show="" {onclick}>{t("Cause and fix ↓")}</button> }
        });
        let apply = props
            .on_apply
            .as_ref()
            .filter(|_| !f.apply.is_empty())
            .map(|on_apply| {
                let (label, onclick) = apply_fix(&f.apply, on_apply);
                html! { <button type="button" class="apply" data-verdict-apply={f.code.as_str()} {onclick}>{ label }</button> }
            });
        let lead = sentence(f.headline());
        let stop = if lead.ends_with('.') || lead.ends_with('。') { " " } else { t(". ") };
        let see = &f.symptom;
        html! {
            <li data-diagnosis={f.code.as_str()}>
                <p class="verdict-lead">
                    { lead }{ stop }
                    { for show }
                </p>
                if !see.is_empty() {
                    <p class="verdict-see"><span class="see-label">{t("You will see: ")}</span><span class="quote">{ see.to_string() }</span></p>
                }
                { for apply }
                // The fix in words where no button applies it (and on paper).
                <p class={if props.on_apply.is_some() && !f.apply.is_empty() {"verdict-see print-only"} else {"verdict-see"}}><span class="see-label">{t("Fix: ")}</span>{ &f.fix }</p>
            </li>
        }
    });
    let more = worst_ones.len().saturating_sub(SPELLED_OUT);
    html! {
        <>
            <ol class="diagnosis" data-diagnosis-list="">{ for items }</ol>
            if more > 0 {
                <p class="verdict-more">{ say(t!("and {0} more below.", more)) }</p>
            }
        </>
    }
}

/// Nothing breaks: the notes in one quiet line (from where the first about growth
/// starts), and a way to them.
fn notes(report: &Report, props: &Props) -> Html {
    let n = report.count(Severity::Info);
    let earliest = report
        .findings
        .iter()
        .filter_map(|f| f.starts_at)
        .min_by_key(|s| (s.unit as u8, s.count))
        .map(|from| t!(", the nearest about growth at {0}", from.text()))
        .unwrap_or_default();
    let show = props.on_show.as_ref().zip(report.identified().next()).map(|(on_show, (id, _))| {
        let onclick = on_show.reform(move |_: MouseEvent| id);
        html! { <button type="button" class="link" data-verdict-show="" {onclick}>{t("Read them ↓")}</button> }
    });
    let words = if n == 1 {
        t!("Good to know: {0} note{1}. ", n, earliest)
    } else {
        t!("Good to know: {0} notes{1}. ", n, earliest)
    };
    html! {
        <p class="verdict-lead verdict-notes" data-verdict-notes="">
            { say(words) }
            { for show }
        </p>
    }
}
