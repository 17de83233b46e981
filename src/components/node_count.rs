//! What-if: a slider and a number for the node count, to watch the plan grow.

use khcidr_core::Plan;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{say, t};
use khcidr_core::t;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    /// Node counts worth a mark on the slider: where a finding starts, and what starts.
    pub marks: Vec<(u64, String)>,
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
    // The counts in order, each once, with the first thing that starts there.
    let mut counts: Vec<u64> = props.marks.iter().map(|&(m, _)| m).collect();
    counts.push(HETZNER_LIMIT);
    khcidr_core::sort_by_number(&mut counts, |&m| m);
    counts.dedup();
    let marks: Vec<(u64, &str)> = counts
        .into_iter()
        .map(|m| {
            let what = props.marks.iter().find(|&&(n, _)| n == m);
            (
                m,
                what.map_or(t("Hetzner's server limit"), |(_, w)| w.as_str()),
            )
        })
        .collect();
    let reset = props.on_change.reform(|_| None);
    let max = SLIDER_MAX.max(pools);
    let go = |n: u64| {
        let on_change = props.on_change.clone();
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        Callback::from(move |_: MouseEvent| on_change.emit((u64::from(n) != pools).then_some(n)))
    };
    html! {
        <section class="what-if panel" aria-label={t("What if")}>
            <h2>{t("What if the cluster grows?")}</h2>
            // One row whose parts never change size, so the slider stays under the pointer.
            <div class="what-if-row">
                <label for="nodes-slider">{t("Nodes")}</label>
                <input id="nodes-slider" type="range" min="0" max={max.to_string()} value={current.to_string()} oninput={set(false)} data-nodes-slider="" />
                <input id="nodes-number" type="number" min="0" aria-label={t("Nodes")} value={number} oninput={set(true)} onblur={end_draft} data-nodes="" />
            </div>
            <p class="what-if-foot">
                if props.plan.nodes.is_some() {
                    <button type="button" onclick={reset} data-nodes-back="">{ say(t!("Back to the nodepools' {0}", pools)) }</button>
                } else {
                    <span class="hint">{ say(t!("{0}: the nodepools' sum, control planes and autoscaler included", pools)) }</span>
                }
            </p>
            <ul class="slider-marks" aria-label={t("Where something starts")}>
                { for marks.iter().map(|&(m, what)| html! {
                    <li><button type="button" class="link" data-slider-mark={m.to_string()} onclick={go(m)}>{ say(t!("node {0}", m)) }</button>{ say(t!(": {0}", what)) }</li>
                }) }
            </ul>
        </section>
    }
}
