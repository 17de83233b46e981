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

// The layers, each importing only those above it in this list (tests/architecture.rs):
// L0 helpers and fixed numbers; L1 the data; L2 the settings table; L3 the check; L4 what
// front ends make of a report.
pub mod look;
mod net;
#[macro_use]
pub mod text;
pub mod platform;
mod util;

mod model;

pub mod settings;

mod capacity;
mod check;
pub mod module;
mod parse;
mod rules;
mod upgrade;

mod bars;
pub mod export;
pub mod repair;
pub mod share;
pub mod svg;

pub use bars::labels;
pub use bars::{
    bars, bars_at, Bars, Fold, LabelSide, Lane, LaneKind, Mark, Route, Segment, SegmentRole,
    MIN_WIDTH,
};
pub use check::check_release;
pub use model::{
    AgentPool, Capacity, Change, Cni, Code, Diagnostic, Era, Field, Finding, FindingId,
    IngressController, Key, Layout, Limit, Move, MoveKind, NatRouter, ParseChoiceError, Plan,
    Release, ReleaseError, Report, Role, Severity, Span, StartsAt, Subnet, SubnetMode,
    TerraformVersion, Unit, Unknown, Upgrade, Words, MAX_LISTED,
};
pub use text::{tr, Catalog, Lang, Text};
pub use upgrade::check;
pub use util::{or_dash, sort_by_number};
