//! Releases 2.19.0 to 2.21.0: `subnet_amount` equal subnets, a smaller node offset in
//! networks smaller than /16, an agent pool's own subnet, and the Robot vSwitch.

use super::allocation::{subnet, Allocation, Input};
use super::indexes::index_remedy;
use super::terraform::{
    cidrsubnet_error, no_such_index, FUNCTION_CALL, INVALID_INDEX, INVALID_VARIABLE, PRECONDITION,
};
use crate::model::profile::Nat;
use crate::model::Grid;
use crate::model::NatRouter;
use crate::model::Role;
use crate::model::{Code, Era, Field};
use crate::model::{Peripheral, Remedy};

/// The most values Terraform's `range()` makes.
pub(crate) const MAX_RANGE: u32 = 1024;

/// The offset node IPs start from (agents.tf:40 at 2.19.0):
/// `network_size >= 16 ? 101 : floor(pow(subnet_size, 2) * 0.4)`, where `network_size`
/// is the network's host bits and `subnet_size` a subnet's.
pub(super) fn node_offset(network: ipnet::Ipv4Net, grid: Grid) -> u64 {
    let network_size = 32 - u64::from(network.prefix_len());
    if network_size >= 16 {
        return super::v2_0::NODE_OFFSET;
    }
    let subnet_size = 32u64.saturating_sub(u64::from(grid.prefix()));
    // floor(s² · 0.4) in integers.
    subnet_size * subnet_size * 2 / 5
}

/// `network_ipv4_subnets = [for index in range(var.subnet_amount) :
/// cidrsubnet(var.network_ipv4_cidr, log(var.subnet_amount, 2), index)]` (locals.tf:371 at
/// 2.19.0; `subnet_count` in 3.x), with the amount's checks.
pub(super) fn grid(input: &Input, network: ipnet::Ipv4Net, out: &mut Allocation) -> Option<Grid> {
    amount_checks(input, network, out);
    cut(
        input.plan.subnet_count,
        input.era >= Era::V3_0_0,
        network,
        out,
    )
}

/// The variable validations and preconditions on `subnet_amount` (`subnet_count` in 3.x):
/// a power of two, no more subnets than the network holds, enough for every nodepool.
fn amount_checks(input: &Input, network: ipnet::Ipv4Net, out: &mut Allocation) {
    let era = input.era;
    let amount = input.plan.subnet_count;
    let v3 = era >= Era::V3_0_0;
    let fields = [Field::SubnetCount, Field::Network];
    power_of_two(amount, v3, out);
    let host_bits = 32 - u32::from(network.prefix_len());
    let fits = u64::from(amount) <= 1u64 << host_bits;
    let (summary, source) = if era >= Era::V2_20_0 {
        (PRECONDITION, "init.tf:82-101 @2.20.0")
    } else {
        (INVALID_VARIABLE, "variables.tf:136-140 @2.19.0")
    };
    if v3 {
        out.require(Code::SubnetCountInvalid, fits, PRECONDITION, "The network CIDR is too small for the requested subnet amount. Reduce subnet_count or use a larger network.", "validation-contract.tf:6 @3.0.0", &fields, Remedy::FewerSubnets);
    } else {
        out.require(Code::SubnetCountInvalid, fits, summary, "The network CIDR is too small for the requested subnet amount. Reduce subnet_amount or use a larger network.", source, &fields, Remedy::FewerSubnets);
        // Every pool, and the NAT router (two subnets' worth when redundant from 2.19.2).
        let nat = match input.plan.nat_router {
            NatRouter::Off => 0,
            NatRouter::Redundant if era.profile().nat == Nat::Redundant => 2,
            _ => 1,
        };
        let needed = input.plan.control_planes.len() + input.plan.agents.len() + nat;
        out.require(Code::SubnetIndexCollision,
            u64::from(amount) >= needed as u64,
            summary,
            "Subnet amount must be large enough so that a subnet for each agent pool, each control plane pool and (if enabled) the nat router can be created in the network.",
            source,
            &[Field::SubnetCount, Field::Agents, Field::ControlPlanes],
            Remedy::MoreSubnetsOrFewerPools,
        );
        index_checks(input, amount, out);
    }
}

/// `subnet_amount` a power of two (and from 3.0.0 above zero).
fn power_of_two(amount: u32, v3: bool, out: &mut Allocation) {
    let fields = [Field::SubnetCount, Field::Network];
    if v3 {
        out.require(
            Code::SubnetCountInvalid,
            amount > 0 && amount.is_power_of_two(),
            INVALID_VARIABLE,
            "Subnet amount must be a power of 2.",
            "variables.tf:538 @3.0.0",
            &fields,
            Remedy::PowerOfTwo,
        );
        out.require(
            Code::SubnetCountInvalid,
            amount > 0,
            INVALID_VARIABLE,
            "Subnet amount must be greater than 0.",
            "variables.tf:542 @3.0.0",
            &fields,
            Remedy::PowerOfTwo,
        );
    } else {
        // floor(log(0, 2)) == log(0, 2) holds (both -Inf): 0 passes this check.
        out.require(
            Code::SubnetCountInvalid,
            amount == 0 || amount.is_power_of_two(),
            INVALID_VARIABLE,
            "Subnet amount must be a power of 2.",
            "variables.tf:131 @2.19.0",
            &fields,
            Remedy::PowerOfTwo,
        );
    }
}

/// `cidrsubnet(network, log(amount, 2), i)` for `i` in `range(amount)`, where Terraform
/// can evaluate it.
fn cut(amount: u32, v3: bool, network: ipnet::Ipv4Net, out: &mut Allocation) -> Option<Grid> {
    let fields = [Field::SubnetCount, Field::Network];
    // Terraform's range() makes at most 1024 values.
    if amount > MAX_RANGE {
        out.error(
            Code::SubnetCountInvalid,
            FUNCTION_CALL,
            "Call to function \"range\" failed: more than 1024 values were generated; either decrease the difference between start and end or use a smaller step.",
            "locals.tf:371 @2.19.0",
            t!("the network's subnets"),
            &fields,
            Remedy::AtMost1024Subnets,
        );
        return None;
    }
    if amount == 0 {
        // range(0): no subnets, so every index the module reads is missing.
        return (!v3).then_some(Grid::Split {
            network,
            bits: 0,
            count: 0,
        });
    }
    let Some(bits) = crate::net::exact_log2(amount) else {
        // cidrsubnet(network, log(n, 2), i) with a fractional log.
        out.error(
            Code::SubnetCountInvalid,
            FUNCTION_CALL,
            "Call to function \"cidrsubnet\" failed: value must be a whole number, between -9223372036854775808 and 9223372036854775807.",
            "locals.tf:371 @2.19.0",
            t!("the network's subnets"),
            &fields,
            Remedy::PowerOfTwo,
        );
        return None;
    };
    if u32::from(network.prefix_len()) + u32::from(bits) > 32 {
        out.error(
            Code::SubnetCountInvalid,
            FUNCTION_CALL,
            cidrsubnet_error(network, bits),
            "locals.tf:371 @2.19.0",
            t!("the network's subnets"),
            &fields,
            Remedy::FewerSubnets,
        );
        return None;
    }
    Some(Grid::Split {
        network,
        bits,
        count: amount,
    })
}

/// The NAT router's and vSwitch's index checks: variable validations that hold whether or
/// not the router or vSwitch is on (2.19.0 to 2.19.3), preconditions only when they are on
/// (2.20.0 on).
fn index_checks(input: &Input, amount: u32, out: &mut Allocation) {
    let plan = input.plan;
    let nat_fields = [Field::NatRouterIndex, Field::SubnetCount];
    let vswitch_fields = [Field::VswitchIndex, Field::SubnetCount];
    if input.era < Era::V2_20_0 {
        out.require(
            Code::SubnetIndexCollision,
            plan.nat_router_subnet_index < amount,
            INVALID_VARIABLE,
            "NAT router subnet index must be between 0 and subnet_amount.",
            "variables.tf:182 @2.19.0",
            &nat_fields,
            index_remedy(input, Peripheral::NatRouter, amount),
        );
        out.require(
            Code::SubnetIndexCollision,
            plan.vswitch_subnet_index <= 255,
            INVALID_VARIABLE,
            "vSwitch subnet index must be between 0 and 255.",
            "variables.tf:193 @2.19.0",
            &vswitch_fields,
            index_remedy(input, Peripheral::Vswitch, amount.min(256)),
        );
    } else {
        out.require(
            Code::SubnetIndexCollision,
            !input.nat() || plan.nat_router_subnet_index < amount,
            PRECONDITION,
            "NAT router subnet index must be lower than subnet_amount when nat_router is enabled.",
            "init.tf:82-101 @2.20.0",
            &nat_fields,
            index_remedy(input, Peripheral::NatRouter, amount),
        );
        out.require(
            Code::SubnetIndexCollision,
            !plan.vswitch || plan.vswitch_subnet_index < amount,
            PRECONDITION,
            "vSwitch subnet index must be lower than subnet_amount when vswitch_id is set.",
            "init.tf:82-101 @2.20.0",
            &vswitch_fields,
            index_remedy(input, Peripheral::Vswitch, amount),
        );
    }
}

/// At least one control-plane nodepool and node (variables.tf:290-294 at 2.19.0).
pub(super) fn control_plane_checks(input: &Input, out: &mut Allocation) {
    let pools = &input.plan.control_planes;
    let fields = [Field::ControlPlanes];
    out.require(Code::TerraformError, !pools.is_empty(), INVALID_VARIABLE, "At least one control plane nodepool is required. Kubernetes cannot run without control plane nodes.", "variables.tf:290 @2.19.0", &fields, Remedy::AddControlPlanePool);
    out.require(Code::TerraformError, pools.is_empty() || input.control_plane_nodes() >= 1, INVALID_VARIABLE, "At least one control plane node is required (total count across all control_plane_nodepools must be >= 1).", "variables.tf:294 @2.19.0", &fields, Remedy::ControlPlaneNodes);
}

/// The vSwitch's subnet `network_ipv4_subnets[var.vswitch_subnet_index]` when a vSwitch is
/// coupled (main.tf:72 at 2.19.0).
pub(super) fn vswitch(input: &Input, grid: Grid, out: &mut Allocation) {
    if !input.plan.vswitch {
        return;
    }
    let index = input.plan.vswitch_subnet_index;
    match grid.subnet(u64::from(index)) {
        Some(cidr) => out
            .layout
            .subnets
            .push(subnet(Role::Vswitch, None, Some(index), cidr, 0)),
        None => out.error(
            Code::SubnetIndexCollision,
            INVALID_INDEX,
            no_such_index(i64::from(index), u64::from(grid.count())),
            super::sources::subnet_source(input.era, super::sources::SubnetOf::Vswitch),
            t!("the vSwitch's subnet (index {0})", index),
            &[Field::VswitchIndex, Field::SubnetCount],
            index_remedy(input, Peripheral::Vswitch, grid.count()),
        ),
    }
}
