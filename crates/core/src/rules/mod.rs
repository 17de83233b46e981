//! The finding catalog: every rule reads the parsed plan, its layout and its capacity.

pub(crate) mod inputs;
mod limits;
pub(crate) mod module;
mod overlap;
mod subnets;
mod suggest;

pub(crate) use inputs::parse;
pub(crate) use subnets::split;

use crate::model::{Capacity, Finding, Layout, Parsed, Plan, Split};

/// What every rule may read.
pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub parsed: &'a Parsed,
    pub split: Option<Split>,
    pub layout: &'a Layout,
    pub capacity: &'a Capacity,
}

/// Runs every rule past parsing and the split.
pub(crate) fn run(ctx: &Ctx, findings: &mut Vec<Finding>) {
    inputs::ranges(ctx, findings);
    inputs::dns(ctx, findings);
    subnets::check(ctx, findings);
    overlap::check(ctx, findings);
    limits::check(ctx, findings);
}
