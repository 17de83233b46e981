//! The module block read argument by argument, under the release's own names: each value
//! evaluated, turned into the text its setting takes, and noted where it cannot be.

use crate::eval::Value;
use hcl::Expression;
use hcl_edit::structure::{Block, Body};
use khcidr_core::settings::{Hcl, Setting, SETTINGS};
use khcidr_core::{t, Era, Key, Plan, Release, Text};

use crate::eval::{self, Val};
use crate::secrets::{leaves, Secrets};
use hcl_edit::Span;

use crate::variables;
use crate::{attribute, now, source, Budget, Chose, Found, Installed, Parsed, Scope, REGISTRY};

pub(crate) struct Reader<'a> {
    pub(crate) p: &'a Parsed<'a>,
    pub(crate) body: &'a Body,
    pub(crate) scope: Scope,
    pub(crate) plan: Plan,
    /// The settings whose values derive from a sensitive variable.
    pub(crate) sensitive: Vec<Key>,
    /// Their texts.
    pub(crate) secret_texts: Vec<String>,
    pub(crate) sources: Vec<(Key, Text)>,
    pub(crate) notes: Vec<Text>,
    pub(crate) pinned: bool,
    pub(crate) release_note: Option<Text>,
    /// Why the source names no release, where it does not: "the module block has no
    /// version", "the source names no release (ref main)".
    unnamed: Option<Text>,
    pub(crate) label: String,
}

/// A reference as written, `data.hcloud_network.existing.ip_range`, where the expression is
/// one: a name and attributes.
fn reference(expr: &Expression) -> Option<String> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let mut text = root.to_string();
    for op in &t.operators {
        match op {
            hcl::expr::TraversalOperator::GetAttr(name) => {
                text.push('.');
                text.push_str(name.as_str());
            }
            _ => return None,
        }
    }
    Some(text)
}

/// A value as the text a setting takes.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A count as Terraform reads one: a whole number, or the text of one exactly (no blanks
/// around it, as Terraform converts a string to a number).
fn count(value: Option<&Value>) -> Option<u32> {
    let value = value?;
    if !matches!(value, Value::Number(_) | Value::String(_)) {
        return None;
    }
    u32::try_from(eval::num(value, false).ok()?.as_i64()?).ok()
}

impl<'a> Reader<'a> {
    /// A reader of one module block, with the scope its values are evaluated in and the
    /// notes so far.
    pub(crate) fn new(p: &'a Parsed<'a>, block: &'a Block, scope: Scope, notes: Vec<Text>) -> Self {
        Reader {
            p,
            body: &block.body,
            scope,
            plan: Plan::default(),
            sensitive: Vec::new(),
            secret_texts: Vec::new(),
            sources: Vec::new(),
            notes,
            pinned: false,
            release_note: None,
            unnamed: None,
            label: crate::label(block).unwrap_or_default().to_string(),
        }
    }
}

impl Reader<'_> {
    /// The module attribute `name`, evaluated; `None` when absent. A value that cannot be
    /// evaluated here is a note naming the attribute, its place and what is used instead.
    fn value(&mut self, name: &str, instead: &Text) -> Option<(Val, Text)> {
        self.evaluated(None, name, instead)
    }

    /// [`Reader::value`] for a setting: a value Terraform gets later (a variable with no
    /// value yet) is recorded as unknown, and what rests on it is provisional.
    fn known_value(&mut self, key: Key, name: &str, instead: &Text) -> Option<(Val, Text)> {
        self.evaluated(Some(key), name, instead)
    }

    fn evaluated(&mut self, key: Option<Key>, name: &str, instead: &Text) -> Option<(Val, Text)> {
        let a = attribute(self.body, name)?;
        let at = self.p.at(a.span());
        let expr: Expression = eval::tree(&a.value);
        match self.scope.eval(&expr, &at) {
            Ok(v) if v.value.is_null() => None,
            Ok(v) => Some((v, self.origin(&expr, at))),
            Err(fault) => {
                // What Terraform knows later, named as the file writes it where it is
                // one reference: `data.hcloud_network.existing.ip_range`.
                let waits = self.scope.waits_for(&fault).map(|waits| {
                    match (waits.strip_suffix(".*"), reference(&expr)) {
                        (Some(root), Some(written)) if written.starts_with(root) => written,
                        _ => waits,
                    }
                });
                match (waits, key) {
                    (Some(waits), Some(key)) => {
                        self.notes.push(t!(
                            "{0}: {1} waits for {2}, which has no value here; checked with {3}, until it has one, and what rests on it is provisional",
                            at,
                            name,
                            waits,
                            instead
                        ));
                        self.unknown(waits, at, key);
                    }
                    _ => {
                        let why = self.scope.why(&fault);
                        self.notes.push(t!(
                            "{0}: {1} cannot be evaluated here: {2}. Checked with {3} instead",
                            at,
                            name,
                            &why,
                            instead
                        ));
                    }
                }
                None
            }
        }
    }

    fn unknown(&mut self, name: String, at: String, setting: Key) {
        let unknown = khcidr_core::Unknown { name, at, setting };
        if !self.plan.unknown.contains(&unknown) {
            self.plan.unknown.push(unknown);
        }
    }

    /// A nodepool list. Where the whole list cannot be evaluated, a list written out keeps
    /// every part that can: each pool, and each pool's attributes. An attribute no address
    /// rests on (`location`, `server_type`, ...) waits for nothing here; one that does
    /// (`count`, `nodes`, `subnet_ip_range`, `disable_ipv4`) makes the list unknown in part.
    fn pools_value(&mut self, key: Key, name: &str, instead: &Text) -> Option<(Val, Text)> {
        const USED: [&str; 5] = [
            "count",
            "nodes",
            "subnet_ip_range",
            "disable_ipv4",
            "enable_public_ipv4",
        ];
        let a = attribute(self.body, name)?;
        let at = self.p.at(a.span());
        let expr: Expression = eval::tree(&a.value);
        match self.scope.eval(&expr, &at) {
            Ok(v) if v.value.is_null() => return None,
            Ok(v) => return Some((v, self.origin(&expr, at))),
            Err(_) => {}
        }
        let Expression::Array(items) = &expr else {
            return self.known_value(key, name, instead);
        };
        let mut pools = Vec::with_capacity(items.len());
        let mut sensitive = false;
        for (k, item) in items.iter().enumerate() {
            let Expression::Object(object) = item else {
                match self.scope.eval(item, &at) {
                    Ok(v) => {
                        sensitive |= v.sensitive;
                        pools.push(v.value);
                    }
                    Err(fault) => {
                        self.part_unknown(key, &format!("{name}[{k}]"), &at, &fault);
                        pools.push(Value::Object(hcl::Map::new()));
                    }
                }
                continue;
            };
            let mut pool = hcl::Map::new();
            for (attr, value) in object {
                let Some(attr) = self.object_key(attr, &at) else {
                    continue;
                };
                match self.scope.eval(value, &at) {
                    Ok(v) => {
                        sensitive |= v.sensitive;
                        pool.insert(attr, v.value);
                    }
                    // A `nodes` map written out: its keys are what counts, whatever a
                    // node's own attributes wait for.
                    Err(_) if attr == "nodes" && matches!(value, Expression::Object(_)) => {
                        if let Some(keys) = self.map_keys(value, &at) {
                            pool.insert(attr, keys);
                        } else if let Err(fault) = self.scope.eval(value, &at) {
                            self.part_unknown(key, &format!("{name}[{k}].nodes"), &at, &fault);
                        }
                    }
                    Err(fault) if USED.contains(&attr.as_str()) => {
                        self.part_unknown(key, &format!("{name}[{k}].{attr}"), &at, &fault);
                    }
                    Err(fault) => {
                        let waits = match self.scope.waits_for(&fault) {
                            Some(waits) => t!("{0}", waits),
                            None => t!("a value not evaluated here"),
                        };
                        self.notes.push(t!(
                            "{0}: {1}[{2}].{3} waits for {4}; no address rests on it, so nothing here waits for it",
                            at,
                            name,
                            k,
                            attr,
                            &waits
                        ));
                    }
                }
            }
            pools.push(Value::Object(pool));
        }
        Some((Val::new(Value::Array(pools), sensitive), t!("{0}", at)))
    }

    /// The keys of a map written out, each with an empty value; `None` when a key cannot be
    /// evaluated.
    fn map_keys(&mut self, value: &Expression, at: &str) -> Option<Value> {
        let Expression::Object(map) = value else {
            return None;
        };
        let mut keys = hcl::Map::new();
        for (key, _) in map {
            keys.insert(self.object_key(key, at)?, Value::Object(hcl::Map::new()));
        }
        Some(Value::Object(keys))
    }

    /// An object's key as the evaluator reads it (a name, or an expression giving a string,
    /// a number or a bool); `None` when it cannot be evaluated here.
    fn object_key(&mut self, key: &hcl::expr::ObjectKey, at: &str) -> Option<String> {
        match key {
            hcl::expr::ObjectKey::Identifier(id) => Some(id.to_string()),
            hcl::expr::ObjectKey::Expression(e) => {
                eval::key_text(&self.scope.eval(e, at).ok()?).ok()
            }
            _ => None,
        }
    }

    /// A part of a nodepool list that cannot be evaluated: unknown where it waits for a
    /// value Terraform gets later, else a note.
    fn part_unknown(&mut self, key: Key, what: &str, at: &str, fault: &crate::Fault) {
        match self.scope.waits_for(fault) {
            Some(waits) => {
                self.notes.push(t!(
                    "{0}: {1} waits for {2}, which has no value here; the other pools and attributes are checked, and what rests on it is provisional",
                    at,
                    what,
                    waits
                ));
                self.unknown(waits, at.to_string(), key);
            }
            None => {
                let why = self.scope.why(fault);
                self.notes
                    .push(t!("{0}: {1} cannot be evaluated here: {2}", at, what, &why));
            }
        }
    }

    /// Where a value came from: its line, and the variable's own origin when it is `var.X`.
    fn origin(&self, expr: &Expression, at: String) -> Text {
        if let Expression::Traversal(t) = expr {
            if let (Expression::Variable(root), [hcl::expr::TraversalOperator::GetAttr(name)]) =
                (&t.expr, t.operators.as_slice())
            {
                if root.as_str() == "var" {
                    if let Some(origin) = self.scope.origins.get(name.as_str()) {
                        return t!("{0}, var.{1} from {2}", at, name.as_str(), origin);
                    }
                }
            }
        }
        t!("{0}", at)
    }

    /// The release: one the user chose over the file's; else an exact `version` or a git
    /// source's `ref`; else the one `terraform init` installed; else the newest the
    /// constraint allows, or the newest release that declares every argument the block sets.
    pub(crate) fn release(
        &mut self,
        block: &Block,
        installed: &[Installed],
        chose: Option<&Chose>,
    ) {
        let newest = Release::default();
        let instead = match chose {
            Some(chose) => t!("{0}, the release {1}", chose.release.asked(), &chose.by),
            None => t!("the newest release, {0}", newest),
        };
        let mut chosen = match self.value("version", &instead) {
            Some((value, at)) => self.release_from_version(&value, at, &instead),
            None => self.release_from_source(block, &instead),
        };
        if let Some(chose) = chose {
            let file = match &chosen {
                Some((file, _))
                    if *file != chose.release && !self.sensitive.contains(&Key::ModuleVersion) =>
                {
                    t!(" (the file's is {0})", file.asked())
                }
                _ => Text::default(),
            };
            self.release_note = Some(t!(
                "checked on {0}, the release {1}{2}: the file's arguments are read under its names",
                chose.release.asked(),
                &chose.by,
                &file
            ));
            chosen = Some((chose.release.clone(), chose.by.clone()));
            // The release checked is the user's, not the file's: it is shown (the file's
            // sensitive version stays hidden, among the secret texts).
            self.sensitive.retain(|k| *k != Key::ModuleVersion);
        } else if !self.pinned {
            if let Some(lock) = installed.iter().find(|i| i.label == self.label) {
                self.release_note = Some(t!(
                    "checked on {0}, the release terraform init installed ({1})",
                    lock.release,
                    lock.from
                ));
                chosen = Some((lock.release.clone(), t!("{0}", lock.from)));
            } else if attribute(self.body, "version").is_none() && chosen.is_none() {
                chosen = self.fitted(block);
            }
        }
        if let Some((release, at)) = chosen {
            if self.sensitive.contains(&Key::ModuleVersion) {
                self.secret_texts.push(release.to_string());
            }
            self.plan.module_version = release;
            self.sources.push((Key::ModuleVersion, at));
        }
    }

    /// The module's arguments the block sets (not Terraform's own), with their places.
    pub(crate) fn arguments(&self) -> Vec<(String, String)> {
        self.body
            .attributes()
            .map(|a| (a.key.as_str().to_string(), self.p.at(a.span())))
            .filter(|(name, _)| !variables::META.contains(&name.as_str()))
            .collect()
    }

    /// With no `version` and no release in the source: where an argument the block sets is
    /// not one the newest release declares, the newest release that declares them all, with
    /// a note saying so.
    fn fitted(&mut self, block: &Block) -> Option<(Release, Text)> {
        let newest = Release::default();
        let arguments = self.arguments();
        let names = || arguments.iter().map(|(name, _)| name.as_str());
        let lacking: Vec<&str> = names()
            .filter(|n| variables::span(n).is_some() && !variables::declares(&newest, n))
            .collect();
        if lacking.is_empty() {
            return None;
        }
        // Where no release declares them all, the newest stands: its notes say what it refuses.
        let (first, last) = variables::common(names())?;
        let at = self.p.at(block.span());
        // Why no release is named: the registry's block has no version; a git source's ref
        // or a local copy is not a release.
        let why = self
            .unnamed
            .take()
            .unwrap_or_else(|| t!("the module block has no version"));
        let one = lacking.len() == 1;
        let lacking = lacking.join(" and ");
        self.release_note = Some(match one {
            true => t!(
                "{0}: {1}, and {2} exists only in {3} to {4}: checked on {4}, the newest release that declares every argument the block sets ({5} refuses it: Unsupported argument); pass your release with --module-version if it is another",
                at, &why, lacking, first, last, newest
            ),
            false => t!(
                "{0}: {1}, and {2} exist together only in {3} to {4}: checked on {4}, the newest release that declares every argument the block sets ({5} refuses them: Unsupported argument); pass your release with --module-version if it is another",
                at, &why, lacking, first, last, newest
            ),
        });
        Some((last, t!("{0} (its arguments)", at)))
    }

    /// Terraform's "Unsupported argument", as a note, for each argument the release checked
    /// does not declare: `terraform plan` fails on it. A setting read under that name with a
    /// value other than the module's default is the check's `value-ignored` instead.
    pub(crate) fn unsupported(&mut self) {
        let release = self.plan.module_version.clone();
        let era = release.era();
        for (name, at) in self.arguments() {
            if variables::declares(&release, &name) {
                continue;
            }
            let read = SETTINGS
                .iter()
                .find(|s| (s.variable)(era) == Some(name.as_str()));
            if read.is_some_and(|s| s.missing_in(&self.plan).is_some()) {
                continue;
            }
            let unread = if read.is_some() {
                Text::default()
            } else {
                t!(", and it is not read")
            };
            let declared = match variables::span(&name) {
                Some((first, last)) if first == last => t!("only {0} does", first),
                Some((first, last)) => t!("{0} to {1} do", first, last),
                None => t!("no release from 2.0.0 to {0} does", Release::default()),
            };
            self.notes.push(match release.newer_than_known() {
                Some(asked) => t!(
                    "{0}: {1}: kube-hetzner {2}, which {3} is checked as, declares no variable {1} ({4}); if {3} does not either, terraform plan fails (Unsupported argument){5}",
                    at, name, release, asked, &declared, &unread
                ),
                None => t!(
                    "{0}: Unsupported argument: an argument named \"{1}\" is not expected here. kube-hetzner {2} declares no variable {1} ({3}): terraform plan fails{4}",
                    at, name, release, &declared, &unread
                ),
            });
        }
    }

    /// The release a `version` argument names: pinned when exact, the newest it allows
    /// when a constraint (with a note), none when not a release.
    fn release_from_version(
        &mut self,
        value: &Val,
        at: Text,
        instead: &Text,
    ) -> Option<(Release, Text)> {
        let text = scalar(&value.value).unwrap_or_default();
        if value.sensitive {
            self.sensitive.push(Key::ModuleVersion);
            self.secret_texts.push(text.clone());
        }
        let quoted = eval::shown(&text, value.sensitive);
        // Terraform reads a bare version as `= version`, missing parts as 0: "2" is 2.0.0.
        let trimmed = text.trim();
        let bare = trimmed
            .trim_start_matches('=')
            .trim()
            .trim_start_matches(['v', 'V']);
        let numeric = !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit() || c == '.');
        let constraint = if numeric {
            format!("= {bare}")
        } else {
            trimmed.to_string()
        };
        match constraint.parse::<Release>() {
            Ok(release) if numeric && bare.split('.').count() == 3 => {
                self.pinned = true;
                return Some((release, at));
            }
            Ok(release) => {
                self.release_note = Some(constraint_note(&at, &quoted, &release, &constraint));
                return Some((release, at));
            }
            Err(e) => {
                let why = if value.sensitive {
                    t!("not a release")
                } else {
                    e.text()
                };
                self.release_note = Some(t!(
                    "{0}: version = {1}: {2}. Checked on {3}",
                    &at,
                    quoted,
                    &why,
                    instead
                ))
            }
        }
        None
    }

    /// The release a module `source`'s `?ref=` pins, where it names one exactly; else a
    /// note on what is checked instead.
    fn release_from_source(&mut self, block: &Block, instead: &Text) -> Option<(Release, Text)> {
        let at = self.p.at(block.span());
        let source = attribute(self.body, "source")
            .and_then(|a| source(&a.value, &Budget::new(Some(now))))
            .unwrap_or_default();
        let git_ref = source.split_once('?').and_then(|(_, query)| {
            query
                .split('&')
                .find_map(|pair| pair.strip_prefix("ref="))
                .map(str::to_string)
        });
        let exact = git_ref.as_deref().and_then(|r| {
            let bare = r.trim_start_matches(['v', 'V']);
            (bare.split('.').count() == 3)
                .then(|| format!("= {bare}").parse::<Release>().ok())
                .flatten()
        });
        match exact {
            Some(release) => {
                self.pinned = true;
                return Some((release, t!("{0} (the source's ref)", at)));
            }
            None if source.to_ascii_lowercase().contains(REGISTRY) => {
                self.release_note = Some(t!(
                    "{0}: the module block has no version: checked on {1}, the one terraform init takes",
                    at,
                    instead
                ))
            }
            None => {
                let why = match git_ref {
                    Some(r) => t!("the source names no release (ref {0})", r),
                    None => t!("the source names no release (a local copy or a branch)"),
                };
                self.release_note = Some(t!(
                    "{0}: {1}: checked on {2}; pass your release with --module-version",
                    at,
                    &why,
                    instead
                ));
                self.unnamed = Some(why);
            }
        }
        None
    }

    pub(crate) fn settings(&mut self) {
        // The module's nodepool lists default to empty ([] in every release's variables.tf);
        // khcidr's own defaults (three control planes, two agents) are not the module's.
        self.plan.control_planes.clear();
        self.plan.agents.clear();
        let era = self.plan.module_version.era();
        // The module's own defaults: no nodepools.
        let defaults = Plan {
            control_planes: Vec::new(),
            agents: Vec::new(),
            ..Plan::default()
        };
        // Text for each setting, applied in the table's order with the late ones last.
        let mut found: Vec<Found> = Vec::new();
        for s in SETTINGS.iter().filter(|s| s.key != Key::ModuleVersion) {
            let Some(name) = (s.variable)(era) else {
                continue;
            };
            let instead = instead(s, &defaults);
            if s.key == Key::Vswitch {
                found.extend(self.vswitch(s, name));
                continue;
            }
            let pools = matches!(s.key, Key::ControlPlanes | Key::Agents);
            let Some((
                Val {
                    value,
                    mut sensitive,
                },
                at,
            )) = (if pools {
                self.pools_value(s.key, name, &instead)
            } else {
                self.known_value(s.key, name, &instead)
            })
            else {
                continue;
            };
            let text = match s.key {
                Key::ControlPlanes | Key::Agents => {
                    self.pools(&value, name, &at, sensitive, &mut found)
                }
                Key::AutoscalerMax => Some(self.autoscaler(&value, name, &at)),
                Key::NatRouter => Some(self.nat_router(&value)),
                Key::Cni => self.cni(&value, &mut sensitive),
                // 3.x asks the other way round: autoscaler_enable_public_ipv4 = false.
                Key::AutoscalerDisableIpv4 if era >= Era::V3_0_0 => {
                    value.as_bool().map(|enabled| (!enabled).to_string())
                }
                // A number or a bool given as text: Terraform converts its text exactly,
                // with no blanks around it.
                _ if matches!(s.hcl, Hcl::Bare)
                    && value.is_string()
                    && eval::num(&value, false).is_err()
                    && !matches!(value.as_str(), Some("true" | "false")) =>
                {
                    self.notes.push(t!(
                        "{0}: {1} = {2}: Terraform cannot convert this text to a number or a bool; checked with {3}",
                        &at,
                        name,
                        eval::shown(value.as_str().unwrap_or_default(), sensitive),
                        &instead
                    ));
                    continue;
                }
                _ => scalar(&value),
            };
            match text {
                Some(text) => found.push((s, text, at, sensitive)),
                None => self.notes.push(t!(
                    "{0}: {1} is not a single value; checked with {2}",
                    &at,
                    name,
                    &instead
                )),
            }
        }
        if let Some((mask, at, sensitive)) = self.node_mask() {
            if let Some(s) = Setting::of(Key::NodeMask) {
                found.push((s, mask, at, sensitive));
            }
        }
        found.sort_by_key(|(s, ..)| s.late);
        for found in found {
            self.apply(era, &defaults, found);
        }
    }

    /// Whether `vswitch_id` is set: its ID is usually a reference only Terraform knows;
    /// being set (not null) is what counts.
    fn vswitch(&mut self, s: &'static Setting, name: &str) -> Option<Found> {
        let a = attribute(self.body, name)?;
        let at = self.p.at(a.span());
        let null = self
            .scope
            .eval(&eval::tree(&a.value), &at)
            .is_ok_and(|v| v.value.is_null());
        Some((s, (!null).to_string(), t!("{0}", at), false))
    }

    /// One setting's text applied to the plan: its source recorded, or a note on why the
    /// module's default stands; a sensitive value's texts kept to be hidden.
    fn apply(&mut self, era: Era, defaults: &Plan, (s, text, at, sensitive): Found) {
        let variable = (s.variable)(era).unwrap_or(s.key.as_str());
        if sensitive {
            self.sensitive.push(s.key);
            // The whole text, and each pool's part of a list (`0=10.1.0.0/16,1=...`).
            self.secret_texts.push(text.clone());
            self.secret_texts.extend(
                text.split(',')
                    .flat_map(|item| item.split('='))
                    .map(str::to_string),
            );
        }
        // A reason may repeat the value: a sensitive one is not shown at all.
        let hide = |reason: Text| {
            if sensitive {
                t!("the value is not one this setting takes")
            } else {
                reason
            }
        };
        match (s.set)(&mut self.plan, &text) {
            Ok(kept) => {
                if let Some(kept) = kept {
                    self.notes
                        .push(t!("{0}: {1}: {2}", &at, variable, &hide(kept)));
                }
                self.sources.push((s.key, at));
            }
            Err(reason) => self.notes.push(t!(
                "{0}: {1} = {2}: {3}; checked with {4}",
                &at,
                variable,
                eval::shown(&text, sensitive),
                &hide(reason),
                &instead(s, defaults)
            )),
        }
    }

    /// A nodepool list: node counts per pool (`count`, or the size of a `nodes` map), and
    /// for agents each pool's `nodes` keys and `subnet_ip_range`.
    fn pools(
        &mut self,
        value: &Value,
        name: &str,
        at: &Text,
        sensitive: bool,
        found: &mut Vec<Found>,
    ) -> Option<String> {
        let Value::Array(pools) = value else {
            return None;
        };
        let agents = name == "agent_nodepools";
        let (mut counts, mut keys, mut subnets) = (Vec::new(), Vec::new(), Vec::new());
        // Each pool's name, shown beside it on the page (an unreadable one is left out).
        let mut names: Vec<String> = Vec::new();
        // Whether a pool goes without a public IPv4: disable_ipv4 = true (2.17.1 to 2.21.0),
        // enable_public_ipv4 = false (3.x).
        let mut private = false;
        for (k, pool) in pools.iter().enumerate() {
            let pool = pool.as_object();
            let nodes = pool.and_then(|p| p.get("nodes")).and_then(Value::as_object);
            let n = match (count(pool.and_then(|p| p.get("count"))), nodes) {
                (_, Some(map)) if map.is_empty() => 0,
                (_, Some(map)) => self.keyed((name, k, at), map, agents, &mut keys),
                (Some(n), None) => n,
                (None, None) => {
                    self.notes.push(t!(
                        "{0}: {1}[{2}] has no count or nodes map that can be read here; checked as 0 nodes",
                        at,
                        name,
                        k
                    ));
                    0
                }
            };
            counts.push(n.to_string());
            // A name the page cannot show as one (other characters, too long) is left out
            // alone: the others keep theirs.
            let name = pool
                .and_then(|p| p.get("name"))
                .and_then(Value::as_str)
                .filter(|n| khcidr_core::settings::is_pool_name(n))
                .unwrap_or_default();
            names.push(name.to_string());
            private |= pool
                .and_then(|p| p.get("disable_ipv4"))
                .and_then(Value::as_bool)
                == Some(true)
                || pool
                    .and_then(|p| p.get("enable_public_ipv4"))
                    .and_then(Value::as_bool)
                    == Some(false);
            if let Some(range) = pool
                .and_then(|p| p.get("subnet_ip_range"))
                .and_then(Value::as_str)
                .filter(|_| agents)
            {
                subnets.push(format!("{k}={range}"));
            }
        }
        if let (true, Some(s)) = (private, Setting::of(Key::DisableIpv4)) {
            found.push((s, "true".into(), at.clone(), sensitive));
        }
        for (key, items) in [("agent_keys", keys), ("agent_subnets", subnets)] {
            if let (false, Some(s)) = (items.is_empty(), Setting::by_key(key)) {
                found.push((s, items.join(","), at.clone(), sensitive));
            }
        }
        let names_key = if agents {
            Key::AgentNames
        } else {
            Key::ControlPlaneNames
        };
        if let (true, Some(s)) = (names.iter().any(|n| !n.is_empty()), Setting::of(names_key)) {
            found.push((s, names.join(","), at.clone(), sensitive));
        }
        Some(counts.join(","))
    }

    /// A pool defined by a `nodes` map: its node count, and for an agent pool its keys (in
    /// `keys`), with notes on keys that repeat a node or are not numbers.
    fn keyed(
        &mut self,
        (name, k, at): (&str, usize, &Text),
        map: &hcl::Map<String, Value>,
        agents: bool,
        keys: &mut Vec<String>,
    ) -> u32 {
        let numbers: Option<Vec<u32>> = map.keys().map(|k| k.parse().ok()).collect();
        match numbers {
            Some(numbers) if agents => {
                let mut seen = numbers.clone();
                seen.sort_unstable();
                if let Some(twice) = seen.windows(2).find(|w| w[0] == w[1]) {
                    self.notes.push(t!(
                        "{0}: {1}[{2}].nodes has {3} keys and two of them give node {4} (the module takes floor(tonumber(key))): both are created with one private IP, and Hetzner refuses the second (IP not available)",
                        at,
                        name,
                        k,
                        map.len(),
                        twice[0]
                    ));
                }
                keys.push(format!(
                    "{k}={}",
                    numbers.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
                ))
            }
            _ if agents => self.notes.push(t!(
                "{0}: {1}[{2}].nodes has keys that are not numbers; the module needs numbers, and its {3} nodes are checked at the first offsets",
                at,
                name,
                k,
                map.len()
            )),
            _ => {}
        }
        u32::try_from(map.len()).unwrap_or(u32::MAX)
    }

    /// The autoscaler's maximum: every pool's `max_nodes`, summed.
    fn autoscaler(&mut self, value: &Value, name: &str, at: &Text) -> String {
        let mut total: u64 = 0;
        if let Value::Array(pools) = value {
            for (k, pool) in pools.iter().enumerate() {
                match count(pool.as_object().and_then(|p| p.get("max_nodes"))) {
                    Some(n) => total += u64::from(n),
                    None => self.notes.push(t!(
                        "{0}: {1}[{2}].max_nodes cannot be read here; counted as 0",
                        at,
                        name,
                        k
                    )),
                }
            }
        }
        total.to_string()
    }

    /// One NAT router, or a redundant pair with `enable_redundancy`.
    fn nat_router(&self, value: &Value) -> String {
        let redundant = value
            .as_object()
            .and_then(|o| o.get("enable_redundancy"))
            .and_then(Value::as_bool)
            .unwrap_or(false);
        if redundant { "redundant" } else { "on" }.to_string()
    }

    /// `cni_plugin`, with `cilium_routing_mode` for cilium (the module's default: tunnel).
    /// Whether the text derives from a sensitive value too: the routing mode's.
    fn cni(&mut self, value: &Value, sensitive: &mut bool) -> Option<String> {
        match value.as_str()? {
            "cilium" => {
                let mode = self
                    .value("cilium_routing_mode", &t!("tunnel, the module's default"))
                    .and_then(|(v, _)| {
                        *sensitive |= v.sensitive;
                        v.value.as_str().map(str::to_string)
                    })
                    .unwrap_or_else(|| "tunnel".into());
                Some(format!("cilium-{mode}"))
            }
            other => Some(other.to_string()),
        }
    }

    /// The node pod block size from `k3s_exec_server_args`' `node-cidr-mask-size`.
    fn node_mask(&mut self) -> Option<(String, Text, bool)> {
        let (value, at) = self.value("k3s_exec_server_args", &t!("no extra k3s arguments"))?;
        let args = value.value.as_str()?.to_string();
        let (_, rest) = args.split_once("node-cidr-mask-size=")?;
        let mask: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((mask, at, value.sensitive))
    }

    /// What must never be shown: every text of a sensitive variable's value, and the text of
    /// every setting that derives from one.
    pub(crate) fn secrets(&self) -> Secrets {
        let mut texts = self.secret_texts.clone();
        for v in self.scope.vars.values().filter(|v| v.sensitive) {
            leaves(&v.value, &mut texts);
        }
        Secrets::new(texts)
    }
}

/// The note on a `version` constraint: the release checked, and which other one `terraform
/// init` may have installed (its "Version" in modules.json): older, or, where the
/// constraint allows releases khcidr does not know, newer.
fn constraint_note(at: &Text, quoted: &str, release: &Release, constraint: &str) -> Text {
    if Release::allows_newer(constraint) {
        t!(
            "{0}: version = {1} is a constraint: checked on {2}, the newest release khcidr knows that it allows; it also allows newer releases (after {2}), and terraform init takes the newest published (its \"Version\" in .terraform/modules/modules.json)",
            at,
            quoted,
            release
        )
    } else {
        t!(
            "{0}: version = {1} is a constraint: checked on {2}, the newest release it allows; terraform init may have installed an older one (its \"Version\" in .terraform/modules/modules.json)",
            at,
            quoted,
            release
        )
    }
}

/// What a setting is checked with when its value cannot be read.
fn instead(s: &Setting, defaults: &Plan) -> Text {
    let default = (s.get)(defaults);
    if matches!(s.key, Key::ControlPlanes | Key::Agents | Key::AutoscalerMax) {
        // The module's nodepool lists default to none.
        t!("no pools, the module's default")
    } else if default.is_empty() {
        t!("the release's own value")
    } else {
        t!("the module's default, {0}", default)
    }
}
