//! Every kube-hetzner release khcidr knows, the eras they fall into, and how a user's
//! `version` (a release, a major, or a Terraform constraint) picks one.

use std::fmt;
use std::str::FromStr;

use semver::{Comparator, Op, Version};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

macro_rules! eras {
    ($($variant:ident => $changes:literal,)+) => {
        /// A run of consecutive releases that allocate addresses with identical
        /// expressions, each with what changed against the era before.
        ///
        /// Named by its first release ([`Era::releases`] gives its first and last). The
        /// order is the release order, so `era >= Era::V2_18_0` reads "from 2.18.0 on".
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(non_camel_case_types)]
        pub enum Era {
            $(#[doc = $changes] $variant,)+
        }

        impl Era {
            /// Every era, oldest first.
            pub const ALL: &'static [Era] = &[$(Era::$variant),+];

            /// What changed in this era against the one before, for a release picker.
            pub fn changes(self) -> &'static str {
                match self {
                    $(Era::$variant => $changes,)+
                }
            }
        }
    };
}

eras! {
    V2_0_0 => "256 subnets; nodes pinned at host 101 on; k3s keeps its own pod and service ranges",
    V2_4_0 => "service_ipv4_cidr added; k3s receives the pod and service ranges",
    V2_8_0 => "control_plane_config rewrites every control plane without the pod and service ranges",
    V2_9_2 => "cluster_dns_ipv4 added, default 10.43.0.10 whatever the service range",
    V2_11_1 => "control-plane load balancer pinned at host 1 of control-plane subnet 0",
    V2_13_0 => "agent pools may use a nodes map",
    V2_14_2 => "every plan fails (sum of an empty autoscaler list)",
    V2_14_3 => "the autoscaler sum fixed",
    V2_16_0 => "zero agent pools allowed",
    V2_17_0 => "control-plane load balancer IP chosen by Hetzner again",
    V2_17_1 => "DNS is host 10 of the service range; ingress load balancer on agent subnet 0",
    V2_17_2 => "ingress load balancer falls back to control-plane subnet 0",
    V2_18_0 => "network cut in quarters; NAT router; load balancers at host 254; route via 10.0.0.1",
    V2_18_1 => "256 subnets again; NAT router subnet index (default 200)",
    V2_18_3 => "private default route via host 1 of the network",
    V2_18_5 => "load balancers on the second-to-last address",
    V2_19_0 => "subnet_amount; smaller node offset below /16; vSwitch; an agent pool's own subnet",
    V2_19_2 => "redundant NAT router with a floating gateway",
    V2_19_3 => "NAT router validations null-safe",
    V2_20_0 => "subnet checks as preconditions; index checks only when enabled",
    V3_0_0 => "subnet_count and shared subnet mode; nodes' IPs chosen by Hetzner",
    V3_0_1 => "agent IPs pinned again (with network_subnet_mode = \"shared\": every agent in one subnet, numbered one after another)",
}

/// One release: its number and its era.
type Entry = ((u16, u16, u16), Era);

/// Every published release, oldest first (the module's git tags v2.0.0 to v3.1.0).
const RELEASES: &[Entry] = {
    use Era::*;
    &[
        ((2, 0, 0), V2_0_0),
        ((2, 0, 1), V2_0_0),
        ((2, 0, 2), V2_0_0),
        ((2, 0, 3), V2_0_0),
        ((2, 0, 4), V2_0_0),
        ((2, 0, 5), V2_0_0),
        ((2, 0, 6), V2_0_0),
        ((2, 0, 7), V2_0_0),
        ((2, 0, 8), V2_0_0),
        ((2, 0, 9), V2_0_0),
        ((2, 1, 0), V2_0_0),
        ((2, 1, 1), V2_0_0),
        ((2, 1, 2), V2_0_0),
        ((2, 1, 3), V2_0_0),
        ((2, 1, 4), V2_0_0),
        ((2, 1, 5), V2_0_0),
        ((2, 1, 6), V2_0_0),
        ((2, 1, 7), V2_0_0),
        ((2, 2, 0), V2_0_0),
        ((2, 2, 1), V2_0_0),
        ((2, 2, 2), V2_0_0),
        ((2, 2, 3), V2_0_0),
        ((2, 2, 4), V2_0_0),
        ((2, 2, 5), V2_0_0),
        ((2, 2, 6), V2_0_0),
        ((2, 3, 0), V2_0_0),
        ((2, 3, 1), V2_0_0),
        ((2, 3, 2), V2_0_0),
        ((2, 4, 0), V2_4_0),
        ((2, 4, 1), V2_4_0),
        ((2, 5, 0), V2_4_0),
        ((2, 5, 1), V2_4_0),
        ((2, 5, 2), V2_4_0),
        ((2, 5, 3), V2_4_0),
        ((2, 6, 0), V2_4_0),
        ((2, 6, 1), V2_4_0),
        ((2, 6, 2), V2_4_0),
        ((2, 6, 3), V2_4_0),
        ((2, 7, 0), V2_4_0),
        ((2, 7, 1), V2_4_0),
        ((2, 7, 2), V2_4_0),
        ((2, 8, 0), V2_8_0),
        ((2, 8, 1), V2_8_0),
        ((2, 8, 2), V2_8_0),
        ((2, 8, 3), V2_8_0),
        ((2, 8, 4), V2_8_0),
        ((2, 8, 5), V2_8_0),
        ((2, 8, 6), V2_8_0),
        ((2, 9, 0), V2_8_0),
        ((2, 9, 1), V2_8_0),
        ((2, 9, 2), V2_9_2),
        ((2, 9, 3), V2_9_2),
        ((2, 10, 0), V2_9_2),
        ((2, 10, 1), V2_9_2),
        ((2, 10, 2), V2_9_2),
        ((2, 11, 0), V2_9_2),
        ((2, 11, 1), V2_11_1),
        ((2, 11, 2), V2_11_1),
        ((2, 11, 3), V2_11_1),
        ((2, 11, 4), V2_11_1),
        ((2, 11, 5), V2_11_1),
        ((2, 11, 6), V2_11_1),
        ((2, 11, 7), V2_11_1),
        ((2, 11, 8), V2_11_1),
        ((2, 12, 0), V2_11_1),
        ((2, 12, 1), V2_11_1),
        ((2, 12, 2), V2_11_1),
        ((2, 13, 0), V2_13_0),
        ((2, 13, 1), V2_13_0),
        ((2, 13, 2), V2_13_0),
        ((2, 13, 3), V2_13_0),
        ((2, 13, 4), V2_13_0),
        ((2, 13, 5), V2_13_0),
        ((2, 14, 0), V2_13_0),
        ((2, 14, 1), V2_13_0),
        ((2, 14, 2), V2_14_2),
        ((2, 14, 3), V2_14_3),
        ((2, 14, 4), V2_14_3),
        ((2, 14, 5), V2_14_3),
        ((2, 14, 6), V2_14_3),
        ((2, 15, 0), V2_14_3),
        ((2, 15, 1), V2_14_3),
        ((2, 15, 2), V2_14_3),
        ((2, 15, 3), V2_14_3),
        ((2, 15, 4), V2_14_3),
        ((2, 16, 0), V2_16_0),
        ((2, 16, 1), V2_16_0),
        ((2, 17, 0), V2_17_0),
        ((2, 17, 1), V2_17_1),
        ((2, 17, 2), V2_17_2),
        ((2, 17, 3), V2_17_2),
        ((2, 17, 4), V2_17_2),
        ((2, 18, 0), V2_18_0),
        ((2, 18, 1), V2_18_1),
        ((2, 18, 2), V2_18_1),
        ((2, 18, 3), V2_18_3),
        ((2, 18, 4), V2_18_3),
        ((2, 18, 5), V2_18_5),
        ((2, 19, 0), V2_19_0),
        ((2, 19, 1), V2_19_0),
        ((2, 19, 2), V2_19_2),
        ((2, 19, 3), V2_19_3),
        ((2, 20, 0), V2_20_0),
        ((2, 20, 1), V2_20_0),
        ((2, 21, 0), V2_20_0),
        ((3, 0, 0), V3_0_0),
        ((3, 0, 1), V3_0_1),
        ((3, 1, 0), V3_0_1),
    ]
};

impl Era {
    /// The era's first and last release.
    pub fn releases(self) -> (Release, Release) {
        let mut of_era = RELEASES.iter().filter(|e| e.1 == self).map(release);
        let first = of_era.next().unwrap_or_default();
        let last = of_era.next_back().unwrap_or_else(|| first.clone());
        (first, last)
    }
}

fn release(entry: &Entry) -> Release {
    let (major, minor, patch) = entry.0;
    Release::new(u64::from(major), u64::from(minor), u64::from(patch))
}

/// A published kube-hetzner release. Always one khcidr knows; parse one with [`str::parse`]
/// from a release (`2.18.4`, `v2.18.4`), a major (`v2`: its newest release) or a Terraform
/// constraint (`~> 2.18`, `>= 2.17, < 2.19`: the newest release it allows).
///
/// # Examples
///
/// ```
/// use khcidr_core::Release;
///
/// assert_eq!("v2.18.4".parse::<Release>().unwrap().to_string(), "2.18.4");
/// assert_eq!("~> 2.18".parse::<Release>().unwrap().to_string(), "2.21.0");
/// assert_eq!("~> 2.18.1".parse::<Release>().unwrap().to_string(), "2.18.5");
/// assert_eq!("v2".parse::<Release>().unwrap().to_string(), "2.21.0");
/// assert_eq!("<= 2.18".parse::<Release>().unwrap().to_string(), "2.18.0");
/// assert!("2.18.9".parse::<Release>().is_err());
/// ```
///
/// A release newer than the newest khcidr knows, in the same major, is checked as that
/// newest release, and remembers what was asked for:
///
/// ```
/// use khcidr_core::Release;
///
/// let newer: Release = "3.2.0".parse().unwrap();
/// assert_eq!(newer.to_string(), "3.1.0");
/// assert_eq!(newer.newer_than_known(), Some("3.2.0".into()));
/// assert!("4.0.0".parse::<Release>().is_err());
/// ```
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Release(Version, Option<Version>);

impl Release {
    /// The release `major.minor.patch`.
    pub const fn new(major: u64, minor: u64, patch: u64) -> Release {
        Release(Version::new(major, minor, patch), None)
    }

    /// The release asked for, where it is newer than the newest khcidr knows in its major
    /// (this release is then that newest one).
    pub fn newer_than_known(&self) -> Option<String> {
        self.1.as_ref().map(Version::to_string)
    }

    /// The release as written where it is asked for: the newer release asked for, or this
    /// one (for a link or a `kube.tf` line that reads back the same).
    pub fn asked(&self) -> String {
        self.newer_than_known()
            .unwrap_or_else(|| self.0.to_string())
    }
}

impl Default for Release {
    /// The newest release khcidr knows.
    fn default() -> Self {
        Release::all().next().unwrap_or(Release::new(3, 1, 0))
    }
}

impl Release {
    /// Every release, newest first.
    pub fn all() -> impl Iterator<Item = Release> {
        RELEASES.iter().rev().map(release)
    }

    /// The era whose expressions this release runs. A release newer than every known one
    /// of its major runs the era of that newest release, which it is checked as.
    pub fn era(&self) -> Era {
        let v = &self.0;
        RELEASES
            .iter()
            .find(|((major, minor, patch), _)| {
                (u64::from(*major), u64::from(*minor), u64::from(*patch))
                    == (v.major, v.minor, v.patch)
            })
            .map_or(Era::V3_0_1, |e| e.1)
    }

    /// Whether this release is `major.minor.patch` or newer (for the few changes inside an era).
    pub fn at_least(&self, major: u64, minor: u64, patch: u64) -> bool {
        self.0 >= Version::new(major, minor, patch)
    }

    /// The major version.
    pub fn major(&self) -> u64 {
        self.0.major
    }

    /// The newest release a requirement allows.
    fn newest(allowed: impl Fn(&Version) -> bool) -> Option<Release> {
        Release::all().find(|r| allowed(&r.0))
    }

    /// For a release newer than every known one of its major: the newest of that major,
    /// remembering what was asked.
    fn newer(major: u64, minor: u64, patch: u64) -> Option<Release> {
        let newest = Release::newest(|v| v.major == major)?;
        let asked = Version::new(major, minor, patch);
        (asked > newest.0).then_some(Release(newest.0, Some(asked)))
    }
}

impl fmt::Display for Release {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Why a `version` did not pick a release.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReleaseError {
    kind: ReleaseErrorKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum ReleaseErrorKind {
    /// Not a version or constraint at all.
    Syntax(String),
    /// A well-formed release that was never published (or is newer than khcidr knows).
    Unknown(String),
    /// A constraint no known release meets.
    NoMatch(String),
    /// A major newer than every release khcidr knows: its addresses cannot be known.
    NewerMajor(String),
}

impl ReleaseError {
    /// Why, in words.
    pub fn text(&self) -> crate::text::Text {
        let newest = Release::default();
        match &self.kind {
            ReleaseErrorKind::Syntax(text) => t!(
                "{0} is not a kube-hetzner release; expected a release such as 2.18.4, a major such as v2, or a constraint such as \"~> 2.18\"",
                crate::util::quote(text)
            ),
            ReleaseErrorKind::Unknown(text) => t!(
                "kube-hetzner {0} is not a published release khcidr knows (2.0.0 to {1})",
                crate::util::quote(text).trim_matches('"'),
                newest
            ),
            ReleaseErrorKind::NewerMajor(text) => t!(
                "kube-hetzner {0} is a newer major than the releases khcidr knows (2.0.0 to {1}): how it allocates addresses cannot be known yet",
                crate::util::quote(text).trim_matches('"'),
                newest
            ),
            ReleaseErrorKind::NoMatch(text) => t!(
                "no kube-hetzner release from 2.0.0 to {0} meets {1}",
                newest,
                crate::util::quote(text)
            ),
        }
    }
}

impl fmt::Display for ReleaseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text().en())
    }
}

impl std::error::Error for ReleaseError {}

impl From<ReleaseError> for crate::text::Text {
    fn from(e: ReleaseError) -> crate::text::Text {
        e.text()
    }
}

/// One term of a Terraform version constraint, as semver comparators (`!=` kept apart:
/// semver has no such operator).
enum Term {
    Allow(Vec<Comparator>),
    Exclude(Version),
}

/// Parses `1`, `1.2` or `1.2.3` (with an optional `v`) into its numeric parts.
fn parts(text: &str) -> Option<Vec<u64>> {
    let text = text.trim();
    let text = text.strip_prefix(['v', 'V']).unwrap_or(text);
    let parts: Option<Vec<u64>> = text.split('.').map(|p| p.parse().ok()).collect();
    parts.filter(|p| (1..=3).contains(&p.len()))
}

/// A comparator on the full version: Terraform reads a missing part as 0 ("2.18" is
/// 2.18.0), where semver would read it as a wildcard.
fn comparator(op: Op, parts: &[u64]) -> Comparator {
    Comparator {
        op,
        major: parts.first().copied().unwrap_or(0),
        minor: Some(parts.get(1).copied().unwrap_or(0)),
        patch: Some(parts.get(2).copied().unwrap_or(0)),
        pre: semver::Prerelease::EMPTY,
    }
}

/// One constraint term, as Terraform reads it: `~> 2.18`, `>= 2.17.1`, `!= 2.18.0`,
/// `= 2.18.4`, `2.18` (that is 2.18.0).
fn term(text: &str) -> Option<Term> {
    let text = text.trim();
    let ops: [(&str, Option<Op>); 7] = [
        ("~>", None),
        (">=", Some(Op::GreaterEq)),
        ("<=", Some(Op::LessEq)),
        ("!=", None),
        (">", Some(Op::Greater)),
        ("<", Some(Op::Less)),
        ("=", Some(Op::Exact)),
    ];
    let (symbol, op, rest) = ops
        .iter()
        .find_map(|(symbol, op)| Some((*symbol, *op, text.strip_prefix(symbol)?)))
        .unwrap_or(("", Some(Op::Exact), text));
    let version = parts(rest)?;
    match (symbol, op) {
        // The pessimistic operator: only the rightmost given part may grow ("~> 2" sets
        // no upper bound at all).
        ("~>", _) => {
            let mut allow = vec![comparator(Op::GreaterEq, &version)];
            match version.as_slice() {
                [major, _] => allow.push(comparator(Op::Less, &[major.saturating_add(1)])),
                [major, minor, _] => {
                    allow.push(comparator(Op::Less, &[*major, minor.saturating_add(1)]))
                }
                _ => {}
            }
            Some(Term::Allow(allow))
        }
        ("!=", _) => {
            let padded = |i: usize| version.get(i).copied().unwrap_or(0);
            Some(Term::Exclude(Version::new(padded(0), padded(1), padded(2))))
        }
        (_, Some(op)) => Some(Term::Allow(vec![comparator(op, &version)])),
        _ => None,
    }
}

impl FromStr for Release {
    type Err = ReleaseError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let text = text.trim();
        let error = |kind: fn(String) -> ReleaseErrorKind| ReleaseError {
            kind: kind(text.chars().take(40).collect()),
        };
        // `= 2.18.4` is the bare release, as Terraform reads it (but `= 2` is 2.0.0, where a
        // bare `2` is the major).
        let text = text
            .strip_prefix('=')
            .map(str::trim)
            .filter(|t| parts(t).is_some_and(|p| p.len() > 1))
            .unwrap_or(text);
        // A bare major (`v2`, `2`): the newest release of that major.
        if let Some([major]) = parts(text).as_deref() {
            return Release::newest(|v| v.major == *major)
                .ok_or_else(|| error(ReleaseErrorKind::NoMatch));
        }
        // A bare release is exact, as in a `version = "2.18.4"` line; one newer than every
        // known release of its major is checked as the newest of them.
        if let Some(version) = parts(text) {
            let wanted = comparator(Op::Exact, &version);
            let part = |i: usize| version.get(i).copied().unwrap_or(0);
            if part(0) > Release::default().major() {
                return Err(error(ReleaseErrorKind::NewerMajor));
            }
            return Release::newest(|v| wanted.matches(v))
                .or_else(|| Release::newer(part(0), part(1), part(2)))
                .ok_or_else(|| error(ReleaseErrorKind::Unknown));
        }
        let terms = terms(text).ok_or_else(|| error(ReleaseErrorKind::Syntax))?;
        Release::newest(|v| meets(&terms, v)).ok_or_else(|| error(ReleaseErrorKind::NoMatch))
    }
}

/// A constraint's terms; `None` when one is not a term Terraform reads.
fn terms(text: &str) -> Option<Vec<Term>> {
    text.split(',').map(term).collect()
}

/// Whether a version meets every term of a constraint.
fn meets(terms: &[Term], v: &Version) -> bool {
    terms.iter().all(|t| match t {
        Term::Allow(comparators) => comparators.iter().all(|c| c.matches(v)),
        Term::Exclude(excluded) => v != excluded,
    })
}

impl Release {
    /// Whether a constraint (`~> 3.1`) also allows releases newer than every one khcidr
    /// knows in the major of the release it picks, so that `terraform init` may take one of
    /// those: the next patch, minor or major after that newest known release.
    ///
    /// ```
    /// use khcidr_core::Release;
    ///
    /// assert!(Release::allows_newer("~> 3.1"));
    /// assert!(Release::allows_newer(">= 2.18"));
    /// assert!(!Release::allows_newer("~> 2.18.1"));
    /// assert!(!Release::allows_newer(">= 2.17, < 2.19"));
    /// ```
    pub fn allows_newer(constraint: &str) -> bool {
        let Some(terms) = terms(constraint.trim()) else {
            return false;
        };
        let Some(picked) = Release::newest(|v| meets(&terms, v)) else {
            return false;
        };
        let Some(Release(newest, _)) = Release::newest(|v| v.major == picked.major()) else {
            return false;
        };
        let (major, minor, patch) = (newest.major, newest.minor, newest.patch);
        [
            Version::new(major, minor, patch + 1),
            Version::new(major, minor + 1, 0),
            Version::new(major + 1, 0, 0),
        ]
        .iter()
        .any(|v| meets(&terms, v))
    }
}

impl Serialize for Release {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Release {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

/// The Terraform (or OpenTofu) version a user runs (`--terraform-version`): before
/// Terraform 1.12 and OpenTofu 1.10, `&&` and `||` evaluate both sides, so a null check
/// beside an attribute access or a function call fails instead of guarding it. OpenTofu is
/// written `tofu-1.10.0` (or `opentofu 1.10`): its 1.10.0 took the short-circuiting HCL
/// (opentofu/opentofu#2568; confirmed by its maintainers in #2803).
///
/// ```
/// use khcidr_core::TerraformVersion;
///
/// let old: TerraformVersion = "1.11.4".parse().unwrap();
/// assert!(!old.short_circuits());
/// assert!("v1.12".parse::<TerraformVersion>().unwrap().short_circuits());
/// assert_eq!("1.12".parse::<TerraformVersion>().unwrap().to_string(), "1.12.0");
/// assert!("1.x".parse::<TerraformVersion>().is_err());
/// let tofu: TerraformVersion = "tofu-1.10".parse().unwrap();
/// assert!(tofu.short_circuits());
/// assert_eq!(tofu.to_string(), "tofu-1.10.0");
/// assert_eq!(tofu.named(), "OpenTofu 1.10.0");
/// assert!(!"opentofu 1.9.1".parse::<TerraformVersion>().unwrap().short_circuits());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct TerraformVersion {
    /// OpenTofu rather than Terraform.
    tofu: bool,
    version: (u64, u64, u64),
}

impl TerraformVersion {
    /// Whether `&&` and `||` stop at a deciding left side (Terraform 1.12 and newer,
    /// OpenTofu 1.10 and newer).
    pub fn short_circuits(self) -> bool {
        self.version >= if self.tofu { (1, 10, 0) } else { (1, 12, 0) }
    }

    /// `Terraform` or `OpenTofu`.
    pub fn tool(self) -> &'static str {
        if self.tofu {
            "OpenTofu"
        } else {
            "Terraform"
        }
    }

    /// The tool and version in words: `Terraform 1.11.4`, `OpenTofu 1.9.0`.
    pub fn named(self) -> String {
        let (major, minor, patch) = self.version;
        format!("{} {major}.{minor}.{patch}", self.tool())
    }

    /// The first version of the same tool whose `&&` and `||` short-circuit: `1.12`, `1.10`.
    pub fn first_short_circuiting(self) -> &'static str {
        if self.tofu {
            "1.10"
        } else {
            "1.12"
        }
    }
}

impl FromStr for TerraformVersion {
    type Err = crate::text::Text;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        let (tofu, rest) = match ["opentofu", "tofu"].iter().find(|p| lower.starts_with(*p)) {
            Some(p) => (true, trimmed.get(p.len()..).unwrap_or_default()),
            None => (false, trimmed),
        };
        let rest = rest.trim_start_matches([' ', '-', '_', '@']);
        let mut parts = rest.trim_start_matches(['v', 'V']).split('.');
        let mut part = || parts.next().map(str::parse::<u64>);
        match (part(), part(), part(), part()) {
            (Some(Ok(major)), Some(Ok(minor)), patch, None) if !matches!(patch, Some(Err(_))) => {
                Ok(TerraformVersion {
                    tofu,
                    version: (major, minor, patch.and_then(Result::ok).unwrap_or(0)),
                })
            }
            _ => Err(t!(
                "{0} is not a Terraform version; expected one such as 1.11.4 or 1.12, or tofu-1.10 for OpenTofu",
                text.chars().take(40).collect::<String>()
            )),
        }
    }
}

impl fmt::Display for TerraformVersion {
    /// As a link and the command line write it: `1.11.4`, `tofu-1.10.0`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (major, minor, patch) = self.version;
        let tool = if self.tofu { "tofu-" } else { "" };
        write!(f, "{tool}{major}.{minor}.{patch}")
    }
}

impl Serialize for TerraformVersion {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for TerraformVersion {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse()
            .map_err(|e: crate::text::Text| serde::de::Error::custom(e.en()))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[track_caller]
    fn picks(spec: &str, expected: &str) {
        assert_eq!(
            spec.parse::<Release>().map(|r| r.to_string()),
            Ok(expected.to_string()),
            "{spec}"
        );
    }

    #[test]
    fn releases_majors_and_constraints_pick_the_newest_allowed() {
        picks("2.18.4", "2.18.4");
        picks("v2.18.4", "2.18.4");
        picks(" V3 ", "3.1.0");
        picks("2", "2.21.0");
        // Terraform reads a missing part as 0.
        picks("2.18", "2.18.0");
        picks("= 2.18", "2.18.0");
        picks("<= 2.18", "2.18.0");
        picks("> 2.18, < 2.19", "2.18.5");
        picks("!= 2.18, < 2.18.2", "2.18.1");
        picks("~> 2", "3.1.0");
        picks("~> 2.18", "2.21.0");
        picks("~>2.18.1", "2.18.5");
        picks("~> 3.0", "3.1.0");
        picks(">= 2.17, < 2.18", "2.17.4");
        picks(">= 2.18.0, != 2.18.5, < 2.19", "2.18.4");
        picks("= 2.12.0", "2.12.0");
    }

    #[test]
    fn unknown_and_malformed_versions_say_why() {
        for (spec, says) in [
            ("2.18.9", "not a published release"),
            (
                "4.0.0",
                "is a newer major than the releases khcidr knows (2.0.0 to 3.1.0)",
            ),
            ("= 4.1", "is a newer major"),
            ("= 4", "no kube-hetzner release"),
            // Inside the known span, a release that was never tagged.
            ("3.0.2", "not a published release"),
            ("~> 4.0", "no kube-hetzner release"),
            ("v4", "no kube-hetzner release"),
            ("latest", "is not a kube-hetzner release"),
            ("", "is not a kube-hetzner release"),
            (">= 2.18.x", "is not a kube-hetzner release"),
        ] {
            let error = spec.parse::<Release>().unwrap_err().to_string();
            assert!(error.contains(says), "{spec}: {error}");
        }
    }

    #[test]
    fn a_constraint_allows_newer_releases_when_it_admits_one_past_the_newest_of_its_major() {
        for (constraint, open) in [
            ("~> 3.1", true),
            (">= 2.18", true),
            // >= 2.18, < 3.0: 2.21.1 would be allowed.
            ("~> 2.18", true),
            ("!= 3.0.0", true),
            ("~> 2.18.1", false),
            (">= 2.17, < 2.19", false),
            ("= 3.1.0", false),
            ("<= 2.21.0", false),
            (">= 3.0.0, < 3.1.0", false),
            ("> 9.0", false),
            ("junk", false),
        ] {
            assert_eq!(Release::allows_newer(constraint), open, "{constraint}");
        }
    }

    #[test]
    fn terraform_versions_parse_as_terraform_writes_them() {
        for (text, parsed) in [
            ("1.11.4", "1.11.4"),
            ("v1.12", "1.12.0"),
            (" 1.10.5 ", "1.10.5"),
            ("tofu-1.10", "tofu-1.10.0"),
            ("OpenTofu 1.9.1", "tofu-1.9.1"),
            ("opentofu-v1.11.0", "tofu-1.11.0"),
        ] {
            assert_eq!(
                text.parse::<TerraformVersion>().unwrap().to_string(),
                parsed
            );
        }
        for text in ["1", "1.12.x", "1.2.3.4", "", "x.y", "tofu", "tofu-x"] {
            assert!(text.parse::<TerraformVersion>().is_err(), "{text}");
        }
        assert!(!"1.11.9"
            .parse::<TerraformVersion>()
            .unwrap()
            .short_circuits());
        assert!("1.12.0"
            .parse::<TerraformVersion>()
            .unwrap()
            .short_circuits());
        // OpenTofu 1.10.0 took the short-circuiting HCL; Terraform 1.10 does not have it.
        assert!("tofu-1.10.0"
            .parse::<TerraformVersion>()
            .unwrap()
            .short_circuits());
        assert!(!"tofu-1.9.9"
            .parse::<TerraformVersion>()
            .unwrap()
            .short_circuits());
        assert!(!"1.10.0"
            .parse::<TerraformVersion>()
            .unwrap()
            .short_circuits());
    }

    #[test]
    fn a_newer_release_of_a_known_major_is_checked_as_its_newest_known_one() {
        for spec in ["3.2.0", "v3.1.1", "= 3.10.0", "3.2"] {
            let release: Release = spec.parse().unwrap();
            assert_eq!(release.to_string(), "3.1.0", "{spec}");
            assert!(release.newer_than_known().is_some(), "{spec}");
        }
        let newer: Release = "3.2.0".parse().unwrap();
        assert_eq!(newer.asked(), "3.2.0");
        assert_eq!(newer.era(), Era::V3_0_1);
        // 2.22.0 is past 2.21.0, the last 2.x khcidr knows.
        let two: Release = "2.22.0".parse().unwrap();
        assert_eq!(
            (two.to_string(), two.asked()),
            ("2.21.0".into(), "2.22.0".into())
        );
        // A known release asks for nothing newer.
        let known: Release = "3.1.0".parse().unwrap();
        assert_eq!(
            (known.newer_than_known(), known.asked()),
            (None, "3.1.0".into())
        );
    }

    #[test]
    fn every_release_has_its_era_and_eras_are_in_release_order() {
        let mut last = Era::V2_0_0;
        for entry in RELEASES {
            assert!(entry.1 >= last, "{:?}", entry.0);
            last = entry.1;
            assert_eq!(release(entry).era(), entry.1);
        }
        assert_eq!(Era::ALL.len(), 22);
        assert_eq!(Era::V2_18_3.releases().1.to_string(), "2.18.4");
    }
}
