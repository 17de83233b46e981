//! Releases 2.0.0 to 2.17.4: 256 equal subnets, control planes from the last one down,
//! agents from the first up, every node pinned from host 101.

use ipnet::Ipv4Net;

use super::allocation::{Allocation, Input};
use super::terraform::{
    cidrsubnet_error, EMPTY_SUM, FUNCTION_CALL, INVALID_ARGUMENT, INVALID_VARIABLE,
};
use crate::model::Grid;
use crate::model::IngressController;
use crate::model::Remedy;
use crate::model::{Code, Era, Field};
use crate::platform::MAX_SERVERS;

/// `cidrhost(subnet, each.value.index + 101)`: agents.tf:30 and control_planes.tf:32 at 2.0.0.
pub(super) const NODE_OFFSET: u64 = 101;

/// `network_ipv4_subnets = [for index in range(256) : cidrsubnet(var.network_ipv4_cidr, 8, index)]`
/// (locals.tf:92 at 2.0.0; unchanged in 2.18.1 to 2.18.5).
pub(super) fn grid(network: Ipv4Net, out: &mut Allocation) -> Option<Grid> {
    if network.prefix_len() > 24 {
        out.error(
            Code::NetworkTooSmall,
            FUNCTION_CALL,
            cidrsubnet_error(network, 8),
            "locals.tf:92 @2.0.0",
            t!("the network's 256 subnets"),
            &[Field::Network],
            Remedy::NetworkOf24,
        );
        return None;
    }
    Some(Grid::Split {
        network,
        bits: 8,
        count: 256,
    })
}

/// The module's node sums: `sum([])` fails on an empty list, and from 2.13.0 the agents
/// must stay within Hetzner's 100 servers.
pub(super) fn count_sums(input: &Input, out: &mut Allocation) {
    let era = input.era;
    // locals.tf:96 at 2.0.0: agent_count = sum([for v in var.agent_nodepools : v.count]),
    // guarded with length() > 0 from 2.16.0.
    if input.plan.agents.is_empty() && era < Era::V2_16_0 {
        out.error(
            Code::TerraformError,
            INVALID_ARGUMENT,
            EMPTY_SUM,
            "locals.tf:96 @2.0.0",
            t!("the agent count"),
            &[Field::Agents],
            Remedy::AddAgentPoolBefore2_16,
        );
    }
    // locals.tf:95 at 2.0.0: control_plane_count = sum(...), guarded from 3.0.0.
    if input.plan.control_planes.is_empty() && era < Era::V3_0_0 {
        out.error(
            Code::TerraformError,
            INVALID_ARGUMENT,
            EMPTY_SUM,
            "locals.tf:95 @2.0.0",
            t!("the control-plane count"),
            &[Field::ControlPlanes],
            Remedy::AddControlPlanePool,
        );
    }
    // locals.tf:228 at 2.14.2: autoscaler_max_count = sum(...) over the (default empty)
    // autoscaler_nodepools; guarded again in 2.14.3.
    if era == Era::V2_14_2 && input.plan.autoscaler_max_nodes == 0 {
        out.error(
            Code::TerraformError,
            INVALID_ARGUMENT,
            EMPTY_SUM,
            "locals.tf:228 @2.14.2",
            t!("the autoscaler's node count"),
            &[Field::ModuleVersion, Field::Autoscaler],
            Remedy::Upgrade2_14_3,
        );
    }
    agent_pool_validations(input, out);
}

/// `agent_nodepools`' validations from 2.13.0: node keys below 154, at most 100 agents.
fn agent_pool_validations(input: &Input, out: &mut Allocation) {
    let era = input.era;
    // variables.tf:1399 at 3.0.0 (variables.tf:254 from 2.13.0): a nodes map's keys stay below 154, "because
    // the private ip is derived from tonumber(key) + 101".
    if era >= Era::V2_13_0
        && input
            .plan
            .agents
            .iter()
            .any(|a| a.keys.iter().any(|&k| k >= 154))
    {
        out.require(
            Code::TerraformError,
            false,
            INVALID_VARIABLE,
            "The key for each individual node in a nodepool must be a stable integer in the range [0, 153] cast as a string.",
            "variables.tf:1399 @3.0.0",
            &[Field::Agents],
            Remedy::NodeKeysBelow154,
        );
    }
    // variables.tf agent_nodepools validation from 2.13.0: at most 100 agents.
    if era >= Era::V2_13_0 && input.agent_nodes() > MAX_SERVERS {
        let (message, source) = if era >= Era::V3_0_0 {
            (
                "Each Hetzner private network supports at most 100 attached servers. Use different network_id values to spread larger clusters.",
                "variables.tf:1413 @3.0.0",
            )
        } else {
            (
                "Hetzner does not support networks with more than 100 servers.",
                "variables.tf:260 @2.13.0",
            )
        };
        out.require(
            Code::TooManyServers,
            false,
            INVALID_VARIABLE,
            message,
            source,
            &[Field::Agents],
            Remedy::AtMostMaxAgentNodes,
        );
    }
}

/// `ingress_controller`'s own check: "haproxy" from 2.14.1 (variables.tf:386 at 2.14.1),
/// "custom" from 3.0.0 (variables.tf:2004 at 3.0.0); before, only traefik, nginx and none
/// (variables.tf:181 at 2.0.0).
pub(super) fn ingress_choice(input: &Input, out: &mut Allocation) {
    let release = &input.plan.module_version;
    let (allowed, message, source): (&[IngressController], &str, &'static str) =
        if input.era >= Era::V3_0_0 {
            (
                IngressController::ALL,
                "Must be one of \"traefik\" or \"nginx\" or \"haproxy\" or \"none\" or \"custom\"",
                "variables.tf:2004 @3.0.0",
            )
        } else if release.at_least(2, 14, 1) {
            (
                &[
                    IngressController::Traefik,
                    IngressController::Nginx,
                    IngressController::Haproxy,
                    IngressController::None,
                ],
                "Must be one of \"traefik\" or \"nginx\" or \"haproxy\" or \"none\"",
                "variables.tf:386 @2.14.1",
            )
        } else {
            (
                &[
                    IngressController::Traefik,
                    IngressController::Nginx,
                    IngressController::None,
                ],
                "Must be one of \"traefik\" or \"nginx\" or \"none\"",
                "variables.tf:181 @2.0.0",
            )
        };
    out.require(
        Code::TerraformError,
        allowed.contains(&input.plan.ingress_controller),
        INVALID_VARIABLE,
        message,
        source,
        &[Field::IngressController, Field::ModuleVersion],
        Remedy::IngressControllerOfRelease,
    );
}
