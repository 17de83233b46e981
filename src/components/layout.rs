//! The two layouts of the page: the full calculator, and the embed a documentation site
//! frames (the drawing and the findings first, the inputs only when asked for).
//!
//! They are view functions, not components: they hold no state of their own, and each
//! component costs the first load about 5 KB of wasm (1.2 KB gzip) for its lifecycle.

use khcidr_core::{FindingId, Report, Unit};
use yew::prelude::*;

use crate::i18n::t;

use crate::components::capacity::capacity_panel;
use crate::components::drawing::{self, drawing};
use crate::components::findings::Findings;
use crate::components::node_count::NodeCount;
use crate::components::notices::{self, notices};
use crate::components::plan_inputs::{self, plan_inputs};
use crate::components::toolbar::Toolbar;
use crate::components::verdict::{self, verdict};
use crate::hooks::{Checked, Intents};
use crate::services::browser;
use crate::state::State;

/// What a layout shows and emits.
pub struct Props<'a> {
    pub state: &'a State,
    pub checked: &'a Checked,
    pub intents: &'a Intents,
    /// Whether the first frame has been painted: what lies below the bars follows it.
    pub below: bool,
}

/// The node counts where a finding starts, and what starts there, for marks on the
/// what-if slider.
fn node_marks(report: &Report) -> Vec<(u64, String)> {
    report
        .findings
        .iter()
        .filter_map(|f| Some((f.starts_at?, f.code.title())))
        .filter(|(s, _)| s.unit == Unit::Node)
        .map(|(s, title)| (s.count, in_sentence(t(title))))
        .collect()
}

/// A title inside a sentence: its first letter in lower case (titles start with an ASCII
/// word, so no Unicode case tables).
fn in_sentence(title: &str) -> String {
    let mut text = title.to_string();
    if crate::i18n::LANG == khcidr_core::Lang::En {
        if let Some(first) = text.get_mut(..1) {
            first.make_ascii_lowercase();
        }
    }
    text
}

/// The parts both layouts show.
struct Parts {
    notices: Html,
    drawing: Html,
    findings: Html,
}

/// The plan's inputs: the page's, and an editable embed's where the link asks for them.
pub fn inputs(props: &Props) -> Html {
    plan_inputs(plan_inputs::Props {
        plan: &props.state.plan,
        report: &props.checked.report,
        intents: props.intents,
        after_first_paint: props.below,
    })
}

fn parts(props: &Props, table: bool) -> Parts {
    let (state, checked, intents) = (props.state, props.checked, props.intents);
    let highlight = state
        .highlight
        .and_then(|id| Some((id, checked.report.get(id)?.clone())));
    let readonly = state.view.readonly;
    Parts {
        notices: notices(notices::Props {
            notices: &state.notices,
            imported: state.imported.as_deref(),
            on_dismiss: &intents.dismiss,
        }),
        drawing: drawing(drawing::Props {
            drawing: checked.drawing.clone(),
            width: checked.width,
            highlight,
            on_zoom: intents.zoom.clone(),
            table,
            after_first_paint: props.below,
        }),
        findings: html! {
            <Findings report={checked.report.clone()} highlight={state.highlight} on_select={intents.select.clone()} on_apply={(!readonly).then(|| intents.apply.clone())} />
        },
    }
}

/// The full calculator.
pub fn page(props: &Props) -> Html {
    let (state, checked, intents) = (props.state, props.checked, props.intents);
    let report = &checked.report;
    let Parts {
        notices,
        drawing,
        findings,
    } = parts(props, true);
    let inputs = inputs(props);
    let codes = crate::components::distinct(report.findings.iter().map(|f| f.code));
    html! {
        <main class="page">
            // A button, not a link: the fragment holds the plan.
            <button type="button" class="skip" data-skip="" onclick={Callback::from(|_: MouseEvent| browser::show("findings"))}>{t("Skip to the findings")}</button>
            <header class="masthead">
                { language(&state.plan, state.view) }
                <h1>{"khcidr"}</h1>
                <p class="tagline">{t("Plan a kube-hetzner cluster's IPv4 ranges before terraform apply: see every subnet, pod block and service address, and what collides, now or as the cluster grows.")}</p>
            </header>
            { notices }
            { verdict(&verdict::Props { report: report.clone(), what_if: state.plan.nodes, on_apply: Some(intents.apply.clone()), on_show: Some(intents.show.clone()) }) }
            if !state.plan.unknown.is_empty() {
                { crate::components::unknown_values::unknown_values(&state.plan.unknown, state.plan.module_version.era(), &intents.reread) }
            }
            if let Some(to) = &state.plan.upgrade_to {
                <crate::components::upgrade::Upgrade fragment={khcidr_core::share::encode(&state.plan)} to={to.asked()} />
            }
            <Toolbar plan={state.plan.clone()} {codes} on_preset={intents.preset.clone()} on_reset={intents.reset.clone()}
                on_import={intents.import.clone()} on_dismiss={intents.dismiss.clone()} on_fix={intents.apply.clone()} />
            { inputs }
            <NodeCount plan={state.plan.clone()} marks={node_marks(report)} on_change={intents.what_if.clone()} />
            { drawing }
            if props.below {
                <div class="results">
                    { findings }
                    { capacity_panel(&report.capacity) }
                </div>
                <footer class="colophon">
                    <p>
                        {t("khcidr checks run in this browser; nothing is sent. The same checks in CI: ")}
                        <code>{ khcidr_core::export::INSTALL }</code>
                        {t(", then ")}<code>{"khcidr check kube.tf"}</code>{t(". Source and issues: ")}
                        <a href={khcidr_core::export::PROJECT} data-project="">{ khcidr_core::export::PROJECT }</a>{"."}
                    </p>
                </footer>
            }
        </main>
    }
}

/// The embed: the drawing and the findings, the inputs where the link asks for them, and
/// a way to the full calculator. `inputs` are shown below the findings where given.
pub fn embedded(props: &Props, inputs: Option<Html>) -> Html {
    let view = props.state.view;
    let Parts {
        notices,
        drawing,
        findings,
    } = parts(props, false);
    // The full page in the embed's language, where the link names one.
    let lang = view
        .lang
        .map(|l| format!("&{}={}", khcidr_core::share::LANG, l.tag()))
        .unwrap_or_default();
    let full = format!("./#{}{lang}", khcidr_core::share::encode(&props.state.plan));
    let (state, checked, intents) = (props.state, props.checked, props.intents);
    // The verdict first, with each error's cause, what readers will see and the fix; every
    // finding's card only where the link asks for them (`details=1`) or readers can edit.
    let cards = view.details || !view.readonly;
    let verdict = verdict(&verdict::Props {
        report: checked.report.clone(),
        what_if: state.plan.nodes,
        on_apply: (!view.readonly).then(|| intents.apply.clone()),
        on_show: cards.then(|| intents.show.clone()),
    });
    html! {
        <main class={classes!("page", "embed", (view.transparent && browser::framed()).then_some("transparent"))} data-embed="">
            <h1 class="visually-hidden">{t("khcidr: a kube-hetzner IPv4 plan")}</h1>
            { notices }
            { verdict }
            { drawing }
            if cards {
                { findings }
            }
            { for inputs }
            <p class="open-full">
                <a href={full} target="_blank" rel="noopener" data-open-full="">{t("Open in khcidr ↗")}</a>
            </p>
        </main>
    }
}

/// The language switch: a button naming the other language in its own words, which opens
/// the same link in it.
fn language(plan: &khcidr_core::Plan, view: khcidr_core::share::View) -> Html {
    let other = match crate::i18n::LANG {
        khcidr_core::Lang::En => khcidr_core::Lang::ZhCn,
        khcidr_core::Lang::ZhCn => khcidr_core::Lang::En,
    };
    html! {
        <button type="button" class="lang link" lang={other.tag()} data-lang-switch={other.tag()} onclick={let plan = plan.clone(); Callback::from(move |_: MouseEvent| browser::open_in(&plan, view, other))}>{ other.name() }</button>
    }
}

/// The identity of the first finding with `code`, if the report has one.
pub fn first_of(report: &Report, code: khcidr_core::Code) -> Option<FindingId> {
    let id = FindingId { code, nth: 0 };
    report.get(id).map(|_| id)
}
