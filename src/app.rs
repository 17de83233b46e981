//! The root component: holds the state, runs the core on every edit, keeps the plan in
//! the link and in storage, and lays out the page.

use khcidr_core::{bars_at, check, Code, Report};
use web_sys::Element;
use yew::prelude::*;

use crate::components::advanced::Advanced;
use crate::components::bars::AddressBars;
use crate::components::capacity::CapacityPanel;
use crate::components::field::TextInput;
use crate::components::findings::Findings;
use crate::components::node_count::NodeCount;
use crate::components::nodepools::Nodepools;
use crate::components::range_table::RangeTable;
use crate::components::release::ReleasePicker;
use crate::components::toolbar::Toolbar;
use crate::components::verdict::Verdict;
use crate::hooks::{
    use_drawing_width, use_embed_height, use_first_paint_done, use_popstate, use_replaces_frame,
    use_saved_plan, use_theme,
};
use crate::services::browser;
use crate::state::{Action, State, TextField};

/// The parse error of one field, if the report has one.
fn field_error(report: &Report, field: TextField) -> Option<String> {
    report
        .findings
        .iter()
        .find(|f| {
            matches!(f.code, Code::InvalidCidr | Code::InvalidIp)
                && f.fields.first() == Some(&field.core_field())
        })
        .map(|f| f.message.clone())
}

/// The worst severity among the errors and warnings naming a field, for its outline.
fn flagged(report: &Report, field: TextField) -> Option<khcidr_core::Severity> {
    report
        .findings
        .iter()
        .filter(|f| f.severity != khcidr_core::Severity::Info)
        .filter(|f| f.fields.contains(&field.core_field()))
        .map(|f| f.severity)
        .min()
}

/// Notices once each, in first-seen order, with how often they came.
fn grouped(notices: &[String]) -> Vec<(&str, usize)> {
    let mut out: Vec<(&str, usize)> = Vec::new();
    for notice in notices {
        match out.iter_mut().find(|(n, _)| *n == notice.as_str()) {
            Some((_, times)) => *times += 1,
            None => out.push((notice, 1)),
        }
    }
    out
}

/// The node counts where a finding starts, for ticks on the what-if slider.
fn node_marks(report: &Report) -> Vec<u64> {
    report
        .findings
        .iter()
        .filter_map(|f| f.starts_at)
        .filter(|s| s.unit == khcidr_core::Unit::Node)
        .map(|s| s.count)
        .collect()
}

fn initial_state() -> State {
    let start = browser::initial_plan();
    // `focus=<code>`: open on that finding, zoomed to what it names and highlighted.
    let focused = start.view.focus.and_then(|code| {
        let report = check(&start.plan);
        let index = report.findings.iter().position(|f| f.code == code)?;
        let zoom = report.findings.get(index).and_then(|f| f.extent());
        Some((index, zoom))
    });
    State {
        plan: start.plan,
        view: start.view,
        notices: start.ignored.iter().map(|i| i.to_string()).collect(),
        highlight: focused.map(|(i, _)| i),
        zoom: focused.and_then(|(_, zoom)| zoom),
        ..State::default()
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(initial_state);
    let report = use_memo(state.plan.clone(), check);
    let bars_ref = use_node_ref();
    // Everything allocated is drawn at least 24 px wide.
    let drawing_width = use_drawing_width();
    let drawing = use_memo(
        (report.clone(), state.zoom, drawing_width),
        |(report, zoom, width)| {
            bars_at(
                report,
                *zoom,
                (24.0 / f64::from((*width).max(1))).clamp(0.02, 0.1),
            )
        },
    );
    use_saved_plan(&state.plan, state.view, state.burst);
    use_replaces_frame();
    use_embed_height(state.view.embed);
    use_theme(state.view.theme);
    use_popstate(state.clone());
    let below = use_first_paint_done(state.view.embed);

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let on_select = {
        let embed = state.view.embed;
        let dispatch = dispatch.clone();
        let bars_ref = bars_ref.clone();
        let report = report.clone();
        Callback::from(move |index: Option<usize>| {
            // Showing a finding zooms to what it names, so a sliver becomes visible.
            if let Some(extent) = index
                .and_then(|i| report.findings.get(i))
                .and_then(|f| f.extent())
            {
                dispatch.emit(Action::Zoom(Some(extent)));
            }
            dispatch.emit(Action::Highlight(index));
            // An embed is as tall as its content: scrolling would move the host page.
            if let (Some(_), Some(el), false) = (index, bars_ref.cast::<Element>(), embed) {
                browser::scroll_to(&el);
            }
        })
    };
    let on_reset = {
        let dispatch = dispatch.clone();
        Callback::from(move |_| {
            browser::forget();
            dispatch.emit(Action::Reset);
        })
    };
    let inputs = TextField::ALL.iter().map(|&field| {
        let dispatch = dispatch.clone();
        html! {
            <TextInput
                key={field.name()}
                flagged={flagged(&report, field)}
                {field}
                value={field.text(&state.plan).to_string()}
                error={field_error(&report, field)}
                on_input={Callback::from(move |text| dispatch.emit(Action::SetText(field, text)))}
            />
        }
    });
    let highlight = state
        .highlight
        .and_then(|i| report.findings.get(i).map(|f| (i, f.clone())));
    let view = state.view;
    let notices = (!state.notices.is_empty() || state.imported.is_some()).then(|| {
        let title = match (&state.imported, state.notices.is_empty()) {
            (Some(module), true) => format!(
                "Read {module}. Every value it sets was read as written; what it does not set is the module's default."
            ),
            (Some(module), false) => format!(
                "Read {module}. What it does not set is the module's default. Notes:"
            ),
            (None, _) => "Parts of the link were ignored; defaults kept for them:".to_string(),
        };
        html! {
            <div class={classes!("notice", (state.imported.is_some() && state.notices.is_empty()).then_some("read"))} role="status" data-notice="" data-imported={state.imported.is_some().then_some("")}>
                <p><strong>{ title }</strong></p>
                <ul>{ for grouped(&state.notices).into_iter().map(|(n, times)| html! {
                    <li>{ n }{ if times > 1 { format!(" (×{times})") } else { String::new() } }</li>
                }) }</ul>
                <button type="button" onclick={dispatch.reform(|_| Action::DismissNotices)}>{"Dismiss"}</button>
            </div>
        }
    });
    let plan_inputs = html! {
        <section class="inputs panel" aria-label="Plan">
            <div class="fields">
                { for inputs }
                <ReleasePicker release={state.plan.module_version.clone()} on_change={dispatch.reform(Action::SetRelease)} />
            </div>
            <Nodepools plan={state.plan.clone()} on_action={dispatch.clone()} />
            <Advanced plan={state.plan.clone()} on_change={dispatch.clone()} after_first_paint={below} />
        </section>
    };
    let drawing_panel = html! {
        <section class="drawing panel" aria-label="Address space" ref={bars_ref}>
            <h2>{"Address space"}</h2>
            if let Some(drawing) = (*drawing).clone() {
                <AddressBars bars={drawing.clone()} {highlight} on_zoom={dispatch.reform(Action::Zoom)} width={drawing_width} after_first_paint={below} />
                if !view.embed && below {
                    <RangeTable bars={drawing} />
                }
            } else {
                <p class="empty">{"Nothing to draw until at least one range parses."}</p>
            }
        </section>
    };
    let findings = html! { <Findings report={(*report).clone()} highlight={state.highlight} {on_select} on_apply={(!view.readonly).then(|| dispatch.reform(Action::ApplyFix))} /> };
    if view.embed {
        let editable = view.inputs && !view.readonly;
        let full = format!("./#{}", khcidr_core::share::encode(&state.plan));
        return html! {
            <main class={classes!("page", "embed", view.transparent.then_some("transparent"))} data-embed="">
                <h1 class="visually-hidden">{"khcidr: a kube-hetzner IPv4 plan"}</h1>
                { for notices }
                { drawing_panel }
                { findings }
                if editable {
                    { plan_inputs }
                }
                <p class="open-full">
                    <a href={full} target="_blank" rel="noopener" data-open-full="">{"Open in khcidr ↗"}</a>
                </p>
            </main>
        };
    }
    html! {
        <main class="page">
            // A button, not a link: the fragment holds the plan.
            <button type="button" class="skip" data-skip="" onclick={Callback::from(|_: MouseEvent| browser::show("findings"))}>{"Skip to the findings"}</button>
            <header class="masthead">
                <h1>{"khcidr"}</h1>
                <p class="tagline">{"Plan a kube-hetzner cluster's IPv4 ranges before terraform apply: see every subnet, pod block and service address, and what collides, now or as the cluster grows."}</p>
            </header>
            { for notices }
            <Verdict report={(*report).clone()} what_if={state.plan.nodes} on_apply={Some(dispatch.reform(Action::ApplyFix))} on_show={{
                let dispatch = dispatch.clone();
                Callback::from(move |index: usize| {
                    dispatch.emit(Action::Highlight(Some(index)));
                    browser::show(&format!("finding-{index}"));
                })
            }} />
            <Toolbar plan={state.plan.clone()} codes={crate::components::distinct(report.findings.iter().map(|f| f.code))} on_preset={dispatch.reform(|p: crate::state::Preset| Action::Load(p.plan(), Vec::new()))} {on_reset}
                on_import={dispatch.reform(|i: crate::components::import::Imported| Action::Import(i.plan, i.module, i.notes))}
                on_fix={dispatch.reform(Action::ApplyFix)} />
            { plan_inputs }
            <NodeCount plan={state.plan.clone()} marks={node_marks(&report)} on_change={dispatch.reform(Action::SetWhatIf)} />
            { drawing_panel }
            if below {
                <div class="results">
                    { findings }
                    <CapacityPanel capacity={report.capacity.clone()} />
                </div>
            }
        </main>
    }
}
