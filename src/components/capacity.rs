//! How far the plan can grow, and what stops it.

use khcidr_core::platform::{KUBELET_MAX_PODS, MAX_SUBNETS};
use khcidr_core::{or_dash, Capacity};
use yew::prelude::*;

/// A view, not a component: it holds no state, and a component costs the first load
/// about a kilobyte.
pub fn capacity_panel(c: &Capacity) -> Html {
    let limits = c.limits();
    let item = |name: &str, value: String, hint: String, key: &str| {
        html! {
            <div class="stat" data-capacity={key.to_string()}>
                <dt>{ name.to_string() }</dt>
                <dd><span class="value">{ value }</span><span class="hint">{ hint }</span></dd>
            </div>
        }
    };
    html! {
        <section class="capacity panel" aria-label="Capacity">
            <h2>{"Capacity"}</h2>
            <dl>
                { item("Max nodes", c.max_nodes.to_string(), format!("limited by {limits}"), "max-nodes") }
                { item("Planned nodes", c.planned_nodes.to_string(), String::new(), "planned") }
                { item("Pod blocks", or_dash(c.pod_blocks), String::new(), "pod-blocks") }
                { item("Pods per node", or_dash(c.pods_per_node), format!("kubelet caps at {KUBELET_MAX_PODS}"), "pods-per-node") }
                { item("Service IPs", or_dash(c.service_ips), String::new(), "service-ips") }
                { item("Subnets", format!("{} used", c.subnets_used), format!("{} left of {MAX_SUBNETS}", c.subnets_left), "subnets") }
                { item("Agents per subnet", or_dash(c.agent_nodes_per_subnet), "nodes one agent subnet holds".into(), "agents-per-subnet") }
            </dl>
        </section>
    }
}
