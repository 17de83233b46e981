//! Rules on what the chosen release itself does: where its own expressions fail at
//! `terraform plan`, addresses it hands out twice, values it ignores, routes through a
//! gateway that is not there, and the Terraform version it needs.

use std::net::Ipv4Addr;

use super::ctx::Ctx;
use crate::model::profile::LbIp;
use crate::model::{
    Cni, Code, Era, Field, Finding, IngressLb, Key, Layout, NatRouter, Role, RouteScope, Severity,
    Span,
};
use crate::module::eager::{self, Unset};
use crate::module::{Allocation, PlanError};
use crate::net::overlaps;
use crate::platform::{
    CALICO_DEFAULT_POOL, K3S_DEFAULT_CLUSTER, K3S_DEFAULT_SERVICE, MODULE_DEFAULT_NAT_ROUTER_INDEX,
    MODULE_DEFAULT_VSWITCH_INDEX,
};
use crate::text::Text;

pub(crate) fn check(ctx: &Ctx, allocation: &Allocation, findings: &mut Vec<Finding>) {
    plan_errors(ctx, allocation, findings);
    ignored_values(ctx, findings);
    calico_pool(ctx, findings);
    hard_coded_gateway(ctx, findings);
    shared_addresses(ctx, findings);
    load_balancer_on_host_1(ctx, findings);
    unpinned(ctx, findings);
    unavailable(ctx, findings);
    terraform_version(ctx, findings);
    newer_release(ctx, findings);
}

/// `release-newer-than-known`: a release newer than every one khcidr knows in its major is
/// checked as the newest known one, and says so, so that a CI job following the module
/// keeps working on the day a release appears.
fn newer_release(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let release = &ctx.plan.module_version;
    let Some(asked) = release.newer_than_known() else {
        return;
    };
    findings.push(
        Finding::new(Code::ReleaseNewerThanKnown, Severity::Warning, &[Field::ModuleVersion])
            .message(t!("kube-hetzner {0} is newer than the releases khcidr knows (up to {1}); checked as {1}", asked, release))
            .symptom(t!("what {0} changed against {1} is not seen: its addresses, validations and Terraform messages are {1}'s", asked, release))
            .fix(t!("read {0}'s changes to the network, subnets and IPs before applying, or check with a khcidr that knows {0}", asked)),
    );
}

/// `value-ignored`: a setting the release does not have. A module variable it lacks fails
/// `terraform plan`; an attribute of a nodepool or of `nat_router` it lacks is dropped
/// without a word.
fn unavailable(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let plan = ctx.plan;
    let release = &plan.module_version;
    // The module checks ingress_controller's values itself (`terraform-error`).
    for setting in crate::settings::SETTINGS
        .iter()
        .filter(|s| s.key != Key::IngressController)
    {
        let Some(first) = setting.missing_in(plan) else {
            continue;
        };
        let variable = (setting.variable)(first.era()).unwrap_or(setting.key.as_str());
        let (severity, symptom) = match setting.key {
            // Before 2.13.0 a nodepool's `count` is required: a `nodes` map alone fails.
            Key::AgentKeys => (
                Severity::Error,
                t!("terraform plan fails: the agent_nodepools value is not suitable: attribute \"count\" is required"),
            ),
            // Attributes a release does not have are dropped without a word.
            Key::AgentSubnets => (
                Severity::Warning,
                t!("nothing: Terraform drops subnet_ip_range, and the pool takes the module's subnet"),
            ),
            Key::DisableIpv4 => (
                Severity::Warning,
                t!("nothing: Terraform drops disable_ipv4, and the nodes keep their public IPv4"),
            ),
            Key::NatRouter if release.era() >= Era::V2_18_0 => (
                Severity::Warning,
                t!("nothing: Terraform drops enable_redundancy, and the module makes one router"),
            ),
            _ => (
                Severity::Error,
                t!("terraform plan fails: Unsupported argument: An argument named \"{0}\" is not expected here", variable),
            ),
        };
        findings.push(
            Finding::new(Code::ValueIgnored, severity, &[Field::ModuleVersion])
                .message(t!(
                    "kube-hetzner {0} has no {1} ({2}); it exists from {3}",
                    release,
                    setting.key,
                    (setting.get)(plan),
                    first
                ))
                .symptom(symptom)
                .fix(t!("use {0} or later, or drop {1}", first, setting.key)),
        );
    }
}

/// `value-ignored`: servers attached without a private IP. Hetzner then picks one in the
/// network's last subnet by range, not in the pool's own subnet (kube-hetzner #2239, noted
/// in agents.tf at 3.0.1).
fn unpinned(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let layout = ctx.layout;
    let Some(last) = layout
        .subnets
        .iter()
        .filter(|s| s.role.holds_nodes())
        .max_by_key(|s| s.cidr.network())
    else {
        return;
    };
    let release = &ctx.plan.module_version;
    let elsewhere: Vec<&crate::model::Subnet> = layout
        .subnets
        .iter()
        .filter(|s| s.ips_assigned_by_hetzner && s.nodes > 0 && s.cidr != last.cidr)
        .collect();
    for role in [Role::Agent, Role::ControlPlane] {
        let pools: Vec<&&crate::model::Subnet> =
            elsewhere.iter().filter(|s| s.role == role).collect();
        let Some(first) = pools.first() else {
            continue;
        };
        let (severity, field, fix) = if role == Role::Agent {
            (
                Severity::Warning,
                Field::Agents,
                t!("use 3.0.1 or later, which pins agents in their pool's subnet again"),
            )
        } else {
            (Severity::Info, Field::ControlPlanes, t!("nothing breaks; to keep control planes in their own subnets, keep one control-plane pool"))
        };
        let names = Text::join(pools.iter().map(|s| s.text()).collect(), "{0}, {1}");
        findings.push(
            Finding::new(Code::ValueIgnored, severity, &[field, Field::ModuleVersion])
                .ranges([Span::Cidr(first.cidr), Span::Cidr(last.cidr)])
                .message(t!("kube-hetzner {0} attaches these servers without a private IP, so Hetzner places them in the network's last subnet by range, {1}, not in {2}", release, last.cidr, names))
                .symptom(t!("the servers' private IPs fall outside their pool's subnet; firewall rules and subnet_ip_range written for that subnet do not match them"))
                .fix(fix),
        );
    }
}

/// Codes whose input rules explain the module's own check in more words.
const EXPLAINED: &[Code] = &[
    Code::InvalidCidr,
    Code::InvalidIp,
    Code::NetworkNotPrivate,
    Code::PodServiceOverlap,
    Code::DnsOutsideService,
    Code::TooManyServers,
];

/// One finding per diagnostic `terraform plan` prints, quoting it; a rule that already
/// explains the same failure gets the quote instead.
/// The module's errors, one per expression with how many more like it: every node of a
/// pool failing in one cidrhost is one story.
fn grouped(errors: &[PlanError]) -> Vec<(&PlanError, usize)> {
    let mut groups: Vec<(&PlanError, usize)> = Vec::new();
    for e in errors {
        // Only the same expression failing for several nodes is grouped; checks never are.
        let same = |g: &PlanError| {
            g.summary == e.summary
                && g.source == e.source
                && g.what == e.what
                && g.summary == crate::module::FUNCTION_CALL
        };
        match groups.iter_mut().find(|(g, _)| same(g)) {
            Some((_, more)) => *more += 1,
            None => groups.push((e, 0)),
        }
    }
    groups
}

fn plan_errors(ctx: &Ctx, allocation: &Allocation, findings: &mut Vec<Finding>) {
    let release = &ctx.plan.module_version;
    // Terraform's own `Error:` stays as Terraform prints it.
    let quote = |e: &PlanError, warning: bool| {
        if warning {
            t!(
                "terraform plan stops with a warning: {0}: {1}",
                e.summary,
                e.detail
            )
        } else {
            t!(
                "terraform plan stops with Error: {0}: {1}",
                e.summary,
                e.detail
            )
        }
    };
    let groups = grouped(&allocation.errors);
    for (e, more) in groups {
        // Where a rule on the inputs already explains the failure, it gets the quote.
        if let Some(rule) = findings.iter_mut().find(|f| {
            EXPLAINED.contains(&f.code)
                && f.code == e.code
                && f.severity == Severity::Error
                && f.fields.first() == e.fields.first()
        }) {
            if !rule.symptom.contains("terraform plan stops") {
                let symptom = t!("{0}; {1}", quote(e, false), rule.words.symptom);
                rule.set_symptom(symptom);
            }
            continue;
        }
        let more = match more {
            0 => Text::default(),
            1 => t!(" and 1 more like it"),
            n => t!(" and {0} more like it", n),
        };
        findings.push(
            Finding::new(e.code, Severity::Error, &e.fields)
                .message(t!(
                    "kube-hetzner {0} fails computing {1} ({2}): {3}{4}",
                    release,
                    e.what,
                    e.source.replace(" @", " as of "),
                    e.detail,
                    more
                ))
                .symptom(quote(e, false))
                .fix(super::remedies::fix(
                    &e.remedy,
                    ctx.plan.module_version.era(),
                )),
        );
    }
    for w in &allocation.warnings {
        findings.push(
            Finding::new(w.code, Severity::Warning, &w.fields)
                .message(t!(
                    "kube-hetzner {0} warns ({1}): \"{2}\"",
                    release,
                    w.source,
                    w.detail
                ))
                .symptom(quote(w, true))
                .fix(super::remedies::fix(
                    &w.remedy,
                    ctx.plan.module_version.era(),
                )),
        );
    }
}

/// `value-ignored`: Calico's pool. Up to 2.10.2 the module patches calico-node's
/// `CALICO_IPV4POOL_CIDR` to `cluster_ipv4_cidr` (locals.tf:377 @2.0.0, listed in
/// `patchesStrategicMerge` at init.tf:148 @2.0.0). From 2.11.0 the kustomization's
/// `patches` (locals.tf:92-110 @2.11.0) leave the calico patch out, to 3.1.0: Calico takes
/// its own pool, 192.168.0.0/16, whatever `cluster_ipv4_cidr` says (#2265).
fn calico_pool(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let release = &ctx.plan.module_version;
    if ctx.plan.cni != Cni::Calico || !release.at_least(2, 11, 0) {
        return;
    }
    let pool = CALICO_DEFAULT_POOL;
    let cluster = ctx.plan.cluster_ipv4_cidr.trim();
    let mut hit: Vec<Text> = Vec::new();
    let mut fields: Vec<&str> = Vec::new();
    if let Some(network) = ctx.layout.network.filter(|&n| overlaps(n, pool)) {
        hit.push(t!("the network {0}", network));
        fields.push("network_ipv4_cidr");
    }
    if let Some(service) = ctx.layout.service.filter(|&s| overlaps(s, pool)) {
        hit.push(t!("the service range {0}", service));
        fields.push("service_ipv4_cidr");
    }
    let (severity, symptom, fix) = if hit.is_empty() {
        (
            Severity::Info,
            t!("pods get addresses from {0}, not {1}: firewall rules and network policies written for {1} miss them; nothing in the plan collides with {0}", pool, cluster),
            t!("nothing collides; write rules for {0}, or use flannel or cilium, whose pods follow cluster_ipv4_cidr", pool),
        )
    } else {
        (
            Severity::Error,
            t!("pods get addresses from {0}, which overlaps {1}: traffic to those nodes or Services goes to pods instead, and pods time out reaching them", pool, Text::join(hit, "{0} and {1}")),
            t!("move {0} out of {1}, or use flannel or cilium, whose pods follow cluster_ipv4_cidr", fields.join(" and "), pool),
        )
    };
    findings.push(
        Finding::new(Code::ValueIgnored, severity, &[Field::Cni, Field::Cluster, Field::ModuleVersion])
            .ranges([Span::Cidr(pool)])
            .message(t!("kube-hetzner {0} does not apply its calico patch (CALICO_IPV4POOL_CIDR = cluster_ipv4_cidr), so Calico's IP pool is its own {1}, not {2}", release, pool, cluster))
            .symptom(symptom)
            .fix(fix),
    );
}

/// `value-ignored`: ranges the release never hands to k3s, and settings it does not have.
fn ignored_values(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let plan = ctx.plan;
    let release = &plan.module_version;
    let era = release.era();
    let typed = |text: &str, default: &str| crate::parse::clean(text) != default;
    let cluster_set = typed(&plan.cluster_ipv4_cidr, K3S_DEFAULT_CLUSTER);
    let service_set = typed(&plan.service_ipv4_cidr, K3S_DEFAULT_SERVICE);
    let upgrade = t!("use 2.9.2 or later (version = \"~> 2.18\" or newer), where every control plane receives both ranges");
    // service_ipv4_cidr itself only exists from 2.4.0: `unavailable` says so.
    if era == Era::V2_0_0 && cluster_set {
        findings.push(
            Finding::new(Code::ValueIgnored, Severity::Error, &[Field::Cluster, Field::ModuleVersion])
                .message(t!("kube-hetzner {0} passes no pod range to k3s, so k3s runs with its own {1}, not {2}", release, K3S_DEFAULT_CLUSTER, plan.cluster_ipv4_cidr.trim()))
                .symptom(t!("pods get addresses from 10.42.0.0/16 whatever cluster_ipv4_cidr says; whatever collides with 10.42.0.0/16 breaks"))
                .fix(upgrade.clone()),
        );
    }
    // 2.8.0 to 2.9.1: init.tf:41-42 gives the ranges to the first control plane's first
    // config only; null_resource.control_plane_config (control_planes.tf:116-141 @2.8.0,
    // for_each over every control plane, the first one too) uploads local.k3s-config, which
    // has neither (control_planes.tf:81-113), and restarts k3s when it differs
    // (k3s_config_update_script, locals.tf:630-640 @2.8.0). Fixed in 2.9.2 (#1080).
    let control_planes: u64 = plan.control_planes.iter().map(|&n| u64::from(n)).sum();
    if era == Era::V2_8_0 && control_planes > 0 && (cluster_set || service_set) {
        let others = if control_planes > 1 {
            t!("; while the first still runs them, the other {0} join with k3s' own and fail: k3s reports a critical configuration value mismatch between servers", control_planes - 1)
        } else {
            Text::default()
        };
        findings.push(
            Finding::new(Code::ValueIgnored, Severity::Error, &[Field::Cluster, Field::Service, Field::ControlPlanes, Field::ModuleVersion])
                .message(t!("kube-hetzner {0} passes the pod and service ranges only in the first control plane's first k3s config; its control_plane_config then rewrites every control plane's config without them, the first one too, and restarts k3s, which runs with {1} and {2}", release, K3S_DEFAULT_CLUSTER, K3S_DEFAULT_SERVICE))
                .symptom(t!("after the restart new Services get cluster IPs from {0} while the kubernetes Service keeps {1}, and new nodes get pod blocks from {2}{3}", K3S_DEFAULT_SERVICE, ctx.layout.api_ip.map_or(t!("its address"), |ip| t!("{0}", ip)), K3S_DEFAULT_CLUSTER, others))
                .fix(upgrade),
        );
    }
}

/// `wrong-gateway`: 2.17.1 to 2.18.2 route through a hard-coded 10.0.0.1.
fn hard_coded_gateway(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let (Some(route), Some(gateway), Some(network)) = (
        ctx.layout.default_route,
        ctx.layout.network_gateway,
        ctx.layout.network,
    ) else {
        return;
    };
    if route.via == gateway {
        return;
    }
    let release = &ctx.plan.module_version;
    let nat = ctx.plan.nat_router != NatRouter::Off;
    // Nodes whose only IPv4 way out is this route: a nodepool's disable_ipv4 (2.17.1's
    // private_network_only also needs disable_ipv6, modules/host/main.tf:179), and autoscaled
    // nodes with autoscaler_disable_ipv4 from 2.17.2 (autoscaler-agents.tf:124 @2.17.2).
    let mut private = Vec::new();
    if ctx.plan.disable_ipv4 {
        private.push(t!("the nodepools with disable_ipv4 = true"));
    }
    if ctx.plan.autoscaler_disable_ipv4
        && ctx.plan.autoscaler_max_nodes > 0
        && release.at_least(2, 17, 2)
    {
        private.push(t!("autoscaled nodes (autoscaler_disable_ipv4 = true)"));
    }
    let lost = t!("no IPv4 way out: image pulls, package installs and calls to the Hetzner API time out with Network unreachable (kube-hetzner #1901)");
    let (severity, who, symptom) = match route.scope {
        RouteScope::AllNodes if nat => (
            Severity::Error,
            t!("every node"),
            t!("the nodes behind the NAT router have {0}", lost),
        ),
        // 2.17.x adds the route where disable_ipv6 is set too (private_network_only,
        // modules/host/main.tf:179 @2.17.1); with a public IPv6 the node has no IPv4 default
        // route at all. Either way those nodes have no IPv4 way out.
        RouteScope::PrivateOnlyNodes if !private.is_empty() => (
            Severity::Error,
            t!("{0} (with disable_ipv6, as 2.17.x asks before it adds the route)", Text::join(private.clone(), "{0} and {1}")),
            t!("those nodes have {0}; with a public IPv6 they get no IPv4 default route at all", lost),
        ),
        _ if !private.is_empty() => (
            Severity::Error,
            Text::join(private.clone(), "{0} and {1}"),
            t!("those nodes have {0}", lost),
        ),
        RouteScope::PrivateOnlyNodes => (
            Severity::Info,
            t!("nodes without a public IP"),
            t!("nothing while every node has a public IPv4; nodes without one (disable_ipv4, autoscaler_disable_ipv4) would have no way out"),
        ),
        RouteScope::AllNodes => (
            Severity::Info,
            t!("every node"),
            t!("nothing while nodes have public IPs (the command fails quietly); nodes behind a NAT router or without a public IPv4 would have no internet"),
        ),
    };
    let mut fields = vec![Field::Network, Field::ModuleVersion];
    if ctx.plan.disable_ipv4 {
        fields.push(Field::DisableIpv4);
    }
    if ctx.plan.autoscaler_disable_ipv4 {
        fields.push(Field::AutoscalerDisableIpv4);
    }
    findings.push(
        Finding::new(Code::WrongGateway, severity, &fields)
            .ranges([Span::Ip(route.via), Span::Ip(gateway), Span::Cidr(network)])
            .message(t!("kube-hetzner {0} gives {1} a default route via the hard-coded 10.0.0.1, but the gateway of {2} is {3}", release, who, network, gateway))
            .symptom(symptom)
            .fix(t!("use 2.18.3 or later, which routes via host 1 of the network; or a network starting at 10.0.0.0")),
    );
}

/// `address-collision`: two things the module pins to one address, or a pinned address
/// on the network's gateway.
/// Every address the module pins: node and NAT router IPs, the load balancers, the
/// floating gateway; each with what holds it and the field that places it.
fn pinned(layout: &Layout) -> Vec<(Ipv4Addr, Text, Field)> {
    let mut pinned: Vec<(Ipv4Addr, Text, Field)> = Vec::new();
    for s in &layout.subnets {
        let field = match s.role {
            Role::ControlPlane => Field::ControlPlanes,
            Role::NatRouter | Role::Peripherals => Field::NatRouterIndex,
            _ => Field::Agents,
        };
        for (i, &ip) in s.node_ips.iter().enumerate() {
            let what = match s.role {
                Role::NatRouter | Role::Peripherals => t!("NAT router {0}", i),
                _ => t!("node {0} of {1}", i, s.name()),
            };
            pinned.push((ip, what, field));
        }
    }
    if let Some(ip) = layout.load_balancer_ip {
        pinned.push((
            ip,
            t!("the control-plane load balancer"),
            Field::ControlPlaneLb,
        ));
    }
    if let Some(ip) = layout.ingress_lb_ip {
        pinned.push((
            ip,
            t!("the ingress load balancer"),
            Field::IngressController,
        ));
    }
    if let Some(ip) = layout
        .nat_gateway_ip
        .filter(|ip| !layout.nat_router_ips.contains(ip))
    {
        pinned.push((
            ip,
            t!("the NAT router pair's floating gateway"),
            Field::NatRouterIndex,
        ));
    }
    pinned
}

/// `address-collision`: 2.11.1 to 2.16.1 pin the control-plane load balancer at host 1 of
/// control-plane subnet 0 (`cidrhost(...control_plane.*.ip_range[0], 1)`,
/// control_planes.tf:61 @2.11.1, :63 @2.16.1). That subnet, `network_ipv4_subnets[255]`, is
/// the network's last by range, where Hetzner attaches what comes without a subnet or IP
/// (hcloud provider, docs/resources/load_balancer_network.md:52 @v1.68.0), taking its
/// lowest free address: the ingress load balancer the cloud controller attaches
/// (`use-private-ip`, locals.tf:477 @2.11.1) and autoscaled nodes (`HCLOUD_NETWORK`,
/// autoscaler-agents.tf:38 @2.11.1). Whichever comes first holds host 1: the control-plane
/// load balancer turned on later gets `IP not available` (#1608, #1654). 2.17.0 lets
/// Hetzner choose (control_planes.tf:67 @2.17.0).
fn load_balancer_on_host_1(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let era = ctx.plan.module_version.era();
    if !matches!(era.profile().control_plane_lb, LbIp::Host(1, _)) {
        return;
    }
    let layout = ctx.layout;
    let Some(last) = layout.first(Role::ControlPlane).map(|s| s.cidr) else {
        return;
    };
    let mut unpinned = Vec::new();
    if layout.ingress_lb == IngressLb::TerraformLbCcmNetwork {
        unpinned.push(t!(
            "the ingress load balancer (attached by the cloud controller)"
        ));
    }
    if ctx.plan.autoscaler_max_nodes > 0 {
        unpinned.push(t!("autoscaled nodes"));
    }
    let Some(host_1) = crate::net::cidrhost(last, 1) else {
        return;
    };
    if unpinned.is_empty() {
        return;
    }
    let release = &ctx.plan.module_version;
    let plural = unpinned.len() > 1 || layout.ingress_lb != IngressLb::TerraformLbCcmNetwork;
    let who = Text::join(unpinned, "{0} and {1}");
    let joins = if plural {
        t!("{0} join that subnet, the network's last, without an IP, and the first to come takes its lowest free address, {1}", who, host_1)
    } else {
        t!("{0} joins that subnet, the network's last, without an IP, and takes its lowest free address, {1}", who, host_1)
    };
    let on = ctx.plan.control_plane_lb;
    let (severity, message) = if on {
        (
            Severity::Warning,
            t!("kube-hetzner {0} pins the control-plane load balancer at {1}, host 1 of control-plane subnet 0 {2}; {3}, whenever it comes before the load balancer", release, host_1, last, joins),
        )
    } else {
        (
            Severity::Info,
            t!("with use_control_plane_lb turned on later, kube-hetzner {0} pins the control-plane load balancer at {1}, host 1 of control-plane subnet 0 {2}; by then {3}", release, host_1, last, joins),
        )
    };
    findings.push(
        Finding::new(Code::AddressCollision, severity, &[Field::ControlPlaneLb, Field::ModuleVersion])
            .ranges([Span::Ip(host_1), Span::Cidr(last)])
            .message(message)
            .symptom(t!("a new cluster is fine (Terraform attaches the load balancer before anything else joins); on a cluster that already runs without it, turning use_control_plane_lb on fails: Error: IP not available (ip_not_available) for {0}", host_1))
            .fix(t!("use 2.17.0 or later, where Hetzner chooses the control-plane load balancer's IP; or turn use_control_plane_lb on when the cluster is first built")),
    );
}

/// The address collisions shown one by one.
const MAX_COLLISIONS: usize = 16;

fn shared_addresses(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let layout = ctx.layout;
    let pinned = pinned(layout);
    let release = &ctx.plan.module_version;
    // Who holds each address: sorted by address, then by place in the list, in one pass
    // rather than one per pair (a plan of hundreds of pools pins thousands of addresses).
    let mut by_address: Vec<(u64, usize)> = pinned
        .iter()
        .enumerate()
        .map(|(n, p)| (u64::from(u32::from(p.0)), n))
        .collect();
    by_address.sort_unstable();
    // Each address's first holder (in list order) with the place of its group.
    let mut firsts: Vec<(u64, usize)> = Vec::new();
    for (at, &(ip, n)) in by_address.iter().enumerate() {
        let starts = at == 0
            || by_address
                .get(at - 1)
                .is_none_or(|&(before, _)| before != ip);
        if starts {
            firsts.push((n as u64, at));
        }
    }
    firsts.sort_unstable();
    // One finding per address for the first few; the rest counted in one (hundreds of
    // pools whose pinned ranges overlap share thousands of addresses).
    let mut shown = 0;
    for (k, &(first, at)) in firsts.iter().enumerate() {
        let Some((ip, what, field)) = pinned.get(first as usize) else {
            continue;
        };
        if shown == MAX_COLLISIONS {
            let shared = |&(_, at): &(u64, usize)| {
                by_address
                    .get(at + 1)
                    .is_some_and(|next| Some(&next.0) == by_address.get(at).map(|b| &b.0))
            };
            let more = firsts.iter().skip(k).filter(|g| shared(g)).count();
            if more > 0 {
                findings.push(
                    Finding::new(Code::AddressCollision, Severity::Error, &[Field::Agents, Field::ControlPlanes])
                        .message(t!("kube-hetzner {0} also gives {1} more private IPs to two things each", release, more))
                        .symptom(t!("terraform apply fails on the second of each: Hetzner refuses an IP already in use in the network (ip_not_available)"))
                        .fix(t!("see the collisions above: the same change clears these")),
                );
            }
            break;
        }
        let others: Vec<&(Ipv4Addr, Text, Field)> = by_address
            .iter()
            .skip(at + 1)
            .take_while(|&&(other, _)| other == u64::from(u32::from(*ip)))
            .filter_map(|&(_, n)| pinned.get(n))
            .collect();
        let on_gateway = layout.network_gateway == Some(*ip);
        if others.is_empty() && !on_gateway {
            continue;
        }
        shown += 1;
        let mut fields = vec![*field];
        fields.extend(others.iter().map(|o| o.2));
        fields.dedup();
        let (message, symptom, fix) = if let Some(other) = others.first() {
            (
                t!("kube-hetzner {0} gives {1} and {2} the same private IP {3}", release, what, other.1, ip),
                t!("terraform apply fails on the second: Hetzner refuses an IP already in use in the network (ip_not_available)"),
                t!("move one of them: another subnet index or pool layout, or a release that places the load balancers elsewhere"),
            )
        } else {
            (
                t!("kube-hetzner {0} gives {1} {2}, the network's gateway (host 1 of {3})", release, what, ip, layout.network.map(|n| n.to_string()).unwrap_or_default()),
                t!("terraform apply fails: Hetzner reserves the gateway address (ip_not_available); nodes routed through it lose their route"),
                t!("keep nat_router_subnet_index and vswitch_subnet_index off index 0: the defaults are {0} and {1}", MODULE_DEFAULT_NAT_ROUTER_INDEX, MODULE_DEFAULT_VSWITCH_INDEX),
            )
        };
        findings.push(
            Finding::new(Code::AddressCollision, Severity::Error, &fields)
                .ranges([Span::Ip(*ip)])
                .message(message)
                .symptom(symptom)
                .fix(fix),
        );
    }
}

/// `terraform-version`: a release's null checks that Terraform before 1.12 cannot evaluate,
/// as it evaluates both sides of `&&` and `||` (`module::eager`; kube-hetzner #2152,
/// #2197). With the version said: an error for each check whose variable the plan leaves
/// null, a warning for one khcidr does not read, nothing on 1.12 or newer; not said, a
/// notice.
fn terraform_version(ctx: &Ctx, findings: &mut Vec<Finding>) {
    let plan = ctx.plan;
    let release = &plan.module_version;
    // The checks this plan can reach (a variable the plan sets cannot fail its check), and
    // whether the plan says the variable is unset (else khcidr does not read it).
    let checks: Vec<_> = eager::checks(release)
        .filter_map(|(unset, at, fails)| match unset.holds(plan) {
            Some(false) => None,
            holds => Some((unset, at, fails, holds.is_some())),
        })
        .collect();
    if checks.is_empty() || plan.terraform.is_some_and(|t| t.short_circuits()) {
        return;
    }
    let Some(terraform) = plan.terraform else {
        findings.push(
            Finding::new(Code::TerraformVersion, Severity::Info, &[Field::ModuleVersion])
                .message(t!("kube-hetzner {0} needs Terraform 1.12 or newer: its null checks rely on && and || stopping early (kube-hetzner #2152, #2197); these findings follow Terraform 1.12", release))
                .symptom(t!("on Terraform 1.11 or older, terraform plan fails on null values in the module's own checks"))
                .fix(t!("run Terraform 1.12 or newer; say which you run (terraform_version) to see each check that fails")),
        );
        return;
    };
    for (unset, at, fails, known) in checks {
        let severity = if known {
            Severity::Error
        } else {
            Severity::Warning
        };
        // 2.20.0 rewrote 2.19's NAT router and flannel checks as conditionals.
        let later =
            matches!(unset, Unset::NatRouter | Unset::FlannelBackend) && release.major() == 2;
        findings.push(
            Finding::new(Code::TerraformVersion, severity, &[Field::ModuleVersion])
                .message(t!("kube-hetzner {0} fails on {1} {2}: {3} before {4} evaluates both sides of && and ||, so its null checks ({5}) reach the null value", release, terraform.named(), unset.said(), terraform.tool(), terraform.first_short_circuiting(), at))
                .symptom(t!("terraform plan fails: Error: {0} (kube-hetzner #2152, #2197)", fails.error()))
                .fix(if later {
                    t!("run Terraform 1.12 or newer (OpenTofu 1.10 or newer), or kube-hetzner 2.20.0 or newer, whose checks are conditionals")
                } else {
                    t!("run Terraform 1.12 or newer (OpenTofu 1.10 or newer)")
                }),
        );
    }
}
