//! The finding catalog: every rule reads the parsed plan, its layout and its capacity.

mod ctx;
pub(crate) mod inputs;
mod limits;
pub(crate) mod module;
mod overlap;
pub(crate) mod parsed;
pub(crate) mod provisional;
mod remedies;
mod subnets;
mod suggest;

pub(crate) use subnets::split;

pub(crate) use ctx::Ctx;

use crate::model::Finding;

/// Runs every rule past parsing and the split.
pub(crate) fn run(ctx: &Ctx, findings: &mut Vec<Finding>) {
    inputs::ranges(ctx, findings);
    inputs::dns(ctx, findings);
    subnets::check(ctx, findings);
    overlap::check(ctx, findings);
    limits::check(ctx, findings);
}
