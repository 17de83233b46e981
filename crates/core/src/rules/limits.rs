//! Rules on counts: pod blocks, and Hetzner's route and server limits.

use super::ctx::Ctx;
use crate::model::{Code, Field, Finding, Severity, Span};
use crate::platform::{MAX_ROUTES, MAX_SERVERS};

pub(crate) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let planned = ctx.layout.planned_nodes;
    let node_fields = [Field::ControlPlanes, Field::Agents, Field::Autoscaler];
    if let (Some(blocks), Some(cluster)) = (ctx.capacity.pod_blocks, ctx.ranges.cluster) {
        if planned > blocks {
            let mask = ctx.plan.node_mask;
            let bits_needed = u64::BITS - (planned - 1).leading_zeros();
            let wider = u32::from(mask).saturating_sub(bits_needed);
            findings.push(
                Finding::new(Code::PodCapacityExceeded, Severity::Error, &[Field::Cluster, Field::NodeMask, Field::Agents])
                    .ranges([Span::Cidr(cluster)])
                    .message(format!(
                        "{planned} nodes are planned, but pod range {cluster} holds only {blocks} /{mask} node blocks"
                    ))
                    .symptom(format!(
                        "nodes beyond the {blocks}th never get a pod block: kube-controller-manager logs CIDR allocation failed; there are no remaining CIDRs left to allocate in the accepted range, and those nodes stay NotReady"
                    ))
                    .fix(format!(
                        "widen cluster_ipv4_cidr (a /{wider} holds {planned} /{mask} blocks) or use a longer node_cidr_mask_size"
                    )),
            );
        }
    }
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
