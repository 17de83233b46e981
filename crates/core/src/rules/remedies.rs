//! The words of every remedy the module's own errors call for (`model::Remedy`): how to
//! get past a Terraform error at `terraform plan`, and where it is one edit, the edit.

use crate::model::{Era, Fix, Peripheral, Remedy};
use crate::module::MAX_RANGE;
use crate::platform::{MAX_SERVERS, MAX_SUBNETS};
use crate::settings::Setting;

/// The fix a remedy stands for, named as the plan's release names its variables.
pub(crate) fn fix(remedy: &Remedy, era: Era) -> Fix {
    match *remedy {
        Remedy::MoveIndex { of, to } => move_index(of, to, era),
        Remedy::NodesFit { fits, offset } => format!(
            "at most {fits} nodes fit from host {offset}: move nodes to another pool, or use a larger network or fewer subnets"
        )
        .into(),
        Remedy::AtMostMaxAgentNodes => {
            format!("keep at most {MAX_SERVERS} agent nodes in one network").into()
        }
        Remedy::AtMost1024Subnets => {
            format!("use at most {MAX_RANGE} subnets (Hetzner takes {MAX_SUBNETS} in all)").into()
        }
        Remedy::FewerAgentPools => "use fewer agent pools or more subnets".into(),
        Remedy::FewerControlPlanePools => "use fewer control-plane pools or more subnets".into(),
        Remedy::AddControlPlanePool => "add a control-plane pool".into(),
        Remedy::AddAgentPoolBefore2_16 => {
            "add an agent pool (agent_nodepools cannot be empty before 2.16.0), or use 2.16.0 or later".into()
        }
        Remedy::AddAgentPoolOrNoIngress => "add an agent pool, or set ingress_controller = \"none\"".into(),
        Remedy::ControlPlaneNodes => "give a control-plane pool one node or more".into(),
        Remedy::OddControlPlaneNodes => "use 1, 3 or 5 control-plane nodes in all".into(),
        Remedy::MergePoolsOrShared => "merge nodepools, or use network_subnet_mode = \"shared\"".into(),
        Remedy::WriteOwnRange => "write the range as a.b.c.d/n, without spaces or quotes".into(),
        Remedy::WriteCidr => "write it as a.b.c.d/n".into(),
        Remedy::WriteIpOrEmpty => {
            "write it as a.b.c.d, or leave it empty for host 10 of the service range".into()
        }
        Remedy::PrivateRange => "use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16".into(),
        Remedy::SeparateRanges => "give pods and services two separate ranges".into(),
        Remedy::ServiceRangeOf28 => "use a service range of /28 or larger".into(),
        Remedy::NetworkOf24 => "use a network of /24 or larger".into(),
        Remedy::NetworkOf22 => "use a network of /22 or larger".into(),
        Remedy::Upgrade2_18_1 => "2.18.0 needs a network of /22 or larger; use 2.18.1 or later".into(),
        Remedy::Upgrade2_14_3 => {
            "every plan fails on 2.14.2 without an autoscaler pool: use 2.14.3 or later".into()
        }
        Remedy::LargerNetwork => "use a larger network".into(),
        Remedy::FewerLargerSubnets => {
            "use fewer, larger subnets (a smaller subnet_count) or a larger network".into()
        }
        Remedy::FewerSubnets => "use fewer subnets (a smaller subnet_count) or a larger network".into(),
        Remedy::MoreSubnetsOrFewerPools => "use a larger subnet_count, or fewer nodepools".into(),
        Remedy::MoreSubnetsOrShared => {
            "use a larger subnet_count, fewer nodepools, or network_subnet_mode = \"shared\"".into()
        }
        Remedy::PowerOfTwo => "use a power of two, such as 256 (the default)".into(),
        Remedy::NodeKeysBelow154 => "use node keys from 0 to 153".into(),
        Remedy::IngressControllerOfRelease => "pick one this release offers, or a newer release".into(),
        Remedy::ControlPlaneLbForNat => {
            "set use_control_plane_lb = true: with a NAT router the nodes have no public IP to reach the API on".into()
        }
        Remedy::EnableControlPlaneLb => "set enable_control_plane_load_balancer = true".into(),
        Remedy::KlipperOrNoIngress => {
            "set enable_klipper_metal_lb = true, or ingress_controller = \"none\" or \"custom\" and an ingress of your own".into()
        }
        Remedy::LbHost254 => {
            "upgrade to 2.18.5 or later, which takes the subnet's second-to-last address instead, or use a network of /16 or larger (subnets of /24 hold host 254)".into()
        }
        Remedy::LbHost1 => "use a larger network: each subnet needs more than one address".into(),
    }
}

/// A subnet index no nodepool takes, as an edit of its setting.
fn move_index(of: Peripheral, to: Option<u32>, era: Era) -> Fix {
    let setting = of.key();
    let variable = Setting::of(setting)
        .and_then(|s| (s.variable)(era))
        .unwrap_or(setting.as_str());
    match to {
        Some(index) => Fix::set(
            format!("set {variable} = {index}, a subnet index no nodepool takes"),
            setting,
            index,
        ),
        None => format!("use a larger subnet_count to make room for {variable}").into(),
    }
}
