//! One component per file, each with its props beside it.

/// The items without repeats, in the order they first come.
pub fn distinct<T: PartialEq>(items: impl IntoIterator<Item = T>) -> Vec<T> {
    items.into_iter().fold(Vec::new(), |mut seen, item| {
        if !seen.contains(&item) {
            seen.push(item);
        }
        seen
    })
}

pub mod advanced;
pub mod bars;
pub mod capacity;
pub mod drawing;
pub mod embed;
pub mod field;
pub mod findings;
pub mod fix;
pub mod import;
pub mod layout;
pub mod node_count;
pub mod nodepools;
pub mod notices;
pub mod plan_inputs;
pub mod range_table;
pub mod release;
pub mod select;
pub mod toolbar;
pub mod unknown_values;
pub mod upgrade;
pub mod verdict;
