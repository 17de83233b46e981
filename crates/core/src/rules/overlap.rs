//! Rules on ranges that collide: pods, services and subnets, routes and Hetzner's
//! fixed addresses. Growth-dependent ones say at which node or nodepool they start.

use std::cell::LazyCell;
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use super::ctx::Ctx;
use super::suggest;
use crate::model::{Cni, Code, Field, Finding, Fix, Key, Severity, Span, Subnet, SubnetMode, Unit};
use crate::net::{after, cidrsubnet, distance, is_private, overlaps, size, RFC1918};
use crate::platform::{
    HETZNER_GATEWAY, MODULE_DEFAULT_CLUSTER, MODULE_DEFAULT_NETWORK, MODULE_DEFAULT_SERVICE,
    TAILSCALE,
};
use crate::text::Text;

/// Longest list of hits spelled out in one message.
const LISTED_HITS: usize = 4;

/// Where pod blocks are cut: the pod range and its node mask.
#[derive(Clone, Copy)]
struct Blocks {
    cluster: Ipv4Net,
    mask: u8,
}

impl Blocks {
    fn new(ctx: &Ctx) -> Option<Blocks> {
        Some(Blocks {
            cluster: ctx.ranges.cluster?,
            mask: ctx.ranges.node_mask?,
        })
    }

    fn block_size(self) -> u64 {
        1u64 << (32 - u32::from(self.mask))
    }

    /// The 0-based index of the block holding `ip` (which must lie in the pod range).
    fn index_of(self, ip: Ipv4Addr) -> u64 {
        distance(self.cluster.network(), ip) / self.block_size()
    }

    fn block(self, index: u64) -> Option<Ipv4Net> {
        cidrsubnet(self.cluster, self.mask - self.cluster.prefix_len(), index)
    }

    /// The first block overlapping `range`, with its index.
    fn first_overlapping(self, range: Ipv4Net) -> Option<(u64, Ipv4Net)> {
        if !overlaps(self.cluster, range) {
            return None;
        }
        let index = self.index_of(range.network().max(self.cluster.network()));
        Some((index, self.block(index)?))
    }
}

/// One pod block hitting one thing.
#[derive(Clone, Copy)]
struct Hit<'a> {
    /// 1-based node count at which the block is handed out.
    node: u64,
    block: Ipv4Net,
    subnet: &'a Subnet,
}

impl Ctx<'_> {
    /// The severity of something that starts at `node`: error when planned nodes reach it,
    /// warning when the plan can still grow to it, info beyond the plan's limits.
    fn growth_severity(&self, node: u64) -> Severity {
        if node <= self.layout.planned_nodes {
            Severity::Error
        } else if node <= self.capacity.max_nodes {
            Severity::Warning
        } else {
            Severity::Info
        }
    }

    /// When a node-dependent problem starts, as a predicate: "handed out at node 12, ...".
    fn growth_clause(&self, node: u64) -> Text {
        let limit = self
            .capacity
            .limited_by
            .first()
            .map(|l| l.text())
            .unwrap_or_default();
        match self.growth_severity(node) {
            Severity::Error => t!("used by the plan's {0} nodes already", self.layout.planned_nodes),
            Severity::Warning => t!("handed out at node {0}, so the plan breaks when the cluster grows from {1} to {0} nodes", node, self.layout.planned_nodes),
            Severity::Info => t!("handed out only at node {0}, beyond the plan's limit of {1} nodes ({2})", node, self.capacity.max_nodes, limit),
        }
    }
}

/// Groups hits by severity and pushes one finding per severity.
fn push_grouped<'a>(
    ctx: &Ctx,
    findings: &mut Vec<Finding>,
    hits: Vec<Hit<'a>>,
    make: impl Fn(Severity, &[Hit<'a>]) -> Finding,
) {
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let group: Vec<Hit> = hits
            .iter()
            .filter(|h| ctx.growth_severity(h.node) == severity)
            .copied()
            .collect();
        if let Some(first) = group.iter().map(|h| h.node).min() {
            findings.push(make(severity, &group).starts_at(first, Unit::Node));
        }
    }
}

/// Joins the first few items and says how many more there are.
fn listed(items: impl Iterator<Item = Text>) -> Text {
    let items: Vec<Text> = items.collect();
    let shown = Text::join(
        items.iter().take(LISTED_HITS).cloned().collect(),
        "{0}; {1}",
    );
    match items.len().checked_sub(LISTED_HITS) {
        Some(more) if more > 0 => t!("{0}; and {1} more", shown, more),
        _ => shown,
    }
}

pub(crate) fn check(ctx: &Ctx, findings: &mut Vec<Finding>) {
    pod_service(ctx, findings);
    pod_subnets(ctx, findings);
    service_subnets(ctx, findings);
    pod_outside_network(ctx, findings);
    route_destination(ctx, findings);
    hetzner_gateway(ctx, findings);
    network_gateway(ctx, findings);
    tailscale(ctx, findings);
}

/// `pod-service-overlap`.
fn pod_service(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(cluster), Some(service)) = (ctx.ranges.cluster, ctx.ranges.service) else {
        return;
    };
    if !overlaps(cluster, service) {
        return;
    }
    let how = if cluster == service {
        t!("are the same range")
    } else {
        t!("overlap")
    };
    findings.push(
        Finding::new(Code::PodServiceOverlap, Severity::Error, &[Field::Cluster, Field::Service])
            .ranges([Span::Cidr(cluster), Span::Cidr(service)])
            .message(t!("pod range {0} and service range {1} {2}; an address cannot be both a pod IP and a ClusterIP", cluster, service, how))
            .symptom(t!("the cluster deploys, then connections to some services reach pods instead (or time out), depending on which IP a pod happened to get"))
            .fix(suggest::move_fix(ctx, Key::Service, service.prefix_len().max(16), &suggest::service_avoid(ctx))),
    );
}

/// The subnets the pod range would overlap as nodepools are added (per-nodepool mode):
/// the first future agent pool and the first future control-plane pool that would,
/// as far as they stay within Hetzner's 50 subnets.
fn future_pools(ctx: &Ctx, range: Ipv4Net) -> Vec<(Unit, u64, Ipv4Net)> {
    let (Some(split), Some(network)) = (ctx.split, ctx.ranges.network) else {
        return Vec::new();
    };
    if ctx.plan.effective_subnet_mode() != SubnetMode::PerNodepool || !overlaps(network, range) {
        return Vec::new();
    }
    let room = crate::platform::MAX_SUBNETS.saturating_sub(ctx.capacity.subnets_used);
    let subnet_size = size(Ipv4Net::new(network.network(), split.prefix()).unwrap_or(network));
    let lo = distance(network.network(), range.network().max(network.network())) / subnet_size;
    let hi = distance(
        network.network(),
        range.broadcast().min(network.broadcast()),
    ) / subnet_size;
    let count = u64::from(split.count());
    let agents = ctx.plan.agents.len() as u64;
    let control_planes = ctx.plan.control_planes.len() as u64;
    let mut out = Vec::new();
    // Agent pool k takes index k.
    let k = lo.max(agents);
    if k <= hi && k + 1 - agents <= room && k < count.saturating_sub(control_planes) {
        if let Some(subnet) = split.block(k) {
            out.push((Unit::AgentPool, k + 1, subnet));
        }
    }
    // Control-plane pool j takes index count-1-j.
    let j = (count - 1 - hi).max(control_planes);
    if j <= count - 1 - lo && j + 1 - control_planes <= room && count - 1 - j >= agents {
        if let Some(subnet) = split.block(count - 1 - j) {
            out.push((Unit::ControlPlanePool, j + 1, subnet));
        }
    }
    out
}

fn ordinal(n: u64) -> Text {
    match (n % 10, n % 100) {
        (_, 11..=13) => t!("{0}th", n),
        (1, _) => t!("{0}st", n),
        (2, _) => t!("{0}nd", n),
        (3, _) => t!("{0}rd", n),
        _ => t!("{0}th", n),
    }
}

fn future_pool_finding(
    ctx: &Ctx,
    code: Code,
    field: Field,
    what: Text,
    range: Ipv4Net,
    (unit, pool, subnet): (Unit, u64, Ipv4Net),
) -> Finding {
    let agent = unit == Unit::AgentPool;
    let avoid = if field == Field::Service {
        suggest::service_avoid(ctx)
    } else {
        ctx.ranges.service.into_iter().collect()
    };
    Finding::new(code, Severity::Info, &[field, Field::Network])
        .ranges([Span::Cidr(subnet), Span::Cidr(range)])
        .message(if agent {
            t!("the {0} agent nodepool would get subnet {1}, which overlaps the {2} {3}; the current pools are clear of it", ordinal(pool), subnet, what, range)
        } else {
            t!("the {0} control-plane nodepool would get subnet {1}, which overlaps the {2} {3}; the current pools are clear of it", ordinal(pool), subnet, what, range)
        })
        .symptom(if agent {
            t!("nothing today; adding that many agent nodepools would break the nodes in {0}", subnet)
        } else {
            t!("nothing today; adding that many control-plane nodepools would break the nodes in {0}", subnet)
        })
        .fix({
            let moved = suggest::move_fix(ctx, if field == Field::Service { Key::Service } else { Key::Cluster }, range.prefix_len(), &avoid).text;
            if agent {
                t!("nothing to do unless you plan {0} agent nodepools; to rule it out: {1}", pool, moved)
            } else {
                t!("nothing to do unless you plan {0} control-plane nodepools; to rule it out: {1}", pool, moved)
            }
        })
        .starts_at(pool, unit)
}

/// `pod-subnet-overlap`: now, as the cluster grows, or only for a future nodepool.
fn pod_subnets(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(cluster) = ctx.ranges.cluster else {
        return;
    };
    // Made only where a subnet overlaps the pods (the fix searches for a free range).
    let fix = LazyCell::new(|| pod_fix(ctx, cluster.prefix_len()));
    let api = LazyCell::new(|| {
        ctx.layout
            .api_ip
            .map(|ip| t!(" to the API at {0}:443", ip))
            .unwrap_or_default()
    });
    let overlapping = ctx
        .layout
        .subnets
        .iter()
        .filter(|s| overlaps(s.cidr, cluster));
    let Some(blocks) = Blocks::new(ctx) else {
        for subnet in overlapping {
            findings.push(
                Finding::new(Code::PodSubnetOverlap, Severity::Error, &[Field::Cluster, Field::Network])
                    .ranges([Span::Cidr(cluster), Span::Cidr(subnet.cidr)])
                    .message(t!("pod range {0} overlaps {1}", cluster, subnet.text()))
                    .symptom(t!("the cloud controller's routes for pod blocks in that subnet are refused: hcloud/CreateRoute: invalid gateway (invalid_input)"))
                    .fix((*fix).clone()),
            );
        }
        return;
    };
    let mut hits: Vec<Hit> = overlapping
        .filter_map(|subnet| {
            let (index, block) = blocks.first_overlapping(subnet.cidr)?;
            Some(Hit {
                node: index + 1,
                block,
                subnet,
            })
        })
        .collect();
    crate::util::sort_by_number(&mut hits, |h| h.node);
    let current = !hits.is_empty();
    push_grouped(ctx, findings, hits, |severity, group| {
        pod_subnet_finding(ctx, severity, group, &api, &fix)
    });
    if let Some(first) = future_pools(ctx, cluster)
        .into_iter()
        .next()
        .filter(|_| !current)
    {
        findings.push(future_pool_finding(
            ctx,
            Code::PodSubnetOverlap,
            Field::Cluster,
            t!("pod range"),
            cluster,
            first,
        ));
    }
}

/// One `pod-subnet-overlap` finding for the hits of one severity.
fn pod_subnet_finding(
    ctx: &Ctx,
    severity: Severity,
    group: &[Hit],
    api: &Text,
    fix: &Fix,
) -> Finding {
    let sentences = listed(group.iter().map(|h| hit_sentence(severity, h)));
    let when = match group.iter().map(|h| h.node).min() {
        Some(first) if severity != Severity::Error => {
            if group.len() > 1 {
                t!("; the first is {0}", ctx.growth_clause(first))
            } else {
                t!("; it is {0}", ctx.growth_clause(first))
            }
        }
        _ => Text::default(),
    };
    let mut ranges = Vec::new();
    for h in group {
        ranges.extend([Span::Cidr(h.block), Span::Cidr(h.subnet.cidr)]);
        ranges.extend(h.subnet.node_ips.first().map(|&ip| Span::Ip(ip)));
    }
    let symptom = t!("hcloud/CreateRoute: invalid gateway (invalid_input) in the cloud controller's log; pods on the node holding that block cannot be reached, and their calls{0} time out", api);
    let symptom = match severity {
        Severity::Error => symptom,
        _ => t!("nothing until that node joins; then {0}", symptom),
    };
    Finding::new(
        Code::PodSubnetOverlap,
        severity,
        &[Field::Cluster, Field::Network],
    )
    .ranges(ranges)
    .message(t!(
        "{0}, and Hetzner refuses routes that overlap a subnet{1}",
        sentences,
        when
    ))
    .symptom(symptom)
    .fix(fix.clone())
}

/// What one pod block's overlap with a subnet does, in one clause.
fn hit_sentence(severity: Severity, h: &Hit) -> Text {
    let subnet = h.subnet.text();
    match (severity, h.subnet.node_ips.first()) {
        // No node sits in a NAT router, vSwitch or peripherals subnet: the route's
        // gateway is a node elsewhere, and Hetzner refuses the destination.
        (Severity::Error, _) if !h.subnet.role.holds_nodes() => t!("pod block {0} overlaps {1}; its route (via the node holding the block, outside that subnet) is refused: destination overlaps with another subnetwork", h.block, subnet),
        (Severity::Error, _) if h.subnet.role == crate::model::Role::ControlPlane => t!("pod block {0} overlaps {1}; its route (via the node holding the block) is refused: invalid gateway if that node sits in the subnet, destination overlaps with another subnetwork if not", h.block, subnet),
        (Severity::Error, Some(ip)) => t!("pod block {0} overlaps {1}; the route {2} via {3} covers that subnet", h.block, subnet, h.block, ip),
        (Severity::Error, None) => t!("pod block {0} overlaps {1}; its route covers that subnet", h.block, subnet),
        _ => t!("pod block {0} (node {1}) overlaps {2}", h.block, h.node, subnet),
    }
}

/// `service-subnet-overlap`: ClusterIPs in the node network shadow node addresses.
fn service_subnets(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(service) = ctx.ranges.service else {
        return;
    };
    let hits: Vec<&Subnet> = ctx
        .layout
        .subnets
        .iter()
        .filter(|s| overlaps(s.cidr, service))
        .collect();
    if !hits.is_empty() {
        let names = listed(hits.iter().map(|s| s.text()));
        let avoid = suggest::service_avoid(ctx);
        findings.push(
            Finding::new(Code::ServiceSubnetOverlap, Severity::Error, &[Field::Service, Field::Network])
                .ranges(std::iter::once(Span::Cidr(service)).chain(hits.iter().map(|s| Span::Cidr(s.cidr))))
                .message(t!("service range {0} overlaps {1}; kube-proxy captures traffic to any address that is a ClusterIP, so node addresses there are hijacked", service, names))
                .symptom(t!("pods cannot reach some nodes (kubelet, metrics, node ports); traffic to a node IP that became a ClusterIP lands on that service"))
                .fix(suggest::move_fix(ctx, Key::Service, service.prefix_len().max(12), &avoid)),
        );
    }
    if let Some(first) = future_pools(ctx, service)
        .into_iter()
        .next()
        .filter(|_| hits.is_empty())
    {
        findings.push(future_pool_finding(
            ctx,
            Code::ServiceSubnetOverlap,
            Field::Service,
            t!("service range"),
            service,
            first,
        ));
    }
}

/// `pod-outside-network`: nodes route only the network over the private interface.
fn pod_outside_network(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(cluster), Some(network)) = (ctx.ranges.cluster, ctx.ranges.network) else {
        return;
    };
    if network.contains(&cluster) {
        return;
    }
    let native = ctx.plan.cni == Cni::CiliumNative;
    let (severity, symptom, fix) = if native {
        (
            Severity::Warning,
            t!("with Cilium native routing, pod-to-pod traffic between nodes leaves by the public interface and is dropped; cross-node pod traffic and DNS time out"),
            t!("put the pod range inside the network, or use a tunnelling CNI; {0}", pod_fix(ctx, cluster.prefix_len()).text),
        )
    } else {
        (
            Severity::Info,
            t!("nothing with an overlay (flannel, Cilium tunnel): pod traffic travels encapsulated between node IPs"),
            t!("no change needed unless you move to Cilium native routing"),
        )
    };
    findings.push(
        Finding::new(Code::PodOutsideNetwork, severity, &[Field::Cluster, Field::Network, Field::Cni])
            .ranges([Span::Cidr(cluster), Span::Cidr(network)])
            .message(t!("pod range {0} is not inside the network {1}; nodes route only {1} over the private interface", cluster, network))
            .symptom(symptom)
            .fix(fix),
    );
}

/// The fix that moves the pod range to a free range of `prefix`, clear of the services.
fn pod_fix(ctx: &Ctx, prefix: u8) -> crate::model::Fix {
    pod_fix_avoiding(ctx, prefix, &[])
}

/// The pod range's fix, also clear of `also` (an address the pods must not hold).
fn pod_fix_avoiding(ctx: &Ctx, prefix: u8, also: &[Ipv4Net]) -> crate::model::Fix {
    let avoid: Vec<Ipv4Net> = ctx
        .ranges
        .service
        .into_iter()
        .chain(also.iter().copied())
        .collect();
    suggest::move_fix(ctx, Key::Cluster, prefix, &avoid)
}

/// The pod block holding one address, the node that gets it, and so the severity and the
/// clause saying when it starts; without a usable node mask, the whole pod range, now.
struct BlockHolding {
    node: Option<u64>,
    block: Ipv4Net,
    severity: Severity,
    when: Text,
}

impl BlockHolding {
    fn new(ctx: &Ctx, cluster: Ipv4Net, ip: Ipv4Addr) -> BlockHolding {
        let (node, block) = match Blocks::new(ctx) {
            Some(blocks) => {
                let index = blocks.index_of(ip);
                (Some(index + 1), blocks.block(index).unwrap_or(cluster))
            }
            None => (None, cluster),
        };
        BlockHolding {
            node,
            block,
            severity: node.map_or(Severity::Error, |n| ctx.growth_severity(n)),
            when: node
                .map(|n| t!(" (it is {0})", ctx.growth_clause(n)))
                .unwrap_or_default(),
        }
    }
}

impl BlockHolding {
    /// The finding about this block: its severity, the ranges, and where it starts.
    fn finding(&self, code: Code, fields: &[Field], ranges: [Span; 2]) -> Finding {
        let finding = Finding::new(code, self.severity, fields).ranges(ranges);
        match self.node {
            Some(n) => finding.starts_at(n, Unit::Node),
            None => finding,
        }
    }
}

/// `route-destination-not-private`: Hetzner routes take only RFC 1918 destinations.
fn route_destination(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(cluster) = ctx.ranges.cluster else {
        return;
    };
    if !ctx.plan.routes || is_private(cluster) {
        return;
    }
    // RFC 1918 ranges are CIDRs, so the pod range either lies outside all of them or contains one.
    let first_public = match RFC1918.iter().find(|r| r.contains(&cluster.network())) {
        None => Some(cluster.network()),
        Some(private) => after(*private),
    };
    let Some(first_public) = first_public else {
        return;
    };
    let holding = BlockHolding::new(ctx, cluster, first_public);
    let (block, when) = (holding.block, &holding.when);
    findings.push(
        holding
            .finding(Code::RouteDestinationNotPrivate, &[Field::Cluster, Field::Routes], [Span::Cidr(block), Span::Cidr(cluster)])
            .message(if holding.node.is_some() {
                t!("pod block {0} is outside RFC 1918{1}; the cloud controller's route for it is refused, since Hetzner routes take only private destinations", block, when)
            } else {
                // Without a usable node mask there are no blocks to name: the range itself.
                t!("pod range {0} leaves RFC 1918 at {1}; the cloud controller's routes for pod blocks from there are refused, since Hetzner routes take only private destinations", cluster, first_public)
            })
            .symptom(t!("hcloud/CreateRoute fails (invalid_input) for that node, and its pods cannot be reached from other nodes"))
            .fix(pod_fix(ctx, cluster.prefix_len().max(8))),
    );
}

/// `route-hits-hetzner-gateway`: a pod block holding 172.31.1.1.
fn hetzner_gateway(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let Some(cluster) = ctx.ranges.cluster else {
        return;
    };
    if !cluster.contains(&HETZNER_GATEWAY) {
        return;
    }
    let holding = BlockHolding::new(ctx, cluster, HETZNER_GATEWAY);
    let (block, when) = (holding.block, &holding.when);
    let route = if ctx.plan.routes {
        t!("Hetzner refuses its route, and ")
    } else {
        Text::default()
    };
    findings.push(
        holding
            .finding(Code::RouteHitsHetznerGateway, &[Field::Cluster], [Span::Cidr(block), Span::Ip(HETZNER_GATEWAY)])
            .message(t!("pod block {0} contains {1}, the public gateway of every Hetzner server{2}; {3}the node holding it routes its own default gateway into the pod network", block, HETZNER_GATEWAY, when, route))
            .symptom(t!("the node holding that block loses its internet connection (image pulls, updates and public traffic stop), and hcloud/CreateRoute fails with invalid_input"))
            .fix(pod_fix_avoiding(ctx, cluster.prefix_len(), &[Ipv4Net::from(HETZNER_GATEWAY)])),
    );
}

/// The network's own gateway inside a pod block that no subnet's finding already names
/// (with agent pool 0, its subnet holds the gateway and `pod-subnet-overlap` tells it).
fn network_gateway(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(cluster), Some(gateway)) = (ctx.ranges.cluster, ctx.layout.network_gateway) else {
        return;
    };
    if !cluster.contains(&gateway) || ctx.layout.subnets.iter().any(|s| s.cidr.contains(&gateway)) {
        return;
    }
    let holding = BlockHolding::new(ctx, cluster, gateway);
    let (block, when) = (holding.block, &holding.when);
    findings.push(
        holding
            .finding(Code::PodSubnetOverlap, &[Field::Cluster, Field::Network], [Span::Cidr(block), Span::Ip(gateway)])
            .message(t!("pod block {0} holds {1}, the gateway of the network{2}; a route to it would cover the address every node's private traffic leaves by", block, gateway, when))
            .symptom(t!("the cloud controller's route for that block is refused (hcloud/CreateRoute, invalid_input), and pods on the node holding it cannot be reached"))
            .fix(pod_fix_avoiding(ctx, cluster.prefix_len(), &[Ipv4Net::from(gateway)])),
    );
}

/// `tailscale-range-overlap`: Tailscale reserves 100.64.0.0/10.
fn tailscale(ctx: &Ctx, findings: &mut Vec<Finding>) {
    if !ctx.plan.tailscale {
        return;
    }
    let ranges = [
        (Field::Network, ctx.ranges.network, MODULE_DEFAULT_NETWORK),
        (Field::Cluster, ctx.ranges.cluster, MODULE_DEFAULT_CLUSTER),
        (Field::Service, ctx.ranges.service, MODULE_DEFAULT_SERVICE),
    ];
    for (field, range, example) in ranges {
        let Some(range) = range.filter(|&r| overlaps(r, TAILSCALE)) else {
            continue;
        };
        findings.push(
            Finding::new(Code::TailscaleRangeOverlap, Severity::Error, &[field, Field::Tailscale])
                .ranges([Span::Cidr(range), Span::Cidr(TAILSCALE)])
                .message(t!("{0} {1} overlaps {2}, which Tailscale reserves for its node addresses", field, range, TAILSCALE))
                .symptom(t!("nodes route part of that range into the tailnet: node-to-node traffic or pods in it become unreachable"))
                .fix(t!("move {0} out of {1}, e.g. {0} = \"{2}\"", field, TAILSCALE, example)),
        );
    }
}
