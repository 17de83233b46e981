//! "Fix my plan": one clean plan from the user's own, built from the findings' own edits,
//! and what each change means for a cluster that already runs.

use crate::model::{Capacity, Change, Key, Plan, Severity};
use crate::settings::{apply, Setting};
use crate::text::Text;

/// Rounds of edits tried: each round applies every error's and warning's edit, and a
/// moved range can reveal the next collision.
const ROUNDS: usize = 8;

/// One setting changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// The setting's key.
    pub setting: Key,
    /// The kube-hetzner variable, in the plan's release.
    pub variable: &'static str,
    /// The value now (empty: the module's own).
    pub before: String,
    /// The value after.
    pub after: String,
    /// What the change means for a cluster that already runs.
    pub running: Text,
    /// Whether a running cluster cannot take it in place.
    pub rebuild: bool,
}

/// A whole fixed plan and how it differs.
#[derive(Clone, Debug, PartialEq)]
pub struct Repair {
    /// The fixed plan.
    pub plan: Plan,
    /// The edits that turn the plan into the fixed one, as the Apply buttons make them.
    pub changes: Vec<Change>,
    /// The settings that change, in the table's order.
    pub edits: Vec<Edit>,
    /// Errors and warnings left after the edits (those without a concrete edit).
    pub errors: usize,
    pub warnings: usize,
    /// How far the fixed plan can grow: how many nodes it holds, and what stops it.
    pub capacity: Capacity,
}

impl Repair {
    /// How many nodes the fixed plan holds, in words: "It holds up to 100 nodes (limited
    /// by servers)."
    pub fn holds(&self) -> Text {
        use crate::model::Limit;
        let by = &self.capacity.limited_by;
        let limits = if by.contains(&Limit::Routes) && by.contains(&Limit::Servers) {
            t!("Hetzner's 100 servers and 100 routes per network")
        } else {
            Text::join(by.iter().map(|l| l.text()).collect(), "{0} and {1}")
        };
        t!(
            "The fixed plan holds up to {0} nodes (limited by {1}); this plan has {2}.",
            self.capacity.max_nodes,
            limits,
            self.capacity.planned_nodes
        )
    }
}

/// What changing a setting means for a running cluster.
fn running(setting: Key) -> Text {
    match setting {
        Key::Cluster => t!("not in place: every pod's address and every node's pod block change; build a new cluster and move to it"),
        Key::Service => t!("not in place: every Service's cluster IP changes; build a new cluster and move to it"),
        Key::Dns => t!("changes the k3s flags of every node (a restart of each) and the CoreDNS Service's IP"),
        _ => t!("Terraform replaces what it names; read terraform plan before applying"),
    }
}

/// The plan with every error's and warning's concrete edit applied, round after round,
/// until none is left or the edits stop changing anything. `None` when there is nothing
/// to fix by an edit.
pub fn repair(plan: &Plan) -> Option<Repair> {
    let mut fixed = plan.clone();
    let mut report = crate::check::check_release(&fixed);
    for _ in 0..ROUNDS {
        let round: Vec<Change> = report
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .flat_map(|f| f.apply.iter().cloned())
            .collect();
        let next = apply(&fixed, &round);
        if next == fixed {
            break;
        }
        fixed = next;
        report = crate::check::check_release(&fixed);
    }
    // Only the changes that still differ from the plan, in the table's order.
    let era = plan.module_version.era();
    let edits: Vec<Edit> = crate::settings::SETTINGS
        .iter()
        .filter(|s| (s.get)(plan) != (s.get)(&fixed))
        .map(|s: &Setting| Edit {
            setting: s.key,
            variable: (s.variable)(era).unwrap_or(s.key.as_str()),
            before: (s.get)(plan),
            after: (s.get)(&fixed),
            running: running(s.key),
            rebuild: matches!(s.key, Key::Cluster | Key::Service),
        })
        .collect();
    if edits.is_empty() {
        return None;
    }
    let changes = edits
        .iter()
        .map(|e| Change {
            setting: e.setting,
            value: e.after.clone(),
        })
        .collect();
    Some(Repair {
        plan: fixed,
        changes,
        edits,
        errors: report.count(Severity::Error),
        warnings: report.count(Severity::Warning),
        capacity: report.capacity,
    })
}
