//! What each kube-hetzner release allocates: subnets, pinned node IPs, the NAT router,
//! the load balancers, the DNS address and the ranges k3s receives, and where the module's
//! own expressions fail at plan time. One file per family of releases; every expression
//! cites the module's file and line at the first release of its era.

mod releases;
mod v2_0;
mod v2_18;
mod v2_19;
mod v3;

use std::net::Ipv4Addr;

use ipnet::Ipv4Net;
use serde::Serialize;

pub use releases::{Era, Release, ReleaseError};

use crate::finding::{Code, Field, Fix};
use crate::layout::{Role, Subnet, MAX_LISTED};
use crate::net::size;
use crate::plan::{NatRouter, Plan, SubnetMode};

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

/// k3s' own pod range, service range and DNS address when given none.
pub(crate) const K3S_DEFAULT_CLUSTER: &str = "10.42.0.0/16";
pub(crate) const K3S_DEFAULT_SERVICE: &str = "10.43.0.0/16";
pub(crate) const K3S_DEFAULT_DNS: Ipv4Addr = Ipv4Addr::new(10, 43, 0, 10);

/// A Terraform diagnostic the module raises for this plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct PlanError {
    /// The catalog code the failure belongs to.
    pub code: Code,
    /// Terraform's summary: "Error in function call", "Invalid value for variable", ...
    pub summary: &'static str,
    /// Terraform's detail, word for word (a validation's `error_message`).
    pub detail: String,
    /// Where in the module, at the era's first release.
    pub source: &'static str,
    /// What the module was computing, in words.
    pub what: String,
    /// The plan fields to change.
    pub fields: Vec<Field>,
    /// How to get past it.
    pub fix: Fix,
}

/// What the module computes for a plan.
#[derive(Clone, Debug, Default)]
pub(crate) struct Allocation {
    /// How the module cuts the network, where it can.
    pub grid: Option<Grid>,
    pub subnets: Vec<Subnet>,
    pub nat_router_ips: Vec<Ipv4Addr>,
    pub nat_gateway_ip: Option<Ipv4Addr>,
    /// The control-plane load balancer's subnet and pinned IP (`None`: Hetzner picks).
    pub load_balancer: Option<(Ipv4Net, Option<Ipv4Addr>)>,
    pub ingress_lb: IngressLb,
    /// The ingress load balancer's subnet and pinned IP, where Terraform attaches it.
    pub ingress: Option<(Ipv4Net, Option<Ipv4Addr>)>,
    pub dns_ip: Option<Ipv4Addr>,
    pub dns_source: DnsSource,
    pub default_route: Option<DefaultRoute>,
    pub node_ip_offset: u64,
    pub k3s: K3s,
    /// Plan-time errors, in the order the module meets them.
    pub errors: Vec<PlanError>,
    /// Plan-time warnings (`check` blocks).
    pub warnings: Vec<PlanError>,
}

/// The parsed inputs the module's expressions read.
pub(crate) struct Input<'a> {
    pub era: Era,
    pub plan: &'a Plan,
    pub network: Option<Ipv4Net>,
    pub service: Option<Ipv4Net>,
    /// `cluster_dns_ipv4` when given and valid.
    pub dns: Option<Ipv4Addr>,
    /// Each agent pool's own `subnet_ip_range`, where given and valid.
    pub agent_ranges: &'a [Option<Ipv4Net>],
}

impl Input<'_> {
    fn agent_nodes(&self) -> u64 {
        self.plan.agents.iter().map(|p| u64::from(p.count())).sum()
    }

    fn control_plane_nodes(&self) -> u64 {
        self.plan.control_planes.iter().map(|&n| u64::from(n)).sum()
    }

    fn nat(&self) -> bool {
        self.plan.nat_router != NatRouter::Off
    }

    /// `network_subnet_mode` where the release has it (3.x), else one subnet per nodepool.
    fn shared(&self) -> bool {
        self.era >= Era::V3_0_0 && self.plan.subnet_mode == SubnetMode::Shared
    }
}

/// How the module cuts the network into subnets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Grid {
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
                .then(|| crate::net::cidrsubnet(network, bits, index))
                .flatten(),
            Grid::Quarters { network } => crate::net::cidrsubnet(network, 2, 0)
                .and_then(|q| crate::net::cidrsubnet(q, 8, index)),
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

/// Terraform's `cidrhost`: the address, or its error text word for word.
pub(crate) fn cidrhost(net: Ipv4Net, hostnum: i64) -> Result<Ipv4Addr, String> {
    crate::net::cidrhost(net, hostnum).ok_or_else(|| {
        // go-cidr reports a negative number as counted from the start.
        let shown = if hostnum < 0 {
            i64::try_from(size(net))
                .unwrap_or(i64::MAX)
                .saturating_add(hostnum)
        } else {
            hostnum
        };
        format!(
            "Call to function \"cidrhost\" failed: {}.",
            host_reason(net, shown)
        )
    })
}

/// Why Terraform's `cidrhost` fails: the host number does not fit.
fn host_reason(net: Ipv4Net, hostnum: i64) -> String {
    format!(
        "prefix of {} does not accommodate a host numbered {hostnum}",
        net.prefix_len()
    )
}

/// Why Terraform's `cidrsubnet` fails for lack of room.
fn extend_reason(net: Ipv4Net, newbits: impl std::fmt::Display) -> String {
    format!(
        "insufficient address space to extend prefix of {} by {newbits}",
        net.prefix_len()
    )
}

/// Terraform's `cidrsubnet` failing for lack of room, word for word.
pub(crate) fn cidrsubnet_error(net: Ipv4Net, newbits: u8) -> String {
    format!(
        "Call to function \"cidrsubnet\" failed: {}.",
        extend_reason(net, newbits)
    )
}

/// Terraform's `cidrsubnet(prefix, newbits, netnum)` on text, as a `kube.tf` calls it:
/// the subnet, or the reason Terraform gives.
pub fn terraform_cidrsubnet(prefix: &str, newbits: i64, netnum: i64) -> Result<String, String> {
    let net = parse_prefix(prefix)?;
    let bits = u8::try_from(newbits)
        .ok()
        .filter(|&b| u32::from(net.prefix_len()) + u32::from(b) <= 32)
        .ok_or_else(|| extend_reason(net, newbits))?;
    u64::try_from(netnum)
        .ok()
        .and_then(|num| crate::net::cidrsubnet(net, bits, num))
        .map(|subnet| subnet.to_string())
        .ok_or_else(|| {
            format!("prefix extension of {newbits} does not accommodate a subnet numbered {netnum}")
        })
}

/// Terraform's `cidrhost(prefix, hostnum)` on text: the address, or the reason.
pub fn terraform_cidrhost(prefix: &str, hostnum: i64) -> Result<String, String> {
    let net = parse_prefix(prefix)?;
    crate::net::cidrhost(net, hostnum)
        .map(|ip| ip.to_string())
        .ok_or_else(|| host_reason(net, hostnum))
}

fn parse_prefix(prefix: &str) -> Result<Ipv4Net, String> {
    prefix
        .parse::<Ipv4Net>()
        .map(|net| net.trunc())
        // Terraform quotes the text; a `kube.tf` value might be a secret, so this does not.
        .map_err(|_| "invalid CIDR expression: not an IPv4 CIDR address".to_string())
}

/// Terraform's summaries.
pub(crate) const FUNCTION_CALL: &str = "Error in function call";
pub(crate) const INVALID_INDEX: &str = "Invalid index";
pub(crate) const INVALID_ARGUMENT: &str = "Invalid function argument";
pub(crate) const INVALID_VARIABLE: &str = "Invalid value for variable";
pub(crate) const PRECONDITION: &str = "Resource precondition failed";
pub(crate) const CHECK: &str = "Check block assertion failed";
/// Terraform's detail for `list[index]` outside a list of `len` elements, word for word
/// (HCL's `Index`: the specific reasons only for a negative index and for `index == len`).
pub(crate) fn no_such_index(index: i64, len: u64) -> String {
    let reason = if index < 0 {
        ": a negative number is not a valid index for a sequence"
    } else if u64::try_from(index).is_ok_and(|i| i == len) {
        if len == 0 {
            ": the collection has no elements"
        } else {
            ": the given index is greater than or equal to the length of the collection"
        }
    } else {
        ""
    };
    format!("The given key does not identify an element in this collection value{reason}.")
}
/// Terraform's detail for `sum([])`.
pub(crate) const EMPTY_SUM: &str =
    "Invalid value for \"list\" parameter: cannot sum an empty list.";

impl Allocation {
    #[allow(clippy::too_many_arguments)]
    fn error(
        &mut self,
        code: Code,
        summary: &'static str,
        detail: impl Into<String>,
        source: &'static str,
        what: impl Into<String>,
        fields: &[Field],
        fix: impl Into<Fix>,
    ) {
        let detail = detail.into();
        // Terraform reports each diagnostic once, however many nodes meet it.
        if self
            .errors
            .iter()
            .any(|e| e.detail == detail && e.source == source)
        {
            return;
        }
        self.errors.push(PlanError {
            code,
            summary,
            detail,
            source,
            what: what.into(),
            fields: fields.to_vec(),
            fix: fix.into(),
        });
    }

    /// A validation or precondition whose `condition` is false.
    #[allow(clippy::too_many_arguments)]
    fn require(
        &mut self,
        code: Code,
        holds: bool,
        summary: &'static str,
        message: &'static str,
        source: &'static str,
        fields: &[Field],
        fix: impl Into<Fix>,
    ) {
        if !holds {
            self.error(
                code,
                summary,
                message,
                source,
                "the module's own check",
                fields,
                fix,
            );
        }
    }

    /// A load balancer's pinned address, `cidrhost(subnet, host)`, or Terraform's error.
    fn pinned_lb(
        &mut self,
        subnet: Ipv4Net,
        host: i64,
        source: &'static str,
        what: &str,
        field: Field,
    ) -> Option<Ipv4Addr> {
        match cidrhost(subnet, host) {
            Ok(ip) => Some(ip),
            Err(detail) => {
                self.error(
                    Code::SubnetTooSmall,
                    FUNCTION_CALL,
                    detail,
                    source,
                    format!("{what}, host {host} of {subnet}"),
                    &[field, Field::Network, Field::ModuleVersion],
                    match host {
                        254 => "upgrade to 2.18.5 or later, which takes the subnet's second-to-last address instead, or use a network of /16 or larger (subnets of /24 hold host 254)",
                        1 => "use a larger network: each subnet needs more than one address",
                        _ => "use fewer, larger subnets (a smaller subnet_count) or a larger network",
                    },
                );
                None
            }
        }
    }

    /// Pins one address per node index at `cidrhost(subnet, index + offset)`; Terraform
    /// reports every node whose host number does not fit, and so does this (up to
    /// [`MAX_LISTED`] a subnet).
    fn pin(
        &mut self,
        subnet: &mut Subnet,
        indexes: impl Iterator<Item = u64>,
        offset: u64,
        source: &'static str,
        field: Field,
    ) {
        let mut failed = 0;
        for index in indexes {
            let host = i64::try_from(index.saturating_add(offset)).unwrap_or(i64::MAX);
            match cidrhost(subnet.cidr, host) {
                Ok(ip) if subnet.node_ips.len() < MAX_LISTED => subnet.node_ips.push(ip),
                Ok(_) => {}
                Err(_) if failed >= MAX_LISTED => break,
                Err(detail) => {
                    failed += 1;
                    let fits = size(subnet.cidr).saturating_sub(offset);
                    self.error(
                        Code::SubnetTooSmall,
                        FUNCTION_CALL,
                        detail,
                        source,
                        format!("the node IPs of {subnet} (host {offset} on)"),
                        &[field, Field::Network],
                        format!(
                            "at most {fits} nodes fit from host {offset}: move nodes to another pool, or use a larger network or fewer subnets"
                        ),
                    );
                }
            }
        }
    }
}

/// The node indexes worth pinning one by one: for `0..count`, the first [`MAX_LISTED`]
/// (the rest fit too, and are not listed) and the first [`MAX_LISTED`] that do not fit;
/// a `nodes` map's keys as they are. Huge counts cost no more than small ones.
pub(crate) fn listed(
    indexes: impl Iterator<Item = u64>,
    counted: bool,
    count: u64,
    cidr: Ipv4Net,
    offset: u64,
) -> Vec<u64> {
    if !counted {
        return indexes.collect();
    }
    let limit = MAX_LISTED as u64;
    let first_misfit = size(cidr).saturating_sub(offset).max(limit);
    (0..count.min(limit))
        .chain(first_misfit..count.min(first_misfit.saturating_add(limit)))
        .collect()
}

fn subnet(
    role: Role,
    pool: Option<usize>,
    index: Option<u32>,
    cidr: Ipv4Net,
    nodes: u64,
) -> Subnet {
    Subnet {
        role,
        pool,
        index,
        cidr,
        gateway: crate::net::cidrhost(cidr, 1),
        nodes,
        node_ips: Vec::new(),
        ips_assigned_by_hetzner: false,
    }
}

/// A subnet index for the NAT router or the vSwitch that no nodepool and nothing in `also`
/// takes, below `count`: `default` where it is free, else the highest free one.
pub(crate) fn free_index(input: &Input, count: u32, default: u32, also: &[u32]) -> Option<u32> {
    let agents = u32::try_from(input.plan.agents.len()).unwrap_or(u32::MAX);
    let control_planes = u32::try_from(input.plan.control_planes.len()).unwrap_or(u32::MAX);
    let taken = |i: u32| {
        also.contains(&i)
            || if input.shared() {
                i == 0 || i + 1 == count
            } else {
                i < agents || count.saturating_sub(i) <= control_planes
            }
    };
    std::iter::once(default)
        .chain((0..count).rev())
        .find(|&i| i < count && !taken(i))
}

/// The fix moving the NAT router's or the vSwitch's subnet index (`setting`, a key of the
/// settings table) to a free one.
pub(crate) fn index_fix(
    input: &Input,
    setting: &str,
    count: u32,
    default: u32,
    also: &[u32],
) -> Fix {
    let variable = crate::settings::Setting::by_key(setting)
        .and_then(|s| (s.variable)(input.era))
        .unwrap_or(setting);
    // The vSwitch keeps clear of where the NAT router's own fix would move it too, so
    // applying both fixes never puts the two on one index.
    let nat_fix = (setting == "vswitch_index")
        .then(|| free_index(input, count, 200, &[]))
        .flatten();
    let also: Vec<u32> = also.iter().copied().chain(nat_fix).collect();
    match free_index(input, count, default, &also) {
        Some(index) => Fix::set(
            format!("set {variable} = {index}, a subnet index no nodepool takes"),
            setting,
            index,
        ),
        None => format!("use a larger subnet_count to make room for {variable}").into(),
    }
}

/// Computes what the module allocates for a plan, release by release.
pub(crate) fn allocate(input: &Input) -> Allocation {
    let mut out = Allocation::default();
    dns(input, &mut out);
    out.k3s = k3s(input, &out);
    let Some(network) = input.network else {
        return out;
    };
    counts(input, &mut out);
    out.grid = grid(input, network, &mut out);
    if let Some(grid) = out.grid {
        let node_offset = node_offset(input.era, network, grid);
        out.node_ip_offset = node_offset;
        pools(input, network, grid, node_offset, &mut out);
        extras(input, network, grid, &mut out);
        balancers(input, &mut out);
    }
    out.default_route = default_route(input.era, network);
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
    match input.era {
        Era::V2_18_0 => v2_18::quarters(network, out),
        era if era >= Era::V2_19_0 => v2_19::grid(input, network, out),
        _ => v2_0::grid(network, out),
    }
}

/// The host number node IPs start from.
fn node_offset(era: Era, network: Ipv4Net, grid: Grid) -> u64 {
    if era >= Era::V2_19_0 {
        v2_19::node_offset(network, grid)
    } else {
        v2_0::NODE_OFFSET
    }
}

/// The agent and control-plane subnets and their pinned IPs.
fn pools(input: &Input, network: Ipv4Net, grid: Grid, offset: u64, out: &mut Allocation) {
    if input.shared() {
        v3::shared_pools(input, grid, offset, out);
        return;
    }
    let cp_index = |k: usize| -> Option<i64> {
        let k = i64::try_from(k).ok()?;
        match input.era {
            Era::V2_18_0 => Some(k),
            era if era >= Era::V2_19_0 => Some(i64::from(grid.count()) - 1 - k),
            _ => Some(255 - k),
        }
    };
    for (k, pool) in input.plan.agents.iter().enumerate() {
        let own = input
            .agent_ranges
            .get(k)
            .copied()
            .flatten()
            .filter(|_| input.era >= Era::V2_19_0);
        // Terraform reads the text as written: what Go's ParseCIDR refuses fails every node's
        // cidrhost (the text's own finding says what is wrong with it).
        if let Some(text) = pool
            .subnet_ip_range
            .as_deref()
            .filter(|t| !t.is_empty() && input.era >= Era::V2_19_0)
        {
            if text.parse::<Ipv4Net>().is_err() {
                if pool.count() > 0 {
                    out.error(
                        Code::InvalidCidr,
                        FUNCTION_CALL,
                        format!("Call to function \"cidrhost\" failed: invalid CIDR expression: invalid CIDR address: {text}."),
                        agent_ip_source(input.era),
                        format!("agent pool {k}'s node IPs in its subnet_ip_range"),
                        &[Field::AgentSubnetRange(k)],
                        "write the range as a.b.c.d/n, without spaces or quotes",
                    );
                }
                continue;
            }
        }
        let module = u64::try_from(k).ok().and_then(|i| grid.subnet(i));
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
                format!("agent pool {k}'s subnet (index {k})"),
                &[Field::Agents, Field::SubnetCount],
                "use fewer agent pools or more subnets",
            );
            continue;
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
        if input.era == Era::V3_0_0 {
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
                &mut s,
                indexes.into_iter(),
                offset,
                agent_ip_source(input.era),
                Field::Agents,
            );
        }
        out.subnets.push(s);
    }
    for (k, &nodes) in input.plan.control_planes.iter().enumerate() {
        let index = cp_index(k).unwrap_or(i64::MAX);
        let cidr = match input.era {
            Era::V2_18_0 => v2_18::control_plane_subnet(network, k),
            _ => u64::try_from(index).ok().and_then(|i| grid.subnet(i)),
        };
        let Some(cidr) = cidr else {
            out.error(
                Code::SubnetIndexCollision,
                INVALID_INDEX,
                no_such_index(index, u64::from(grid.count())),
                subnet_source(input.era, SubnetOf::ControlPlane),
                format!("control-plane pool {k}'s subnet (index {index})"),
                &[Field::ControlPlanes, Field::SubnetCount],
                "use fewer control-plane pools or more subnets",
            );
            continue;
        };
        let mut s = subnet(
            Role::ControlPlane,
            Some(k),
            u32::try_from(index).ok(),
            cidr,
            u64::from(nodes),
        );
        if input.era >= Era::V3_0_0 {
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
        out.subnets.push(s);
    }
}

/// Which `hcloud_network_subnet` a subnet source names.
#[derive(Clone, Copy)]
pub(crate) enum SubnetOf {
    ControlPlane,
    Agent,
    NatRouter,
    Vswitch,
}

/// The `ip_range` line of each subnet resource in main.tf, in the plan's own release
/// (ERAS.md, eras.json: the lines move in 2.4.0, 2.8.0, 2.18.0, 2.18.1, 2.19.0, 2.20.0
/// and 3.0.0). Before 2.18.1 there is no NAT router subnet, before 2.19.0 no vSwitch.
pub(crate) fn subnet_source(era: Era, of: SubnetOf) -> &'static str {
    use SubnetOf::*;
    let [control_plane, agent, nat_router, vswitch] = match era {
        Era::V2_0_0 => ["main.tf:31 @2.0.0", "main.tf:40 @2.0.0", "", ""],
        Era::V2_4_0 => ["main.tf:38 @2.4.0", "main.tf:47 @2.4.0", "", ""],
        Era::V2_18_0 => ["main.tf:42 @2.18.0", "main.tf:50 @2.18.0", "", ""],
        era if era < Era::V2_18_0 => ["main.tf:43 @2.8.0", "main.tf:52 @2.8.0", "", ""],
        era if era < Era::V2_19_0 => [
            "main.tf:44 @2.18.1",
            "main.tf:53 @2.18.1",
            "main.tf:62 @2.18.1",
            "",
        ],
        era if era < Era::V2_20_0 => [
            "main.tf:45 @2.19.0",
            "main.tf:54 @2.19.0",
            "main.tf:63 @2.19.0",
            "main.tf:72 @2.19.0",
        ],
        era if era < Era::V3_0_0 => [
            "main.tf:73 @2.20.0",
            "main.tf:82 @2.20.0",
            "main.tf:91 @2.20.0",
            "main.tf:100 @2.20.0",
        ],
        _ => [
            "main.tf:42 @3.0.0",
            "main.tf:50 @3.0.0",
            "main.tf:59 @3.0.0",
            "main.tf:68 @3.0.0",
        ],
    };
    match of {
        ControlPlane => control_plane,
        Agent => agent,
        NatRouter => nat_router,
        Vswitch => vswitch,
    }
}

fn agent_ip_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V3_0_1 => "agents.tf:93-96 @3.0.1",
        era if era >= Era::V2_19_0 => "agents.tf:40 @2.19.0",
        Era::V2_18_5 => "agents.tf:38 @2.18.5",
        era if era >= Era::V2_17_1 => "agents.tf:36 @2.17.1",
        era if era >= Era::V2_14_2 => "agents.tf:33 @2.14.2",
        era if era >= Era::V2_8_0 => "agents.tf:31 @2.8.0",
        _ => "agents.tf:30 @2.0.0",
    }
}

fn control_plane_ip_source(era: Era) -> &'static str {
    match era {
        era if era >= Era::V2_19_0 => "control_planes.tf:43 @2.19.0",
        era if era >= Era::V2_18_5 => "control_planes.tf:41 @2.18.5",
        era if era >= Era::V2_18_0 => "control_planes.tf:39 @2.18.0",
        era if era >= Era::V2_17_1 => "control_planes.tf:38 @2.17.1",
        era if era >= Era::V2_14_2 => "control_planes.tf:35 @2.14.2",
        era if era >= Era::V2_9_2 => "control_planes.tf:34 @2.9.2",
        era if era >= Era::V2_8_0 => "control_planes.tf:33 @2.8.0",
        _ => "control_planes.tf:32 @2.0.0",
    }
}

/// The NAT router's and the vSwitch's subnets.
fn extras(input: &Input, network: Ipv4Net, grid: Grid, out: &mut Allocation) {
    match input.era {
        era if era >= Era::V2_18_1 => v2_18::nat_router(input, grid, out),
        Era::V2_18_0 => v2_18::peripherals(input, network, out),
        _ => {}
    }
    if input.era >= Era::V2_19_0 {
        v2_19::vswitch(input, grid, out);
    }
}

/// The control-plane and ingress load balancers.
fn balancers(input: &Input, out: &mut Allocation) {
    let first = |role: Role| out.subnets.iter().find(|s| s.role == role).map(|s| s.cidr);
    let (cp0, agent0) = (first(Role::ControlPlane), first(Role::Agent));
    if input.plan.control_plane_lb {
        match cp0 {
            Some(cp0) => {
                let errors = out.errors.len();
                let ip = match input.era {
                    era if era >= Era::V2_18_0 => v2_18::control_plane_lb_ip(input.era, cp0, out),
                    _ => v2_0::control_plane_lb_ip(input.era, cp0, out),
                };
                // Where the module's address fails, there is no load balancer to show.
                if out.errors.len() == errors {
                    out.load_balancer = Some((cp0, ip));
                }
            }
            None => out.error(
                Code::TerraformError,
                INVALID_INDEX,
                no_such_index(0, 0),
                "control_planes.tf:57 @2.0.0",
                "the control-plane load balancer's subnet",
                &[Field::ControlPlanes],
                "add a control-plane pool",
            ),
        }
    }
    out.ingress_lb = ingress_mode(input);
    if out.ingress_lb != IngressLb::Terraform || input.era < Era::V2_17_1 {
        return;
    }
    let subnet = match input.era {
        // init.tf:26 at 2.17.1: agent subnet 0 only.
        Era::V2_17_1 => agent0,
        // init.tf:26-30 at 2.17.2: agent subnet 0, else control-plane subnet 0.
        _ => agent0.or(cp0),
    };
    let Some(subnet) = subnet else {
        out.error(
            Code::TerraformError,
            INVALID_INDEX,
            no_such_index(0, 0),
            "init.tf:26 @2.17.1",
            "the ingress load balancer's subnet",
            &[Field::Agents, Field::IngressController],
            "add an agent pool, or set ingress_controller = \"none\"",
        );
        return;
    };
    let errors = out.errors.len();
    let ip = match input.era {
        era if era >= Era::V2_18_0 => v2_18::ingress_lb_ip(input, subnet, agent0.is_none(), out),
        _ => None,
    };
    if out.errors.len() == errors {
        out.ingress = Some((subnet, ip));
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
        || input.plan.ingress_controller == crate::plan::IngressController::None;
    match input.era {
        _ if external => IngressLb::None,
        era if era < Era::V2_8_0 => IngressLb::Ccm,
        era if era < Era::V2_17_1 => IngressLb::TerraformLbCcmNetwork,
        era if era >= Era::V3_0_0 && input.plan.tailscale => IngressLb::TerraformLbNotAttached,
        _ => IngressLb::Terraform,
    }
}

/// The CoreDNS address.
fn dns(input: &Input, out: &mut Allocation) {
    let given = !input.plan.cluster_dns_ipv4.trim().is_empty();
    match input.era {
        // No cluster-dns flag: k3s takes host 10 of the service range it is given.
        era if era < Era::V2_9_2 => {
            out.dns_source = DnsSource::K3sDefault;
            out.dns_ip = if era < Era::V2_4_0 {
                Some(K3S_DEFAULT_DNS)
            } else {
                input.service.and_then(|s| crate::net::cidrhost(s, 10))
            };
        }
        // variables.tf `cluster_dns_ipv4` default "10.43.0.10" (2.9.2 to 2.17.0).
        era if era < Era::V2_17_1 => {
            out.dns_source = DnsSource::Variable;
            out.dns_ip = if given {
                input.dns
            } else {
                Some(K3S_DEFAULT_DNS)
            };
        }
        _ if given => {
            out.dns_source = DnsSource::Variable;
            out.dns_ip = input.dns;
        }
        // locals.tf:231 at 2.17.1: cidrhost(var.service_ipv4_cidr, 10).
        _ => {
            out.dns_source = DnsSource::ServiceHost10;
            let Some(service) = input.service else {
                return;
            };
            match cidrhost(service, 10) {
                Ok(ip) => out.dns_ip = Some(ip),
                Err(detail) => out.error(
                    Code::DnsOutsideService,
                    FUNCTION_CALL,
                    detail,
                    "locals.tf:231 @2.17.1",
                    "the DNS address, host 10 of the service range",
                    // As the rule that explains it names them: one finding, with the quote.
                    &[Field::Dns, Field::Service],
                    "use a service range of /28 or larger",
                ),
            }
        }
    }
}

/// The private default route the module installs.
fn default_route(era: Era, network: Ipv4Net) -> Option<DefaultRoute> {
    const HARD_CODED: Ipv4Addr = Ipv4Addr::new(10, 0, 0, 1);
    match era {
        // modules/host/templates/cloudinit.yaml.tpl:39 at 2.17.1, private-only nodes.
        Era::V2_17_1 | Era::V2_17_2 => Some(DefaultRoute {
            via: HARD_CODED,
            scope: RouteScope::PrivateOnlyNodes,
        }),
        // locals.tf:106 at 2.18.0 (eth1 on every node) and cloudinit.yaml.tpl:38.
        Era::V2_18_0 | Era::V2_18_1 => Some(DefaultRoute {
            via: HARD_CODED,
            scope: RouteScope::AllNodes,
        }),
        // locals.tf:109 at 2.18.3: network_gw_ipv4 = cidrhost(var.network_ipv4_cidr, 1).
        era if era >= Era::V2_18_3 => crate::net::cidrhost(network, 1).map(|via| DefaultRoute {
            via,
            scope: RouteScope::AllNodes,
        }),
        _ => None,
    }
}

/// The ranges and DNS address each k3s server is given.
fn k3s(input: &Input, out: &Allocation) -> K3s {
    let plan = input.plan;
    let ranges = |dns: bool| K3sFlags {
        cluster_cidr: Some(plan.cluster_ipv4_cidr.clone()),
        service_cidr: Some(plan.service_ipv4_cidr.clone()),
        cluster_dns: if dns {
            out.dns_ip.map(|ip| ip.to_string())
        } else {
            None
        },
    };
    match input.era {
        // 2.0.0 to 2.3.2: neither init.tf nor control_planes.tf pass any.
        Era::V2_0_0 => K3s::default(),
        // init.tf:27-28 and control_planes.tf:115-116 at 2.4.0.
        Era::V2_4_0 => K3s {
            first_control_plane: ranges(false),
            other_control_planes: ranges(false),
        },
        // init.tf:41-42 at 2.8.0 only; control_planes.tf passes none.
        Era::V2_8_0 => K3s {
            first_control_plane: ranges(false),
            other_control_planes: K3sFlags::default(),
        },
        // init.tf:42-44 and control_planes.tf:102-104 at 2.9.2, and on.
        _ => K3s {
            first_control_plane: ranges(true),
            other_control_planes: ranges(true),
        },
    }
}
