//! The finding catalog: every rule reads the parsed plan, its layout and its capacity.

pub(crate) mod inputs;
mod limits;
pub(crate) mod module;
mod overlap;
mod subnets;
mod suggest;

pub(crate) use inputs::parse;
pub(crate) use subnets::split;

use crate::capacity::Capacity;
use crate::finding::Finding;
use crate::layout::{Layout, Parsed, Split};
use crate::plan::Plan;

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

/// Sorts `items` by a numeric key, keeping the order of equal keys. Every caller shares one
/// sort routine over `(key, position)` pairs, where each `sort_by_key` would compile its own
/// copy of the sort (about 3.5 KB each in the page).
pub fn sort_by_number<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keyed: Vec<(u64, usize)> = items.iter().map(key).zip(0..).collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        keyed
            .iter()
            .filter_map(|&(_, at)| slots.get_mut(at).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_by_number_orders_by_key_and_keeps_ties_in_place() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (1, 'd'), (2, 'e')];
        super::sort_by_number(&mut items, |&(key, _)| key);
        assert_eq!(items, [(1, 'b'), (1, 'd'), (2, 'e'), (3, 'a'), (3, 'c')]);
    }
}
