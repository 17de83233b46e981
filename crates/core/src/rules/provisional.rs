//! Findings that rest on a value the plan leaves to Terraform (a variable with no value
//! yet): provisional, never an error built on a guess. Each says what it waits for.

use crate::model::{Finding, Plan, Severity};

pub(crate) fn check(plan: &Plan, findings: &mut [Finding]) {
    let unknown = &plan.unknown;
    if unknown.is_empty() {
        return;
    }
    for f in findings.iter_mut() {
        let mut waits: Vec<String> = Vec::new();
        for u in unknown
            .iter()
            .filter(|u| f.fields.iter().any(|field| field.key() == u.setting))
        {
            let place = format!("{} at {}", u.name, u.at);
            if !waits.contains(&place) {
                waits.push(place);
            }
        }
        if waits.is_empty() {
            continue;
        }
        if f.severity != Severity::Info {
            let mut names: Vec<&str> = Vec::new();
            for u in unknown
                .iter()
                .filter(|u| waits.iter().any(|w| w.starts_with(&u.name)))
            {
                if !names.contains(&u.name.as_str()) {
                    names.push(&u.name);
                }
            }
            let verb = if names.len() == 1 { "is" } else { "are" };
            f.message = format!(
                "provisional until {} {verb} known ({} {}): {}",
                names.join(" and "),
                f.severity.as_str(),
                "if it holds",
                f.message
            );
            f.severity = Severity::Info;
        }
        f.waits_for = waits;
    }
}
