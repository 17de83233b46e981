//! Rules on counts: pod blocks, and Hetzner's route and server limits.

use super::ctx::Ctx;
use super::suggest;
use crate::capacity::node_room;
use crate::model::{Code, Field, Finding, Key, Severity, Span, Unit};
use crate::platform::{MAX_ROUTES, MAX_SERVERS};
use crate::text::Text;

/// The nodes Hetzner's server limit leaves, in words: "Hetzner's 100 nodes", or "the 99
/// nodes Hetzner's 100 servers leave beside the NAT router".
fn servers_words(ctx: &Ctx) -> Text {
    match ctx.plan.nat_router.servers() {
        0 => t!("Hetzner's {0} nodes", MAX_SERVERS),
        1 => t!(
            "the {0} nodes Hetzner's {1} servers leave beside the NAT router",
            node_room(ctx.plan),
            MAX_SERVERS
        ),
        _ => t!(
            "the {0} nodes Hetzner's {1} servers leave beside the NAT routers",
            node_room(ctx.plan),
            MAX_SERVERS
        ),
    }
}

/// The bits a range needs to hold `n` blocks: 7 for 100.
fn bits_for(n: u64) -> u32 {
    u64::BITS - n.saturating_sub(1).leading_zeros()
}

/// `pod-capacity-exceeded`: the pod range holds one block per node. An error when the plan
/// already has more nodes than blocks; a warning from the first node without a block when
/// that comes before Hetzner's server limit does, so the plan breaks as it grows.
fn pod_blocks(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(blocks), Some(cluster)) = (ctx.capacity.pod_blocks, ctx.ranges.cluster) else {
        return;
    };
    let planned = ctx.layout.planned_nodes;
    let servers = node_room(ctx.plan);
    if blocks >= servers.max(planned) {
        return;
    }
    let mask = ctx.plan.node_mask;
    let first = blocks.saturating_add(1);
    let fix = pod_blocks_fix(ctx, cluster, servers.max(planned));
    let symptom = t!("node {0} and every node after it never get a pod block: kube-controller-manager logs CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range, and those nodes stay NotReady", first);
    let (severity, message) = match (planned > blocks, blocks == 1) {
        (true, true) => (
            Severity::Error,
            t!("{0} nodes are planned, but pod range {1} holds only {2} /{3} pod block", planned, cluster, blocks, mask),
        ),
        (true, false) => (
            Severity::Error,
            t!("{0} nodes are planned, but pod range {1} holds only {2} /{3} pod blocks", planned, cluster, blocks, mask),
        ),
        (false, _) => (
            Severity::Warning,
            t!("pod range {0} holds {1} /{2} pod blocks: node {3} gets none, so the plan breaks when the cluster grows from {4} to {3} nodes, below {5}", cluster, blocks, mask, first, planned, servers_words(ctx)),
        ),
    };
    findings.push(
        Finding::new(
            Code::PodCapacityExceeded,
            severity,
            &[Field::Cluster, Field::NodeMask, Field::Agents],
        )
        .message(message)
        .ranges([Span::Cidr(cluster)])
        .symptom(symptom)
        .fix(fix)
        .starts_at(first, Unit::Node),
    );
}

pub(crate) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let planned = ctx.layout.planned_nodes;
    let node_fields = [Field::ControlPlanes, Field::Agents, Field::Autoscaler];
    pod_blocks(ctx, findings);
    let nat = u64::from(ctx.plan.nat_router.servers());
    let servers = planned.saturating_add(nat);
    if servers > MAX_SERVERS {
        let routers = if nat > 0 {
            t!(" and {0} NAT router(s)", nat)
        } else {
            Text::default()
        };
        findings.push(
            Finding::new(Code::TooManyServers, Severity::Error, &node_fields)
                .message(t!("{0} nodes{1} make {2} servers in the network; Hetzner allows at most 100 servers per network", planned, routers, servers))
                .symptom(t!("terraform apply or the autoscaler fails to attach servers beyond the 100th to the network"))
                .fix(t!("keep each cluster at 100 servers or fewer: fewer nodes, a lower autoscaler maximum, or a second cluster")),
        );
    }
    let routes = planned.saturating_add(u64::from(nat > 0));
    if ctx.plan.routes && routes > MAX_ROUTES {
        let nat_route = if nat > 0 {
            t!(" plus the NAT router's default route")
        } else {
            Text::default()
        };
        findings.push(
            Finding::new(Code::TooManyRoutes, Severity::Error, &[Field::Routes, Field::Agents, Field::Autoscaler])
                .message(t!("the cloud controller creates one route per node{0}: {1} routes, but Hetzner allows at most 100 per network", nat_route, routes))
                .symptom(t!("hcloud/CreateRoute fails once the limit is reached; pods on the nodes without a route cannot be reached from other nodes"))
                .fix(t!("stay at 100 routes, or turn the cloud controller's routes off and use an overlay (flannel, Cilium tunnel)")),
        );
    }
}

/// The pod-capacity fix: the widest free pod range inside the network, up to one with room
/// for `wanted` nodes, that holds the plan's nodes and more blocks than now; where the
/// network has none, a range outside it for `wanted` (an edit only when the plan already
/// lacks blocks: pods outside the network suit overlays, not Cilium native routing).
fn pod_blocks_fix(ctx: &Ctx, cluster: ipnet::Ipv4Net, wanted: u64) -> crate::model::Fix {
    let mask = ctx.plan.node_mask;
    let planned = ctx.layout.planned_nodes;
    let avoid: Vec<_> = ctx.ranges.service.into_iter().collect();
    let prefix = |n: u64| u8::try_from(u32::from(mask).saturating_sub(bits_for(n))).unwrap_or(0);
    let holds = |p: u8| 1u64 << mask.saturating_sub(p).min(32);
    let room = |p: u8| {
        if holds(p) >= wanted && wanted == node_room(ctx.plan) {
            t!("room for {0}", servers_words(ctx))
        } else {
            t!("room for {0} nodes", holds(p).min(wanted))
        }
    };
    let narrowest = prefix(planned).min(cluster.prefix_len().saturating_sub(1));
    let inside = (prefix(wanted)..=narrowest)
        .find_map(|p| Some((p, suggest::range_inside(ctx, p, &avoid)?)));
    if let Some((p, _)) = inside {
        let moved = suggest::move_fix(ctx, Key::Cluster, p, &avoid);
        // Where the release ignores the pod range, what move_fix says instead.
        if moved.apply.is_empty() {
            return moved;
        }
        let text = t!(
            "give the pods a /{0}: {1} /{2} blocks, {3}; {4}",
            p,
            holds(p),
            mask,
            room(p),
            moved.text
        );
        return crate::model::Fix { text, ..moved };
    }
    let p = prefix(wanted);
    let network = ctx
        .ranges
        .network
        .map(|n| n.to_string())
        .unwrap_or_default();
    let moved = suggest::move_fix(ctx, Key::Cluster, p, &avoid);
    let free = moved.apply.first().map(|c| c.value.clone());
    match free {
        // Where the release ignores the range, or no range is free: what move_fix says.
        None if !moved.text.en.starts_with("move {0} to a range") => moved,
        // Outside the network suits overlays: Cilium native routing needs the pods inside.
        Some(free)
            if planned > ctx.capacity.pod_blocks.unwrap_or(0)
                && ctx.plan.cni != crate::model::Cni::CiliumNative =>
        {
            let text = t!("give the pods a /{0}: {1} /{2} blocks, {3}; no free range in the network {4} is that wide, so outside it (fine with flannel and Cilium tunnelling), e.g. cluster_ipv4_cidr = \"{5}\"", p, holds(p), mask, room(p), network, free);
            crate::model::Fix { text, ..moved }
        }
        Some(free) => t!("the network {0} has no free range wider than {1}: widen network_ipv4_cidr, or put the pods outside it (fine with flannel and Cilium tunnelling), e.g. cluster_ipv4_cidr = \"{2}\", a /{3} with {4}", network, cluster, free, p, room(p))
        .into(),
        None => t!("widen cluster_ipv4_cidr (a /{0} holds {1} /{2} blocks) or use a longer node_cidr_mask_size", p, holds(p), mask)
        .into(),
    }
}
