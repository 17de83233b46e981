//! What kube-hetzner allocates for a plan: its subnets, pinned addresses and pod blocks.
//!
//! Follows the module's `main.tf`, `agents.tf`, `control_planes.tf` and `nat-router.tf`:
//! `subnet[i] = cidrsubnet(network, log2(subnet_count), i)`; agent pool `k` takes
//! `subnet[k]`, control-plane pool `k` takes `subnet[subnet_count-1-k]`.

use std::fmt;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

use crate::net::{cidrhost, cidrsubnet, size};
use crate::plan::{ModuleVersion, Plan, SubnetMode};

/// Lists in a layout (node IPs, pod blocks) hold at most this many entries; counts stay exact.
pub const MAX_LISTED: usize = 256;

/// Agents start at this host number when the network is a /16 or larger (module v2 always).
const AGENT_OFFSET_LARGE: u64 = 101;

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
}

impl Role {
    /// The role's kebab-case name, as in JSON and `data-role`.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Agent => "agent",
            Role::ControlPlane => "control-plane",
            Role::NatRouter => "nat-router",
            Role::Vswitch => "vswitch",
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
    /// Host 1, the subnet's gateway.
    pub gateway: Option<Ipv4Addr>,
    /// How many servers the plan puts in it.
    pub nodes: u64,
    /// The pinned private IPs (agents, NAT routers), at most [`MAX_LISTED`]; empty where Hetzner assigns them.
    pub node_ips: Vec<Ipv4Addr>,
}

impl Subnet {
    /// A short human name: `agent pool 0`, `control-plane pool 2`, `NAT router`.
    pub fn name(&self) -> String {
        match (self.role, self.pool) {
            (Role::Agent, Some(k)) => format!("agent pool {k}"),
            (Role::Agent, None) => "shared agent".into(),
            (Role::ControlPlane, Some(k)) => format!("control-plane pool {k}"),
            (Role::ControlPlane, None) => "shared control-plane".into(),
            (Role::NatRouter, _) => "NAT router".into(),
            (Role::Vswitch, _) => "vSwitch".into(),
        }
    }
}

impl fmt::Display for Subnet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} subnet {}", self.name(), self.cidr)
    }
}

/// Everything the module and Kubernetes will allocate for a plan, as far as its inputs parse.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Layout {
    /// The network, canonical.
    pub network: Option<Ipv4Net>,
    /// The pod range, canonical.
    pub cluster: Option<Ipv4Net>,
    /// The service range, canonical.
    pub service: Option<Ipv4Net>,
    /// The prefix of the module's equal subnets.
    pub subnet_prefix: Option<u8>,
    /// Every subnet the module creates.
    pub subnets: Vec<Subnet>,
    /// Host 1 of the network.
    pub network_gateway: Option<Ipv4Addr>,
    /// Host 1 of the service range: the `kubernetes` service.
    pub api_ip: Option<Ipv4Addr>,
    /// The CoreDNS service IP, given or host 10 of the service range.
    pub dns_ip: Option<Ipv4Addr>,
    /// The control-plane load balancer's private IP, when it is on.
    pub load_balancer_ip: Option<Ipv4Addr>,
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

/// How the module splits the network into equal subnets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Split {
    pub network: Ipv4Net,
    pub count: u32,
    pub bits: u8,
}

impl Split {
    /// The split, when `count` is a power of two that fits the network.
    pub fn new(network: Ipv4Net, count: u32) -> Option<Split> {
        let bits = crate::net::exact_log2(count)?;
        cidrsubnet(network, bits, 0)?;
        Some(Split {
            network,
            count,
            bits,
        })
    }

    /// `subnet[i]`.
    pub fn subnet(&self, index: u32) -> Option<Ipv4Net> {
        cidrsubnet(self.network, self.bits, u64::from(index))
    }

    /// The prefix of every subnet.
    pub fn prefix(&self) -> u8 {
        self.network.prefix_len().saturating_add(self.bits)
    }

    /// The index control-plane pool `k` takes.
    pub fn control_plane_index(&self, k: usize) -> Option<u32> {
        u32::try_from(k)
            .ok()
            .and_then(|k| self.count.checked_sub(1)?.checked_sub(k))
    }
}

/// The parsed values layout and rules work from.
#[derive(Clone, Debug, Default)]
pub(crate) struct Parsed {
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

/// The host number at which a pool's agents are pinned (module `agents.tf`):
/// 101 for /16 and larger networks (always in v2), else `floor(subnet_bits^2 * 0.4)`.
pub(crate) fn agent_offset(version: ModuleVersion, network: Ipv4Net, subnet: Ipv4Net) -> u64 {
    if version == ModuleVersion::V2 || network.prefix_len() <= 16 {
        return AGENT_OFFSET_LARGE;
    }
    let bits = u64::from(32 - subnet.prefix_len());
    bits * bits * 2 / 5
}

/// The control-plane load balancer's private IP: v3 the second-to-last address of
/// control-plane subnet 0, v2 its host 254 (absent below /24).
pub(crate) fn load_balancer_ip(version: ModuleVersion, subnet: Ipv4Net) -> Option<Ipv4Addr> {
    match version {
        ModuleVersion::V3 => cidrhost(subnet, -2),
        ModuleVersion::V2 => cidrhost(subnet, 254),
    }
}

/// Pinned IPs from `first_host` on, for `nodes` servers, as far as they are real hosts
/// of the subnet (not its network, gateway or broadcast address).
fn pinned_ips(subnet: Ipv4Net, first_host: u64, nodes: u64) -> Vec<Ipv4Addr> {
    let last_host = size(subnet).saturating_sub(2);
    (first_host..first_host.saturating_add(nodes))
        .take(MAX_LISTED)
        .take_while(|&h| (2..=last_host).contains(&h))
        .filter_map(|h| cidrhost(subnet, i64::try_from(h).ok()?))
        .collect()
}

/// Builds the layout.
pub(crate) fn allocate(plan: &Plan, parsed: &Parsed, split: Option<Split>) -> Layout {
    let mut layout = Layout {
        network: parsed.network,
        cluster: parsed.cluster,
        service: parsed.service,
        subnet_prefix: split.map(|s| s.prefix()),
        network_gateway: parsed.network.and_then(|n| cidrhost(n, 1)),
        api_ip: parsed
            .service
            .and_then(|s| cidrhost(s, 1).filter(|_| size(s) >= 4)),
        planned_nodes: plan.planned_nodes(),
        ..Layout::default()
    };
    layout.dns_ip = if plan.cluster_dns_ipv4.trim().is_empty() {
        parsed
            .service
            .and_then(|s| cidrhost(s, 10).filter(|_| size(s) > 11))
    } else {
        parsed.dns
    };
    if let (Some(cluster), Some(mask)) = (parsed.cluster, parsed.node_mask) {
        let newbits = mask.saturating_sub(cluster.prefix_len());
        let blocks = 1u64 << newbits;
        let listed = layout.planned_nodes.min(blocks).min(MAX_LISTED as u64);
        layout.pod_blocks = (0..listed)
            .filter_map(|j| cidrsubnet(cluster, newbits, j))
            .collect();
    }
    let (Some(split), Some(network)) = (split, parsed.network) else {
        return layout;
    };
    let version = plan.module_version;
    let agent = |pool: Option<usize>, index: Option<u32>, cidr: Ipv4Net, nodes: u64| Subnet {
        role: Role::Agent,
        pool,
        index,
        cidr,
        gateway: cidrhost(cidr, 1),
        nodes,
        node_ips: pinned_ips(cidr, agent_offset(version, network, cidr), nodes),
    };
    let mut subnets = Vec::new();
    match plan.effective_subnet_mode() {
        SubnetMode::PerNodepool => {
            for (k, pool) in plan.agents.iter().enumerate() {
                let custom = parsed.agent_ranges.get(k).copied().flatten();
                let index = u32::try_from(k).ok().filter(|&i| i < split.count);
                let cidr = custom.or_else(|| index.and_then(|i| split.subnet(i)));
                if let Some(cidr) = cidr {
                    let index = if custom.is_some() { None } else { index };
                    subnets.push(agent(Some(k), index, cidr, u64::from(pool.nodes)));
                }
            }
        }
        SubnetMode::Shared => {
            let nodes = plan.agents.iter().map(|p| u64::from(p.nodes)).sum();
            if let Some(cidr) = split.subnet(0) {
                subnets.push(agent(None, Some(0), cidr, nodes));
            }
        }
    }
    let control_plane = |pool: Option<usize>, index: u32, nodes: u64| {
        split.subnet(index).map(|cidr| Subnet {
            role: Role::ControlPlane,
            pool,
            index: Some(index),
            cidr,
            gateway: cidrhost(cidr, 1),
            nodes,
            node_ips: Vec::new(),
        })
    };
    match plan.effective_subnet_mode() {
        SubnetMode::PerNodepool => {
            for (k, &nodes) in plan.control_planes.iter().enumerate() {
                if let Some(index) = split.control_plane_index(k) {
                    subnets.extend(control_plane(Some(k), index, u64::from(nodes)));
                }
            }
        }
        SubnetMode::Shared => {
            let nodes = plan.control_planes.iter().map(|&n| u64::from(n)).sum();
            if let Some(index) = split.control_plane_index(0) {
                subnets.extend(control_plane(None, index, nodes));
            }
        }
    }
    let routers = u64::from(plan.nat_router.servers());
    if routers > 0 {
        if let Some(cidr) = split.subnet(plan.nat_router_subnet_index) {
            subnets.push(Subnet {
                role: Role::NatRouter,
                pool: None,
                index: Some(plan.nat_router_subnet_index),
                cidr,
                gateway: cidrhost(cidr, 1),
                nodes: routers,
                node_ips: pinned_ips(cidr, 2, routers),
            });
        }
    }
    if plan.vswitch {
        if let Some(cidr) = split.subnet(plan.vswitch_subnet_index) {
            subnets.push(Subnet {
                role: Role::Vswitch,
                pool: None,
                index: Some(plan.vswitch_subnet_index),
                cidr,
                gateway: cidrhost(cidr, 1),
                nodes: 0,
                node_ips: Vec::new(),
            });
        }
    }
    layout.subnets = subnets;
    if plan.control_plane_lb {
        layout.load_balancer_ip = layout
            .first(Role::ControlPlane)
            .and_then(|s| load_balancer_ip(version, s.cidr));
    }
    layout
}
