//! Nodepool counts: control-plane pools, agent pools, the autoscaler's maximum.

use khcidr_core::Plan;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::i18n::{say, t};
use khcidr_core::t;

use crate::state::{PoolKind, MAX_POOLS};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub plan: Plan,
    /// Set pool `index`'s node count.
    pub on_nodes: Callback<(PoolKind, usize, u32)>,
    /// Set agent pool `index`'s own subnet, as typed (empty for the module's).
    pub on_subnet: Callback<(usize, String)>,
    pub on_add: Callback<PoolKind>,
    pub on_remove: Callback<(PoolKind, usize)>,
    pub on_autoscaler: Callback<u32>,
}

/// A number input's value; empty or garbage counts as 0, huge values clamp.
fn count(e: &InputEvent) -> u32 {
    let text = e.target_unchecked_into::<HtmlInputElement>().value();
    text.trim()
        .parse::<u64>()
        .map_or(0, |n| u32::try_from(n).unwrap_or(u32::MAX))
}

/// Each agent pool's own `subnet_ip_range`, where the release has it.
type Ranges<'a> = Option<&'a [Option<String>]>;

fn pool_list(
    kind: PoolKind,
    counts: &[u32],
    names: &[String],
    ranges: Ranges,
    props: &Props,
) -> Html {
    let (title, slug) = match kind {
        PoolKind::ControlPlane => (t("Control-plane nodepools"), "control-plane"),
        PoolKind::Agent => (t("Agent nodepools"), "agent"),
    };
    let rows = counts.iter().enumerate().map(|(i, &n)| {
        let id = format!("{slug}-pool-{i}");
        let set = props.on_nodes.reform(move |e: InputEvent| (kind, i, count(&e)));
        let remove = props.on_remove.reform(move |_| (kind, i));
        // The pool's name from its kube.tf, above the index the findings call it by.
        let name = names.get(i).filter(|n| !n.is_empty());
        html! {
            <li key={i} class="pool">
                <label for={id.clone()}>
                    if let Some(name) = name {
                        <span class="pool-name" data-pool-name="">{ name.clone() }</span>
                    }
                    <span class="pool-index">{ say(t!("pool {0}", i)) }</span>
                </label>
                <input id={id} type="number" min="0" max="1000" value={n.to_string()} oninput={set} data-pool={format!("{slug}-{i}")} />
                <span class="unit">{ if n == 1 {t("node")} else {t("nodes")} }</span>
                <button type="button" class="remove" onclick={remove} aria-label={say(if kind == PoolKind::Agent { t!("remove agent pool {0}", i) } else { t!("remove control-plane pool {0}", i) })}>{"×"}</button>
                if let Some(range) = ranges.and_then(|r| r.get(i)) {
                    <input class="own-subnet" id={format!("agent-subnet-{i}")} type="text" inputmode="text" spellcheck="false" autocomplete="off"
                        aria-label={say(t!("agent pool {0}'s own subnet (subnet_ip_range), optional", i))}
                        placeholder={t("own subnet_ip_range (optional)")}
                        value={range.clone().unwrap_or_default()}
                        oninput={props.on_subnet.reform(move |e: InputEvent| (i, e.target_unchecked_into::<HtmlInputElement>().value()))} />
                }
            </li>
        }
    });
    html! {
        <fieldset class="pools">
            <legend>{ title }</legend>
            <ol>{ for rows }</ol>
            <button type="button" class="add" disabled={counts.len() >= MAX_POOLS} onclick={props.on_add.reform(move |_| kind)}>
                { if kind == PoolKind::Agent { t("+ add agent pool") } else { t("+ add control-plane pool") } }
            </button>
        </fieldset>
    }
}

#[function_component(Nodepools)]
pub fn nodepools(props: &Props) -> Html {
    let agents: Vec<u32> = props.plan.agents.iter().map(|p| p.count()).collect();
    let ranges: Vec<Option<String>> = props
        .plan
        .agents
        .iter()
        .map(|p| p.subnet_ip_range.clone())
        .collect();
    // Whether the release has an agent pool's own subnet_ip_range.
    let has_ranges = khcidr_core::settings::Setting::of(khcidr_core::Key::AgentSubnets)
        .is_some_and(|s| s.lacking_in(&props.plan).is_none());
    let autoscaler = props.on_autoscaler.reform(|e: InputEvent| count(&e));
    html! {
        <div class="nodepools">
            { pool_list(PoolKind::ControlPlane, &props.plan.control_planes, &props.plan.control_plane_names, None, props) }
            { pool_list(PoolKind::Agent, &agents, &props.plan.agent_names, has_ranges.then_some(ranges.as_slice()), props) }
            <div class="field small">
                <label for="autoscaler-max">{t("Autoscaler max nodes")}</label>
                <input id="autoscaler-max" type="number" min="0" max="1000" value={props.plan.autoscaler_max_nodes.to_string()} oninput={autoscaler} />
            </div>
        </div>
    }
}
