//! The result of a check: findings, layout and capacity together.

use serde::Serialize;

use crate::capacity::Capacity;
use crate::finding::{Finding, Severity};
use crate::layout::Layout;

/// Everything `check` says about a plan.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Report {
    /// What is wrong, worst first.
    pub findings: Vec<Finding>,
    /// What kube-hetzner and Kubernetes will allocate.
    pub layout: Layout,
    /// How far the plan can grow.
    pub capacity: Capacity,
}

impl Report {
    /// How many findings have this severity.
    pub fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }

    /// The worst severity found, `None` for a clean plan.
    pub fn worst(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).min()
    }

    /// Whether any finding is an error.
    pub fn has_errors(&self) -> bool {
        self.worst() == Some(Severity::Error)
    }
}
