//! What kube-hetzner and Kubernetes allocate for a plan, as one record: the module's
//! subnets, pinned addresses and load balancers (computed release by release in
//! [`crate::module`]), and the pod blocks Kubernetes hands out.

use std::net::Ipv4Addr;

use crate::text::Text;
use ipnet::Ipv4Net;
use serde::Serialize;

use super::release::Release;
use crate::net::cidrsubnet;

/// How the ingress load balancer is created and attached.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum IngressLb {
    /// None: klipper, a single-node cluster, or `ingress_controller = "none"`.
    #[default]
    None,
    /// Created by the cloud controller; Hetzner picks its private IP (2.0.0 to 2.7.2).
    Ccm,
    /// A Terraform load balancer that the cloud controller attaches (2.8.0 to 2.17.0).
    TerraformLbCcmNetwork,
    /// A Terraform load balancer attached to the network by Terraform.
    Terraform,
    /// Created, but not attached to the private network (3.x with Tailscale transport).
    TerraformLbNotAttached,
}

/// Where the CoreDNS service IP comes from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DnsSource {
    /// The module passes no `cluster-dns`: k3s takes host 10 of the service range it runs with.
    #[default]
    K3sDefault,
    /// `cluster_dns_ipv4` (given, or its default 10.43.0.10 from 2.9.2 to 2.17.0).
    Variable,
    /// `cidrhost(service_ipv4_cidr, 10)`.
    ServiceHost10,
}

/// Which nodes carry the module's private default route.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum RouteScope {
    /// Only nodes without a public IPv4 or IPv6 address.
    PrivateOnlyNodes,
    /// Every node.
    AllNodes,
}

/// The module's private default route: `ip route add default via <via>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct DefaultRoute {
    /// The gateway.
    pub via: Ipv4Addr,
    /// Which nodes get it.
    pub scope: RouteScope,
}

/// The ranges and DNS address handed to a k3s server as flags; `None` where the module
/// passes none and k3s uses its default (10.42.0.0/16, 10.43.0.0/16, 10.43.0.10).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct K3sFlags {
    /// `--cluster-cidr`.
    pub cluster_cidr: Option<String>,
    /// `--service-cidr`.
    pub service_cidr: Option<String>,
    /// `--cluster-dns`.
    pub cluster_dns: Option<String>,
}

/// What k3s receives on the first and on the other control planes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct K3s {
    /// The first control plane (`init.tf`).
    pub first_control_plane: K3sFlags,
    /// Every other control plane (`control_planes.tf`).
    pub other_control_planes: K3sFlags,
}

/// Lists in a layout (node IPs, pod blocks) hold at most this many entries; counts stay exact.
pub const MAX_LISTED: usize = 256;

/// What a subnet is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// An agent nodepool's subnet (or the shared agent subnet).
    Agent,
    /// A control-plane nodepool's subnet (or the shared control-plane subnet).
    ControlPlane,
    /// The NAT router's subnet.
    NatRouter,
    /// The Robot vSwitch's subnet.
    Vswitch,
    /// 2.18.0's peripherals subnet (a quarter of the network), home of the NAT router.
    Peripherals,
}

impl Role {
    /// Whether nodes are servers in subnets of this role.
    pub fn holds_nodes(self) -> bool {
        matches!(self, Role::Agent | Role::ControlPlane)
    }

    /// The role's kebab-case name, as in JSON and `data-role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::ControlPlane => "control-plane",
            Role::NatRouter => "nat-router",
            Role::Vswitch => "vswitch",
            Role::Peripherals => "peripherals",
        }
    }
}

/// One subnet the module creates in the Hetzner network.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Subnet {
    /// What it is for.
    pub role: Role,
    /// The 0-based nodepool index; `None` for shared, NAT router and vSwitch subnets.
    pub pool: Option<usize>,
    /// The subnet index in the module's split; `None` for a pool's own `subnet_ip_range`.
    pub index: Option<u32>,
    /// The range.
    pub cidr: Ipv4Net,
    /// The gateway Hetzner gives it: the network's first IP, or a vSwitch subnet's own host 1.
    pub gateway: Option<Ipv4Addr>,
    /// How many servers the plan puts in it.
    pub nodes: u64,
    /// The pinned private IPs (nodes, NAT routers), at most [`MAX_LISTED`]; empty where Hetzner assigns them.
    pub node_ips: Vec<Ipv4Addr>,
    /// Whether the module leaves its servers' IPs to Hetzner (3.x control planes, 3.0.0 agents).
    pub ips_assigned_by_hetzner: bool,
}

impl Subnet {
    /// A short human name: `agent pool 0`, `control-plane pool 2`, `NAT router`.
    pub fn name(&self) -> String {
        self.name_text().en()
    }

    /// [`Subnet::name`] as a sentence, for other languages.
    pub fn name_text(&self) -> Text {
        match (self.role, self.pool) {
            (Role::Agent, Some(k)) => t!("agent pool {0}", k),
            (Role::Agent, None) => t!("shared agent"),
            (Role::ControlPlane, Some(k)) => t!("control-plane pool {0}", k),
            (Role::ControlPlane, None) => t!("shared control-plane"),
            (Role::NatRouter, _) => t!("NAT router"),
            (Role::Vswitch, _) => t!("vSwitch"),
            (Role::Peripherals, _) => t!("peripherals"),
        }
    }

    /// "agent pool 0 subnet 10.0.0.0/24", as a sentence.
    pub fn text(&self) -> Text {
        t!("{0} subnet {1}", self.name_text(), self.cidr)
    }
}

/// Everything the module and Kubernetes will allocate for a plan, as far as its inputs parse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The kube-hetzner release whose expressions computed this layout.
    pub module_release: Release,
    /// The network, canonical.
    pub network: Option<Ipv4Net>,
    /// The pod range k3s runs with, canonical (k3s' own 10.42.0.0/16 where the release
    /// does not pass `cluster_ipv4_cidr`).
    pub cluster: Option<Ipv4Net>,
    /// The service range k3s runs with, canonical (10.43.0.0/16 where not passed).
    pub service: Option<Ipv4Net>,
    /// The prefix of the module's equal subnets.
    pub subnet_prefix: Option<u8>,
    /// Every subnet the module creates.
    pub subnets: Vec<Subnet>,
    /// Host 1 of the network: Hetzner's gateway for it.
    pub network_gateway: Option<Ipv4Addr>,
    /// The private default route the module installs on nodes, where it does.
    pub default_route: Option<DefaultRoute>,
    /// The host number pinned node IPs start from.
    pub node_ip_offset: Option<u64>,
    /// Host 1 of the service range: the `kubernetes` service.
    pub api_ip: Option<Ipv4Addr>,
    /// The CoreDNS service IP.
    pub dns_ip: Option<Ipv4Addr>,
    /// Where the CoreDNS service IP comes from.
    pub dns_source: DnsSource,
    /// The control-plane load balancer's private IP, when it is on and pinned.
    pub load_balancer_ip: Option<Ipv4Addr>,
    /// The subnet the control-plane load balancer is attached to, when it is on.
    pub load_balancer_subnet: Option<Ipv4Net>,
    /// Whether and how the module creates the ingress load balancer.
    pub ingress_lb: IngressLb,
    /// The ingress load balancer's pinned private IP.
    pub ingress_lb_ip: Option<Ipv4Addr>,
    /// The subnet Terraform attaches the ingress load balancer to.
    pub ingress_lb_subnet: Option<Ipv4Net>,
    /// The NAT router servers' private IPs.
    pub nat_router_ips: Vec<Ipv4Addr>,
    /// Where the network's `0.0.0.0/0` route points: the router, or the pair's floating IP.
    pub nat_gateway_ip: Option<Ipv4Addr>,
    /// The ranges and DNS address k3s servers are started with.
    pub k3s: K3s,
    /// What `terraform plan` stops with for this plan, word for word.
    pub terraform_errors: Vec<Diagnostic>,
    /// What `terraform plan` warns about (the module's `check` blocks).
    pub terraform_warnings: Vec<Diagnostic>,
    /// The planned nodes' pod blocks, lowest first, at most [`MAX_LISTED`].
    pub pod_blocks: Vec<Ipv4Net>,
    /// How many nodes will hold a pod block.
    pub planned_nodes: u64,
}

impl Layout {
    /// The first subnet of a role: for control planes, the one the load balancer uses.
    pub fn first(&self, role: Role) -> Option<&Subnet> {
        self.subnets.iter().find(|s| s.role == role)
    }
}

/// How the module cuts the network into subnets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Grid {
    /// `cidrsubnet(network, bits, i)` for `i` below `count`.
    Split {
        network: Ipv4Net,
        bits: u8,
        count: u32,
    },
    /// 2.18.0: four quarters; agents in quarter 0, control planes in quarter 1, each cut
    /// by 256; quarter 2 for the NAT router.
    Quarters { network: Ipv4Net },
}

impl Grid {
    /// `network_ipv4_subnets[index]`.
    pub fn subnet(self, index: u64) -> Option<Ipv4Net> {
        match self {
            Grid::Split {
                network,
                bits,
                count,
            } => (index < u64::from(count))
                .then(|| cidrsubnet(network, bits, index))
                .flatten(),
            Grid::Quarters { network } => {
                cidrsubnet(network, 2, 0).and_then(|q| cidrsubnet(q, 8, index))
            }
        }
    }

    /// Block `index` of the cut, whether or not the module lists that many: where a subnet
    /// index past `count` would land.
    pub fn block(self, index: u64) -> Option<Ipv4Net> {
        match self {
            Grid::Split { network, bits, .. } => cidrsubnet(network, bits, index),
            Grid::Quarters { .. } => self.subnet(index),
        }
    }

    /// How many subnets the grid holds.
    pub fn count(self) -> u32 {
        match self {
            Grid::Split { count, .. } => count,
            Grid::Quarters { .. } => 256,
        }
    }

    /// The prefix of its subnets.
    pub fn prefix(self) -> u8 {
        match self {
            Grid::Split { network, bits, .. } => network.prefix_len().saturating_add(bits),
            Grid::Quarters { network } => network.prefix_len().saturating_add(10),
        }
    }
}

/// The plan's ranges as parsed: as given (what the module computes from), or as k3s runs
/// with them (what capacity and the rules read).
#[derive(Clone, Debug, Default)]
pub(crate) struct Ranges {
    pub network: Option<Ipv4Net>,
    pub cluster: Option<Ipv4Net>,
    pub service: Option<Ipv4Net>,
    /// The given DNS IP; `None` when it is empty or does not parse.
    pub dns: Option<Ipv4Addr>,
    /// Each agent pool's own range, where given and valid.
    pub agent_ranges: Vec<Option<Ipv4Net>>,
    /// The node mask, when it fits the pod range.
    pub node_mask: Option<u8>,
}

impl Ranges {
    /// The ranges k3s runs with: its own pod and service ranges where the release passes
    /// none (`layout`), and the node mask only where it fits the pod range.
    pub fn running(&self, layout: &Layout) -> Ranges {
        Ranges {
            cluster: layout.cluster,
            service: layout.service,
            node_mask: self
                .node_mask
                .filter(|&m| layout.cluster.is_some_and(|c| m >= c.prefix_len())),
            ..self.clone()
        }
    }
}

/// A Terraform diagnostic, as `terraform plan` prints it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// The summary line after `Error:` (or `Warning:`).
    pub summary: String,
    /// The detail, word for word.
    pub detail: String,
    /// Where in the module: file, line and the release the line number refers to.
    pub source: String,
    /// What the module was computing.
    pub what: String,
}
