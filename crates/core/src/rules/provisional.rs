//! Findings that rest on a value the plan leaves to Terraform (a variable with no value
//! yet): provisional, never an error built on a guess. Each says what it waits for.
//!
//! An unknown node count or nodepool can only add nodes and subnets: a finding that the
//! plan already has too many of them is certain, whatever the unknown turns out to be.

use crate::model::{Code, Finding, Key, Plan, Severity, Unknown};
use crate::text::Text;

/// Whether more nodes or pools can only keep the finding: it counts them against a limit.
fn grows_with_counts(code: Code) -> bool {
    matches!(
        code,
        Code::PodCapacityExceeded
            | Code::TooManySubnets
            | Code::TooManyServers
            | Code::TooManyRoutes
    )
}

/// Whether the unknown value is a count of nodes or pools.
fn is_count(setting: Key) -> bool {
    matches!(
        setting,
        Key::ControlPlanes | Key::Agents | Key::AutoscalerMax
    )
}

pub(crate) fn check(plan: &Plan, findings: &mut [Finding]) {
    if plan.unknown.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let rests: Vec<&Unknown> = plan
            .unknown
            .iter()
            .filter(|u| f.fields.iter().any(|field| field.key() == u.setting))
            .filter(|u| !(is_count(u.setting) && grows_with_counts(f.code)))
            .collect();
        if rests.is_empty() {
            continue;
        }
        let mut names: Vec<&str> = Vec::new();
        let mut waits: Vec<Text> = Vec::new();
        for u in &rests {
            if !names.contains(&u.name.as_str()) {
                names.push(&u.name);
            }
            let place = u.text();
            if !waits.contains(&place) {
                waits.push(place);
            }
        }
        if f.severity != Severity::Info {
            let several = names.len() > 1;
            let names = Text::join(names.iter().map(|n| t!("{0}", n)).collect(), "{0} and {1}");
            let message = &f.words.message;
            let message = match (several, f.severity) {
                (false, Severity::Error) => t!(
                    "provisional until {0} is known (error if it holds): {1}",
                    names,
                    message
                ),
                (false, _) => t!(
                    "provisional until {0} is known (warning if it holds): {1}",
                    names,
                    message
                ),
                (true, Severity::Error) => t!(
                    "provisional until {0} are known (error if it holds): {1}",
                    names,
                    message
                ),
                (true, _) => t!(
                    "provisional until {0} are known (warning if it holds): {1}",
                    names,
                    message
                ),
            };
            f.set_message(message);
            f.severity = Severity::Info;
        }
        f.waits_for = waits.iter().map(Text::en).collect();
        f.words.waits = waits;
    }
}
