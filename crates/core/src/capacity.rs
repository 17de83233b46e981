//! How far a plan can grow, and what stops it.

use std::fmt;

use serde::Serialize;

use crate::layout::{Layout, Parsed, Role};
use crate::net::size;
use crate::plan::Plan;

/// Hetzner's limits per network (API reference: networks, routes).
pub(crate) const MAX_SERVERS: u64 = 100;
pub(crate) const MAX_ROUTES: u64 = 100;
pub(crate) const MAX_SUBNETS: u64 = 50;
/// k3s' kubelet default `max-pods`.
pub(crate) const KUBELET_MAX_PODS: u64 = 110;

/// What caps the node count.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Limit {
    /// The pod range holds this many node blocks.
    PodBlocks,
    /// Hetzner's 100 routes per network (one per node, one for the NAT router).
    Routes,
    /// Hetzner's 100 servers per network (nodes and NAT routers).
    Servers,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::PodBlocks => "pod blocks",
            Limit::Routes => "Hetzner's 100 routes per network",
            Limit::Servers => "Hetzner's 100 servers per network",
        })
    }
}

/// The plan's headroom.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Capacity {
    /// The most nodes the plan can hold.
    pub max_nodes: u64,
    /// What sets `max_nodes` (more than one when they tie).
    pub limited_by: Vec<Limit>,
    /// Nodes planned (control planes, agents, autoscaler maximum).
    pub planned_nodes: u64,
    /// Node pod blocks in the pod range.
    pub pod_blocks: Option<u64>,
    /// Usable pod addresses per node, capped by the kubelet's 110 pods.
    pub pods_per_node: Option<u64>,
    /// Addresses ClusterIPs can take.
    pub service_ips: Option<u64>,
    /// Subnets the plan allocates.
    pub subnets_used: u64,
    /// Subnets left of Hetzner's 50.
    pub subnets_left: u64,
    /// The most nodes the tightest agent subnet can pin, where there are agent subnets.
    pub agent_nodes_per_subnet: Option<u64>,
}

impl Capacity {
    /// What sets the node limit, in words: "pod blocks", or several joined by commas.
    pub fn limits(&self) -> String {
        self.limited_by
            .iter()
            .map(|l| l.to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// How many agents fit a subnet from the pinning offset to the last host before broadcast.
pub(crate) fn agents_that_fit(size: u64, offset: u64) -> u64 {
    size.saturating_sub(1).saturating_sub(offset.max(2))
}

/// Every subnet the plan asks the module for, whether or not the split has room for it:
/// one per nodepool (two in all in shared mode), the NAT router's and the vSwitch's.
pub(crate) fn subnets_planned(plan: &Plan) -> u64 {
    let pools = match plan.effective_subnet_mode() {
        crate::plan::SubnetMode::PerNodepool => plan.control_planes.len() + plan.agents.len(),
        crate::plan::SubnetMode::Shared => 2,
    } as u64;
    let era = plan.module_version.era();
    let nat = u64::from(
        plan.nat_router != crate::plan::NatRouter::Off && era >= crate::module::Era::V2_18_1,
    );
    // 2.18.0 always creates its peripherals subnet.
    let peripherals = u64::from(era == crate::module::Era::V2_18_0);
    let vswitch = u64::from(plan.vswitch && era >= crate::module::Era::V2_19_0);
    pools + nat + peripherals + vswitch
}

pub(crate) fn compute(plan: &Plan, parsed: &Parsed, layout: &Layout) -> Capacity {
    let pod_blocks = parsed
        .cluster
        .zip(parsed.node_mask)
        .map(|(cluster, mask)| 1u64 << mask.saturating_sub(cluster.prefix_len()));
    let nat = u64::from(plan.nat_router.servers());
    let servers = MAX_SERVERS.saturating_sub(nat);
    let routes = plan
        .routes
        .then(|| MAX_ROUTES.saturating_sub(u64::from(nat > 0)));
    let candidates = [
        (Limit::PodBlocks, pod_blocks),
        (Limit::Routes, routes),
        (Limit::Servers, Some(servers)),
    ];
    let max_nodes = candidates
        .iter()
        .filter_map(|c| c.1)
        .min()
        .unwrap_or(servers);
    let limited_by = candidates
        .iter()
        .filter(|c| c.1 == Some(max_nodes))
        .map(|c| c.0)
        .collect();
    let agent_nodes_per_subnet = layout
        .subnets
        .iter()
        .filter(|s| s.role == Role::Agent && !s.ips_assigned_by_hetzner)
        .filter_map(|s| Some(agents_that_fit(size(s.cidr), layout.node_ip_offset?)))
        .min();
    let subnets_used = subnets_planned(plan);
    Capacity {
        max_nodes,
        limited_by,
        planned_nodes: layout.planned_nodes,
        pod_blocks,
        pods_per_node: (plan.node_mask <= 32).then(|| {
            (1u64 << (32 - u32::from(plan.node_mask)))
                .saturating_sub(2)
                .min(KUBELET_MAX_PODS)
        }),
        service_ips: layout.service.map(|s| size(s).saturating_sub(2)),
        subnets_used,
        subnets_left: MAX_SUBNETS.saturating_sub(subnets_used),
        agent_nodes_per_subnet,
    }
}
