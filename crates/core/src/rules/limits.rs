//! Rules on counts: pod blocks, and Hetzner's route and server limits.

use super::ctx::Ctx;
use super::suggest;
use crate::capacity::node_room;
use crate::model::{Code, Field, Finding, Key, Severity, Span, Unit};
use crate::platform::{MAX_ROUTES, MAX_SERVERS};

/// The nodes Hetzner's server limit leaves, in words: "Hetzner's 100 nodes", or "the 99
/// nodes Hetzner's 100 servers leave beside the NAT router".
fn servers_words(ctx: &Ctx) -> String {
    match ctx.plan.nat_router.servers() {
        0 => format!("Hetzner's {MAX_SERVERS} nodes"),
        n => format!(
            "the {} nodes Hetzner's {MAX_SERVERS} servers leave beside the NAT router{}",
            node_room(ctx.plan),
            if n == 1 { "" } else { "s" }
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
    let symptom = format!(
        "node {first} and every node after it never get a pod block: kube-controller-manager logs CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range, and those nodes stay NotReady"
    );
    let plural = if blocks == 1 { "" } else { "s" };
    let (severity, message) = if planned > blocks {
        (
            Severity::Error,
            format!("{planned} nodes are planned, but pod range {cluster} holds only {blocks} /{mask} pod block{plural}"),
        )
    } else {
        (
            Severity::Warning,
            format!(
                "pod range {cluster} holds {blocks} /{mask} pod block{plural}: node {first} gets none, so the plan breaks when the cluster grows from {planned} to {first} nodes, below {}",
                servers_words(ctx)
            ),
        )
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
            format!(" and {nat} NAT router(s)")
        } else {
            String::new()
        };
        findings.push(
            Finding::new(Code::TooManyServers, Severity::Error, &node_fields)
                .message(format!(
                    "{planned} nodes{routers} make {servers} servers in the network; Hetzner allows at most 100 servers per network"
                ))
                .symptom("terraform apply or the autoscaler fails to attach servers beyond the 100th to the network")
                .fix("keep each cluster at 100 servers or fewer: fewer nodes, a lower autoscaler maximum, or a second cluster"),
        );
    }
    let routes = planned.saturating_add(u64::from(nat > 0));
    if ctx.plan.routes && routes > MAX_ROUTES {
        let nat_route = if nat > 0 {
            " plus the NAT router's default route"
        } else {
            ""
        };
        findings.push(
            Finding::new(Code::TooManyRoutes, Severity::Error, &[Field::Routes, Field::Agents, Field::Autoscaler])
                .message(format!(
                    "the cloud controller creates one route per node{nat_route}: {routes} routes, but Hetzner allows at most 100 per network"
                ))
                .symptom("hcloud/CreateRoute fails once the limit is reached; pods on the nodes without a route cannot be reached from other nodes")
                .fix("stay at 100 routes, or turn the cloud controller's routes off and use an overlay (flannel, Cilium tunnel)"),
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
            format!("room for {}", servers_words(ctx))
        } else {
            format!("room for {} nodes", holds(p).min(wanted))
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
        let text = format!(
            "give the pods a /{p}: {} /{mask} blocks, {}; {}",
            holds(p),
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
        None if !moved.text.starts_with("move cluster_ipv4_cidr to a range") => moved,
        // Outside the network suits overlays: Cilium native routing needs the pods inside.
        Some(free)
            if planned > ctx.capacity.pod_blocks.unwrap_or(0)
                && ctx.plan.cni != crate::model::Cni::CiliumNative =>
        {
            let text = format!(
                "give the pods a /{p}: {} /{mask} blocks, {}; no free range in the network {network} is that wide, so outside it (fine with flannel and Cilium tunnelling), e.g. cluster_ipv4_cidr = \"{free}\"",
                holds(p),
                room(p)
            );
            crate::model::Fix { text, ..moved }
        }
        Some(free) => format!(
            "the network {network} has no free range wider than {cluster}: widen network_ipv4_cidr, or put the pods outside it (fine with flannel and Cilium tunnelling), e.g. cluster_ipv4_cidr = \"{free}\", a /{p} with {}",
            room(p)
        )
        .into(),
        None => format!(
            "widen cluster_ipv4_cidr (a /{p} holds {} /{mask} blocks) or use a longer node_cidr_mask_size",
            holds(p)
        )
        .into(),
    }
}
