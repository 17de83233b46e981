//! What-if: a slider and a number for the node count, to watch the plan grow.

use khcidr_core::Plan;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    /// Node counts worth a tick on the slider: where a finding starts.
    pub marks: Vec<u64>,
    /// The what-if count, or `None` when it equals the nodepools' sum.
    pub on_change: Callback<Option<u32>>,
}

/// Hetzner's limit of servers (and routes) per network, always marked on the slider.
const HETZNER_LIMIT: u64 = khcidr_core::platform::MAX_SERVERS;

/// The slider's top: past Hetzner's 100-node limits, so the limits can be seen.
const SLIDER_MAX: u64 = 150;

#[function_component(NodeCount)]
pub fn node_count(props: &Props) -> Html {
    let pools = props.plan.pool_nodes();
    let current = props.plan.planned_nodes();
    // The number as typed while it is being typed: an emptied field stays empty (the count
    // it had stays in force) until a number is typed or the field is left.
    let draft = use_state(|| None::<String>);
    // The count this field last asked for: a count that differs came from elsewhere.
    let typed = use_mut_ref(|| None::<u64>);
    {
        // The count changed elsewhere (the slider, Back, a link): show it.
        let (draft, typed) = (draft.clone(), typed.clone());
        use_effect_with(current, move |&current| {
            if *typed.borrow() != Some(current) && draft.is_some() {
                draft.set(None);
            }
        });
    }
    // `typed`: from the number field, whose text is kept as typed.
    let set = |from_field: bool| {
        let (on_change, draft, typed) = (props.on_change.clone(), draft.clone(), typed.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            if let Ok(n) = text.trim().parse::<u64>() {
                let n = u32::try_from(n.min(u64::from(khcidr_core::share::MAX_NODES))).unwrap_or(0);
                *typed.borrow_mut() = from_field.then_some(u64::from(n));
                on_change.emit((u64::from(n) != pools).then_some(n));
            }
            draft.set(from_field.then_some(text));
        })
    };
    let end_draft = {
        let draft = draft.clone();
        Callback::from(move |_: FocusEvent| draft.set(None))
    };
    let number = (*draft).clone().unwrap_or_else(|| current.to_string());
    let mut marks: Vec<u64> = props.marks.iter().copied().chain([HETZNER_LIMIT]).collect();
    khcidr_core::sort_by_number(&mut marks, |&m| m);
    marks.dedup();
    let reset = props.on_change.reform(|_| None);
    html! {
        <section class="what-if panel" aria-label="What if">
            <h2>{"What if the cluster grows?"}</h2>
            <div class="what-if-row">
                <label for="nodes-slider">{"Nodes"}</label>
                <input id="nodes-slider" type="range" min="0" max={SLIDER_MAX.max(pools).to_string()} value={current.to_string()} oninput={set(false)} list="node-marks" data-nodes-slider="" />
                <datalist id="node-marks">
                    { for marks.iter().map(|m| html! { <option value={m.to_string()} label={if *m == HETZNER_LIMIT { format!("Hetzner's {HETZNER_LIMIT}") } else { format!("node {m}") }} /> }) }
                </datalist>
                <input id="nodes-number" type="number" min="0" aria-label="Nodes" value={number} oninput={set(true)} onblur={end_draft} data-nodes="" />
                if props.plan.nodes.is_some() {
                    <button type="button" onclick={reset}>{ format!("Back to the nodepools' {pools}") }</button>
                } else {
                    <span class="hint">{ format!("the nodepools' sum, control planes and autoscaler included") }</span>
                }
            </div>
        </section>
    }
}
