//! The live list of findings, grouped by severity; each says what breaks, what you will
//! see and the fix, and clicking it highlights its ranges in the bars.

use khcidr_core::{t, Finding, FindingId, Report, Severity, Unit};
use yew::prelude::*;

use crate::i18n::{say, t};

use crate::hooks::Same;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Same<Report>,
    pub highlight: Option<FindingId>,
    /// Show a finding in the bars, or none.
    pub on_select: Callback<Option<FindingId>>,
    /// Apply a finding's fix (its edits of the plan); `None` where the plan is fixed.
    pub on_apply: Option<Callback<Vec<khcidr_core::Change>>>,
}

fn starts_at(f: &Finding) -> Option<String> {
    let starts = f.starts_at?;
    // An error has started already.
    (!(starts.unit == Unit::Node && f.severity == Severity::Error))
        .then(|| say(t!("From {0}:", starts.text())))
}

/// The public report of the incident pod-subnet-overlap describes.
const BACKGROUND: &str =
    "https://github.com/kube-hetzner/terraform-hcloud-kube-hetzner/issues/1221";

/// Terms the findings use, each explained once where a finding uses it: the term's slug,
/// the word a finding uses in the language in force, and the explanation.
fn terms() -> [(&'static str, &'static str, &'static str); 3] {
    [
        ("pod block", t("pod block"), t("A pod block is the range of pod addresses one node gets from the pod range (a /24 by default: the node mask); the cloud controller routes it to that node's private IP.")),
        ("pin", t("pin"), t("A pinned IP is a node address the module fixes in Terraform, counted from a host number of the pool's subnet, instead of letting Hetzner choose.")),
        ("node mask", t("node mask"), t("The node mask is the prefix length of every pod block (kube-controller-manager's node-cidr-mask-size).")),
    ]
}

/// An Apply button's label and click for a fix's edits: "Apply: setting = "value", ...".
pub fn apply_fix(
    changes: &[khcidr_core::Change],
    on_apply: &Callback<Vec<khcidr_core::Change>>,
) -> (String, Callback<MouseEvent>) {
    let what = changes
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    let changes = changes.to_vec();
    (
        say(t!("Apply: {0}", what)),
        on_apply.reform(move |_| changes.clone()),
    )
}

fn finding(
    id: FindingId,
    f: &Finding,
    selected: bool,
    on_select: &Callback<Option<FindingId>>,
    on_apply: Option<&Callback<Vec<khcidr_core::Change>>>,
    release: &khcidr_core::Release,
) -> Html {
    let apply = on_apply.filter(|_| !f.apply.is_empty()).map(|on_apply| {
        let (label, onclick) = apply_fix(&f.apply, on_apply);
        html! { <button type="button" class="apply" data-apply-fix={f.code.as_str()} {onclick}>{ label }</button> }
    });
    let onclick = on_select.reform(move |_| if selected { None } else { Some(id) });
    html! {
        <li id={format!("finding-{id}")} tabindex="-1" class={classes!("finding", f.severity.as_str(), selected.then_some("selected"))} data-finding-code={f.code.as_str()} data-severity={f.severity.as_str()}>
            <button type="button" class="finding-head" aria-pressed={selected.to_string()} {onclick} title={t("Show in the bars")}>
                <span class="badge">{ say(f.severity.word()) }</span>
                // What only starts as the cluster grows says so before it says what.
                { for starts_at(f).map(|s| html! { <span class="starts">{ s }</span> }) }
                <span class="title" data-finding-title="">{ t(f.code.title()) }</span>
                <code class="code">{ f.code.as_str() }</code>
                <span class="show">{ if selected {t("shown in the bars")} else {t("show in the bars")} }</span>
            </button>
            <p class="message">{ &f.message }</p>
            <p class="symptom"><strong>{t("You will see: ")}</strong>{ &f.symptom }</p>
            if !f.waits_for.is_empty() {
                <p class="waits" data-waits-for="">{ say(t!("Provisional: waits for {0}.", f.waits_for.join(", "))) }</p>
            }
            <p class="fix"><strong>{t("Fix: ")}</strong>{ &f.fix }</p>
            if f.code == khcidr_core::Code::PodSubnetOverlap && f.severity == Severity::Error {
                <p class="background">
                    {t("Background: ")}
                    <a href={BACKGROUND} target="_blank" rel="noopener" data-background="">{t("kube-hetzner issue #1221")}</a>
                    {t(", where this broke a cluster in February 2024.")}
                </p>
            }
            { for docs(f, release) }
            { for apply }
        </li>
    }
}

/// The module's documentation of the variables a finding names, for the plan's release.
fn docs(f: &Finding, release: &khcidr_core::Release) -> Option<Html> {
    use khcidr_core::Field;
    let era = release.era();
    let variables = super::distinct(
        f.fields
            .iter()
            .filter(|field| !matches!(field, Field::ModuleVersion | Field::NodeMask))
            .map(|&field| match field {
                Field::AgentSubnetRange(_) => khcidr_core::settings::variable(Field::Agents, era),
                other => khcidr_core::settings::variable(other, era),
            }),
    );
    if variables.is_empty() {
        return None;
    }
    let href = format!(
        "https://registry.terraform.io/modules/kube-hetzner/kube-hetzner/hcloud/{release}?tab=inputs"
    );
    Some(html! {
        <p class="docs">
            {t("Module docs: ")}
            <a {href} target="_blank" rel="noopener" data-docs="">{ say(t!("kube-hetzner {0} inputs", release)) }</a>
            { format!(" ({})", variables.join(", ")) }
        </p>
    })
}

#[function_component(Findings)]
pub fn findings(props: &Props) -> Html {
    let report = &props.report;
    let release = &report.layout.module_release;
    let severities = [Severity::Error, Severity::Warning, Severity::Info];
    let summary = severities
        .map(|s| say(s.counted(report.count(s))))
        .join(" · ");
    let groups = severities.iter().filter(|&&s| report.count(s) > 0).map(|&severity| {
        let items = report
            .identified()
            .filter(|(_, f)| f.severity == severity)
            .map(|(id, f)| finding(id, f, props.highlight == Some(id), &props.on_select, props.on_apply.as_ref(), release));
        let title = say(severity.heading());
        html! {
            <section class={classes!("group", severity.as_str())} data-group={severity.as_str()}>
                <h3>{ title }</h3>
                <ul>{ for items }</ul>
            </section>
        }
    });
    html! {
        <section class="findings" id="findings" tabindex="-1" aria-label={t("Findings")}>
            <h2>{t("Findings")} <span class="summary" data-summary="">{ summary }</span></h2>
            { for terms().into_iter().filter(|(_, word, _)| report.findings.iter().any(|f| f.message.contains(word))).map(|(slug, _, text)| html! {
                <p class="term" data-term={slug}>{ text }</p>
            }) }
            if report.findings.is_empty() {
                <p class="clean" data-clean="">{t("No findings: this plan is clean.")}</p>
            } else {
                { for groups }
            }
        </section>
    }
}
