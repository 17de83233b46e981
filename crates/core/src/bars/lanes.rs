//! What goes on each lane, and the marks: the layout's ranges, the pod blocks and nodes
//! a collision names, the routes between them, and where findings collide.

use std::net::Ipv4Addr;

use ipnet::{IpAdd, Ipv4Net};

use super::axis::Axis;
use super::model::{Lane, LaneKind, Mark, Route, Segment, SegmentRole};
use crate::model::{Finding, Layout, Report, Role, Severity, Unit};
use crate::net::{distance, overlaps, size};
use crate::text::Text;

fn subnet_role(role: Role) -> SegmentRole {
    match role {
        Role::Agent => SegmentRole::Agent,
        Role::ControlPlane => SegmentRole::ControlPlane,
        Role::NatRouter | Role::Peripherals => SegmentRole::NatRouter,
        Role::Vswitch => SegmentRole::Vswitch,
    }
}

/// The three lanes; `nodes` and `blocks` are what findings name (see [`routes`]).
fn lanes(
    axis: &Axis,
    layout: &Layout,
    pod_blocks: Option<u64>,
    (nodes, blocks): (Vec<Segment>, Vec<Segment>),
) -> Vec<Lane> {
    let mut network = network_segments(axis, layout);
    let mut pods = Vec::new();
    if let Some(cluster) = layout.cluster {
        pods.extend(axis.segment(SegmentRole::Pods, t!("pod range"), cluster));
        pods.extend(blocks_in_use(axis, layout, pod_blocks, cluster));
    }
    network.extend(nodes);
    pods.extend(blocks);
    let mut services = Vec::new();
    if let Some(service) = layout.service {
        services.extend(axis.segment(SegmentRole::Services, t!("service range"), service));
        services.extend(axis.address(SegmentRole::Api, t!("API"), layout.api_ip));
        services.extend(axis.address(SegmentRole::Dns, t!("DNS"), layout.dns_ip));
    }
    vec![
        Lane {
            kind: LaneKind::Network,
            segments: network,
        },
        Lane {
            kind: LaneKind::Pods,
            segments: pods,
        },
        Lane {
            kind: LaneKind::Services,
            segments: services,
        },
    ]
}

/// The network lane before its nodes: the network, its subnets, the load balancers.
fn network_segments(axis: &Axis, layout: &Layout) -> Vec<Segment> {
    let mut network = Vec::new();
    if let Some(net) = layout.network {
        network.extend(axis.segment(SegmentRole::Network, t!("network"), net));
        for s in &layout.subnets {
            network.extend(
                axis.segment(subnet_role(s.role), s.name_text(), s.cidr)
                    .map(|seg| Segment {
                        gateway: s.gateway,
                        ..seg
                    }),
            );
        }
        network.extend(axis.address(
            SegmentRole::LoadBalancer,
            t!("load balancer"),
            layout.load_balancer_ip,
        ));
        if layout.ingress_lb_ip != layout.load_balancer_ip {
            network.extend(axis.address(
                SegmentRole::LoadBalancer,
                t!("ingress load balancer"),
                layout.ingress_lb_ip,
            ));
        }
    }
    network
}

/// The planned nodes' pod blocks as one span: they are contiguous from the bottom, so one
/// span, which need not be a CIDR; its `range` is the smallest CIDR around it.
fn blocks_in_use(
    axis: &Axis,
    layout: &Layout,
    pod_blocks: Option<u64>,
    cluster: Ipv4Net,
) -> Option<Segment> {
    let used = layout.planned_nodes.min(pod_blocks.unwrap_or(0));
    let first = layout.pod_blocks.first().filter(|_| used > 0)?;
    let addresses = used.saturating_mul(size(*first)).min(size(cluster));
    let last = first
        .network()
        .saturating_add(u32::try_from(addresses - 1).unwrap_or(u32::MAX));
    let mut range = *first;
    while !range.contains(&last) {
        let Some(wider) = range.supernet() else { break };
        range = wider;
    }
    let (start, width) = axis.place_span(first.network(), last)?;
    let words = if used == 1 {
        t!("{0} pod block in use", used)
    } else {
        t!("{0} pod blocks in use", used)
    };
    Some(Segment {
        role: SegmentRole::PodBlocks,
        gateway: None,
        label: words.en(),
        words,
        range,
        first: first.network(),
        last,
        size: addresses,
        start,
        width,
    })
}

/// The ranges where a finding's ranges meet, smallest sets only.
fn intersections(finding: &Finding) -> Vec<Ipv4Net> {
    let nets: Vec<Ipv4Net> = finding.ranges.iter().map(|r| r.net()).collect();
    let mut meets: Vec<Ipv4Net> = Vec::new();
    for (i, a) in nets.iter().enumerate() {
        for b in nets.iter().skip(i + 1) {
            if a != b && overlaps(*a, *b) {
                let smaller = if a.prefix_len() >= b.prefix_len() {
                    *a
                } else {
                    *b
                };
                if !meets.contains(&smaller) {
                    meets.push(smaller);
                }
            } else if a == b && !meets.contains(a) {
                meets.push(*a);
            }
        }
    }
    // Keep only the widest of nested meets (an address inside a colliding block adds nothing).
    let all = meets.clone();
    meets.retain(|m| !all.iter().any(|o| o != m && o.contains(m)));
    meets
}

fn mark_label(finding: &Finding, range: Ipv4Net, layout: &Layout) -> Text {
    if finding.severity == Severity::Error {
        return t!("collides now");
    }
    let count = finding.starts_at.map_or(0, |s| s.count);
    match finding.starts_at.map(|s| s.unit) {
        Some(Unit::AgentPool) => t!("at agent pool {0}", count),
        Some(Unit::ControlPlanePool) => t!("at control-plane pool {0}", count),
        _ => {
            let node = layout
                .cluster
                .zip(layout.pod_blocks.first())
                .map(|(cluster, block)| {
                    distance(cluster.network(), range.network().max(cluster.network()))
                        / size(*block)
                        + 1
                });
            t!("from node {0}", node.unwrap_or(count))
        }
    }
}

/// The pod blocks and node IPs that findings of a collision now name: each route's
/// destination and the node it points to (`10.20.128.0/24 via 10.20.128.101`).
fn routes(axis: &Axis, report: &Report) -> Named {
    let layout = &report.layout;
    let mut named = Named::default();
    let (Some(network), Some(cluster), Some(block)) =
        (layout.network, layout.cluster, layout.pod_blocks.first())
    else {
        return named;
    };
    let Named {
        nodes,
        blocks,
        routes: lines,
    } = &mut named;
    for finding in report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error && f.code.is_collision())
    {
        // A finding names each pod block, then what it meets, then the node its route goes
        // through: the blocks named since the last node address go through the next one.
        let mut routes: Vec<(Ipv4Net, Option<Ipv4Addr>)> = Vec::new();
        for net in finding.ranges.iter().map(|r| r.net()) {
            if net.prefix_len() == block.prefix_len() && cluster.contains(&net) {
                routes.push((net, None));
            } else if net.prefix_len() == 32 && network.contains(&net) {
                for route in routes.iter_mut().rev().take_while(|r| r.1.is_none()) {
                    route.1 = Some(net.addr());
                }
            }
        }
        for (net, via) in routes {
            if blocks.iter().any(|b| b.range == net) {
                continue;
            }
            let label = match via {
                Some(ip) => t!("route {0} via {1}", net, ip),
                None => t!("pod block {0}", net),
            };
            let drawn = axis.segment(SegmentRole::PodBlock, label, net);
            let node =
                via.and_then(|ip| axis.address(SegmentRole::Node, t!("node {0}", ip), Some(ip)));
            if let (Some(b), Some(n)) = (&drawn, &node) {
                lines.push(Route {
                    block: net,
                    node: n.first,
                    from: b.start + b.width / 2.0,
                    to: n.start,
                });
            }
            blocks.extend(drawn);
            if let Some(n) = node.filter(|n| !nodes.iter().any(|o| o.first == n.first)) {
                nodes.push(n);
            }
        }
    }
    edge_blocks(axis, report, (cluster, *block), blocks);
    named
}

/// The first and the last pod block handed out, where they are not drawn already.
fn edge_blocks(
    axis: &Axis,
    report: &Report,
    (cluster, block): (Ipv4Net, Ipv4Net),
    blocks: &mut Vec<Segment>,
) {
    let used = report
        .layout
        .planned_nodes
        .min(report.capacity.pod_blocks.unwrap_or(0));
    if used < 2 {
        return;
    }
    let last = crate::net::cidrsubnet(
        cluster,
        block.prefix_len().saturating_sub(cluster.prefix_len()),
        used - 1,
    );
    for (first, net) in [(true, Some(block)), (false, last)] {
        let Some(net) = net.filter(|n| !blocks.iter().any(|b| b.range == *n)) else {
            continue;
        };
        let words = if first {
            t!("first pod block {0}, node {1}'s", net, 1)
        } else {
            t!("last pod block {0}, node {1}'s", net, used)
        };
        blocks.extend(axis.segment(SegmentRole::EdgeBlock, words, net));
    }
}

/// What the findings of a collision name: nodes, pod blocks, and the routes between them.
#[derive(Default)]
struct Named {
    nodes: Vec<Segment>,
    blocks: Vec<Segment>,
    routes: Vec<Route>,
}

/// Lanes and marks on an axis.
pub(super) fn draw(axis: &Axis, report: &Report) -> (Vec<Lane>, Vec<Mark>, Vec<Route>) {
    let layout = &report.layout;
    let named = routes(axis, report);
    let lines = named.routes;
    let lanes = lanes(
        axis,
        layout,
        report.capacity.pod_blocks,
        (named.nodes, named.blocks),
    );
    let mut marks = Vec::new();
    for (id, finding) in report.identified() {
        if !finding.code.is_collision() {
            continue;
        }
        for range in intersections(finding) {
            if let Some((start, width)) = axis.place(range) {
                let words = mark_label(finding, range, layout);
                marks.push(Mark {
                    code: finding.code,
                    severity: finding.severity,
                    range,
                    start,
                    width,
                    label: words.en(),
                    words,
                    finding: id,
                });
            }
        }
    }
    (lanes, marks, lines)
}
