//! The data every part of the check reads and writes, and nothing that computes it: the
//! releases and how each era allocates, the plan, the findings, the layout and the report.

mod finding;
mod key;
mod layout;
mod plan;
pub mod profile;
mod release;
mod remedy;
mod report;

pub(crate) use finding::Fix;
pub use finding::{Change, Code, Field, Finding, Severity, Span, StartsAt, Unit, Words};
pub use key::Key;
pub use layout::{
    DefaultRoute, Diagnostic, DnsSource, IngressLb, K3s, K3sFlags, Layout, Role, RouteScope,
    Subnet, MAX_LISTED,
};
pub(crate) use layout::{Grid, Ranges};
pub use plan::{
    AgentPool, Cni, IngressController, NatRouter, ParseChoiceError, Plan, SubnetMode, Unknown,
};
pub use release::{Era, Release, ReleaseError, TerraformVersion};
pub(crate) use remedy::{Peripheral, Remedy};
pub use report::{Capacity, FindingId, Limit, Move, MoveKind, MoveWords, Report, Upgrade};
