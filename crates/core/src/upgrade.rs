//! The check as front ends call it, and what upgrading the module moves: the plan's
//! allocation on its release and on the release upgraded to, compared resource by
//! resource, with what Terraform and the hcloud provider do with each difference. The
//! module's lines are cited at both releases; the provider's at v1.68.0.

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use ipnet::Ipv4Net;

use crate::check::{check_release, worst_first};
use crate::model::profile::Attach;
use crate::model::{
    Code, Era, Field, Finding, Fix, IngressLb, Key, Layout, Move, MoveKind, MoveWords, Plan,
    Release, Report, Role, Severity, Span, Subnet, Upgrade, MAX_LISTED,
};
use crate::module::{
    attach_source, control_plane_lb_source, ingress_lb_source, k3s_source, nat_source,
    node_ip_source, subnet_source, SubnetOf,
};
use crate::net::overlaps;
use crate::settings::SETTINGS;
use crate::text::Text;

/// A value shown as it is in every language: an address, a resource, a variable.
fn raw(value: impl std::fmt::Display) -> Text {
    t!("{0}", value)
}

/// The hcloud provider: an inline `network` whose `ip` differs from the server's is
/// detached and attached again (`updateServerInlineNetworkAttachments`).
const INLINE_REATTACH: &str = "hcloud provider internal/server/resource.go:1194-1205 @v1.68.0";
/// The hcloud provider: a network in the configuration the server is not in is attached.
const INLINE_ATTACH: &str = "hcloud provider internal/server/resource.go:1216-1222 @v1.68.0";
/// The hcloud provider: `hcloud_server_network`'s `subnet_id` and `ip` force a new one.
const SERVER_NETWORK_REPLACE: &str =
    "hcloud provider internal/server/resource_network.go:89-103 @v1.68.0";
/// The hcloud provider: `hcloud_network_subnet.ip_range` forces a new subnet; a subnet with
/// servers attached cannot be deleted, and after its retries the provider drops it from
/// the state and leaves it in the network.
const SUBNET_REPLACE: &str =
    "hcloud provider internal/network/resource_subnet.go:55-58, 145-184 @v1.68.0";
/// The hcloud provider: `hcloud_load_balancer_network`'s `subnet_id` and `ip` force
/// replacement; an `ip` left out keeps the one in the state.
const LB_REPLACE: &str =
    "hcloud provider internal/loadbalancer/resource_network.go:88-101 @v1.68.0";
/// The hcloud provider: `hcloud_network_route.gateway` forces a new route.
const ROUTE_REPLACE: &str = "hcloud provider internal/network/resource_route.go:44-47 @v1.68.0";

/// Leaving the attachments in place: out of the state, a server already attached at the
/// address its inline block names is left as it is.
fn reattach_fix() -> Text {
    t!("before applying, remove each node's attachment from the state (terraform state rm 'module.<your module>.module.agents[\"<node>\"].hcloud_server_network.server', [0] at its end from 2.17.1, and the same for module.control_planes): the provider then finds each server already attached at its address and changes nothing (hcloud provider internal/server/resource.go:1159-1225 @v1.68.0); or apply in a maintenance window")
}

/// Where the sources do not settle whether a node moves.
fn read_the_plan(to: &Release) -> Text {
    t!("read terraform plan on {0} for each hcloud_server.server's network before applying: a node whose network the plan changes moves, and a new cluster on {0} is the way there", to)
}

/// The last resort where nothing keeps what moves.
fn blue_green(to: &Release) -> Text {
    t!(
        "build a new cluster on {0} and move the workloads over (MIGRATION.md: blue/green)",
        to
    )
}

/// Checks a plan on its release, and where it names a release to upgrade to
/// (`upgrade_to`), what that upgrade moves. Pure, fast, and total: every input, however
/// broken, gives a report.
pub fn check(plan: &Plan) -> Report {
    let mut report = check_release(plan);
    if let Some(to) = &plan.upgrade_to {
        let (upgrade, mut findings) = compare(plan, &report.layout, to);
        crate::rules::provisional::check(plan, &mut findings);
        report.findings.extend(findings);
        worst_first(&mut report.findings);
        report.upgrade = Some(upgrade);
    }
    report
}

/// The plan on another release (checked with [`check_release`], which asks nothing of
/// upgrades).
fn on(plan: &Plan, release: &Release) -> Plan {
    Plan {
        module_version: release.clone(),
        ..plan.clone()
    }
}

/// A server's private address in a layout.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Addr {
    Pinned(Ipv4Addr),
    Hetzner,
}

impl std::fmt::Display for Addr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Addr::Pinned(ip) => ip.fmt(f),
            Addr::Hetzner => f.write_str("chosen by Hetzner"),
        }
    }
}

impl Addr {
    fn text(self) -> Text {
        match self {
            Addr::Pinned(ip) => t!("{0}", ip),
            Addr::Hetzner => t!("chosen by Hetzner"),
        }
    }
}

/// A node: control plane or not, its pool, its index in the pool.
type NodeKey = (bool, usize, usize);

/// Every node's address in a layout, by node. Shared subnets (3.x) list their pools'
/// nodes one after the other, in pool order.
fn nodes(layout: &Layout, plan: &Plan) -> BTreeMap<NodeKey, Addr> {
    let mut out = BTreeMap::new();
    for subnet in layout.subnets.iter().filter(|s| s.role.holds_nodes()) {
        let control_plane = subnet.role == Role::ControlPlane;
        let counts: Vec<u64> = match subnet.pool {
            Some(_) => vec![subnet.nodes],
            None if control_plane => plan.control_planes.iter().map(|&n| n.into()).collect(),
            None => plan.agents.iter().map(|p| p.count().into()).collect(),
        };
        let mut dense = 0u64;
        for (k, &count) in counts.iter().enumerate() {
            let pool = subnet.pool.unwrap_or(k);
            // Layouts list at most MAX_LISTED addresses a subnet; so does the comparison.
            for i in 0..count.min(MAX_LISTED as u64) {
                let listed = usize::try_from(dense.saturating_add(i)).ok();
                let addr = if subnet.ips_assigned_by_hetzner {
                    Some(Addr::Hetzner)
                } else {
                    listed
                        .and_then(|j| subnet.node_ips.get(j))
                        .map(|&ip| Addr::Pinned(ip))
                };
                let (Some(addr), Ok(i)) = (addr, usize::try_from(i)) else {
                    break;
                };
                out.insert((control_plane, pool, i), addr);
            }
            dense = dense.saturating_add(count);
        }
    }
    out
}

/// How a server is attached, in words.
fn attached(attach: Attach) -> Text {
    match attach {
        Attach::ServerNetwork => t!("hcloud_server_network.server"),
        Attach::Inline => t!("network block of hcloud_server.server"),
    }
}

/// A subnet's Terraform resource address.
fn address(subnet: &Subnet) -> String {
    let index = subnet.pool.unwrap_or(0);
    match subnet.role {
        Role::ControlPlane => format!("hcloud_network_subnet.control_plane[{index}]"),
        Role::Agent => format!("hcloud_network_subnet.agent[{index}]"),
        Role::NatRouter => "hcloud_network_subnet.nat_router[0]".into(),
        Role::Vswitch => "hcloud_network_subnet.vswitch_subnet[0]".into(),
        Role::Peripherals => "hcloud_network_subnet.peripherals".into(),
    }
}

fn subnet_line(era: Era, role: Role) -> &'static str {
    match role {
        Role::ControlPlane => subnet_source(era, SubnetOf::ControlPlane),
        Role::Agent => subnet_source(era, SubnetOf::Agent),
        Role::NatRouter => subnet_source(era, SubnetOf::NatRouter),
        Role::Vswitch => subnet_source(era, SubnetOf::Vswitch),
        Role::Peripherals => "main.tf:53-58 @2.18.0",
    }
}

/// Both releases' lines: `a @2.17.0 → b @2.18.0`.
fn both(before: &str, after: &str) -> String {
    format!("{before} → {after}")
}

/// One finding being gathered: its moves, in words and addresses.
struct Group {
    code: Code,
    severity: Severity,
    field: Field,
    lines: Vec<Text>,
    spans: Vec<Span>,
    symptom: Text,
    /// Where the module computes it, at both releases.
    source: String,
    /// The fix where the upgrade itself has one; else a safer release, else `fallback`.
    fix: Option<Fix>,
    fallback: Text,
}

impl Group {
    fn new(code: Code, severity: Severity, field: Field, symptom: Text, fallback: Text) -> Group {
        Group {
            code,
            severity,
            field,
            lines: Vec::new(),
            spans: Vec::new(),
            symptom,
            source: String::new(),
            fix: None,
            fallback,
        }
    }

    /// With the fix the upgrade itself has, where it has one.
    fn fixed(self, fix: Option<Fix>) -> Group {
        Group { fix, ..self }
    }
}

/// Words for a list of moves: the first eight, then how many more.
fn listed(lines: &[Text]) -> Text {
    let text = Text::join(lines.iter().take(8).cloned().collect(), "{0}, {1}");
    match lines.len().checked_sub(8) {
        Some(more) if more > 0 => t!("{0} and {1} more", text, more),
        _ => text,
    }
}

/// What the plan's release and the release upgraded to compute differently.
struct Compare<'a> {
    plan: &'a Plan,
    from: &'a Release,
    to: &'a Release,
    before: &'a Layout,
    after: &'a Layout,
    changes: Vec<Move>,
    groups: Vec<(String, Group)>,
}

impl<'a> Compare<'a> {
    /// Nothing compared yet.
    fn new(
        plan: &'a Plan,
        (from, to): (&'a Release, &'a Release),
        before: &'a Layout,
        after: &'a Layout,
    ) -> Self {
        Compare {
            plan,
            from,
            to,
            before,
            after,
            changes: Vec::new(),
            groups: Vec::new(),
        }
    }

    fn eras(&self) -> (Era, Era) {
        (self.from.era(), self.to.era())
    }

    fn change(
        &mut self,
        kind: MoveKind,
        what: Text,
        values: (Text, Text),
        applying: Text,
        source: String,
    ) {
        self.changes.push(Move {
            kind,
            what: what.en(),
            before: values.0.en(),
            after: values.1.en(),
            applying: applying.en(),
            source,
            words: MoveWords {
                what,
                before: values.0,
                after: values.1,
                applying,
            },
        });
    }

    /// Adds a move to the finding of `key`, started with `group` when it is the first.
    fn group(&mut self, key: String, line: Text, spans: &[Span], group: impl FnOnce() -> Group) {
        let source = self
            .changes
            .last()
            .map(|m| m.source.clone())
            .unwrap_or_default();
        let at = match self.groups.iter().position(|(k, _)| *k == key) {
            Some(at) => at,
            None => {
                self.groups.push((key, group()));
                self.groups.len() - 1
            }
        };
        let Some((_, g)) = self.groups.get_mut(at) else {
            return;
        };
        g.lines.push(line);
        for span in spans {
            if !g.spans.contains(span) {
                g.spans.push(*span);
            }
        }
        if !g.source.split("; ").any(|s| s == source) {
            g.source = match g.source.as_str() {
                "" => source,
                _ => format!("{}; {source}", g.source),
            };
        }
    }

    fn subnets(&mut self) {
        let (from, to) = self.eras();
        let by_address = |layout: &Layout| -> BTreeMap<String, Subnet> {
            layout
                .subnets
                .iter()
                .map(|s| (address(s), s.clone()))
                .collect()
        };
        let (before, after) = (by_address(self.before), by_address(self.after));
        let mut addresses: Vec<&String> = before.keys().chain(after.keys()).collect();
        addresses.sort();
        addresses.dedup();
        for addr in addresses {
            match (before.get(addr), after.get(addr)) {
                (Some(b), Some(a)) if b.cidr != a.cidr && !self.holds(b) => self.change(
                    MoveKind::Subnet,
                    raw(addr),
                    (raw(b.cidr), raw(a.cidr)),
                    t!("replaced: its range forces a new subnet; nothing is attached to it"),
                    both(subnet_line(from, b.role), subnet_line(to, a.role)),
                ),
                (Some(b), Some(a)) if b.cidr != a.cidr => {
                    let applying = self.replacing(b, Some(a));
                    self.change(
                        MoveKind::Subnet,
                        raw(addr),
                        (raw(b.cidr), raw(a.cidr)),
                        applying,
                        both(subnet_line(from, b.role), subnet_line(to, a.role)),
                    );
                    self.replaced(addr, b, Some(a));
                }
                (Some(b), None) => {
                    let used = self.holds(b);
                    self.change(
                        MoveKind::Subnet,
                        raw(addr),
                        (raw(b.cidr), t!("none")),
                        if used {
                            self.replacing(b, None)
                        } else {
                            t!("destroyed; nothing is attached to it")
                        },
                        both(subnet_line(from, b.role), "no such resource"),
                    );
                    if used {
                        self.replaced(addr, b, None);
                    }
                }
                (None, Some(a)) => self.change(
                    MoveKind::Subnet,
                    raw(addr),
                    (t!("none"), raw(a.cidr)),
                    t!("created"),
                    both("no such resource", subnet_line(to, a.role)),
                ),
                _ => {}
            }
        }
    }

    /// What applying does to a subnet with something attached that is replaced (`after`) or
    /// destroyed. Up to 2.17.4 each server's `hcloud_server_network` names the subnet and is
    /// replaced with it, so Terraform detaches the servers first; from 2.18.0 servers are
    /// attached by an inline block that names only the network, and Hetzner will not delete
    /// a subnet with servers in it.
    fn replacing(&self, before: &Subnet, after: Option<&Subnet>) -> Text {
        let gone = match after {
            Some(_) => t!("replaced: its range forces a new subnet"),
            None => t!("destroyed"),
        };
        // Before 2.18.0 there is no NAT router: only nodes are attached by a resource.
        if before.role.holds_nodes() && self.from.era().profile().attach == Attach::ServerNetwork {
            return t!("{0}: the attachments of the servers in it name it and are replaced with it ({1}), so Terraform detaches them first, then deletes it; each server comes back at its new address", gone, SERVER_NETWORK_REPLACE);
        }
        let new = match after {
            Some(a) if overlaps(before.cidr, a.cidr) => {
                t!("; the new range overlaps it, and Hetzner refuses to create it")
            }
            Some(_) => t!("; the new range is created beside it"),
            None => Text::default(),
        };
        t!("{0}; Hetzner will not delete a subnet while servers are attached, so the provider drops {1} from the state and leaves it in the network ({2}){3}", gone, before.cidr, SUBNET_REPLACE, new)
    }

    /// Whether anything is attached to a subnet of the plan's release (a vSwitch subnet
    /// holds the vSwitch).
    fn holds(&self, subnet: &Subnet) -> bool {
        subnet.role == Role::Vswitch
            || subnet.nodes > 0
            || !subnet.node_ips.is_empty()
            || self.before.load_balancer_subnet == Some(subnet.cidr)
            || self.before.ingress_lb_subnet == Some(subnet.cidr)
    }

    fn replaced(&mut self, addr: &str, before: &Subnet, after: Option<&Subnet>) {
        let line = match after {
            Some(a) => t!("{0} {1} → {2}", addr, before.cidr, a.cidr),
            None => t!("{0} {1} is destroyed", addr, before.cidr),
        };
        let mut spans = vec![Span::Cidr(before.cidr)];
        spans.extend(after.map(|a| Span::Cidr(a.cidr)));
        let field = match before.role {
            Role::Agent => Field::Agents,
            Role::ControlPlane => Field::ControlPlanes,
            Role::Vswitch => Field::VswitchIndex,
            Role::NatRouter | Role::Peripherals => Field::NatRouter,
        };
        let fix = self.mode_fix();
        self.group("subnets".into(), line, &spans, || {
            Group::new(
                Code::UpgradeReplacesSubnet,
                Severity::Error,
                field,
                t!("terraform apply takes what is attached to each subnet off the private network while the subnet is replaced, and brings it back in the new range, if it can: see each change for what Terraform and Hetzner do with it"),
                blue_green(self.to),
            )
            .fixed(fix)
        });
    }

    /// Keeping one subnet per nodepool in 3.x, where the plan asks for the shared mode.
    fn mode_fix(&self) -> Option<Fix> {
        let shared = self
            .after
            .subnets
            .iter()
            .any(|s| s.role.holds_nodes() && s.pool.is_none());
        let kept = !self
            .before
            .subnets
            .iter()
            .any(|s| s.role.holds_nodes() && s.pool.is_none());
        (shared && kept).then(|| {
            Fix::set(
                t!("keep network_subnet_mode = \"per_nodepool\": the shared mode moves every pool (MIGRATION.md: never switch to shared during an in-place upgrade)"),
                Key::SubnetMode,
                "per-nodepool",
            )
        })
    }

    fn nodes(&mut self) {
        let (from, to) = self.eras();
        let (before, after) = (nodes(self.before, self.plan), nodes(self.after, self.plan));
        let (attach_before, attach_after) = (from.profile().attach, to.profile().attach);
        for (&(control_plane, pool, i), &b) in &before {
            let Some(&a) = after.get(&(control_plane, pool, i)) else {
                continue;
            };
            let role = if control_plane {
                "control-plane"
            } else {
                "agent"
            };
            let what = if control_plane {
                t!("control-plane pool {0} node {1}", pool, i)
            } else {
                t!("agent pool {0} node {1}", pool, i)
            };
            let source = both(
                &format!(
                    "{}, {}",
                    node_ip_source(from, control_plane),
                    attach_source(from)
                ),
                &format!(
                    "{}, {}",
                    node_ip_source(to, control_plane),
                    attach_source(to)
                ),
            );
            let field = if control_plane {
                Field::ControlPlanes
            } else {
                Field::Agents
            };
            let spans: Vec<Span> = [b, a]
                .into_iter()
                .filter_map(|addr| match addr {
                    Addr::Pinned(ip) => Some(Span::Ip(ip)),
                    Addr::Hetzner => None,
                })
                .collect();
            let line = t!("{0} {1} → {2}", what, b.text(), a.text());
            match (b, a) {
                (Addr::Pinned(x), Addr::Pinned(y)) if x == y => {
                    if attach_before == attach_after {
                        continue;
                    }
                    let line = t!("{0} at {1}", what, x);
                    let (old, new) = (attached(attach_before), attached(attach_after));
                    self.change(
                        MoveKind::Node,
                        what,
                        (t!("{0} ({1})", x, old), t!("{0} ({1})", y, new)),
                        t!("same address, attached another way: Terraform removes the {0} (the node leaves the network) and adds the {1} (it joins again at the same address); in which order it runs the two is Terraform's: where the removal comes last, the node stays off the network until the next apply", old, new),
                        source,
                    );
                    let fix = match attach_before {
                        Attach::ServerNetwork => reattach_fix(),
                        Attach::Inline => t!("apply in a maintenance window, and check every node's private address afterwards"),
                    };
                    self.group("reattach".into(), line, &spans, || {
                        Group::new(
                            Code::UpgradeReattaches,
                            Severity::Warning,
                            field,
                            t!("each node is off the private network while Terraform swaps one attachment for the other: pods on it cannot reach other nodes for that time (kube-hetzner #2048)"),
                            fix,
                        )
                    });
                }
                (Addr::Hetzner, Addr::Hetzner) => {}
                (b, a) => {
                    let (applying, certain) = self.moving(b, a, (attach_before, attach_after));
                    self.change(MoveKind::Node, what, (b.text(), a.text()), applying, source);
                    let severity = if certain {
                        Severity::Error
                    } else {
                        Severity::Warning
                    };
                    let symptom = if control_plane {
                        t!("terraform apply takes each control plane off the private network and brings it back at another address while etcd and the other servers still know the old one: the cluster can go offline (kube-hetzner #2277)")
                    } else {
                        t!("terraform apply takes each agent off the private network and brings it back at another address: until k3s runs with the new node address, pods on it are unreachable and its routes point at the old one")
                    };
                    let fallback = if certain {
                        blue_green(self.to)
                    } else {
                        read_the_plan(self.to)
                    };
                    self.group(format!("move {role} {certain}"), line, &spans, || {
                        Group::new(Code::UpgradeMovesNode, severity, field, symptom, fallback)
                    });
                }
            }
        }
    }

    /// What applying does to a node whose address changes (`b` to `a`), given how it is
    /// attached on each release, and whether it certainly moves.
    fn moving(
        &self,
        b: Addr,
        a: Addr,
        (attach_before, attach_after): (Attach, Attach),
    ) -> (Text, bool) {
        let target = match a {
            Addr::Pinned(y) => t!("at {0}", y),
            Addr::Hetzner => t!("without an IP, where Hetzner chooses"),
        };
        let (how, certain) = match (attach_before, attach_after, a) {
            (Attach::ServerNetwork, Attach::ServerNetwork, _) => (
                t!("hcloud_server_network.server is replaced {0} (its ip forces a new one: {1})", target, SERVER_NETWORK_REPLACE),
                true,
            ),
            (Attach::ServerNetwork, Attach::Inline, _) => (
                t!("Terraform destroys hcloud_server_network.server (the node leaves the network) and the network block attaches it again {0} ({1})", target, INLINE_ATTACH),
                true,
            ),
            (Attach::Inline, Attach::ServerNetwork, _) => (
                t!("Terraform removes the network block (the node leaves the network) and creates hcloud_server_network.server {0}", target),
                true,
            ),
            // A block that names no IP, where the one in the state has one: whether the
            // provider's set of networks sees a change is not settled by the sources.
            (Attach::Inline, Attach::Inline, Addr::Hetzner) => (
                t!("if Terraform plans the network block without an IP as a change, the node is detached and attached again {0} ({1}); whether it does is not settled by the module's or the provider's source: read terraform plan for hcloud_server.server", target, INLINE_REATTACH),
                false,
            ),
            (Attach::Inline, Attach::Inline, _) => (
                t!("detached and attached again {0} ({1})", target, INLINE_REATTACH),
                true,
            ),
        };
        match (b, a) {
            (Addr::Hetzner, Addr::Pinned(y)) => (
                t!("unless Hetzner happened to give it {0}: {1}", y, how),
                false,
            ),
            _ => (how, certain),
        }
    }

    fn load_balancers(&mut self) {
        let (from, to) = self.eras();
        let (b, a) = (self.before, self.after);
        let cp = (
            (
                t!("control-plane load balancer"),
                "hcloud_load_balancer_network.control_plane",
            ),
            (b.load_balancer_subnet, b.load_balancer_ip),
            (a.load_balancer_subnet, a.load_balancer_ip),
            both(control_plane_lb_source(from), control_plane_lb_source(to)),
            Field::ControlPlaneLb,
        );
        let ingress = (
            (
                t!("ingress load balancer"),
                "hcloud_load_balancer_network.cluster",
            ),
            (b.ingress_lb_subnet, b.ingress_lb_ip),
            (a.ingress_lb_subnet, a.ingress_lb_ip),
            both(ingress_lb_source(from), ingress_lb_source(to)),
            Field::IngressController,
        );
        for ((name, resource), (sb, ib), (sa, ia), source, field) in [cp, ingress] {
            let (Some(sb), Some(sa)) = (sb, sa) else {
                continue;
            };
            let show = |s: Ipv4Net, ip: Option<Ipv4Addr>| match ip {
                Some(ip) => t!("{0} on {1}", ip, s),
                None => t!("chosen by Hetzner on {0}", s),
            };
            // The module tells Terraform to ignore a change of the attachment's `ip` from
            // 2.17.0 (control plane, control_planes.tf:67) and 2.17.2 (ingress, init.tf:33-38);
            // 2.17.0's ingress is the cloud controller's and 2.17.1's names no address, so from
            // 2.17.0 no load balancer's address alone moves it.
            let ignores_ip = self.to.at_least(2, 17, 0);
            let certain = match (ib, ia) {
                _ if sb != sa => true,
                _ if ignores_ip => continue,
                (Some(x), Some(y)) if x != y => true,
                (None, Some(_)) => false,
                // The same address, or an `ip` left out, which keeps the one in the state.
                _ => continue,
            };
            let new = ia.map_or(t!("an address Hetzner chooses"), raw);
            let applying = if certain {
                t!("{0} is replaced: the load balancer leaves the network and joins it again at {1} ({2})", resource, new, LB_REPLACE)
            } else {
                t!("unless Hetzner happened to give it {0}, {1} is replaced and the load balancer joins the network again there ({2})", new, resource, LB_REPLACE)
            };
            let line = t!("the {0} {1} → {2}", name, show(sb, ib), show(sa, ia));
            let key = format!("lb {}", name.en);
            self.change(
                MoveKind::LoadBalancer,
                name.clone(),
                (show(sb, ib), show(sa, ia)),
                applying,
                source,
            );
            let spans: Vec<Span> = ib.into_iter().chain(ia).map(Span::Ip).collect();
            let symptom = if field == Field::ControlPlaneLb {
                t!("the {0} is off the private network until it is attached again, and whatever reaches it by its old private address (agents' k3s server address, the API certificate's names) must follow", name)
            } else {
                t!("the {0} is off the private network until it is attached again, and whatever reaches it by its old private address must follow", name)
            };
            self.group(key, line, &spans, || Group::new(Code::UpgradeMovesService, Severity::Warning, field, symptom, t!("apply when a short loss of the load balancer's private address is acceptable, and move whatever uses its old private address")));
        }
        if b.ingress_lb != a.ingress_lb && ![b.ingress_lb, a.ingress_lb].contains(&IngressLb::None)
        {
            let kind = |lb: IngressLb| match lb {
                IngressLb::Ccm => t!("created by the cloud controller"),
                IngressLb::TerraformLbCcmNetwork => {
                    t!("created by Terraform, attached by the cloud controller")
                }
                IngressLb::Terraform => t!("created and attached by Terraform"),
                IngressLb::TerraformLbNotAttached => t!("created by Terraform, not attached"),
                IngressLb::None => t!("none"),
            };
            let line = t!(
                "the ingress load balancer: {0} → {1}",
                kind(b.ingress_lb),
                kind(a.ingress_lb)
            );
            self.change(
                MoveKind::LoadBalancer,
                t!("ingress load balancer"),
                (kind(b.ingress_lb), kind(a.ingress_lb)),
                t!("the module's source cannot tell what the cloud controller does with a load balancer Terraform now creates or attaches: read terraform plan for hcloud_load_balancer.cluster and hcloud_load_balancer_network.cluster"),
                both(ingress_lb_source(from), ingress_lb_source(to)),
            );
            let to = self.to;
            self.group("lb ingress kind".into(), line, &[], || Group::new(Code::UpgradeMovesService, Severity::Warning, Field::IngressController, t!("the ingress load balancer changes hands between the cloud controller and Terraform; whether it is replaced, and with which address, is not settled by the module's source"), t!("run terraform plan on {0} and read what it does with hcloud_load_balancer.cluster and hcloud_load_balancer_network.cluster before applying", to)));
        }
    }

    fn nat_router(&mut self) {
        let (from, to) = self.eras();
        let (b, a) = (self.before, self.after);
        let source = both(nat_source(from), nat_source(to));
        for (i, (x, y)) in b.nat_router_ips.iter().zip(&a.nat_router_ips).enumerate() {
            if x == y {
                continue;
            }
            self.change(
                MoveKind::NatRouter,
                t!("NAT router {0}", i),
                (raw(x), raw(y)),
                t!(
                    "detached and attached again at {0} ({1})",
                    y,
                    INLINE_REATTACH
                ),
                source.clone(),
            );
            let line = t!("NAT router {0} {1} → {2}", i, x, y);
            self.nat_group(line, &[Span::Ip(*x), Span::Ip(*y)]);
        }
        if let (Some(x), Some(y)) = (b.nat_gateway_ip, a.nat_gateway_ip) {
            if x != y {
                self.change(
                    MoveKind::Route,
                    t!("the network's route 0.0.0.0/0"),
                    (t!("via {0}", x), t!("via {0}", y)),
                    t!(
                        "replaced: its gateway forces a new route ({0})",
                        ROUTE_REPLACE
                    ),
                    source,
                );
                let line = t!("the route 0.0.0.0/0 via {0} → via {1}", x, y);
                self.nat_group(line, &[Span::Ip(x), Span::Ip(y)]);
            }
        }
    }

    fn nat_group(&mut self, line: Text, spans: &[Span]) {
        let to = self.to;
        self.group("nat".into(), line, spans, || Group::new(Code::UpgradeMovesService, Severity::Error, Field::NatRouter, t!("nodes without a public IPv4 reach the internet through the NAT router: while it is attached again at its new address and the network's route is replaced, they lose their way out, and nodes keep the route they were given"), blue_green(to)));
    }

    fn dns_and_k3s(&mut self) {
        let (from, to) = self.eras();
        let (b, a) = (self.before, self.after);
        let source = both(k3s_source(from), k3s_source(to));
        if let (Some(x), Some(y)) = (b.dns_ip, a.dns_ip) {
            if x != y {
                self.change(
                    MoveKind::Dns,
                    t!("CoreDNS"),
                    (raw(x), raw(y)),
                    t!("k3s servers restart with --cluster-dns {0}; the kube-dns Service keeps {1}, as a Service's clusterIP cannot change", y, x),
                    source.clone(),
                );
                let fix = self.keeps(Key::Dns, &x.to_string(), |l| l.dns_ip == Some(x));
                let to = self.to;
                self.group("dns".into(), t!("CoreDNS {0} → {1}", x, y), &[Span::Ip(x), Span::Ip(y)], || Group::new(Code::UpgradeMovesService, Severity::Error, Field::Dns, t!("pods are told to ask {0} for names while CoreDNS stays at {1}: every lookup from a pod times out", y, x), blue_green(to)).fixed(fix));
            }
        }
        let ranges = [
            (
                t!("pod range"),
                b.cluster,
                a.cluster,
                Key::Cluster,
                Field::Cluster,
            ),
            (
                t!("service range"),
                b.service,
                a.service,
                Key::Service,
                Field::Service,
            ),
        ];
        for (name, x, y, key, field) in ranges {
            let (Some(x), Some(y)) = (x, y) else { continue };
            if x == y {
                continue;
            }
            self.change(
                MoveKind::K3s,
                t!("k3s {0}", name),
                (raw(x), raw(y)),
                t!(
                    "k3s servers restart with {0} where the cluster runs with {1}",
                    y,
                    x
                ),
                source.clone(),
            );
            let fix = self.keeps(key, &x.to_string(), |l| match key {
                Key::Cluster => l.cluster == Some(x),
                _ => l.service == Some(x),
            });
            let to = self.to;
            self.group(format!("k3s {}", name.en), t!("the k3s {0} {1} → {2}", name, x, y), &[Span::Cidr(x), Span::Cidr(y)], || Group::new(Code::UpgradeMovesService, Severity::Error, field, t!("a running cluster cannot change its ranges: nodes keep the pod blocks they were given and services keep their addresses, outside the range k3s now runs with"), blue_green(to)).fixed(fix));
        }
        // The module's private default route (cloud-init, when a server is created).
        let route = |l: &Layout| {
            l.default_route.map_or(t!("none"), |r| {
                let on = match r.scope {
                    crate::model::RouteScope::AllNodes => t!("every node"),
                    crate::model::RouteScope::PrivateOnlyNodes => t!("nodes without a public IP"),
                };
                t!("via {0} on {1}", r.via, on)
            })
        };
        if b.default_route != a.default_route {
            self.change(
                MoveKind::Route,
                t!("nodes' private default route"),
                (route(b), route(a)),
                t!("written when a server is created: new nodes get the new one; whether nodes that exist are changed is not settled by the module's source"),
                "locals.tf and modules/host/templates/cloudinit.yaml.tpl at both releases".into(),
            );
        }
    }

    /// A fix that sets `key` to the value the cluster runs with, where the release
    /// upgraded to then keeps it (`kept`).
    fn keeps(&self, key: Key, value: &str, kept: impl Fn(&Layout) -> bool) -> Option<Fix> {
        let setting = crate::settings::Setting::of(key)?;
        let mut plan = on(self.plan, self.to);
        (setting.set)(&mut plan, value).ok()?;
        let name = crate::settings::variable(field_of(key), self.to.era());
        kept(&check_release(&plan).layout).then(|| {
            Fix::set(
                t!(
                    "set {0} = \"{1}\": {2} then keeps what the cluster runs with",
                    name,
                    value,
                    self.to
                ),
                key,
                value,
            )
        })
    }

    fn renames(&mut self) {
        let (from, to) = self.eras();
        let (b, a) = (on(self.plan, self.from), on(self.plan, self.to));
        for setting in SETTINGS {
            let (Some(old), Some(new)) = ((setting.variable)(from), (setting.variable)(to)) else {
                continue;
            };
            if old == new || !setting.is_set(self.plan) {
                continue;
            }
            let (Some(x), Some(y)) = (setting.kube_tf(&b), setting.kube_tf(&a)) else {
                continue;
            };
            self.change(
                MoveKind::Variable,
                raw(old),
                (raw(&x), raw(&y)),
                t!("terraform plan on {0} stops at `{1}` with \"Unsupported argument\" until it is renamed", self.to, old),
                format!("variables.tf @{} → variables.tf @{}", self.from, self.to),
            );
            let symptom = t!("terraform plan stops with \"Unsupported argument\" on {0}: nothing is applied until it is renamed", self.to);
            let fallback = blue_green(self.to);
            self.group("renames".into(), t!("`{0}` → `{1}`", x, y), &[], || {
                Group {
                    code: Code::UpgradeRenames,
                    severity: Severity::Warning,
                    field: field_of(setting.key),
                    lines: Vec::new(),
                    spans: Vec::new(),
                    source: String::new(),
                    fallback,
                    symptom,
                    fix: None,
                }
            });
        }
    }

    /// The release nearest the one asked for, newer than the plan's, whose upgrade moves
    /// nothing of this plan: a safer path where one exists.
    fn safer(&self) -> Option<Release> {
        let all: Vec<Release> = Release::all().collect();
        let target = all.iter().position(|r| r == self.to)?;
        let mut candidates: Vec<(usize, &Release)> = all
            .iter()
            .enumerate()
            .filter(|(_, r)| *r > self.from && r.major() == self.to.major() && *r != self.to)
            .collect();
        candidates.sort_by_key(|(i, _)| (i.abs_diff(target), *i));
        // Releases of one era allocate alike: the one nearest the release asked for stands
        // for its era.
        let mut eras = BTreeSet::new();
        candidates.retain(|(_, r)| eras.insert(r.era()));
        candidates
            .into_iter()
            .map(|(_, r)| r)
            .find(|r| {
                let after = check_release(&on(self.plan, r)).layout;
                let mut c = Compare::new(self.plan, (self.from, r), self.before, &after);
                c.run();
                after.terraform_errors.is_empty()
                    && c.groups.iter().all(|(_, g)| g.severity != Severity::Error)
            })
            .cloned()
    }

    fn run(&mut self) {
        self.subnets();
        self.nodes();
        self.load_balancers();
        self.nat_router();
        self.dns_and_k3s();
        self.renames();
    }
}

/// The field a setting is.
fn field_of(key: Key) -> Field {
    [
        Field::Cluster,
        Field::Service,
        Field::Dns,
        Field::SubnetCount,
        Field::ControlPlaneLb,
        Field::SubnetMode,
    ]
    .into_iter()
    .find(|f| f.key() == key)
    .unwrap_or(Field::ModuleVersion)
}

/// What upgrading the plan from its release to `to` moves, and the findings that say so.
fn compare(plan: &Plan, before: &Layout, to: &Release) -> (Upgrade, Vec<Finding>) {
    let from = &plan.module_version;
    let after = check_release(&on(plan, to)).layout;
    let mut c = Compare::new(plan, (from, to), before, &after);
    // A plan that does not plan on its own release has no cluster whose addresses could
    // move; its renames still stand.
    if before.terraform_errors.is_empty() {
        c.run();
    } else {
        c.renames();
    }
    let safer = c
        .groups
        .iter()
        .any(|(_, g)| g.severity == Severity::Error && g.fix.is_none())
        .then(|| c.safer())
        .flatten();
    let findings = std::mem::take(&mut c.groups)
        .into_iter()
        .map(|(_, g)| finding(g, from, to, safer.as_ref()))
        .collect();
    let upgrade = Upgrade {
        from: from.clone(),
        to: to.clone(),
        changes: c.changes,
        terraform_errors: after.terraform_errors.clone(),
    };
    (upgrade, findings)
}

fn finding(g: Group, from: &Release, to: &Release, safer: Option<&Release>) -> Finding {
    let lines = listed(&g.lines);
    let message = match g.code {
        Code::UpgradeMovesNode => t!("Upgrading from {0} to {1} moves nodes: {2}; where the module computes it: {3}", from, to, lines, g.source),
        Code::UpgradeReplacesSubnet => t!("Upgrading from {0} to {1} replaces subnets: {2}; where the module computes it: {3}", from, to, lines, g.source),
        Code::UpgradeReattaches => t!("Upgrading from {0} to {1} re-attaches nodes to the network: {2}; where the module computes it: {3}", from, to, lines, g.source),
        Code::UpgradeMovesService => t!("Upgrading from {0} to {1} moves: {2}; where the module computes it: {3}", from, to, lines, g.source),
        _ => t!("Upgrading from {0} to {1} renames: {2}; where the module computes it: {3}", from, to, lines, g.source),
    };
    let fallback = g.fallback;
    let fix = g.fix.unwrap_or_else(|| match (g.code, safer) {
        (Code::UpgradeRenames, _) => t!(
            "rename them in kube.tf before running terraform init -upgrade for {0}",
            to
        )
        .into(),
        (_, Some(r)) if g.severity == Severity::Error => Fix::set(
            if r < to {
                t!(
                    "upgrade to {0} instead, which breaks none of this; to go on to {1}, {2}",
                    r,
                    to,
                    fallback
                )
            } else {
                t!("upgrade to {0} instead, which breaks none of this", r)
            },
            Key::UpgradeTo,
            r,
        ),
        _ if g.severity == Severity::Error => t!(
            "no {0}.x release after {1} keeps this: {2}",
            to.major(),
            from,
            fallback
        )
        .into(),
        _ => fallback.into(),
    });
    Finding::new(g.code, g.severity, &[g.field, Field::ModuleVersion])
        .message(message)
        .symptom(g.symptom)
        .fix(fix)
        .ranges(g.spans)
}
