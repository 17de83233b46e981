//! What-if: a slider and a number for the node count, to watch the plan grow.

use khcidr_core::Plan;
use web_sys::HtmlInputElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    /// The what-if count, or `None` when it equals the nodepools' sum.
    pub on_change: Callback<Option<u32>>,
}

/// The slider's top: past Hetzner's 100-node limits, so the limits can be seen.
const SLIDER_MAX: u64 = 150;

#[function_component(NodeCount)]
pub fn node_count(props: &Props) -> Html {
    let pools = props.plan.pool_nodes();
    let current = props.plan.planned_nodes();
    let set = || {
        let (kept, on_change) = (props.plan.nodes, props.on_change.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlInputElement>().value();
            // Text that is not a count (an emptied field) keeps the current one.
            let nodes = match text.trim().parse::<u64>() {
                Ok(n) => {
                    let n =
                        u32::try_from(n.min(u64::from(khcidr_core::share::MAX_NODES))).unwrap_or(0);
                    (u64::from(n) != pools).then_some(n)
                }
                Err(_) => kept,
            };
            on_change.emit(nodes);
        })
    };
    let reset = props.on_change.reform(|_| None);
    html! {
        <section class="what-if panel" aria-label="What if">
            <h2>{"What if the cluster grows?"}</h2>
            <div class="what-if-row">
                <label for="nodes-slider">{"Nodes"}</label>
                <input id="nodes-slider" type="range" min="0" max={SLIDER_MAX.max(pools).to_string()} value={current.to_string()} oninput={set()} data-nodes-slider="" />
                <input id="nodes-number" type="number" min="0" aria-label="Nodes" value={current.to_string()} oninput={set()} data-nodes="" />
                if props.plan.nodes.is_some() {
                    <button type="button" onclick={reset}>{ format!("Back to the nodepools' {pools}") }</button>
                } else {
                    <span class="hint">{ format!("the nodepools' sum, control planes and autoscaler included") }</span>
                }
            </div>
        </section>
    }
}
