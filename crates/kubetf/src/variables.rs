//! The variables each kube-hetzner release declares (`data/variables.txt`, read from every
//! release tag's `variables.tf` by `scripts/variables.sh`): the release an unpinned file's
//! arguments fit, and Terraform's "Unsupported argument" for one the release checked lacks.

use khcidr_core::Release;

const TABLE: &str = include_str!("../data/variables.txt");
const RENAMES: &str = include_str!("../data/renames.txt");

/// The name kube-hetzner's migration guide gives a v2 variable in v3, and whether its value
/// is inverted (`data/renames.txt`).
pub(crate) fn renamed(name: &str) -> Option<(&'static str, bool)> {
    RENAMES
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let mut words = line.split(' ');
            (words.next()? == name).then_some(())?;
            Some((words.next()?, words.next() == Some("invert")))
        })
}

/// A module block's arguments that are Terraform's, not the module's variables.
pub(crate) const META: [&str; 6] = [
    "source",
    "version",
    "providers",
    "count",
    "for_each",
    "depends_on",
];

/// The first and last release whose `variables.tf` declares `name` (every release between
/// them does too); `None` when none does.
pub(crate) fn span(name: &str) -> Option<(Release, Release)> {
    TABLE
        .lines()
        .filter(|line| !line.starts_with('#'))
        .find_map(|line| {
            let mut words = line.split(' ');
            if words.next()? != name {
                return None;
            }
            Some((release(words.next()?)?, release(words.next()?)?))
        })
}

fn release(text: &str) -> Option<Release> {
    let mut parts = text.split('.').map(|p| p.parse::<u64>().ok());
    let (major, minor, patch) = (parts.next()??, parts.next()??, parts.next()??);
    Some(Release::new(major, minor, patch))
}

/// Whether `release` declares `name` (a release newer than khcidr knows: as the known one
/// it is checked as).
pub(crate) fn declares(release: &Release, name: &str) -> bool {
    let checked = self::release(&release.to_string());
    span(name).is_some_and(|(first, last)| checked.is_some_and(|r| first <= r && r <= last))
}

/// The releases that declare every one of `names` (those no release declares aside): the
/// first and last of them, or `None` when no release declares them all.
pub(crate) fn common<'n>(names: impl Iterator<Item = &'n str>) -> Option<(Release, Release)> {
    let mut spans = names.filter_map(span);
    let first = spans.next()?;
    spans.try_fold(first, |(lo, hi), (first, last)| {
        let (lo, hi) = (lo.max(first), hi.min(last));
        (lo <= hi).then_some((lo, hi))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use khcidr_core::settings::SETTINGS;

    /// The settings table names each setting's variable per era; every release of the era
    /// must declare that name (one fact from two sources: the table and variables.tf).
    #[test]
    fn every_release_declares_the_names_the_settings_table_gives_it() {
        let mut wrong = Vec::new();
        for release in Release::all() {
            let plan = khcidr_core::Plan {
                module_version: release.clone(),
                ..khcidr_core::Plan::default()
            };
            for s in SETTINGS.iter().filter(|s| s.lacking_in(&plan).is_none()) {
                let Some(name) = (s.variable)(release.era()) else {
                    continue;
                };
                if span(name).is_some() && !declares(&release, name) {
                    wrong.push(format!("{release}: {name}"));
                }
            }
        }
        assert!(wrong.is_empty(), "{wrong:#?}");
        // Every name the table gives (but Terraform's `version`) is a variable of some release.
        for s in SETTINGS.iter() {
            for era in khcidr_core::Era::ALL {
                if let Some(name) = (s.variable)(*era).filter(|n| !META.contains(n)) {
                    assert!(span(name).is_some(), "{name}");
                }
            }
        }
    }

    #[test]
    fn spans_are_the_tags_variables() {
        // variables.tf: `vswitch_id` from v2.19.0; `existing_network_id` to v2.21.0.
        let r = |t: &str| release(t).unwrap();
        assert_eq!(span("vswitch_id"), Some((r("2.19.0"), r("3.1.0"))));
        assert_eq!(span("existing_network_id"), Some((r("2.8.0"), r("2.21.0"))));
        assert_eq!(span("network_ipv4_cidr"), Some((r("2.0.0"), r("3.1.0"))));
        assert_eq!(span("no_such_variable"), None);
        assert!(declares(&r("2.19.0"), "vswitch_id"));
        assert!(!declares(&r("2.18.5"), "vswitch_id"));
        assert_eq!(
            common(["vswitch_id", "existing_network_id", "not_one"].into_iter()),
            Some((r("2.19.0"), r("2.21.0")))
        );
        assert_eq!(
            common(["existing_network_id", "subnet_count"].into_iter()),
            None
        );
    }
}
