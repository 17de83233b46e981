//! Releases 2.18.0 to 2.18.5: the NAT router, load balancers pinned near the end of their
//! subnet, and 2.18.0's one-off layout of the network in quarters.

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::allocation::{subnet, Allocation, Input};
use super::indexes::index_remedy;
use super::terraform::{
    cidrhost, cidrsubnet_error, no_such_index, CHECK, FUNCTION_CALL, INVALID_INDEX,
    INVALID_VARIABLE,
};
use crate::model::profile::Nat;
use crate::model::Grid;
use crate::model::NatRouter;
use crate::model::Role;
use crate::model::{Code, Era, Field};
use crate::model::{Peripheral, Remedy};
use crate::net::cidrsubnet;

/// 2.18.0 (locals.tf:307-310): `network_ipv4_subnets = [for index in range(4) :
/// cidrsubnet(var.network_ipv4_cidr, 2, index)]`, agents in `cidrsubnet(quarter 0, 8, i)`,
/// control planes in `cidrsubnet(quarter 1, 8, i)`, the NAT router in quarter 2.
pub(super) fn quarters(network: Ipv4Net, out: &mut Allocation) -> Option<Grid> {
    let Some(quarter) = cidrsubnet(network, 2, 0) else {
        out.error(
            Code::NetworkTooSmall,
            FUNCTION_CALL,
            cidrsubnet_error(network, 2),
            "locals.tf:307 @2.18.0",
            t!("the network's quarters"),
            &[Field::Network],
            Remedy::NetworkOf22,
        );
        return None;
    };
    if quarter.prefix_len() > 24 {
        out.error(
            Code::NetworkTooSmall,
            FUNCTION_CALL,
            cidrsubnet_error(quarter, 8),
            "locals.tf:308 @2.18.0",
            t!("the quarter's 256 nodepool subnets"),
            &[Field::Network, Field::ModuleVersion],
            Remedy::Upgrade2_18_1,
        );
        return None;
    }
    Some(Grid::Quarters { network })
}

/// 2.18.0: control-plane pool `k` takes `cidrsubnet(quarter 1, 8, k)` (main.tf:42).
pub(super) fn control_plane_subnet(network: Ipv4Net, k: usize) -> Option<Ipv4Net> {
    cidrsubnet(network, 2, 1).and_then(|q| cidrsubnet(q, 8, u64::try_from(k).ok()?))
}

/// 2.18.0: the peripherals subnet (quarter 2) always exists (main.tf:53-57), and the NAT
/// router sits on its host 1 (nat-router.tf:2).
pub(super) fn peripherals(input: &Input, network: Ipv4Net, out: &mut Allocation) {
    let Some(cidr) = cidrsubnet(network, 2, 2) else {
        return;
    };
    out.layout
        .subnets
        .push(subnet(Role::Peripherals, None, Some(2), cidr, 0));
    let ip = match cidrhost(cidr, 1) {
        Ok(ip) => ip,
        Err(detail) => {
            out.error(
                Code::SubnetTooSmall,
                FUNCTION_CALL,
                detail,
                "nat-router.tf:2 @2.18.0",
                t!("the NAT router's IP"),
                &[Field::Network],
                Remedy::LargerNetwork,
            );
            return;
        }
    };
    if input.nat() {
        router(ip, vec![ip], out);
        if let Some(s) = out.layout.subnets.last_mut() {
            s.nodes = 1;
            s.node_ips = vec![ip];
        }
    }
}

/// 2.18.1 on: the NAT router's subnet `network_ipv4_subnets[var.nat_router_subnet_index]`
/// (main.tf:62 at 2.18.1), the router on host 1 (nat-router.tf:2); from 2.19.2 a redundant
/// pair on hosts 2 and 3 behind a floating gateway on host 1 (nat-router.tf:2-13).
pub(super) fn nat_router(input: &Input, grid: Grid, out: &mut Allocation) {
    let index = input.plan.nat_router_subnet_index;
    let era = input.era;
    let fields = [Field::NatRouterIndex, Field::SubnetCount];
    if !input.nat() {
        return;
    }
    let Some(cidr) = grid.subnet(u64::from(index)) else {
        out.error(
            Code::SubnetIndexCollision,
            INVALID_INDEX,
            no_such_index(i64::from(index), u64::from(grid.count())),
            super::sources::subnet_source(era, super::sources::SubnetOf::NatRouter),
            t!("the NAT router's subnet (index {0})", index),
            &fields,
            index_remedy(input, Peripheral::NatRouter, grid.count()),
        );
        return;
    };
    let pair = era.profile().nat == Nat::Redundant;
    let redundant = pair && input.plan.nat_router == NatRouter::Redundant;
    let hosts: &[i64] = if redundant { &[1, 2, 3] } else { &[1] };
    let mut ips = Vec::new();
    for &host in hosts {
        match cidrhost(cidr, host) {
            Ok(ip) => ips.push(ip),
            Err(detail) => out.error(
                Code::SubnetTooSmall,
                FUNCTION_CALL,
                detail,
                if pair {
                    "nat-router.tf:2-13 @2.19.2"
                } else {
                    "nat-router.tf:2 @2.18.1"
                },
                t!("the NAT router's IPs"),
                &[Field::Network, Field::SubnetCount],
                Remedy::FewerLargerSubnets,
            ),
        }
    }
    if ips.len() < hosts.len() {
        return;
    }
    let mut s = subnet(Role::NatRouter, None, Some(index), cidr, 0);
    let gateway = ips.first().copied();
    let routers: Vec<Ipv4Addr> = if redundant {
        ips.into_iter().skip(1).collect()
    } else {
        ips
    };
    s.nodes = routers.len() as u64;
    s.node_ips = routers.clone();
    out.layout.subnets.push(s);
    if let Some(gateway) = gateway {
        router(gateway, routers, out);
    }
}

/// The NAT router's variable checks, which Terraform runs whatever the network: the subnet
/// index within 0 to 255 (variables.tf:146 at 2.18.1, until 2.19.0), and the rule that a
/// router needs the control-plane load balancer.
pub(super) fn nat_checks(input: &Input, out: &mut Allocation) {
    if (Era::V2_18_1..Era::V2_19_0).contains(&input.era) {
        out.require(
            Code::SubnetIndexCollision,
            input.plan.nat_router_subnet_index <= 255,
            INVALID_VARIABLE,
            "NAT router subnet index must be between 0 and 255.",
            "variables.tf:146 @2.18.1",
            &[Field::NatRouterIndex, Field::SubnetCount],
            index_remedy(input, Peripheral::NatRouter, 256),
        );
    }
    if input.nat() {
        needs_control_plane_lb(input, out);
    }
}

/// The router's addresses and the network route through it.
fn router(gateway: Ipv4Addr, routers: Vec<Ipv4Addr>, out: &mut Allocation) {
    out.layout.nat_router_ips = routers;
    out.layout.nat_gateway_ip = Some(gateway);
}

/// The module's rule that a NAT router needs the control-plane load balancer: a
/// validation in 2.18.0 to 2.18.4, a `check` warning from 2.18.5, a precondition in 3.x.
fn needs_control_plane_lb(input: &Input, out: &mut Allocation) {
    if input.plan.control_plane_lb || input.era >= Era::V3_0_0 {
        return;
    }
    let fields = [Field::NatRouter, Field::ControlPlaneLb];
    if input.era < Era::V2_18_5 {
        out.require(
            Code::TerraformError,
            false,
            INVALID_VARIABLE,
            "If you enable the use of a NAT router, you must set use_control_plane_lb=true.",
            "variables.tf:136 @2.18.0",
            &fields,
            Remedy::ControlPlaneLbForNat,
        );
    } else {
        out.warnings.push(super::allocation::PlanError {
            code: Code::TerraformError,
            summary: CHECK,
            detail: "When nat_router is enabled, use_control_plane_lb must be set to true.".into(),
            source: "locals.tf:1368 @2.18.5",
            what: "the module's own check".into(),
            fields: fields.to_vec(),
            remedy: Remedy::ControlPlaneLbForNat,
        });
    }
}
