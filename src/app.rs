//! The root component: holds the state, runs the core on every edit, keeps the plan in
//! the link and in storage, and lays out the page.

use gloo_events::EventListener;
use khcidr_core::share::decode;
use khcidr_core::{bars, check, Code, Report};
use web_sys::{Element, ScrollBehavior, ScrollIntoViewOptions};
use yew::prelude::*;

use crate::components::advanced::Advanced;
use crate::components::bars::AddressBars;
use crate::components::capacity::CapacityPanel;
use crate::components::field::TextInput;
use crate::components::findings::Findings;
use crate::components::node_count::NodeCount;
use crate::components::nodepools::Nodepools;
use crate::components::range_table::RangeTable;
use crate::components::toolbar::Toolbar;
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

fn initial_state() -> State {
    let start = browser::initial_plan();
    State {
        plan: start.plan,
        notices: start.ignored.iter().map(|i| i.to_string()).collect(),
        ..State::default()
    }
}

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer_eq(initial_state);
    let report = use_memo(state.plan.clone(), check);
    let drawing = use_memo((report.clone(), state.zoom), |(report, zoom)| {
        bars(report, *zoom)
    });
    let bars_ref = use_node_ref();
    let last_push = use_mut_ref(|| 0.0_f64);

    {
        let last_push = last_push.clone();
        let typing = state.typing;
        use_effect_with(state.plan.clone(), move |plan| {
            browser::save(plan, typing, &mut last_push.borrow_mut())
        });
    }
    {
        let state = state.clone();
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|window| {
                EventListener::new(&window, "popstate", move |_| {
                    let decoded = decode(&browser::fragment());
                    state.dispatch(Action::Load(
                        decoded.plan,
                        decoded.ignored.iter().map(|i| i.to_string()).collect(),
                    ));
                })
            });
            move || drop(listener)
        });
    }

    let dispatch = {
        let state = state.clone();
        Callback::from(move |action: Action| state.dispatch(action))
    };
    let on_select = {
        let dispatch = dispatch.clone();
        let bars_ref = bars_ref.clone();
        Callback::from(move |index: Option<usize>| {
            dispatch.emit(Action::Highlight(index));
            if let (Some(_), Some(el)) = (index, bars_ref.cast::<Element>()) {
                let options = ScrollIntoViewOptions::new();
                options.set_behavior(ScrollBehavior::Smooth);
                el.scroll_into_view_with_scroll_into_view_options(&options);
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
    html! {
        <main class="page">
            <header class="masthead">
                <h1>{"khcidr"}</h1>
                <p class="tagline">{"Plan a kube-hetzner cluster's IPv4 ranges before terraform apply: see every subnet, pod block and service address, and what collides, now or as the cluster grows."}</p>
            </header>
            if !state.notices.is_empty() {
                <div class="notice" role="status" data-notice="">
                    <p><strong>{"Parts of the link were ignored; defaults kept for them:"}</strong></p>
                    <ul>{ for state.notices.iter().map(|n| html! { <li>{ n }</li> }) }</ul>
                    <button type="button" onclick={dispatch.reform(|_| Action::DismissNotices)}>{"Dismiss"}</button>
                </div>
            }
            <Toolbar plan={state.plan.clone()} on_preset={dispatch.reform(|p: crate::state::Preset| Action::Load(p.plan(), Vec::new()))} {on_reset} />
            <section class="inputs panel" aria-label="Plan">
                <div class="fields">{ for inputs }</div>
                <Nodepools plan={state.plan.clone()} on_action={dispatch.clone()} />
                <Advanced plan={state.plan.clone()} on_change={dispatch.reform(Action::SetPlan)} />
            </section>
            <NodeCount plan={state.plan.clone()} on_change={dispatch.reform(Action::SetPlan)} />
            <section class="drawing panel" aria-label="Address space" ref={bars_ref}>
                <h2>{"Address space"}</h2>
                if let Some(drawing) = (*drawing).clone() {
                    <AddressBars bars={drawing.clone()} {highlight} on_zoom={dispatch.reform(Action::Zoom)} />
                    <RangeTable bars={drawing} />
                } else {
                    <p class="empty">{"Nothing to draw until at least one range parses."}</p>
                }
            </section>
            <div class="results">
                <Findings report={(*report).clone()} highlight={state.highlight} {on_select} />
                <CapacityPanel capacity={report.capacity.clone()} />
            </div>
        </main>
    }
}
