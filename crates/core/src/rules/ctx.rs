//! What every rule may read.

use crate::model::{Capacity, Layout, Parsed, Plan, Split};

/// What every rule may read.
pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    pub parsed: &'a Parsed,
    pub split: Option<Split>,
    pub layout: &'a Layout,
    pub capacity: &'a Capacity,
}
