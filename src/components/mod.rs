//! One component per file, each with its props beside it.

pub mod advanced;
pub mod bars;
pub mod capacity;
pub mod embed;
pub mod field;
pub mod findings;
pub mod fix;
pub mod import;
pub mod node_count;
pub mod nodepools;
pub mod range_table;
pub mod release;
pub mod select;
pub mod toolbar;
pub mod verdict;
