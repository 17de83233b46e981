//! How far the plan can grow, and what stops it.

use khcidr_core::platform::{KUBELET_MAX_PODS, MAX_SUBNETS};
use khcidr_core::{or_dash, t, Capacity};
use yew::prelude::*;

use crate::i18n::{say, t};

/// A view, not a component: it holds no state, and a component costs the first load
/// about a kilobyte.
pub fn capacity_panel(c: &Capacity) -> Html {
    let item = |name: &'static str, value: String, hint: String, key: &str| {
        html! {
            <div class="stat" data-capacity={key.to_string()}>
                <dt>{ name }</dt>
                <dd><span class="value">{ value }</span><span class="hint">{ hint }</span></dd>
            </div>
        }
    };
    html! {
        <section class="capacity panel" aria-label={t("Capacity")}>
            <h2>{t("Capacity")}</h2>
            <dl>
                { item(t("Max nodes"), c.max_nodes.to_string(), say(t!("limited by {0}", c.limits())), "max-nodes") }
                { item(t("Planned nodes"), c.planned_nodes.to_string(), String::new(), "planned") }
                { item(t("Pod blocks"), or_dash(c.pod_blocks), String::new(), "pod-blocks") }
                { item(t("Pods per node"), or_dash(c.pods_per_node), say(t!("kubelet caps at {0}", KUBELET_MAX_PODS)), "pods-per-node") }
                { item(t("Service IPs"), or_dash(c.service_ips), String::new(), "service-ips") }
                { item(t("Subnets"), say(t!("{0} used", c.subnets_used)), say(t!("{0} left of {1}", c.subnets_left, MAX_SUBNETS)), "subnets") }
                { item(t("Agents per subnet"), or_dash(c.agent_nodes_per_subnet), t("nodes one agent subnet holds").into(), "agents-per-subnet") }
            </dl>
        </section>
    }
}
