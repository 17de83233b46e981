//! Every setting of a plan, by name: the one list the settings table, fixes and front ends
//! match on, so a new setting is a compile error wherever it is not handled.

use std::fmt;

use serde::{Serialize, Serializer};

macro_rules! keys {
    ($($variant:ident => $key:literal,)+) => {
        /// A setting of a plan.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Key {
            $(#[doc = concat!("`", $key, "`")] $variant,)+
        }

        impl Key {
            /// Every key (the settings table gives each one entry).
            pub const ALL: &'static [Key] = &[$(Key::$variant),+];

            /// The key in links (`key=value`) and in JSON.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Key::$variant => $key,)+
                }
            }

            /// The key named by a link's text.
            pub fn parse(text: &str) -> Option<Key> {
                Key::ALL.iter().copied().find(|k| k.as_str() == text)
            }
        }
    };
}

keys! {
    Network => "network_ipv4_cidr",
    Cluster => "cluster_ipv4_cidr",
    Service => "service_ipv4_cidr",
    Dns => "cluster_dns_ipv4",
    ControlPlanes => "control_planes",
    Agents => "agents",
    AgentSubnets => "agent_subnets",
    AgentKeys => "agent_keys",
    ControlPlaneNames => "control_plane_names",
    AgentNames => "agent_names",
    AutoscalerMax => "autoscaler_max",
    ModuleVersion => "module_version",
    TerraformVersion => "terraform_version",
    UpgradeTo => "upgrade_to",
    SubnetCount => "subnet_count",
    SubnetMode => "subnet_mode",
    NatRouter => "nat_router",
    NatRouterIndex => "nat_router_index",
    Vswitch => "vswitch",
    VswitchIndex => "vswitch_index",
    NodeMask => "node_mask",
    Cni => "cni",
    Routes => "routes",
    Tailscale => "tailscale",
    ControlPlaneLb => "control_plane_lb",
    IngressController => "ingress_controller",
    KlipperMetalLb => "klipper_metal_lb",
    DisableIpv4 => "disable_ipv4",
    AutoscalerDisableIpv4 => "autoscaler_disable_ipv4",
    Nodes => "nodes",
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for Key {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Key::parse(&text).ok_or_else(|| serde::de::Error::custom("unknown setting"))
    }
}

impl Serialize for Key {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
