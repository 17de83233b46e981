//! How each era allocates, aspect by aspect: one row per era, whose columns are the
//! aspects of the module's allocation (the module's `ERAS.md`, (a) to (l)). Each row is
//! the one before it with what changed; [`Era::profile`] matches every era to its row,
//! and the engine (`module/`) reads the row instead of comparing eras.

use super::layout::RouteScope;
use super::release::Era;

/// (a) How the network is cut into subnets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cut {
    /// 256 subnets of /(p+8) (main.tf:31 at 2.0.0).
    Fixed256,
    /// Quarters, agent and control-plane pools /(p+10) inside the first two (main.tf:42 at
    /// 2.18.0).
    Quarters,
    /// A power-of-two count of subnets: `subnet_amount` (2.19.0), `subnet_count` (3.0.0).
    Counted,
}

/// (b), (c) Where node IPs come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeIps {
    /// Pinned by Terraform: `cidrhost(pool subnet, index + offset)`.
    Pinned,
    /// No private IP argument: Hetzner assigns.
    Hetzner,
}

/// (b), (c) The host number pinned node IPs start from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeOffset {
    /// Host 101.
    Host101,
    /// Host 101 from a /16 network or larger, else 40% of a subnet's hosts (2.19.0).
    BySize,
}

/// (d) The NAT router.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nat {
    /// The release has none.
    Absent,
    /// 2.18.0: the peripherals quarter, always created.
    Peripherals,
    /// The subnet at `nat_router_subnet_index` (2.18.1).
    Indexed,
    /// As [`Nat::Indexed`], with a redundant pair behind a floating gateway (2.19.2).
    Redundant,
}

/// (f) A load balancer's private IP.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LbIp {
    /// No `ip` argument: Hetzner chooses.
    Hetzner,
    /// Host `.0` of the subnet (negative: from its end), with the expression's citation.
    Host(i64, &'static str),
}

/// (g) The ingress load balancer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ingress {
    /// Created by the cloud controller; IP chosen by Hetzner.
    Ccm,
    /// A Terraform resource whose network attachment is left to the cloud controller.
    TerraformCcmNetwork,
    /// Attached by Terraform to agent subnet 0 (init.tf:26 at 2.17.1).
    OnAgentSubnet0,
    /// Attached to agent subnet 0, else control-plane subnet 0 (init.tf:26-30 at 2.17.2).
    OnAgentElseControlPlaneSubnet0,
}

/// (h) The CoreDNS address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dns {
    /// No flag: k3s's own 10.43.0.10.
    K3sDefault,
    /// No flag: k3s takes host 10 of the service range it is given.
    K3sServiceHost10,
    /// `cluster_dns_ipv4`, default "10.43.0.10" whatever the service range (2.9.2).
    VariableDefault10_43_0_10,
    /// `cluster_dns_ipv4`, default host 10 of the service range (locals.tf:231 at 2.17.1).
    VariableDefaultServiceHost10,
}

/// (k) Which k3s servers receive the ranges, and the DNS address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum K3sRanges {
    /// None: k3s keeps its own.
    None,
    /// Every control plane, the ranges only (init.tf:27-28, control_planes.tf:115-116 at 2.4.0).
    AllServers,
    /// The first control plane's first config only (init.tf:41-42 at 2.8.0); control_plane_config
    /// then rewrites every control plane's config without them (control_planes.tf:116-141).
    FirstServer,
    /// Every control plane, the ranges and the DNS address (init.tf:42-44,
    /// control_planes.tf:102-104 at 2.9.2).
    AllServersWithDns,
}

/// (l) The private default route the nodes get.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gateway {
    None,
    /// Via the hard-coded 10.0.0.1.
    HardCoded(RouteScope),
    /// Via host 1 of the network (locals.tf:109 at 2.18.3: `network_gw_ipv4`).
    NetworkHost1,
}

/// How a server joins the network (modules/host/main.tf).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Attach {
    /// A separate `hcloud_server_network.server` resource (main.tf:128 at 2.0.0). From
    /// 2.17.1 a cluster on an `existing_network_id` is attached inline instead, which
    /// khcidr does not model.
    ServerNetwork,
    /// A `network` block of `hcloud_server.server` (main.tf:47-51 at 2.18.0; two
    /// `dynamic "network"` blocks at main.tf:41-56 at 3.0.0, the one without `ip` where
    /// the module passes no private IP).
    Inline,
}

/// How one era allocates.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Profile {
    pub cut: Cut,
    /// (a) An agent pool may name its own subnet (`subnet_ip_range`).
    pub own_agent_subnets: bool,
    pub node_offset: NodeOffset,
    pub agent_ips: NodeIps,
    pub control_plane_ips: NodeIps,
    pub nat: Nat,
    /// (e) A Robot vSwitch's subnet at `vswitch_subnet_index`.
    pub vswitch: bool,
    pub control_plane_lb: LbIp,
    pub ingress: Ingress,
    /// The ingress load balancer's IP on its subnet.
    pub ingress_ip: LbIp,
    pub dns: Dns,
    pub k3s: K3sRanges,
    pub gateway: Gateway,
    pub attach: Attach,
}

const V2_0_0: Profile = Profile {
    cut: Cut::Fixed256,
    own_agent_subnets: false,
    node_offset: NodeOffset::Host101,
    agent_ips: NodeIps::Pinned,
    control_plane_ips: NodeIps::Pinned,
    nat: Nat::Absent,
    vswitch: false,
    control_plane_lb: LbIp::Hetzner,
    ingress: Ingress::Ccm,
    ingress_ip: LbIp::Hetzner,
    dns: Dns::K3sDefault,
    k3s: K3sRanges::None,
    gateway: Gateway::None,
    attach: Attach::ServerNetwork,
};
const V2_4_0: Profile = Profile {
    dns: Dns::K3sServiceHost10,
    k3s: K3sRanges::AllServers,
    ..V2_0_0
};
const V2_8_0: Profile = Profile {
    ingress: Ingress::TerraformCcmNetwork,
    k3s: K3sRanges::FirstServer,
    ..V2_4_0
};
const V2_9_2: Profile = Profile {
    dns: Dns::VariableDefault10_43_0_10,
    k3s: K3sRanges::AllServersWithDns,
    ..V2_8_0
};
const V2_11_1: Profile = Profile {
    control_plane_lb: LbIp::Host(1, "control_planes.tf:61 @2.11.1"),
    ..V2_9_2
};
const V2_17_0: Profile = Profile {
    control_plane_lb: LbIp::Hetzner,
    ..V2_11_1
};
const V2_17_1: Profile = Profile {
    ingress: Ingress::OnAgentSubnet0,
    dns: Dns::VariableDefaultServiceHost10,
    gateway: Gateway::HardCoded(RouteScope::PrivateOnlyNodes),
    ..V2_17_0
};
const V2_17_2: Profile = Profile {
    ingress: Ingress::OnAgentElseControlPlaneSubnet0,
    ..V2_17_1
};
const V2_18_0: Profile = Profile {
    cut: Cut::Quarters,
    nat: Nat::Peripherals,
    control_plane_lb: LbIp::Host(254, "control_planes.tf:69 @2.18.0"),
    ingress_ip: LbIp::Host(254, "init.tf:26-32 @2.18.0"),
    gateway: Gateway::HardCoded(RouteScope::AllNodes),
    attach: Attach::Inline,
    ..V2_17_2
};
const V2_18_1: Profile = Profile {
    cut: Cut::Fixed256,
    nat: Nat::Indexed,
    ..V2_18_0
};
const V2_18_3: Profile = Profile {
    gateway: Gateway::NetworkHost1,
    ..V2_18_1
};
const V2_18_5: Profile = Profile {
    control_plane_lb: LbIp::Host(-2, "control_planes.tf:78 @2.18.5"),
    ingress_ip: LbIp::Host(-2, "init.tf:28-34 @2.18.5"),
    ..V2_18_3
};
const V2_19_0: Profile = Profile {
    cut: Cut::Counted,
    own_agent_subnets: true,
    node_offset: NodeOffset::BySize,
    vswitch: true,
    ..V2_18_5
};
const V2_19_2: Profile = Profile {
    nat: Nat::Redundant,
    ..V2_19_0
};
const V3_0_0: Profile = Profile {
    control_plane_lb: LbIp::Host(-2, "control_planes.tf:228 @3.0.0"),
    agent_ips: NodeIps::Hetzner,
    control_plane_ips: NodeIps::Hetzner,
    ingress_ip: LbIp::Host(-2, "init.tf:29-35 @3.0.0"),
    ..V2_19_2
};
const V3_0_1: Profile = Profile {
    agent_ips: NodeIps::Pinned,
    ..V3_0_0
};

impl Era {
    /// How this era allocates. Eras whose differences are validations only share the
    /// row of the era before.
    pub const fn profile(self) -> &'static Profile {
        match self {
            Era::V2_0_0 => &V2_0_0,
            Era::V2_4_0 => &V2_4_0,
            Era::V2_8_0 => &V2_8_0,
            Era::V2_9_2 => &V2_9_2,
            // 2.13.0 to 2.16.x change counts and validations, not addresses.
            Era::V2_11_1 | Era::V2_13_0 | Era::V2_14_2 | Era::V2_14_3 | Era::V2_16_0 => &V2_11_1,
            Era::V2_17_0 => &V2_17_0,
            Era::V2_17_1 => &V2_17_1,
            Era::V2_17_2 => &V2_17_2,
            Era::V2_18_0 => &V2_18_0,
            Era::V2_18_1 => &V2_18_1,
            Era::V2_18_3 => &V2_18_3,
            Era::V2_18_5 => &V2_18_5,
            Era::V2_19_0 => &V2_19_0,
            // 2.19.3 and 2.20.0 change validations only.
            Era::V2_19_2 | Era::V2_19_3 | Era::V2_20_0 => &V2_19_2,
            Era::V3_0_0 => &V3_0_0,
            Era::V3_0_1 => &V3_0_1,
        }
    }
}
