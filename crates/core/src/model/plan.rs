//! The inputs of a check: kube-hetzner's variables, with the module's defaults.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::key::Key;
use crate::text::w;

use super::release::{Era, Release, TerraformVersion};
use crate::platform::{
    MODULE_DEFAULT_CLUSTER, MODULE_DEFAULT_NAT_ROUTER_INDEX, MODULE_DEFAULT_NETWORK,
    MODULE_DEFAULT_SERVICE, MODULE_DEFAULT_VSWITCH_INDEX,
};

/// Every input the calculator takes, with kube-hetzner's defaults.
///
/// The four main values are kept as the text the user typed, so that a half-typed
/// value is representable and never loses the other edits; `check` says what is wrong
/// with it. Everything else is typed.
///
/// # Examples
///
/// ```
/// let plan = khcidr_core::Plan::default();
/// assert_eq!(plan.network_ipv4_cidr, "10.0.0.0/8");
/// assert_eq!(plan.control_planes, vec![1, 1, 1]);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Plan {
    /// The Hetzner Cloud private network (`network_ipv4_cidr`).
    pub network_ipv4_cidr: String,
    /// The pod range, k3s `cluster-cidr` (`cluster_ipv4_cidr`).
    pub cluster_ipv4_cidr: String,
    /// The ClusterIP range, k3s `service-cidr` (`service_ipv4_cidr`).
    pub service_ipv4_cidr: String,
    /// The CoreDNS service IP (`cluster_dns_ipv4`); empty means host 10 of the service range.
    pub cluster_dns_ipv4: String,
    /// The kube-hetzner release (`version` in the module block): it decides every address.
    pub module_version: Release,
    /// How many equal subnets the network is split into (`subnet_amount` from 2.19.0,
    /// `subnet_count` in 3.x; always 256 before).
    pub subnet_count: u32,
    /// One subnet per nodepool, or one shared by all agents (`network_subnet_mode`, v3 only).
    pub subnet_mode: SubnetMode,
    /// Nodes in each control-plane nodepool, in list order.
    pub control_planes: Vec<u32>,
    /// The agent nodepools, in list order.
    pub agents: Vec<AgentPool>,
    /// The control-plane nodepools' `name`s, by index, where the plan has them (a kube.tf
    /// does): shown beside each pool, never used for an address.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub control_plane_names: Vec<String>,
    /// The agent nodepools' `name`s, by index.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub agent_names: Vec<String>,
    /// The cluster autoscaler's maximum node count, summed over its nodepools.
    pub autoscaler_max_nodes: u32,
    /// The optional NAT router in front of private-only nodes.
    pub nat_router: NatRouter,
    /// Which subnet the NAT router takes (`nat_router_subnet_index`).
    pub nat_router_subnet_index: u32,
    /// Whether a Robot vSwitch is coupled to the network.
    pub vswitch: bool,
    /// Which subnet the vSwitch takes (`vswitch_subnet_index`).
    pub vswitch_subnet_index: u32,
    /// The prefix length of each node's pod block (kube-controller-manager `node-cidr-mask-size`).
    pub node_mask: u8,
    /// Whether the Hetzner cloud controller creates one route per node (kube-hetzner's default).
    pub routes: bool,
    /// The CNI and its routing mode.
    pub cni: Cni,
    /// Whether nodes talk over Tailscale, which reserves `100.64.0.0/10`.
    pub tailscale: bool,
    /// Whether the control-plane load balancer is on (`use_control_plane_lb`,
    /// `enable_control_plane_load_balancer` in 3.x).
    pub control_plane_lb: bool,
    /// The ingress controller (`ingress_controller`): any but `none` gets the module's
    /// ingress load balancer, unless klipper serves it.
    pub ingress_controller: IngressController,
    /// Whether klipper serves load balancers instead of Hetzner (`enable_klipper_metal_lb`).
    pub klipper_metal_lb: bool,
    /// Whether a nodepool goes without a public IPv4 (its `disable_ipv4 = true` from 2.17.1,
    /// `enable_public_ipv4 = false` in 3.x): its IPv4 way out is the private default route.
    pub disable_ipv4: bool,
    /// Whether autoscaled nodes go without a public IPv4 (`autoscaler_disable_ipv4` from
    /// 2.17.2, `autoscaler_enable_public_ipv4 = false` in 3.x).
    pub autoscaler_disable_ipv4: bool,
    /// What-if: check as if this many nodes had joined, instead of the nodepools' sum.
    pub nodes: Option<u32>,
    /// The Terraform version that runs the module, where it is said: before 1.12 some
    /// releases' null checks fail (see `module::eager`).
    pub terraform: Option<TerraformVersion>,
    /// What-if: the release to upgrade the module to, compared with `module_version`.
    pub upgrade_to: Option<Release>,
    /// Values `kube.tf` leaves to Terraform (a variable with no value yet): the settings
    /// they feed are checked with what is known, and what rests on them is provisional.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub unknown: Vec<Unknown>,
}

/// A value `kube.tf` leaves to Terraform: its name and where it is used, never a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Unknown {
    /// What it waits for: `var.location`, `module.x` (what only Terraform knows).
    pub name: String,
    /// Where it is used: `kube.tf:12`.
    pub at: String,
    /// The setting it leaves unknown, or partly unknown.
    pub setting: Key,
}

impl Unknown {
    /// `var.location at kube.tf:12`.
    pub fn text(&self) -> crate::text::Text {
        t!("{0} at {1}", self.name, self.at)
    }
}

impl fmt::Display for Unknown {
    /// `var.location at kube.tf:12`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en())
    }
}

impl Default for Plan {
    fn default() -> Self {
        Plan {
            network_ipv4_cidr: MODULE_DEFAULT_NETWORK.into(),
            cluster_ipv4_cidr: MODULE_DEFAULT_CLUSTER.into(),
            service_ipv4_cidr: MODULE_DEFAULT_SERVICE.into(),
            cluster_dns_ipv4: String::new(),
            module_version: Release::default(),
            subnet_count: 256,
            subnet_mode: SubnetMode::PerNodepool,
            control_planes: vec![1, 1, 1],
            agents: vec![AgentPool::new(1), AgentPool::new(1)],
            control_plane_names: Vec::new(),
            agent_names: Vec::new(),
            autoscaler_max_nodes: 0,
            nat_router: NatRouter::Off,
            nat_router_subnet_index: MODULE_DEFAULT_NAT_ROUTER_INDEX,
            vswitch: false,
            vswitch_subnet_index: MODULE_DEFAULT_VSWITCH_INDEX,
            node_mask: 24,
            routes: true,
            cni: Cni::Flannel,
            tailscale: false,
            control_plane_lb: false,
            ingress_controller: IngressController::Traefik,
            klipper_metal_lb: false,
            disable_ipv4: false,
            autoscaler_disable_ipv4: false,
            nodes: None,
            terraform: None,
            upgrade_to: None,
            unknown: Vec::new(),
        }
    }
}

impl Plan {
    /// All nodes that will hold a pod block: the what-if count when set, else control
    /// planes, agents and the autoscaler's maximum.
    pub fn planned_nodes(&self) -> u64 {
        if let Some(nodes) = self.nodes {
            return u64::from(nodes);
        }
        self.pool_nodes()
    }

    /// The nodepools' node count: control planes, agents and the autoscaler's maximum.
    pub fn pool_nodes(&self) -> u64 {
        let control_planes: u64 = self.control_planes.iter().map(|&n| u64::from(n)).sum();
        let agents: u64 = self.agents.iter().map(|pool| u64::from(pool.count())).sum();
        control_planes + agents + u64::from(self.autoscaler_max_nodes)
    }

    /// The subnet count the release really uses: 256 before 2.19.0.
    pub fn effective_subnet_count(&self) -> u32 {
        if self.module_version.era() >= Era::V2_19_0 {
            self.subnet_count
        } else {
            256
        }
    }

    /// The subnet mode the release really uses: one subnet per nodepool before 3.0.0.
    pub fn effective_subnet_mode(&self) -> SubnetMode {
        if self.module_version.era() >= Era::V3_0_0 {
            self.subnet_mode
        } else {
            SubnetMode::PerNodepool
        }
    }
}

/// One agent nodepool: its nodes (a `count`, or the keys of a `nodes` map) and,
/// optionally, its own subnet.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AgentPool {
    /// Nodes in the pool (`count`); a `nodes` map has one per key instead.
    pub nodes: u32,
    /// The pool's own `subnet_ip_range`, used instead of the module's subnet for its index.
    pub subnet_ip_range: Option<String>,
    /// The keys of the pool's `nodes` map (from 2.13.0), lowest first: the module pins
    /// node `key` at host `key + offset`. Empty for a pool sized by `count`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub keys: Vec<u32>,
}

impl AgentPool {
    /// A pool of `nodes` nodes in the module's subnet.
    pub fn new(nodes: u32) -> Self {
        AgentPool {
            nodes,
            subnet_ip_range: None,
            keys: Vec::new(),
        }
    }

    /// A pool defined by a `nodes` map with these keys, each the node index its key gives
    /// (`floor(tonumber(key))`): one node per key, as Terraform counts a map's keys, even
    /// where two keys (`"1"` and `"01"`) give one index.
    pub fn keyed(mut keys: Vec<u32>) -> Self {
        crate::util::sort_by_number(&mut keys, |&k| u64::from(k));
        AgentPool {
            nodes: u32::try_from(keys.len()).unwrap_or(u32::MAX),
            subnet_ip_range: None,
            keys,
        }
    }

    /// How many nodes the pool has.
    pub fn count(&self) -> u32 {
        if self.keys.is_empty() {
            self.nodes
        } else {
            u32::try_from(self.keys.len()).unwrap_or(u32::MAX)
        }
    }

    /// Each node's index, in the order the module lists them: `0..count`, or the map's keys.
    pub fn indexes(&self) -> impl Iterator<Item = u64> + '_ {
        let counted = if self.keys.is_empty() { self.nodes } else { 0 };
        (0..u64::from(counted)).chain(self.keys.iter().map(|&k| u64::from(k)))
    }
}

/// A value of one of the plan's enumerations did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseChoiceError {
    what: &'static str,
    expected: &'static [&'static str],
}

impl ParseChoiceError {
    /// Why, in words.
    pub fn text(&self) -> crate::text::Text {
        t!(
            "unknown {0}; expected one of: {1}",
            &crate::text::Text::plain(self.what),
            self.expected.join(", ")
        )
    }
}

impl fmt::Display for ParseChoiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en())
    }
}

impl std::error::Error for ParseChoiceError {}

impl From<ParseChoiceError> for crate::text::Text {
    fn from(e: ParseChoiceError) -> crate::text::Text {
        e.text()
    }
}

/// Declares a plan enumeration whose text form is used by serde, `FromStr` and `Display`.
macro_rules! choice {
    ($(#[$doc:meta])* $name:ident, $what:expr, { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in the order a front end should offer them.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The text form, as in URLs, JSON and CLI flags.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseChoiceError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let s = s.trim();
                $name::ALL
                    .iter()
                    .copied()
                    .find(|v| v.as_str().eq_ignore_ascii_case(s) || v.as_str().replace('-', "_").eq_ignore_ascii_case(s))
                    .ok_or(ParseChoiceError { what: $what, expected: &[$($text),+] })
            }
        }
    };
}

choice!(
    /// `ingress_controller`.
    IngressController, w("ingress controller"), {
        /// Traefik, the module's default.
        #[default]
        Traefik => "traefik",
        /// ingress-nginx.
        Nginx => "nginx",
        /// HAProxy (from 2.14.1).
        Haproxy => "haproxy",
        /// No ingress controller and no ingress load balancer.
        None => "none",
        /// A controller of your own (3.x).
        Custom => "custom",
    }
);

choice!(
    /// `network_subnet_mode`: one subnet per nodepool, or one for all agents and one for all control planes.
    SubnetMode, w("subnet mode"), {
        /// Agent pool `k` takes subnet `k`, control-plane pool `k` takes subnet `count-1-k`.
        #[default]
        PerNodepool => "per-nodepool",
        /// All agents share subnet 0, all control planes the last subnet.
        Shared => "shared",
    }
);

choice!(
    /// The optional NAT router.
    NatRouter, w("NAT router setting"), {
        /// No NAT router.
        #[default]
        Off => "off",
        /// One NAT router.
        On => "on",
        /// Two NAT routers sharing the gateway.
        Redundant => "redundant",
    }
);

choice!(
    /// The CNI and how it moves pod traffic between nodes.
    Cni, w("CNI"), {
        /// Flannel (VXLAN overlay), kube-hetzner's default.
        #[default]
        Flannel => "flannel",
        /// Cilium with tunnelling (an overlay).
        CiliumTunnel => "cilium-tunnel",
        /// Cilium with native routing: pod traffic is routed, not encapsulated.
        CiliumNative => "cilium-native",
        /// Calico (`cni_plugin = "calico"`), an overlay with its own IP pool.
        Calico => "calico",
    }
);

impl NatRouter {
    /// How many router servers join the network.
    pub fn servers(self) -> u32 {
        match self {
            NatRouter::Off => 0,
            NatRouter::On => 1,
            NatRouter::Redundant => 2,
        }
    }
}
