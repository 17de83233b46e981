//! The check, in one direction: parse the plan, compute what the module and Kubernetes
//! allocate, how far it can grow, then every rule's findings (the parse's problems
//! among them), worst first.

use ipnet::Ipv4Net;

use crate::capacity;
use crate::model::{Diagnostic, Finding, Plan, Ranges, Report, MAX_LISTED};
use crate::module::{self, Allocation, Input};
use crate::net::{cidrhost, cidrsubnet, size};
use crate::parse;
use crate::platform::{subnet_gateway, K3S_DEFAULT_CLUSTER, K3S_DEFAULT_SERVICE};
use crate::rules;
use crate::util::sort_by_number;

/// Checks a plan on its own release (`module_version`), whatever it says of upgrades: what
/// the page draws on every edit ([`crate::check`] adds what an upgrade moves). Pure, fast,
/// and total.
pub fn check_release(plan: &Plan) -> Report {
    let mut problems = Vec::new();
    let given = parse::parse(plan, &mut problems);
    let mut findings: Vec<_> = problems.iter().map(rules::parsed::finding).collect();
    let allocation = allocate(plan, &given);
    let layout = &allocation.layout;
    let ranges = given.running(layout);
    let split = rules::split(&allocation);
    let capacity = capacity::compute(plan, &ranges, layout);
    let ctx = rules::Ctx {
        plan,
        ranges: &ranges,
        split,
        layout,
        capacity: &capacity,
    };
    rules::run(&ctx, &mut findings);
    rules::module::check(&ctx, &allocation, &mut findings);
    rules::provisional::check(plan, &mut findings);
    worst_first(&mut findings);
    Report {
        findings,
        layout: allocation.layout,
        capacity,
        upgrade: None,
        provisional: !plan.unknown.is_empty(),
        unknown: plan.unknown.clone(),
    }
}

/// Sorts findings worst first; among equals, ranges that collide first (they break
/// traffic with messages that point elsewhere: the story of a broken plan), then by code,
/// then where it starts (now before later; the cap at 2^40 only merges starts beyond any
/// real cluster, whose order then stays as found).
pub(crate) fn worst_first(findings: &mut Vec<Finding>) {
    sort_by_number(findings, |f: &Finding| {
        let starts = f
            .starts_at
            .map_or(0, |s| s.count.saturating_add(1).min((1 << 40) - 1));
        let later = u64::from(!f.code.is_collision());
        (f.severity as u64) << 50 | later << 48 | (f.code as u64) << 40 | starts
    });
}

/// One of k3s' own default ranges.
fn k3s_range(default: &str) -> Option<Ipv4Net> {
    default.parse::<Ipv4Net>().ok()
}

/// What the module allocates for the plan's release, with the ranges k3s runs with, the
/// addresses Kubernetes takes from them, and the pod blocks.
fn allocate(plan: &Plan, given: &Ranges) -> Allocation {
    let mut a = module::allocate(&Input {
        era: plan.module_version.era(),
        plan,
        network: given.network,
        service: given.service,
        dns: given.dns,
        agent_ranges: &given.agent_ranges,
    });
    // Where the release passes nothing, k3s runs with its own ranges.
    let first = &a.layout.k3s.first_control_plane;
    let cluster = match first.cluster_cidr {
        None => k3s_range(K3S_DEFAULT_CLUSTER),
        Some(_) => given.cluster,
    };
    let service = match first.service_cidr {
        None => k3s_range(K3S_DEFAULT_SERVICE),
        Some(_) => given.service,
    };
    let layout = &mut a.layout;
    layout.module_release = plan.module_version.clone();
    layout.network = given.network;
    layout.cluster = cluster;
    layout.service = service;
    layout.network_gateway = given.network.and_then(|n| cidrhost(n, 1));
    for subnet in &mut layout.subnets {
        subnet.gateway = given.network.and_then(|n| {
            subnet_gateway(n, subnet.cidr, subnet.role == crate::model::Role::Vswitch)
        });
    }
    layout.api_ip = service.and_then(|s| cidrhost(s, 1).filter(|_| size(s) >= 4));
    layout.planned_nodes = plan.planned_nodes();
    if let (Some(cluster), Some(mask)) = (cluster, given.node_mask) {
        let newbits = mask.saturating_sub(cluster.prefix_len());
        let blocks = 1u64 << newbits;
        let listed = layout.planned_nodes.min(blocks).min(MAX_LISTED as u64);
        layout.pod_blocks = (0..listed)
            .filter_map(|j| cidrsubnet(cluster, newbits, j))
            .collect();
    }
    layout.subnet_prefix = a.grid.map(|g| g.prefix());
    layout.terraform_errors = a.errors.iter().map(Diagnostic::from).collect();
    layout.terraform_warnings = a.warnings.iter().map(Diagnostic::from).collect();
    a
}
