//! khcidr's validation core: checks a kube-hetzner cluster's IPv4 plan.
//!
//! kube-hetzner takes four values, `network_ipv4_cidr`, `cluster_ipv4_cidr`,
//! `service_ipv4_cidr` and `cluster_dns_ipv4`, and does not check how they interact.
//! [`check`] computes what the module and Kubernetes will allocate ([`Layout`]), how far
//! the plan can grow ([`Capacity`]), and every way it breaks ([`Finding`]), with exact
//! addresses, the symptom a user would see, and a fix.
//!
//! # Examples
//!
//! ```
//! use khcidr_core::{check, Plan, Severity};
//!
//! let plan = Plan {
//!     network_ipv4_cidr: "10.20.128.0/17".into(),
//!     cluster_ipv4_cidr: "10.20.128.0/20".into(),
//!     service_ipv4_cidr: "10.20.144.0/20".into(),
//!     ..Plan::default()
//! };
//! let report = check(&plan);
//! assert_eq!(report.worst(), Some(Severity::Error));
//! assert_eq!(report.findings[0].code.as_str(), "pod-subnet-overlap");
//! ```

// A panic in the browser kills the page: no unwrap, expect, panic or indexing in the library.
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing
)]

/// How much of a user's text a message quotes.
const QUOTE_LIMIT: usize = 48;

/// A user's text in quotes, shortened with an ellipsis past [`QUOTE_LIMIT`] characters, so a
/// message never repeats a whole pasted file or key.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("\"{}…\"", text.get(..cut).unwrap_or_default()),
        None => format!("\"{text}\""),
    }
}

mod bars;
mod capacity;
pub mod export;
mod finding;
mod layout;
pub mod module;
mod net;
mod plan;
pub mod repair;
mod report;
mod rules;
pub mod settings;
pub mod share;
pub mod svg;

pub use bars::{
    bars, bars_at, Bars, Fold, LabelSide, Lane, LaneKind, Mark, Segment, SegmentRole, MIN_WIDTH,
};
pub use capacity::{Capacity, Limit};
pub use finding::{Change, Code, Field, Finding, Severity, Span, StartsAt, Unit};
pub use layout::{Diagnostic, Layout, Role, Subnet, MAX_LISTED};
pub use module::{Era, Release, ReleaseError};
pub use plan::{AgentPool, Cni, IngressController, NatRouter, ParseChoiceError, Plan, SubnetMode};
pub use report::Report;
pub use rules::sort_by_number;

/// Checks a plan. Pure, fast, and total: every input, however broken, gives a report.
pub fn check(plan: &Plan) -> Report {
    let mut findings = Vec::new();
    let mut parsed = rules::parse(plan, &mut findings);
    let (layout, allocation) = layout::allocate(plan, &parsed);
    // Rules read the ranges k3s really runs with.
    parsed.cluster = layout.cluster;
    parsed.service = layout.service;
    parsed.node_mask = parsed
        .node_mask
        .filter(|&m| layout.cluster.is_some_and(|c| m >= c.prefix_len()));
    let split = rules::split(&allocation);
    let capacity = capacity::compute(plan, &parsed, &layout);
    let ctx = rules::Ctx {
        plan,
        parsed: &parsed,
        split,
        layout: &layout,
        capacity: &capacity,
    };
    rules::run(&ctx, &mut findings);
    rules::module::check(&ctx, &allocation, &mut findings);
    // Worst first; among equals, ranges that collide first (they break traffic with
    // messages that point elsewhere: the story of a broken plan), then by code, then where
    // it starts (now before later; the cap at 2^40 only merges starts beyond any real
    // cluster, whose order then stays as found).
    rules::sort_by_number(&mut findings, |f| {
        let starts = f
            .starts_at
            .map_or(0, |s| s.count.saturating_add(1).min((1 << 40) - 1));
        let later = u64::from(!f.code.is_collision());
        (f.severity as u64) << 50 | later << 48 | (f.code as u64) << 40 | starts
    });
    Report {
        findings,
        layout,
        capacity,
    }
}
