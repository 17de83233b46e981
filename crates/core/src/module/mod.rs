//! What each kube-hetzner release allocates: subnets, pinned node IPs, the NAT router,
//! the load balancers, the DNS address and the ranges k3s receives, and where the module's
//! own expressions fail at plan time. One file per family of releases; every expression
//! cites the module's file and line at the first release of its era.

mod allocation;
pub mod eager;
mod indexes;
mod sources;
mod terraform;
mod v2_0;
mod v2_18;
mod v2_19;
mod v3;

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

pub(crate) use crate::model::Grid;
use allocation::{listed, subnet};
pub(crate) use allocation::{Allocation, Input, PlanError};
use sources::{agent_ip_source, control_plane_ip_source};
pub(crate) use sources::{
    attach_source, control_plane_lb_source, ingress_lb_source, k3s_source, nat_source,
    node_ip_source, subnet_source, SubnetOf,
};
pub(crate) use terraform::FUNCTION_CALL;
use terraform::{cidrhost, no_such_index, INVALID_INDEX};
pub use terraform::{
    terraform_cidrhost, terraform_cidrnetmask, terraform_cidrsubnet, terraform_cidrsubnets,
};
pub(crate) use v2_19::MAX_RANGE;

use crate::model::profile::{
    Cut, Dns, Gateway, Ingress, K3sRanges, LbIp, Nat, NodeIps, NodeOffset,
};
use crate::model::Remedy;
use crate::model::{AgentPool, Code, Field, Role, Subnet};
pub use crate::model::{
    DefaultRoute, DnsSource, Era, IngressLb, K3s, K3sFlags, Release, ReleaseError, RouteScope,
};
use crate::platform::K3S_DEFAULT_DNS;

/// Computes what the module allocates for a plan, release by release.
pub(crate) fn allocate(input: &Input) -> Allocation {
    let mut out = Allocation::default();
    dns(input, &mut out);
    out.layout.k3s = k3s(input, &out);
    let Some(network) = input.network else {
        return out;
    };
    counts(input, &mut out);
    out.grid = grid(input, network, &mut out);
    if let Some(grid) = out.grid {
        let node_offset = node_offset(input.era, network, grid);
        out.layout.node_ip_offset = Some(node_offset);
        pools(input, network, grid, node_offset, &mut out);
        extras(input, network, grid, &mut out);
        balancers(input, &mut out);
    }
    out.layout.default_route = default_route(input.era, network);
    if input.era >= Era::V3_0_0 {
        v3::contract(input, network, &mut out);
    }
    out
}

/// The node counts and their validations.
fn counts(input: &Input, out: &mut Allocation) {
    v2_0::count_sums(input, out);
    v2_0::ingress_choice(input, out);
    if input.era >= Era::V2_18_0 {
        v2_18::nat_checks(input, out);
    }
    if input.era >= Era::V2_19_0 {
        v2_19::control_plane_checks(input, out);
    }
    if input.era >= Era::V3_0_0 {
        v3::quorum(input, out);
    }
}

/// The network's subnets, or `None` where the module cannot cut them.
fn grid(input: &Input, network: Ipv4Net, out: &mut Allocation) -> Option<Grid> {
    match input.era.profile().cut {
        Cut::Quarters => v2_18::quarters(network, out),
        Cut::Counted => v2_19::grid(input, network, out),
        Cut::Fixed256 => v2_0::grid(network, out),
    }
}

/// The host number node IPs start from.
fn node_offset(era: Era, network: Ipv4Net, grid: Grid) -> u64 {
    match era.profile().node_offset {
        NodeOffset::BySize => v2_19::node_offset(network, grid),
        NodeOffset::Host101 => v2_0::NODE_OFFSET,
    }
}

/// The agent and control-plane subnets and their pinned IPs.
fn pools(input: &Input, network: Ipv4Net, grid: Grid, offset: u64, out: &mut Allocation) {
    if input.shared() {
        v3::shared_pools(input, grid, offset, out);
        return;
    }
    for (k, pool) in input.plan.agents.iter().enumerate() {
        agent_pool(input, grid, offset, (k, pool), out);
    }
    for (k, &nodes) in input.plan.control_planes.iter().enumerate() {
        control_plane_pool(input, network, grid, offset, (k, nodes), out);
    }
}

/// Agent pool `k`'s subnet (its own `subnet_ip_range`, or the module's) and pinned IPs.
fn agent_pool(
    input: &Input,
    grid: Grid,
    offset: u64,
    (k, pool): (usize, &AgentPool),
    out: &mut Allocation,
) {
    let own = input
        .agent_ranges
        .get(k)
        .copied()
        .flatten()
        .filter(|_| input.era.profile().own_agent_subnets);
    if own_range_refused(input, (k, pool), out) {
        return;
    }
    let module = grid.subnet(indexes::agent_index(k));
    // coalesce(subnet_ip_range, network_ipv4_subnets[k]) evaluates both arguments.
    let Some(module) = module else {
        out.error(
            Code::SubnetIndexCollision,
            INVALID_INDEX,
            no_such_index(
                i64::try_from(k).unwrap_or(i64::MAX),
                u64::from(grid.count()),
            ),
            subnet_source(input.era, SubnetOf::Agent),
            t!("agent pool {0}'s subnet (index {0})", k),
            &[Field::Agents, Field::SubnetCount],
            Remedy::FewerAgentPools,
        );
        return;
    };
    let index = if own.is_some() {
        None
    } else {
        u32::try_from(k).ok()
    };
    let mut s = subnet(
        Role::Agent,
        Some(k),
        index,
        own.unwrap_or(module),
        u64::from(pool.count()),
    );
    pin_agents(input, offset, pool, &mut s, out);
    out.layout.subnets.push(s);
}

/// An agent pool's pinned node IPs in its subnet `s` (3.0.0 pins none: Hetzner assigns).
fn pin_agents(input: &Input, offset: u64, pool: &AgentPool, s: &mut Subnet, out: &mut Allocation) {
    if input.era.profile().agent_ips == NodeIps::Hetzner {
        // agents.tf:85 at 3.0.0: no private IP argument; Hetzner assigns.
        s.ips_assigned_by_hetzner = true;
    } else {
        let indexes = listed(
            pool.indexes(),
            pool.keys.is_empty(),
            u64::from(pool.count()),
            s.cidr,
            offset,
        );
        out.pin(
            s,
            indexes.into_iter(),
            offset,
            agent_ip_source(input.era),
            Field::Agents,
        );
    }
}

/// Whether agent pool `k`'s own `subnet_ip_range` is text Terraform cannot read: then
/// every node's `cidrhost` fails (the text's own finding says what is wrong with it).
fn own_range_refused(input: &Input, (k, pool): (usize, &AgentPool), out: &mut Allocation) -> bool {
    // Terraform reads the text as written.
    if let Some(text) = pool
        .subnet_ip_range
        .as_deref()
        .filter(|t| !t.is_empty() && input.era.profile().own_agent_subnets)
    {
        if text.parse::<Ipv4Net>().is_err() {
            if pool.count() > 0 {
                out.error(
                    Code::InvalidCidr,
                    FUNCTION_CALL,
                    format!("Call to function \"cidrhost\" failed: invalid CIDR expression: invalid CIDR address: {text}."),
                    agent_ip_source(input.era),
                    t!("agent pool {0}'s node IPs in its subnet_ip_range", k),
                    &[Field::AgentSubnetRange(k)],
                    Remedy::WriteOwnRange,
                );
            }
            return true;
        }
    }
    false
}

/// Control-plane pool `k`'s subnet and pinned IPs.
fn control_plane_pool(
    input: &Input,
    network: Ipv4Net,
    grid: Grid,
    offset: u64,
    (k, nodes): (usize, u32),
    out: &mut Allocation,
) {
    let index = indexes::control_plane_index(input.era, grid, k);
    let cidr = match input.era.profile().cut {
        Cut::Quarters => v2_18::control_plane_subnet(network, k),
        Cut::Fixed256 | Cut::Counted => u64::try_from(index).ok().and_then(|i| grid.subnet(i)),
    };
    let Some(cidr) = cidr else {
        out.error(
            Code::SubnetIndexCollision,
            INVALID_INDEX,
            no_such_index(index, u64::from(grid.count())),
            subnet_source(input.era, SubnetOf::ControlPlane),
            t!("control-plane pool {0}'s subnet (index {1})", k, index),
            &[Field::ControlPlanes, Field::SubnetCount],
            Remedy::FewerControlPlanePools,
        );
        return;
    };
    let mut s = subnet(
        Role::ControlPlane,
        Some(k),
        u32::try_from(index).ok(),
        cidr,
        u64::from(nodes),
    );
    if input.era.profile().control_plane_ips == NodeIps::Hetzner {
        // control_planes.tf:88 at 3.0.0: no private IP argument; Hetzner assigns.
        s.ips_assigned_by_hetzner = true;
    } else {
        let indexes = listed(0..u64::from(nodes), true, u64::from(nodes), s.cidr, offset);
        out.pin(
            &mut s,
            indexes.into_iter(),
            offset,
            control_plane_ip_source(input.era),
            Field::ControlPlanes,
        );
    }
    out.layout.subnets.push(s);
}

/// The NAT router's and the vSwitch's subnets.
fn extras(input: &Input, network: Ipv4Net, grid: Grid, out: &mut Allocation) {
    let profile = input.era.profile();
    match profile.nat {
        Nat::Indexed | Nat::Redundant => v2_18::nat_router(input, grid, out),
        Nat::Peripherals => v2_18::peripherals(input, network, out),
        Nat::Absent => {}
    }
    if profile.vswitch {
        v2_19::vswitch(input, grid, out);
    }
}

/// The control-plane and ingress load balancers.
fn balancers(input: &Input, out: &mut Allocation) {
    let first = |role: Role| {
        out.layout
            .subnets
            .iter()
            .find(|s| s.role == role)
            .map(|s| s.cidr)
    };
    let (cp0, agent0) = (first(Role::ControlPlane), first(Role::Agent));
    if input.plan.control_plane_lb {
        control_plane_lb(input, cp0, out);
    }
    ingress_lb(input, (agent0, cp0), out);
}

/// The control-plane load balancer, on control-plane subnet 0.
fn control_plane_lb(input: &Input, cp0: Option<Ipv4Net>, out: &mut Allocation) {
    match cp0 {
        Some(cp0) => {
            let errors = out.errors.len();
            let what = t!("the control-plane load balancer's IP");
            let ip = pinned_lb(
                input.era.profile().control_plane_lb,
                cp0,
                what,
                Field::ControlPlaneLb,
                out,
            );
            // Where the module's address fails, there is no load balancer to show.
            if out.errors.len() == errors {
                out.layout.load_balancer_subnet = Some(cp0);
                out.layout.load_balancer_ip = ip;
            }
        }
        None => out.error(
            Code::TerraformError,
            INVALID_INDEX,
            no_such_index(0, 0),
            "control_planes.tf:57 @2.0.0",
            t!("the control-plane load balancer's subnet"),
            &[Field::ControlPlanes],
            Remedy::AddControlPlanePool,
        ),
    }
}

/// The ingress load balancer, where the release attaches it, on agent subnet 0 (else
/// control-plane subnet 0).
fn ingress_lb(
    input: &Input,
    (agent0, cp0): (Option<Ipv4Net>, Option<Ipv4Net>),
    out: &mut Allocation,
) {
    out.layout.ingress_lb = ingress_mode(input);
    let profile = input.era.profile();
    let subnet = match profile.ingress {
        _ if out.layout.ingress_lb != IngressLb::Terraform => return,
        Ingress::Ccm | Ingress::TerraformCcmNetwork => return,
        Ingress::OnAgentSubnet0 => agent0,
        Ingress::OnAgentElseControlPlaneSubnet0 => agent0.or(cp0),
    };
    let Some(subnet) = subnet else {
        out.error(
            Code::TerraformError,
            INVALID_INDEX,
            no_such_index(0, 0),
            "init.tf:26 @2.17.1",
            t!("the ingress load balancer's subnet"),
            &[Field::Agents, Field::IngressController],
            Remedy::AddAgentPoolOrNoIngress,
        );
        return;
    };
    let errors = out.errors.len();
    let host = v3::ingress_host(input, profile.ingress_ip, agent0.is_none());
    let ip = pinned_lb(
        host,
        subnet,
        t!("the ingress load balancer's IP"),
        Field::IngressController,
        out,
    );
    if out.errors.len() == errors {
        out.layout.ingress_lb_subnet = Some(subnet);
        out.layout.ingress_lb_ip = ip;
    }
}

/// A load balancer's private IP on its subnet, where the release pins one.
fn pinned_lb(
    ip: LbIp,
    subnet: Ipv4Net,
    what: crate::text::Text,
    field: Field,
    out: &mut Allocation,
) -> Option<Ipv4Addr> {
    match ip {
        LbIp::Hetzner => None,
        LbIp::Host(host, source) => out.pinned_lb(subnet, host, source, what, field),
    }
}

/// Whether and how the ingress load balancer exists.
fn ingress_mode(input: &Input) -> IngressLb {
    let autoscaler = if input.era >= Era::V2_14_2 {
        u64::from(input.plan.autoscaler_max_nodes)
    } else {
        0
    };
    // locals.tf:97-101 at 2.0.0: is_single_node_cluster, using_klipper_lb, has_external_load_balancer.
    let single_node = input.control_plane_nodes() + input.agent_nodes() + autoscaler == 1;
    let external = input.plan.klipper_metal_lb
        || single_node
        || input.plan.ingress_controller == crate::model::IngressController::None;
    match input.era.profile().ingress {
        _ if external => IngressLb::None,
        Ingress::Ccm => IngressLb::Ccm,
        Ingress::TerraformCcmNetwork => IngressLb::TerraformLbCcmNetwork,
        _ if v3::tailscale_detaches_ingress(input) => IngressLb::TerraformLbNotAttached,
        _ => IngressLb::Terraform,
    }
}

/// The CoreDNS address.
fn dns(input: &Input, out: &mut Allocation) {
    let given = !input.plan.cluster_dns_ipv4.trim().is_empty();
    match input.era.profile().dns {
        // No cluster-dns flag: k3s keeps its own.
        Dns::K3sDefault => {
            out.layout.dns_source = DnsSource::K3sDefault;
            out.layout.dns_ip = Some(K3S_DEFAULT_DNS);
        }
        // No cluster-dns flag: k3s takes host 10 of the service range it is given.
        Dns::K3sServiceHost10 => {
            out.layout.dns_source = DnsSource::K3sDefault;
            out.layout.dns_ip = input.service.and_then(|s| crate::net::cidrhost(s, 10));
        }
        // variables.tf `cluster_dns_ipv4` default "10.43.0.10" (2.9.2 to 2.17.0).
        Dns::VariableDefault10_43_0_10 => {
            out.layout.dns_source = DnsSource::Variable;
            out.layout.dns_ip = if given {
                input.dns
            } else {
                Some(K3S_DEFAULT_DNS)
            };
        }
        Dns::VariableDefaultServiceHost10 if given => {
            out.layout.dns_source = DnsSource::Variable;
            out.layout.dns_ip = input.dns;
        }
        // locals.tf:231 at 2.17.1: cidrhost(var.service_ipv4_cidr, 10).
        Dns::VariableDefaultServiceHost10 => {
            out.layout.dns_source = DnsSource::ServiceHost10;
            let Some(service) = input.service else {
                return;
            };
            match cidrhost(service, 10) {
                Ok(ip) => out.layout.dns_ip = Some(ip),
                Err(detail) => out.error(
                    Code::DnsOutsideService,
                    FUNCTION_CALL,
                    detail,
                    "locals.tf:231 @2.17.1",
                    t!("the DNS address, host 10 of the service range"),
                    // As the rule that explains it names them: one finding, with the quote.
                    &[Field::Dns, Field::Service],
                    Remedy::ServiceRangeOf28,
                ),
            }
        }
    }
}

/// The private default route the module installs.
fn default_route(era: Era, network: Ipv4Net) -> Option<DefaultRoute> {
    const HARD_CODED: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
    match era.profile().gateway {
        // modules/host/templates/cloudinit.yaml.tpl:39 at 2.17.1, private-only nodes;
        // locals.tf:106 at 2.18.0 (eth1 on every node) and cloudinit.yaml.tpl:38.
        Gateway::HardCoded(scope) => Some(DefaultRoute {
            via: HARD_CODED,
            scope,
        }),
        // locals.tf:109 at 2.18.3: network_gw_ipv4 = cidrhost(var.network_ipv4_cidr, 1).
        Gateway::NetworkHost1 => crate::net::cidrhost(network, 1).map(|via| DefaultRoute {
            via,
            scope: RouteScope::AllNodes,
        }),
        Gateway::None => None,
    }
}

/// The ranges and DNS address each k3s server is given.
fn k3s(input: &Input, out: &Allocation) -> K3s {
    let plan = input.plan;
    let ranges = |dns: bool| K3sFlags {
        cluster_cidr: Some(plan.cluster_ipv4_cidr.clone()),
        service_cidr: Some(plan.service_ipv4_cidr.clone()),
        cluster_dns: if dns {
            out.layout.dns_ip.map(|ip| ip.to_string())
        } else {
            None
        },
    };
    match input.era.profile().k3s {
        // 2.0.0 to 2.3.2: neither init.tf nor control_planes.tf pass any.
        K3sRanges::None => K3s::default(),
        // init.tf:27-28 and control_planes.tf:115-116 at 2.4.0.
        K3sRanges::AllServers => K3s {
            first_control_plane: ranges(false),
            other_control_planes: ranges(false),
        },
        // init.tf:41-42 at 2.8.0 only; control_planes.tf passes none.
        K3sRanges::FirstServer => K3s {
            first_control_plane: ranges(false),
            other_control_planes: K3sFlags::default(),
        },
        // init.tf:42-44 and control_planes.tf:102-104 at 2.9.2, and on.
        K3sRanges::AllServersWithDns => K3s {
            first_control_plane: ranges(true),
            other_control_planes: ranges(true),
        },
    }
}
