//! Releases 3.0.0 to 3.1.0: `subnet_count`, the shared subnet mode, node IPs chosen by
//! Hetzner (control planes always, agents in 3.0.0), and the validation contract
//! (validation-contract.tf) that checks subnet indexes before anything is created.

use std::net::Ipv4Addr;

use super::allocation::{subnet, Allocation, Input};
use super::indexes::index_remedy;
use super::terraform::{
    cidrhost, no_such_index, FUNCTION_CALL, INVALID_INDEX, INVALID_VARIABLE, PRECONDITION,
};
use crate::model::profile::LbIp;
use crate::model::Grid;
use crate::model::Role;
use crate::model::{Code, Era, Field};
use crate::model::{IngressController, NatRouter};
use crate::model::{Peripheral, Remedy};
use crate::net::is_private;
use crate::platform::MAX_SUBNETS;

const CONTRACT: &str = "validation-contract.tf:6 @3.0.0";

/// One control-plane node, or an odd number (variables.tf:1107 at 3.0.0).
pub(super) fn quorum(input: &Input, out: &mut Allocation) {
    let nodes = input.control_plane_nodes();
    out.require(
        Code::TerraformError,
        nodes == 1 || nodes % 2 == 1,
        INVALID_VARIABLE,
        "Control plane node count must be 1 or an odd number for etcd quorum safety.",
        "variables.tf:1107 @3.0.0",
        &[Field::ControlPlanes],
        Remedy::OddControlPlaneNodes,
    );
}

/// `network_subnet_mode = "shared"`: all control planes in the last subnet, all agents in
/// subnet 0 (main.tf:42 and :50 at 3.0.0); from 3.0.1 agents pinned by their index across
/// all pools, `shared_agent_private_ipv4_index_by_node` plus the offset (agents.tf:93-96).
pub(super) fn shared_pools(input: &Input, grid: Grid, offset: u64, out: &mut Allocation) {
    if let Some(cidr) = grid.subnet(0) {
        let mut agents = subnet(Role::Agent, None, Some(0), cidr, input.agent_nodes());
        if input.era == Era::V3_0_0 {
            agents.ips_assigned_by_hetzner = true;
        } else {
            out.pin(
                &mut agents,
                super::allocation::listed(
                    0..input.agent_nodes(),
                    true,
                    input.agent_nodes(),
                    cidr,
                    offset,
                )
                .into_iter(),
                offset,
                "agents.tf:93-96 @3.0.1",
                Field::Agents,
            );
        }
        out.layout.subnets.push(agents);
    }
    let last = grid.count().saturating_sub(1);
    if let Some(cidr) = grid.subnet(u64::from(last)) {
        let mut cp = subnet(
            Role::ControlPlane,
            None,
            Some(last),
            cidr,
            input.control_plane_nodes(),
        );
        cp.ips_assigned_by_hetzner = true;
        out.layout.subnets.push(cp);
    }
}

/// The subnet indexes control-plane and agent subnets take
/// (`validation_reserved_primary_network_subnet_indexes`, locals.tf at 3.0.0).
/// A set of indexes: a list without repeats (a few dozen at most, so a search is cheap and
/// the page carries no tree set for it).
fn reserved(input: &Input, count: u32) -> Vec<i64> {
    let count = i64::from(count);
    let mut set = Vec::new();
    if input.shared() {
        add(&mut set, [0, count - 1]);
    } else {
        add(&mut set, 0..input.plan.agents.len() as i64);
        add(
            &mut set,
            (0..input.plan.control_planes.len() as i64).map(|k| count - 1 - k),
        );
    }
    set
}

/// Adds each index `set` does not hold yet.
fn add(set: &mut Vec<i64>, indexes: impl IntoIterator<Item = i64>) {
    for index in indexes {
        if !set.contains(&index) {
            set.push(index);
        }
    }
}

/// The 3.x variable validations and the `validation_contract` preconditions on addresses,
/// and robot-nodes.tf, which reads the vSwitch's subnet even without a vSwitch.
pub(super) fn contract(input: &Input, network: ipnet::Ipv4Net, out: &mut Allocation) {
    ranges_contract(input, network, out);
    nat_contract(input, out);
    index_contract(input, out);
    robot_nodes(input, out);
}

/// The contract on the four values: the network private, the ranges valid and apart, the
/// DNS address valid.
fn ranges_contract(input: &Input, network: ipnet::Ipv4Net, out: &mut Allocation) {
    let plan = input.plan;
    // variables.tf:518: the network's first address in 10/8, 172.16/12 or 192.168/16.
    out.require(
        Code::NetworkNotPrivate,
        is_private(ipnet::Ipv4Net::from(network.network())),
        INVALID_VARIABLE,
        "network_ipv4_cidr must be a valid RFC1918 IPv4 CIDR.",
        "variables.tf:518 @3.0.0",
        &[Field::Network],
        Remedy::PrivateRange,
    );
    for (text, field, message) in [
        (
            &plan.cluster_ipv4_cidr,
            Field::Cluster,
            "cluster_ipv4_cidr must be empty or a valid IPv4 CIDR.",
        ),
        (
            &plan.service_ipv4_cidr,
            Field::Service,
            "service_ipv4_cidr must be empty or a valid IPv4 CIDR.",
        ),
    ] {
        let valid = text.trim().is_empty() || text.parse::<ipnet::Ipv4Net>().is_ok();
        out.require(
            Code::InvalidCidr,
            valid,
            INVALID_VARIABLE,
            message,
            "variables.tf:558-572 @3.0.0",
            &[field],
            Remedy::WriteCidr,
        );
    }
    out.require(
        Code::PodServiceOverlap,
        plan.cluster_ipv4_cidr.trim() != plan.service_ipv4_cidr.trim(),
        PRECONDITION,
        "cluster_ipv4_cidr and service_ipv4_cidr must not be identical.",
        CONTRACT,
        &[Field::Cluster, Field::Service],
        Remedy::SeparateRanges,
    );
    let dns = &plan.cluster_dns_ipv4;
    out.require(Code::InvalidIp,
        dns.is_empty() || (dns.parse::<Ipv4Addr>().is_ok() && !plan.service_ipv4_cidr.trim().is_empty()),
        PRECONDITION,
        "cluster_dns_ipv4 must be a valid IPv4 address and requires service_ipv4_cidr to be enabled.",
        CONTRACT,
        &[Field::Dns],
        Remedy::WriteIpOrEmpty,
    );
}

/// The contract on the NAT router: room for its subnets, and a way to reach the API and
/// the ingress behind it.
fn nat_contract(input: &Input, out: &mut Allocation) {
    let plan = input.plan;
    let count = plan.subnet_count;
    let nat = input.nat();
    let routers = match plan.nat_router {
        NatRouter::Off => 0,
        NatRouter::On => 1,
        NatRouter::Redundant => 2,
    };
    let pools = if input.shared() {
        2
    } else {
        plan.control_planes.len() + plan.agents.len()
    };
    out.require(
        Code::SubnetIndexCollision,
        u64::from(count) >= (pools + routers) as u64,
        PRECONDITION,
        "Subnet amount is too small for the selected network_subnet_mode and NAT router settings.",
        CONTRACT,
        &[
            Field::SubnetCount,
            Field::Agents,
            Field::ControlPlanes,
            Field::NatRouter,
        ],
        Remedy::MoreSubnetsOrShared,
    );
    out.require(Code::TerraformError,
        !nat || plan.control_plane_lb || plan.tailscale,
        PRECONDITION,
        "When nat_router is enabled, enable_control_plane_load_balancer must be set to true unless node_transport_mode=\"tailscale\" provides the API/kubeconfig path through the tailnet.",
        CONTRACT,
        &[Field::NatRouter, Field::ControlPlaneLb],
        Remedy::EnableControlPlaneLb,
    );
    // Behind a NAT router over Tailscale, no node has a public IP for a Hetzner ingress load
    // balancer to reach.
    out.require(Code::TerraformError,
        !nat
            || !plan.tailscale
            || plan.klipper_metal_lb
            || matches!(plan.ingress_controller, IngressController::None | IngressController::Custom),
        PRECONDITION,
        "nat_router with node_transport_mode=\"tailscale\" makes Terraform-managed nodes private-only. Use Klipper/MetalLB, ingress_controller=\"custom\"/\"none\", or an external load balancer instead of managed Hetzner ingress.",
        CONTRACT,
        &[Field::NatRouter, Field::Tailscale, Field::IngressController],
        Remedy::KlipperOrNoIngress,
    );
}

/// The contract on subnet indexes: the NAT router's and the vSwitch's within the count,
/// clear of the nodepools' and of each other, and Hetzner's 50 subnets.
fn index_contract(input: &Input, out: &mut Allocation) {
    let plan = input.plan;
    let count = plan.subnet_count;
    let nat = input.nat();
    let reserved = reserved(input, count);
    let nat_index = i64::from(plan.nat_router_subnet_index);
    let vswitch_index = i64::from(plan.vswitch_subnet_index);
    let nat_fields = [Field::NatRouterIndex, Field::SubnetCount];
    let vswitch_fields = [Field::VswitchIndex, Field::SubnetCount];
    out.require(Code::SubnetIndexCollision, !nat || plan.nat_router_subnet_index < count, PRECONDITION, "NAT router subnet index must be zero or greater, and lower than subnet_count when nat_router is enabled.", CONTRACT, &nat_fields, index_remedy(input, Peripheral::NatRouter, count));
    out.require(
        Code::SubnetIndexCollision,
        !nat || !reserved.contains(&nat_index),
        PRECONDITION,
        "nat_router_subnet_index must not collide with control-plane or agent subnet indexes.",
        CONTRACT,
        &nat_fields,
        index_remedy(input, Peripheral::NatRouter, count),
    );
    let with_nat = reserved.len() + usize::from(nat && !reserved.contains(&nat_index));
    out.require(Code::TooManySubnets, !nat || with_nat as u64 <= MAX_SUBNETS, PRECONDITION, "Hetzner Cloud Networks support at most 50 subnets. Disable NAT router subnet creation or reduce primary-network subnet allocations.", CONTRACT, &[Field::NatRouter, Field::Agents], Remedy::MergePoolsOrShared);
    let vswitch = plan.vswitch;
    out.require(Code::SubnetIndexCollision, !vswitch || plan.vswitch_subnet_index < count, PRECONDITION, "vSwitch subnet index must be zero or greater, and lower than subnet_count when vswitch_id is set.", CONTRACT, &vswitch_fields, index_remedy(input, Peripheral::Vswitch, count));
    out.require(Code::SubnetIndexCollision, !vswitch || !nat || vswitch_index != nat_index, PRECONDITION, "vswitch_subnet_index must not equal nat_router_subnet_index when both vSwitch and nat_router are enabled.", CONTRACT, &[Field::VswitchIndex, Field::NatRouterIndex], index_remedy(input, Peripheral::Vswitch, count));
    out.require(
        Code::SubnetIndexCollision,
        !vswitch || !reserved.contains(&vswitch_index),
        PRECONDITION,
        "vswitch_subnet_index must not collide with control-plane or agent subnet indexes.",
        CONTRACT,
        &vswitch_fields,
        index_remedy(input, Peripheral::Vswitch, count),
    );
    let mut all = reserved.clone();
    add(
        &mut all,
        nat.then_some(nat_index).into_iter().chain([vswitch_index]),
    );
    out.require(Code::TooManySubnets, !vswitch || all.len() as u64 <= MAX_SUBNETS, PRECONDITION, "Hetzner Cloud Networks support at most 50 subnets. Disable vSwitch subnet creation or reduce primary-network subnet allocations.", CONTRACT, &[Field::VswitchIndex, Field::Agents], Remedy::MergePoolsOrShared);
    out.require(Code::TooManySubnets,
        input.shared() || (plan.control_planes.len() + plan.agents.len()) as u64 <= MAX_SUBNETS,
        PRECONDITION,
        "network_subnet_mode = \"per_nodepool\" creates one subnet per control-plane and agent nodepool, but Hetzner Cloud Networks support at most 50 subnets.",
        CONTRACT,
        &[Field::Agents, Field::ControlPlanes, Field::SubnetMode],
        Remedy::MergePoolsOrShared,
    );
}

/// robot-nodes.tf:10-11 at 3.0.0: `cidrhost(local.network_ipv4_subnets[var.vswitch_subnet_index], 1)`
/// is a local, so Terraform evaluates it with or without a vSwitch.
fn robot_nodes(input: &Input, out: &mut Allocation) {
    // Without the subnet list, Terraform has failed before reading it.
    let Some(grid) = out.grid else {
        return;
    };
    let count = grid.count();
    let index = input.plan.vswitch_subnet_index;
    let fields = [Field::VswitchIndex, Field::SubnetCount];
    match grid.subnet(u64::from(index)) {
        None => out.error(
            Code::SubnetIndexCollision,
            INVALID_INDEX,
            no_such_index(i64::from(index), u64::from(count)),
            "robot-nodes.tf:10 @3.0.0",
            t!(
                "the vSwitch subnet index {0}, read even without a vSwitch",
                index
            ),
            &fields,
            index_remedy(input, Peripheral::Vswitch, count),
        ),
        Some(cidr) => {
            if let Err(detail) = cidrhost(cidr, 1) {
                out.error(
                    Code::SubnetTooSmall,
                    FUNCTION_CALL,
                    detail,
                    "robot-nodes.tf:10 @3.0.0",
                    t!("the vSwitch subnet's gateway, read even without a vSwitch"),
                    &[Field::SubnetCount, Field::Network],
                    Remedy::FewerSubnets,
                );
            }
        }
    }
}

/// The ingress load balancer's host from 3.0.0: -3 where the control-plane load balancer
/// already holds -2 of the same subnet, control-plane subnet 0 when there is no agent
/// subnet (init.tf:29-35 at 3.0.0).
pub(super) fn ingress_host(input: &Input, ip: LbIp, no_agent_subnet: bool) -> LbIp {
    match ip {
        LbIp::Host(-2, source)
            if input.era >= Era::V3_0_0 && input.plan.control_plane_lb && no_agent_subnet =>
        {
            LbIp::Host(-3, source)
        }
        other => other,
    }
}

/// Whether the ingress load balancer stays off the network: from 3.0.0 a cross-network
/// transport (Tailscale) leaves it unattached (init.tf:24 at 3.0.0,
/// `local.cross_network_transport_enabled`).
pub(super) fn tailscale_detaches_ingress(input: &Input) -> bool {
    input.era >= Era::V3_0_0 && input.plan.tailscale
}
