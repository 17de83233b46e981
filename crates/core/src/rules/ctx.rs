//! What every rule may read.

use crate::model::{Capacity, Grid, Layout, Plan, Ranges};

/// What every rule may read.
pub(crate) struct Ctx<'a> {
    pub plan: &'a Plan,
    /// The ranges k3s runs with (see [`Ranges::running`]).
    pub ranges: &'a Ranges,
    pub split: Option<Grid>,
    pub layout: &'a Layout,
    pub capacity: &'a Capacity,
}
