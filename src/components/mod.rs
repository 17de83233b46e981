//! One component per file, each with its props beside it.

pub mod field;
pub mod findings;
pub mod nodepools;
