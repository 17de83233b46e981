//! The words of every remedy the module's own errors call for (`model::Remedy`): how to
//! get past a Terraform error at `terraform plan`, and where it is one edit, the edit.

use crate::model::{Era, Fix, Peripheral, Remedy};
use crate::module::MAX_RANGE;
use crate::platform::{MAX_SERVERS, MAX_SUBNETS};
use crate::settings::Setting;
use crate::text::{w, Text};

/// The fix a remedy stands for, named as the plan's release names its variables.
pub(crate) fn fix(remedy: &Remedy, era: Era) -> Fix {
    // Fixed words are picked here and made a sentence once, below (not at every arm).
    let words = match *remedy {
        Remedy::MoveIndex { of, to } => return move_index(of, to, era),
        Remedy::NodesFit { fits, offset } => return t!("at most {0} nodes fit from host {1}: move nodes to another pool, or use a larger network or fewer subnets", fits, offset)
        .into(),
        Remedy::AtMostMaxAgentNodes => {
            return t!("keep at most {0} agent nodes in one network", MAX_SERVERS).into()
        }
        Remedy::AtMost1024Subnets => {
            return t!("use at most {0} subnets (Hetzner takes {1} in all)", MAX_RANGE, MAX_SUBNETS).into()
        }
        Remedy::FewerAgentPools => w("use fewer agent pools or more subnets"),
        Remedy::FewerControlPlanePools => w("use fewer control-plane pools or more subnets"),
        Remedy::AddControlPlanePool => w("add a control-plane pool"),
        Remedy::AddAgentPoolBefore2_16 => w("add an agent pool (agent_nodepools cannot be empty before 2.16.0), or use 2.16.0 or later"),
        Remedy::AddAgentPoolOrNoIngress => w("add an agent pool, or set ingress_controller = \"none\""),
        Remedy::ControlPlaneNodes => w("give a control-plane pool one node or more"),
        Remedy::OddControlPlaneNodes => w("use 1, 3 or 5 control-plane nodes in all"),
        Remedy::MergePoolsOrShared => w("merge nodepools, or use network_subnet_mode = \"shared\""),
        Remedy::WriteOwnRange => w("write the range as a.b.c.d/n, without spaces or quotes"),
        Remedy::WriteCidr => w("write it as a.b.c.d/n"),
        Remedy::WriteIpOrEmpty => w("write it as a.b.c.d, or leave it empty for host 10 of the service range"),
        Remedy::PrivateRange => w("use a range inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"),
        Remedy::SeparateRanges => w("give pods and services two separate ranges"),
        Remedy::ServiceRangeOf28 => w("use a service range of /28 or larger"),
        Remedy::NetworkOf24 => w("use a network of /24 or larger"),
        Remedy::NetworkOf22 => w("use a network of /22 or larger"),
        Remedy::Upgrade2_18_1 => w("2.18.0 needs a network of /22 or larger; use 2.18.1 or later"),
        Remedy::Upgrade2_14_3 => w("every plan fails on 2.14.2 without an autoscaler pool: use 2.14.3 or later"),
        Remedy::LargerNetwork => w("use a larger network"),
        Remedy::FewerLargerSubnets => w("use fewer, larger subnets (a smaller subnet_count) or a larger network"),
        Remedy::FewerSubnets => w("use fewer subnets (a smaller subnet_count) or a larger network"),
        Remedy::MoreSubnetsOrFewerPools => w("use a larger subnet_count, or fewer nodepools"),
        Remedy::MoreSubnetsOrShared => w("use a larger subnet_count, fewer nodepools, or network_subnet_mode = \"shared\""),
        Remedy::PowerOfTwo => w("use a power of two, such as 256 (the default)"),
        Remedy::NodeKeysBelow154 => w("use node keys from 0 to 153"),
        Remedy::IngressControllerOfRelease => w("pick one this release offers, or a newer release"),
        Remedy::ControlPlaneLbForNat => w("set use_control_plane_lb = true: with a NAT router the nodes have no public IP to reach the API on"),
        Remedy::EnableControlPlaneLb => w("set enable_control_plane_load_balancer = true"),
        Remedy::KlipperOrNoIngress => w("set enable_klipper_metal_lb = true, or ingress_controller = \"none\" or \"custom\" and an ingress of your own"),
        Remedy::LbHost254 => w("upgrade to 2.18.5 or later, which takes the subnet's second-to-last address instead, or use a network of /16 or larger (subnets of /24 hold host 254)"),
        Remedy::LbHost1 => w("use a larger network: each subnet needs more than one address"),
    };
    Text::plain(words).into()
}

/// A subnet index no nodepool takes, as an edit of its setting.
fn move_index(of: Peripheral, to: Option<u32>, era: Era) -> Fix {
    let setting = of.key();
    let variable = Setting::of(setting)
        .and_then(|s| (s.variable)(era))
        .unwrap_or(setting.as_str());
    match to {
        Some(index) => Fix::set(
            t!(
                "set {0} = {1}, a subnet index no nodepool takes",
                variable,
                index
            ),
            setting,
            index,
        ),
        None => t!("use a larger subnet_count to make room for {0}", variable).into(),
    }
}
