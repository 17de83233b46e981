//! Rules on the module's subnets: the split, Hetzner's subnet rules, and the module's
//! index checks (`validation-contract.tf`).

use super::ctx::Ctx;
use crate::capacity::agents_that_fit;
use crate::model::{Code, Era, Field, Finding, Grid, NatRouter, Role, Severity, Span};
use crate::module::Allocation;
use crate::net::{overlaps, size};
use crate::platform::{
    MAX_SUBNETS, MAX_SUBNET_PREFIX, MODULE_DEFAULT_NAT_ROUTER_INDEX, MODULE_DEFAULT_VSWITCH_INDEX,
};
use crate::text::Text;

/// The module's equal split of the network, where the release cuts it that way (all but
/// 2.18.0's quarters) into at least one subnet.
pub(crate) fn split(allocation: &Allocation) -> Option<Grid> {
    allocation
        .grid
        .filter(|grid| matches!(grid, Grid::Split { count: 1.., .. }))
}

/// The /30 part of `subnet-too-small`: Terraform cuts them, Hetzner refuses them at apply.
fn hetzner_minimum(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(network), Some(prefix)) = (ctx.ranges.network, ctx.layout.subnet_prefix) else {
        return;
    };
    if prefix <= MAX_SUBNET_PREFIX {
        return;
    }
    let count = ctx.plan.effective_subnet_count();
    let most = 1u64 << MAX_SUBNET_PREFIX.saturating_sub(network.prefix_len());
    findings.push(
        Finding::new(
            Code::SubnetTooSmall,
            Severity::Error,
            &[Field::SubnetCount, Field::Network],
        )
        .ranges([Span::Cidr(network)])
        .message(t!(
            "{0} subnets of {1} are /{2} each; Hetzner's smallest subnet is a /30",
            count,
            network,
            prefix
        ))
        .symptom(t!(
            "terraform apply fails creating hcloud_network_subnet (invalid_input)"
        ))
        .fix(t!(
            "use at most subnet_count = {0}, or a larger network",
            most
        )),
    );
}

/// Every rule on the allocated subnets.
pub(crate) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    hetzner_minimum(ctx, findings);
    // From 3.0.0 the module's validation contract checks the count and the indexes itself.
    if ctx.plan.module_version.era() < Era::V3_0_0 {
        too_many(ctx, findings);
        if let Some(split) = ctx.split {
            index_collisions(ctx, split, findings);
        }
    }
    outside_network(ctx, findings);
    overlapping(ctx, findings);
    pinned_addresses(ctx, findings);
    pinned_room(ctx, findings);
}

/// `subnet-too-small` as the cluster grows: an agent subnet whose pinned addresses run out
/// before Hetzner's server limit does. Node `fit + 1` of the pool gets the broadcast
/// address (Hetzner refuses it at apply), the next one a host past the subnet (the
/// module's `cidrhost` fails at plan).
fn pinned_room(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(offset) = ctx.layout.node_ip_offset else {
        return;
    };
    let servers = crate::capacity::node_room(ctx.plan);
    let planned = ctx.layout.planned_nodes;
    let short: Vec<(&crate::model::Subnet, u64)> = ctx
        .layout
        .subnets
        .iter()
        .filter(|s| s.role == Role::Agent && !s.ips_assigned_by_hetzner)
        .filter_map(|s| {
            let fit = agents_that_fit(size(s.cidr), offset);
            // Room now, and less than the rest of the cluster leaves it within Hetzner's limit.
            let others = planned.saturating_sub(s.nodes);
            (s.nodes <= fit && fit.saturating_add(others) < servers).then_some((s, fit))
        })
        .collect();
    let Some(&(first, fit)) = short.first() else {
        return;
    };
    let listed = Text::join(
        short
            .iter()
            .take(3)
            .map(|(s, fit)| t!("{0} holds {1}", s.text(), fit))
            .collect(),
        "{0}; {1}",
    );
    let more = match short.len().saturating_sub(3) {
        0 => Text::default(),
        n => t!(" and {0} more", n),
    };
    findings.push(
        Finding::new(Code::SubnetTooSmall, Severity::Warning, &[Field::Agents, Field::SubnetCount])
            .ranges([Span::Cidr(first.cidr)])
            .message(t!("agent nodes are pinned from host {0} of their subnet on, so a pool grows only as far as its subnet: {1}{2}", offset, listed, more))
            .symptom(t!("node {0} of {1} gets host {2}, the subnet's broadcast address: terraform apply fails as Hetzner refuses it (invalid_input); one more and terraform plan fails in the module's cidrhost", fit + 1, first.name_text(), offset + fit))
            .fix(t!("grow past that in another agent pool, or use fewer, larger subnets (a smaller subnet_count, or a larger network)")),
    );
}

/// `too-many-subnets`.
fn too_many(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let used = ctx.capacity.subnets_used;
    if used <= MAX_SUBNETS {
        return;
    }
    let pools = ctx.plan.control_planes.len() + ctx.plan.agents.len();
    let others = used.saturating_sub(pools as u64);
    let others = match others {
        0 => Text::default(),
        n => t!(" and {0} for the NAT router or the vSwitch", n),
    };
    // No 2.x release checks the count (the first check is validation-contract.tf:538-544
    // @3.0.0): terraform plan passes, and Hetzner refuses the 51st subnet (#894).
    findings.push(
        Finding::new(Code::TooManySubnets, Severity::Error, &[Field::Agents, Field::ControlPlanes, Field::SubnetMode])
            .message(t!("the plan allocates {0} subnets, one per nodepool ({1}){2}; Hetzner allows at most 50 per network, and kube-hetzner {3} does not check it", used, pools, others, ctx.plan.module_version))
            .symptom(t!("terraform plan passes; terraform apply creates 50 subnets and stops at the next: Error: subnet limit reached (resource_limit_exceeded)"))
            .fix(t!("merge nodepools (fewer pools with more nodes), at most 50 subnets in all; kube-hetzner 3.x can share one subnet among all agents (network_subnet_mode = \"shared\")")),
    );
}

/// An inclusive range of subnet indexes, `None` when empty.
type Indexes = Option<(u64, u64)>;

/// The indexes agents and control planes take before 3.0.0 (one subnet per nodepool).
fn role_indexes(ctx: &Ctx, split: Grid) -> (Indexes, Indexes) {
    let count = u64::from(split.count());
    let agents = ctx.plan.agents.len() as u64;
    let control_planes = ctx.plan.control_planes.len() as u64;
    (
        (agents > 0).then(|| (0, agents - 1)),
        (control_planes > 0).then(|| (count.saturating_sub(control_planes), count - 1)),
    )
}

/// `subnet-index-collision`: agent and control-plane indexes meet, or the NAT router or
/// vSwitch index is out of range or on another role's index.
fn index_collisions(ctx: &Ctx, split: Grid, findings: &mut Vec<Finding>) {
    let count = u64::from(split.count());
    pools_meet(ctx, count, findings);
    let extras = peripherals(ctx);
    for extra in &extras {
        extra_clash(ctx, split, &extras, extra, findings);
    }
    if let [(_, _, nat), (_, _, vswitch)] = extras.as_slice() {
        if nat == vswitch {
            findings.push(
                Finding::new(
                    Code::SubnetIndexCollision,
                    Severity::Error,
                    &[Field::NatRouterIndex, Field::VswitchIndex],
                )
                .ranges(split.block(u64::from(*nat)).map(Span::Cidr))
                .message(t!(
                    "the NAT router and the vSwitch both take subnet index {0}",
                    nat
                ))
                .symptom(t!(
                    "terraform plan fails the module's subnet index validation"
                ))
                .fix(t!(
                    "keep the defaults: nat_router_subnet_index = {0}, vswitch_subnet_index = {1}",
                    MODULE_DEFAULT_NAT_ROUTER_INDEX,
                    MODULE_DEFAULT_VSWITCH_INDEX
                )),
            );
        }
    }
}

/// The finding for a NAT router's or vSwitch's index outside the subnets or on a
/// nodepool's, with a free index to move it to.
fn extra_clash(
    ctx: &Ctx,
    split: Grid,
    extras: &[(&'static str, Field, u32)],
    &(name, field, index): &(&'static str, Field, u32),
    findings: &mut Vec<Finding>,
) {
    let count = u64::from(split.count());
    let (agents, control_planes) = role_indexes(ctx, split);
    let inside =
        |range: Option<(u64, u64)>, i: u64| range.is_some_and(|(a, b)| (a..=b).contains(&i));
    let i = u64::from(index);
    let clash = if i >= count {
        Some(t!(
            "is outside the {0} subnets (0 to {1})",
            count,
            count - 1
        ))
    } else if inside(agents, i) {
        Some(t!("is an agent nodepool's subnet"))
    } else if inside(control_planes, i) {
        Some(t!("is a control-plane nodepool's subnet"))
    } else {
        None
    };
    if let Some(clash) = clash {
        let default = if field == Field::NatRouterIndex {
            u64::from(MODULE_DEFAULT_NAT_ROUTER_INDEX)
        } else {
            u64::from(MODULE_DEFAULT_VSWITCH_INDEX)
        };
        let taken = |j: u64| {
            inside(agents, j)
                || inside(control_planes, j)
                || extras.iter().any(|e| e.1 != field && u64::from(e.2) == j)
        };
        let free = std::iter::once(default)
            .filter(|&d| d < count)
            .chain((0..count).rev())
            .find(|&j| !taken(j));
        findings.push(
            Finding::new(
                Code::SubnetIndexCollision,
                Severity::Error,
                &[field, Field::SubnetCount],
            )
            .ranges(split.block(u64::from(index)).map(Span::Cidr))
            .message(t!(
                "the {0}'s subnet index {1} {2}",
                Text::plain(name),
                index,
                clash
            ))
            .symptom(t!(
                "terraform plan fails the module's subnet index validation"
            ))
            .fix(match free {
                Some(j) => t!("set {0} to a free index, e.g. {1}", field, j),
                None => t!("use a larger subnet_count to make room"),
            }),
        );
    }
}

/// Where the nodepools' indexes meet: more pools than subnets.
fn pools_meet(ctx: &Ctx, count: u64, findings: &mut Vec<Finding>) {
    let agent_count = ctx.plan.agents.len() as u64;
    let cp_count = ctx.plan.control_planes.len() as u64;
    if agent_count + cp_count > count {
        findings.push(
            Finding::new(Code::SubnetIndexCollision, Severity::Error, &[Field::Agents, Field::ControlPlanes, Field::SubnetCount])
                .message(t!("{0} agent pools take indexes from 0 up and {1} control-plane pools from {2} down, but there are only {3} subnets, so they meet", agent_count, cp_count, count - 1, count))
                .symptom(t!("terraform plan fails the module's subnet index validation"))
                .fix(t!("use fewer nodepools, a larger subnet_count, or network_subnet_mode = \"shared\"")),
        );
    }
}

/// The NAT router's and the vSwitch's indexes, where the plan has them.
fn peripherals(ctx: &Ctx) -> Vec<(&'static str, Field, u32)> {
    let mut extras: Vec<(&str, Field, u32)> = Vec::new();
    if ctx.plan.nat_router != NatRouter::Off {
        extras.push((
            "NAT router",
            Field::NatRouterIndex,
            ctx.plan.nat_router_subnet_index,
        ));
    }
    if ctx.plan.vswitch {
        extras.push((
            "vSwitch",
            Field::VswitchIndex,
            ctx.plan.vswitch_subnet_index,
        ));
    }
    extras
}

/// `subnet-outside-network`: an agent pool's own `subnet_ip_range` must lie inside the network.
fn outside_network(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(network) = ctx.ranges.network else {
        return;
    };
    for subnet in ctx.layout.subnets.iter().filter(|s| s.index.is_none()) {
        if network.contains(&subnet.cidr) {
            continue;
        }
        let fields: Vec<Field> = subnet
            .pool
            .map(Field::AgentSubnetRange)
            .into_iter()
            .chain([Field::Network])
            .collect();
        findings.push(
            Finding::new(Code::SubnetOutsideNetwork, Severity::Error, &fields)
                .ranges([Span::Cidr(subnet.cidr), Span::Cidr(network)])
                .message(t!("{0} is not inside the network {1}; Hetzner subnets must lie in their network", subnet.text(), network))
                .symptom(t!("terraform apply fails creating hcloud_network_subnet (invalid_input)"))
                .fix(t!("choose a subnet_ip_range inside {0} that no other subnet uses, or drop it to use the module's subnet", network)),
        );
    }
}

/// `subnet-overlap`: Hetzner refuses overlapping subnets; only a pool's own range can cause it
/// (equal module indexes are `subnet-index-collision`).
fn overlapping(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let mut sorted: Vec<_> = ctx.layout.subnets.iter().collect();
    crate::util::sort_by_number(&mut sorted, |s| {
        u64::from(u32::from(s.cidr.network())) << 8 | u64::from(s.cidr.prefix_len())
    });
    let mut reported = Vec::new();
    let mut widest = None;
    for subnet in sorted {
        if let Some(previous) =
            widest.filter(|p: &&crate::model::Subnet| overlaps(p.cidr, subnet.cidr))
        {
            let custom = previous.index.is_none() || subnet.index.is_none();
            let pair = (previous.cidr, subnet.cidr);
            if custom && !reported.contains(&pair) {
                reported.push(pair);
                let fields: Vec<Field> = [previous, subnet]
                    .iter()
                    .filter(|s| s.index.is_none())
                    .filter_map(|s| s.pool.map(Field::AgentSubnetRange))
                    .collect();
                findings.push(
                    Finding::new(Code::SubnetOverlap, Severity::Error, &fields)
                        .ranges([Span::Cidr(previous.cidr), Span::Cidr(subnet.cidr)])
                        .message(t!("{0} and {1} overlap; Hetzner subnets in one network never overlap", previous.text(), subnet.text()))
                        .symptom(t!("terraform apply fails creating the second hcloud_network_subnet (invalid_input)"))
                        .fix(t!("give the pool a subnet_ip_range no other subnet uses, or drop it to use the module's subnet")),
                );
            }
        }
        if widest.is_none_or(|w| w.cidr.broadcast() < subnet.cidr.broadcast()) {
            widest = Some(subnet);
        }
    }
}

/// The address part of `subnet-too-small`: a pinned node IP that Terraform computes but
/// Hetzner refuses, the subnet's network address, gateway or broadcast address. (Host
/// numbers past the subnet fail in Terraform's `cidrhost`: the module's own error.)
fn pinned_addresses(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(offset) = ctx.layout.node_ip_offset else {
        return;
    };
    for subnet in ctx.layout.subnets.iter().filter(|s| {
        matches!(s.role, Role::Agent | Role::ControlPlane)
            && s.nodes > 0
            && !s.ips_assigned_by_hetzner
    }) {
        let size = size(subnet.cidr);
        let last = offset.saturating_add(subnet.nodes).saturating_sub(1);
        if last >= size {
            continue;
        }
        let what = if offset == 0 {
            (0, t!("the subnet's network address"))
        } else if offset <= 1 {
            (1, t!("the subnet's gateway"))
        } else if last + 1 == size {
            (last, t!("the subnet's broadcast address"))
        } else {
            continue;
        };
        let fit = agents_that_fit(size, offset);
        let field = match (subnet.role, subnet.pool) {
            (Role::ControlPlane, _) => Field::ControlPlanes,
            (_, Some(k)) if subnet.index.is_none() => Field::AgentSubnetRange(k),
            _ => Field::Agents,
        };
        findings.push(
            Finding::new(Code::SubnetTooSmall, Severity::Error, &[field, Field::SubnetCount])
                .ranges([Span::Cidr(subnet.cidr)])
                .message(t!("{0} pins nodes from host {1} on; {2} planned nodes reach host {3}, and host {4} is {5}. {6} nodes fit", subnet.text(), offset, subnet.nodes, last, what.0, what.1, fit))
                .symptom(t!("terraform apply fails: Hetzner refuses the server's private IP (invalid_input)"))
                .fix(t!("keep at most {0} nodes in the pool (add another pool for the rest), or use fewer, larger subnets (a smaller subnet_count)", fit)),
        );
    }
}
