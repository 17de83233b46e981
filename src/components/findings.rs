//! The live list of findings, worst first, each with what breaks, what you will see, and the fix.

use khcidr_core::{Finding, Report, Severity, Unit};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub report: Report,
}

fn starts_at(f: &Finding) -> Option<String> {
    let n = f.starts_at?;
    Some(match f.starts_at_unit? {
        Unit::Node if f.severity == Severity::Error => return None,
        Unit::Node => format!("starts at node {n}"),
        Unit::AgentPool => format!("starts at agent nodepool {n}"),
        Unit::ControlPlanePool => format!("starts at control-plane nodepool {n}"),
    })
}

fn finding(f: &Finding) -> Html {
    html! {
        <li class={classes!("finding", f.severity.as_str())} data-finding-code={f.code.as_str()} data-severity={f.severity.as_str()}>
            <div class="finding-head">
                <span class="badge">{ f.severity.as_str() }</span>
                <code class="code">{ f.code.as_str() }</code>
                { for starts_at(f).map(|s| html! { <span class="starts">{ s }</span> }) }
            </div>
            <p class="message">{ &f.message }</p>
            <p class="symptom"><strong>{"You will see: "}</strong>{ &f.symptom }</p>
            <p class="fix"><strong>{"Fix: "}</strong>{ &f.fix }</p>
        </li>
    }
}

/// "1 error", "2 warnings".
fn plural(n: usize, word: &str) -> String {
    format!("{n} {word}{}", if n == 1 { "" } else { "s" })
}

#[function_component(Findings)]
pub fn findings(props: &Props) -> Html {
    let report = &props.report;
    let summary = [Severity::Error, Severity::Warning, Severity::Info]
        .map(|s| plural(report.count(s), s.as_str()))
        .join(" · ");
    html! {
        <section class="findings" aria-label="Findings">
            <h2>{"Findings"} <span class="summary" data-summary="">{ summary }</span></h2>
            if report.findings.is_empty() {
                <p class="clean" data-clean="">{"No findings: this plan is clean."}</p>
            } else {
                <ul>{ for report.findings.iter().map(finding) }</ul>
            }
        </section>
    }
}
