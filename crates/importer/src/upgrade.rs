//! What an upgrade moves, as the page's markup: the upgrade's verdict, its findings with
//! their fixes (a fix that is one edit is a link to the plan with it), and the changes
//! side by side, before and after. Every text is escaped.

use std::fmt::Write;

use khcidr_core::settings::Setting;
use khcidr_core::svg::esc;
use khcidr_core::svg::{svg, Theme};
use khcidr_core::{check, check_release, share, t, tr, Catalog, Finding, Plan, Release};

/// The plan with a finding's edits, as a link fragment.
fn applied(plan: &Plan, finding: &Finding) -> Option<String> {
    let mut fixed = plan.clone();
    for change in &finding.apply {
        (Setting::of(change.setting)?.set)(&mut fixed, &change.value).ok()?;
    }
    Some(share::encode(&fixed))
}

/// The plan drawn on each release, side by side (stacked on a phone), each picture's
/// pattern ids its own.
fn pictures(
    plan: &Plan,
    from: &Release,
    to: &Release,
    theme: Theme,
    cat: Option<&Catalog>,
) -> String {
    let mut out = String::from("<div class=\"upgrade-pictures\">");
    for (release, side) in [(from, "before"), (to, "after")] {
        let on = Plan {
            module_version: release.clone(),
            upgrade_to: None,
            ..plan.clone()
        };
        let drawn = svg(&on, &check_release(&on), theme, cat)
            .replace("id=\"hatch\"", &format!("id=\"hatch-{side}\""))
            .replace("url(#hatch)", &format!("url(#hatch-{side})"));
        let _ = write!(
            out,
            "<figure data-side=\"{side}\"><figcaption>{}</figcaption>{drawn}</figure>",
            esc(&t!("On {0}", release).render(cat))
        );
    }
    out.push_str("</div>");
    out
}

/// The upgrade the plan in `fragment` asks for, as markup; empty when it asks for none.
pub fn markup(fragment: &str, theme: Theme) -> String {
    let decoded = share::decode_own(fragment);
    crate::with_catalog(|cat| markup_in(&decoded.plan, theme, cat))
}

fn markup_in(plan: &Plan, theme: Theme, cat: Option<&Catalog>) -> String {
    let mut report = check(plan);
    report.localize(cat);
    let Some(upgrade) = &report.upgrade else {
        return String::new();
    };
    let mut out = String::new();
    let findings: Vec<&Finding> = report
        .findings
        .iter()
        .filter(|f| f.code.is_upgrade())
        .collect();
    let worst = findings.iter().map(|f| f.severity).min();
    // The upgrade's own verdict: its findings alone.
    let verdict = khcidr_core::Report {
        findings: findings.iter().map(|&f| f.clone()).collect(),
        ..Default::default()
    }
    .verdict()
    .render(cat);
    let _ = write!(
        out,
        "<h2 id=\"upgrade-title\">{}<span class=\"upgrade-verdict\" data-severity=\"{}\">{}</span></h2>",
        esc(&t!("Upgrade {0} → {1}: ", upgrade.from, upgrade.to.asked()).render(cat)),
        worst.map_or("none", |s| s.as_str()),
        esc(&verdict),
    );
    if let Some(asked) = upgrade.to.newer_than_known() {
        let _ = write!(
            out,
            "<p class=\"note\">{}</p>",
            esc(&t!(
                "{0} is newer than the releases khcidr knows: compared with {1}.",
                asked,
                upgrade.to
            )
            .render(cat)),
        );
    }
    for e in &upgrade.terraform_errors {
        let _ = write!(
            out,
            "<p class=\"note\" data-severity=\"error\">{}<code>{}: {}</code> ({})</p>",
            esc(&t!(
                "terraform plan on {0} stops, and nothing is applied until it is fixed: ",
                upgrade.to
            )
            .render(cat)),
            esc(&e.summary),
            esc(&e.detail),
            esc(&e.source)
        );
    }
    if !findings.is_empty() {
        out.push_str("<ul class=\"upgrade-findings\">");
        for f in findings {
            let _ = write!(
                out,
                "<li class=\"finding {}\" data-code=\"{}\"><p class=\"finding-head\"><span class=\"badge\">{}</span> <strong>{}</strong></p><p class=\"message\">{}</p><p class=\"symptom\"><strong>{}</strong> {}</p><p class=\"fix\"><strong>{}</strong> {}",
                f.severity.as_str(),
                f.code.as_str(),
                esc(&f.severity.word().render(cat)),
                esc(tr(cat, f.code.title())),
                esc(&f.message),
                esc(tr(cat, "You will see:")),
                esc(&f.symptom),
                esc(tr(cat, "Fix:")),
                esc(&f.fix),
            );
            if let Some(link) = applied(plan, f).filter(|_| !f.apply.is_empty()) {
                let edits: Vec<String> = f.apply.iter().map(|c| c.to_string()).collect();
                let _ = write!(
                    out,
                    " <a class=\"apply\" href=\"#{}\">{}</a>",
                    esc(&link),
                    esc(&t!("Apply {0}", edits.join(", ")).render(cat))
                );
            }
            out.push_str("</p></li>");
        }
        out.push_str("</ul>");
    }
    if upgrade.changes.is_empty() {
        let _ = write!(
            out,
            "<p>{}</p>",
            esc(tr(cat, "Nothing this plan allocates moves: every subnet, node, load balancer and address stays where it is."))
        );
        return out;
    }
    out.push_str(&pictures(plan, &upgrade.from, &upgrade.to, theme, cat));
    let _ = write!(
        out,
        "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"{}\"><table class=\"upgrade-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead><tbody>",
        esc(tr(cat, "What moves")),
        esc(&t!("What moves, on {0} and on {1}", upgrade.from, upgrade.to).render(cat)),
        esc(tr(cat, "What")),
        esc(&upgrade.from.to_string()),
        esc(&upgrade.to.to_string()),
        esc(tr(cat, "What applying it does")),
    );
    let (from, to) = (esc(&upgrade.from.to_string()), esc(&upgrade.to.to_string()));
    for m in &upgrade.changes {
        let kind = m.kind.as_str();
        let _ = write!(
            out,
            "<tr data-kind=\"{kind}\"><th scope=\"row\">{}</th><td class=\"before\" data-label=\"{from}\">{}</td><td class=\"after\" data-label=\"{to}\">{}</td><td class=\"applying\">{}<br><small>{}</small></td></tr>",
            esc(&m.what),
            esc(&m.before),
            esc(&m.after),
            esc(&m.applying),
            esc(&m.source),
        );
    }
    out.push_str("</tbody></table></div>");
    out
}
