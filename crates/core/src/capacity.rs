//! How far a plan can grow, and what stops it.

use crate::model::profile::Nat;
use crate::model::{Capacity, Layout, Limit, NatRouter, Plan, Ranges, Role, SubnetMode};
use crate::net::size;
use crate::platform::{KUBELET_MAX_PODS, MAX_ROUTES, MAX_SERVERS, MAX_SUBNETS};

/// How many agents fit a subnet from the pinning offset to the last host before broadcast.
pub(crate) fn agents_that_fit(size: u64, offset: u64) -> u64 {
    size.saturating_sub(1).saturating_sub(offset.max(2))
}

/// Every subnet the plan asks the module for, whether or not the split has room for it:
/// one per nodepool (two in all in shared mode), the NAT router's and the vSwitch's.
pub(crate) fn subnets_planned(plan: &Plan) -> u64 {
    let pools = match plan.effective_subnet_mode() {
        SubnetMode::PerNodepool => plan.control_planes.len() + plan.agents.len(),
        SubnetMode::Shared => 2,
    } as u64;
    let profile = plan.module_version.era().profile();
    let nat = match profile.nat {
        Nat::Absent => 0,
        // 2.18.0 always creates its peripherals subnet.
        Nat::Peripherals => 1,
        Nat::Indexed | Nat::Redundant => u64::from(plan.nat_router != NatRouter::Off),
    };
    let vswitch = u64::from(plan.vswitch && profile.vswitch);
    pools + nat + vswitch
}

/// The nodes Hetzner's servers per network leave beside the plan's NAT routers.
pub(crate) fn node_room(plan: &Plan) -> u64 {
    MAX_SERVERS.saturating_sub(u64::from(plan.nat_router.servers()))
}

pub(crate) fn compute(plan: &Plan, ranges: &Ranges, layout: &Layout) -> Capacity {
    let pod_blocks = ranges
        .cluster
        .zip(ranges.node_mask)
        .map(|(cluster, mask)| 1u64 << mask.saturating_sub(cluster.prefix_len()));
    let nat = u64::from(plan.nat_router.servers());
    let servers = node_room(plan);
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
