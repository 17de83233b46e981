//! Reads the plan khcidr checks from a user's own Terraform files: the `module` block whose
//! source is kube-hetzner, with `var.*`, `local.*` and the functions addresses are written
//! with evaluated as Terraform would.
//!
//! Only the values khcidr models are evaluated. Nothing else in the files (`hcloud_token`,
//! Robot passwords) is evaluated, kept or repeated: a note names a variable and a place,
//! never another value.

mod eval;
mod explain;
mod functions;
mod reader;
mod scan;
mod secrets;
mod types;
mod variables;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

use crate::eval::Value;
use eval::{Budget, Env, Fault, Val};
use hcl::Expression;
use hcl_edit::structure::{Attribute, Block, Body};
use hcl_edit::Span;
use khcidr_core::settings::{Setting, SETTINGS};
use khcidr_core::{t, Catalog, Key, Plan, Release, Text};
use reader::Reader;
use secrets::{leaves, MAX_SECRETS};
pub use secrets::{Secrets, SENSITIVE};

/// One file: its name as the user knows it (`infra/kube.tf`) and its text.
#[derive(Clone, Debug)]
pub struct File {
    pub name: String,
    pub text: String,
}

/// A source of variable values, in Terraform's order: later ones win.
#[derive(Clone, Debug)]
pub enum Values {
    /// A `.tfvars` file: `terraform.tfvars`, `*.auto.tfvars`, `--var-file`.
    File(File),
    /// One value: `--var name=value` or `TF_VAR_name`; `origin` says which.
    Var {
        name: String,
        value: String,
        origin: String,
    },
    /// One value of a `.tfvars.json` file.
    Json {
        name: String,
        value: Value,
        origin: String,
    },
}

/// A release `terraform init` installed, from `.terraform/modules/modules.json`.
#[derive(Clone, Debug)]
pub struct Installed {
    /// The module block's label (the file's `Key`).
    pub label: String,
    pub release: Release,
    /// Where it was read.
    pub from: String,
}

/// A release the user chose over the file's (`--module-version`, the page's picker): the
/// file is read under that release's names.
#[derive(Clone, Debug)]
pub struct Chose {
    pub release: Release,
    /// Who chose it, as a note says it: "given with --module-version".
    pub by: Text,
}

/// What was read. Its `Debug` form hides the secrets, as every output does.
#[derive(Clone)]
pub struct Reading {
    /// The plan: the values found, the module's defaults elsewhere.
    pub plan: Plan,
    /// The module block read: `module "kube-hetzner" at kube.tf:3`.
    pub module: Text,
    /// Where each value read came from, by setting key, in the table's order.
    pub sources: Vec<(Key, Text)>,
    /// The module block's label (`kube-hetzner`), as `.terraform/modules/modules.json` keys it.
    pub label: String,
    /// Whether the file names one release (an exact `version`, or a git `ref`).
    pub pinned: bool,
    /// How the release was chosen where the file does not name one.
    pub release_note: Option<Text>,
    /// What could not be read as written, and what was used instead. Shown only through
    /// [`Reading::all_notes`], which hides the secrets they may repeat.
    pub notes: Vec<Text>,
    /// The settings whose values derive from a `sensitive` variable: checked, never shown.
    pub sensitive: Vec<Key>,
    /// The texts that must never be shown (see [`Secrets::hide`]).
    pub secrets: Secrets,
    /// The module block's arguments (the module's variables it sets), with where each is.
    pub arguments: Vec<(String, String)>,
}

/// A setting's text as read, where it was read, and whether it derives from a sensitive
/// variable.
type Found = (&'static Setting, String, Text, bool);

impl fmt::Debug for Reading {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        /// The fields, as a derived `Debug` writes them.
        struct Fields<'a>(&'a Reading);
        impl fmt::Debug for Fields<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let r = self.0;
                f.debug_struct("Reading")
                    .field("plan", &r.plan)
                    .field("module", &r.module)
                    .field("sources", &r.sources)
                    .field("label", &r.label)
                    .field("pinned", &r.pinned)
                    .field("release_note", &r.release_note)
                    .field("notes", &r.notes)
                    .field("sensitive", &r.sensitive)
                    .field("secrets", &r.secrets)
                    .field("arguments", &r.arguments)
                    .finish()
            }
        }
        let shown = if f.alternate() {
            format!("{:#?}", Fields(self))
        } else {
            format!("{:?}", Fields(self))
        };
        f.write_str(&self.secrets.hide(&shown))
    }
}

impl Reading {
    /// Terraform's "Unsupported argument" after an upgrade to `to`, as a note in the
    /// catalog's language, for each argument the file's release declares and `to` does not,
    /// with its new name where kube-hetzner's migration guide gives one. The settings the
    /// check itself renames (`upgrade-renames`, for values other than the module's default)
    /// are left to it.
    pub fn upgrade_notes(&self, to: &Release, cat: Option<&Catalog>) -> Vec<String> {
        let from = &self.plan.module_version;
        let renamed_by_check = |name: &str| {
            SETTINGS.iter().any(|s| {
                (s.variable)(from.era()) == Some(name)
                    && (s.variable)(to.era()).is_some_and(|n| n != name)
                    && s.is_set(&self.plan)
            })
        };
        self.arguments
            .iter()
            .filter(|(name, _)| {
                variables::declares(from, name)
                    && !variables::declares(to, name)
                    && !renamed_by_check(name)
            })
            .map(|(name, at)| {
                let new = match variables::renamed(name) {
                    Some((new, true)) if variables::declares(to, new) => t!(
                        "; kube-hetzner's migration guide renames it {0}, with the value inverted (true becomes false)",
                        new
                    ),
                    Some((new, _)) if variables::declares(to, new) => {
                        t!("; kube-hetzner's migration guide renames it {0}", new)
                    }
                    _ => t!("; remove it, or find what replaces it in kube-hetzner's MIGRATION.md"),
                };
                let note = t!(
                    "{0}: {1}: kube-hetzner {2} declares no variable {1}: after the upgrade, terraform plan fails (Unsupported argument){3}",
                    at,
                    name,
                    to,
                    &new
                );
                self.secrets.hide(&note.render(cat))
            })
            .collect()
    }

    /// Every note in the catalog's language, the release's first, with every secret text
    /// hidden.
    pub fn all_notes(&self, cat: Option<&Catalog>) -> Vec<String> {
        self.release_note
            .iter()
            .chain(&self.notes)
            .map(|note| self.secrets.hide(&note.render(cat)))
            .collect()
    }

    /// The plan as a page may keep it, in its link, its history and its storage: every
    /// setting that derives from a sensitive variable at the module's default, and a note
    /// for each saying so.
    pub fn shareable(&self) -> (Plan, Vec<Text>) {
        let mut plan = self.plan.clone();
        let defaults = Plan::default();
        let era = plan.module_version.era();
        let mut notes = Vec::new();
        for key in &self.sensitive {
            let Some(s) = Setting::of(*key) else {
                continue;
            };
            let default = (s.get)(&defaults);
            // The default is a value the setting takes.
            let _ = (s.set)(&mut plan, &default);
            notes.push(t!(
                "{0} derives from a sensitive variable: it is not shown, put in the link or stored; checked here with the module's default, {1}",
                (s.variable)(era).unwrap_or(s.key.as_str()),
                default
            ));
        }
        (plan, notes)
    }
}

pub use khcidr_core::settings::MAX_FILE_BYTES;

/// Why nothing could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not valid HCL: where, and the parser's message (verbatim) or why in words.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: Text,
    },
    /// No `module` block whose source is kube-hetzner.
    NoModule { place: String },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Syntax {
                file,
                line,
                column,
                message,
            } => write!(f, "{file}:{line}:{column}: {}", message.en()),
            ReadError::NoModule { .. } => f.write_str(&self.explain(&[], None)),
        }
    }
}

impl std::error::Error for ReadError {}

impl ReadError {
    /// For a person: where, the parser's message in words where it is a common one, and
    /// the line it means from `files` with a caret under the place (its strings hidden
    /// unless an address, a range or a version: see `explain`).
    pub fn explain(&self, files: &[File], cat: Option<&Catalog>) -> String {
        let (file, line, column, message) = match self {
            ReadError::Syntax {
                file,
                line,
                column,
                message,
            } => (file, line, column, message),
            ReadError::NoModule { place } => {
                return t!("no module block with source {0} in {1}", REGISTRY, place).render(cat)
            }
        };
        let parser = message.render(cat);
        let words = match explain::in_words(&parser) {
            Some(w) => t!("{0} (the parser: {1})", &Text::plain(w), parser),
            None => t!("{0}", parser),
        };
        let quoted = files
            .iter()
            .find(|f| &f.name == file)
            .and_then(|f| explain::quote(&f.text, *line, *column));
        let place = t!("{0} line {1}, column {2}: {3}", file, line, column, &words);
        match quoted {
            Some(q) => format!("{}\n{q}", place.render(cat)),
            None => place.render(cat),
        }
    }
}

/// The module's address on the Terraform registry.
pub const REGISTRY: &str = "kube-hetzner/kube-hetzner/hcloud";

/// The repository's name, in git URLs and local copies.
const REPOSITORY: &str = "terraform-hcloud-kube-hetzner";

/// Whether a module `source` is kube-hetzner: the registry address (with or without its
/// host), a git URL of the repository, or a local copy.
pub fn is_kube_hetzner(source: &str) -> bool {
    let source = source.trim().to_ascii_lowercase();
    let path = source.split(['?', '#']).next().unwrap_or_default();
    // `repository//modules/host`: a part of the repository, not the module.
    let after_scheme = path.strip_prefix("git::").unwrap_or(path);
    let after_scheme = after_scheme
        .split_once("://")
        .map_or(after_scheme, |(_, rest)| rest);
    if after_scheme.contains("//") {
        return false;
    }
    let registry = path.strip_prefix("registry.terraform.io/").unwrap_or(path);
    registry == REGISTRY
        || path.contains(REPOSITORY)
        || ((path.starts_with("./") || path.starts_with("../") || path.starts_with('/'))
            && path.contains("kube-hetzner"))
}

struct Parsed<'a> {
    file: &'a File,
    body: Body,
    /// Where each line starts, counted once: a place is found by a binary search.
    lines: Vec<usize>,
    /// Notes on what was read as Terraform reads it where the parser is stricter: an
    /// object's key given twice.
    notes: Vec<Text>,
}

impl Parsed<'_> {
    /// `file:line` of a byte offset.
    fn at(&self, span: Option<std::ops::Range<usize>>) -> String {
        let line = line_of(&self.lines, span.map_or(0, |s| s.start));
        format!("{}:{line}", self.file.name)
    }
}

/// The 1-based line of a byte offset, from where each line starts.
fn line_of(lines: &[usize], offset: usize) -> usize {
    lines.partition_point(|&start| start <= offset).max(1)
}

/// Where each line of `text` starts, as byte offsets.
fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

fn parse(file: &File) -> Result<Parsed<'_>, ReadError> {
    let lines = line_starts(&file.text);
    // The parser refuses expressions nested more than 64 levels deep or chaining more than
    // 128 operators, so nothing below recurses deeper than that.
    if let Some(offset) = scan::crowded(&file.text) {
        let line = line_of(&lines, offset);
        return Err(ReadError::Syntax {
            file: file.name.clone(),
            line,
            column: offset + 1 - lines.get(line - 1).copied().unwrap_or(0),
            message: t!(
                "an object of more than {0} items, or objects of that many in all, is not read",
                scan::MAX_ITEMS
            ),
        });
    }
    let mut text = std::borrow::Cow::Borrowed(file.text.as_str());
    let mut notes = Vec::new();
    let mut rewrites = 0;
    loop {
        let e = match hcl_edit::parser::parse_body(&text) {
            Ok(body) => {
                // A key rewritten adds characters: places are found in the text parsed.
                let lines = if rewrites == 0 {
                    lines
                } else {
                    line_starts(&text)
                };
                return Ok(Parsed {
                    file,
                    body,
                    lines,
                    notes,
                });
            }
            Err(e) => e,
        };
        let error = || ReadError::Syntax {
            file: file.name.clone(),
            line: e.location().line(),
            column: e.location().column(),
            message: if past_float(&text, e.location().line(), e.location().column()) {
                t!("a number past about 1.8e308 is written here: Terraform reads it, khcidr's HCL parser does not; written as tonumber(\"...\") it is read as Terraform reads it")
            } else {
                t!("{0}", e.message())
            },
        };
        // An object constructor may give a key twice: Terraform takes the last, the parser
        // refuses the second. Written as a quoted key, the second is another key to the
        // parser and the same name to the evaluator, which keeps the last (in_key_order).
        if !e.message().contains("redefined object key") || rewrites >= MAX_REDEFINED {
            return Err(error());
        }
        let line = e.location().line();
        // The line's start in the text as rewritten so far (a rewrite adds characters).
        let start = line_starts(&text).get(line.saturating_sub(1)).copied();
        let offset = start.and_then(|start| {
            text.get(start..)?
                .char_indices()
                .nth(e.location().column().saturating_sub(1))
                .map(|(i, _)| start + i)
        });
        let Some((requoted, key)) = offset.and_then(|at| requote(&text, at)) else {
            return Err(error());
        };
        let note = t!(
            "{0}:{1}: {2} is given more than once in one object; Terraform takes the last, and so does khcidr",
            file.name,
            line,
            key
        );
        if !notes.contains(&note) {
            notes.push(note);
        }
        rewrites += 1;
        text = std::borrow::Cow::Owned(requoted);
    }
}

/// Keys given twice that are read before the parser's refusal stands.
const MAX_REDEFINED: usize = 64;

/// The text with the key at byte `at` written so the parser takes it for another: an
/// identifier quoted, a quoted key in parentheses, a key in parentheses in one more pair;
/// and the key.
fn requote(text: &str, at: usize) -> Option<(String, String)> {
    let rest = text.get(at..)?;
    if rest.starts_with('(') {
        let mut depth = 0usize;
        let end = rest.char_indices().find_map(|(i, c)| {
            match c {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                '\n' => return Some(None),
                _ => {}
            }
            (depth == 0).then_some(Some(i + 1))
        })??;
        let inner = rest.get(..end)?;
        let key = inner.trim_matches(|c| c == '(' || c == ')' || c == '"');
        let out = format!("{}({inner}){}", text.get(..at)?, rest.get(end..)?);
        return Some((out, key.to_string()));
    }
    if let Some(quoted) = rest.strip_prefix('"') {
        let end = quoted.find(['"', '\\', '$', '%', '\n'])?;
        if !quoted[end..].starts_with('"') {
            return None;
        }
        let key = quoted.get(..end)?;
        let written = end + 2;
        let out = format!(
            "{}({}){}",
            text.get(..at)?,
            rest.get(..written)?,
            rest.get(written..)?
        );
        return Some((out, key.to_string()));
    }
    let len = rest
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(rest.len());
    let key = rest.get(..len)?;
    if key.is_empty() || !key.starts_with(|c: char| c.is_alphabetic() || c == '_') {
        return None;
    }
    let mut out = String::with_capacity(text.len() + 2);
    out.push_str(text.get(..at)?);
    out.push('"');
    out.push_str(key);
    out.push('"');
    out.push_str(rest.get(len..)?);
    Some((out, key.to_string()))
}

fn label(block: &Block) -> Option<&str> {
    block.labels.first().map(|l| l.as_str())
}

fn attribute<'b>(body: &'b Body, name: &str) -> Option<&'b Attribute> {
    body.attributes().find(|a| a.key.as_str() == name)
}

/// The context `kube.tf` expressions are evaluated in: `var`, `local`, and what one reading
/// may spend.
struct Scope {
    vars: BTreeMap<String, Val>,
    /// Where each variable's value came from.
    origins: BTreeMap<String, Text>,
    /// Declared variables with no value: name, where declared.
    unset: BTreeMap<String, Text>,
    /// Variables declared `sensitive = true`.
    sensitive: BTreeSet<String>,
    /// Each variable's `type`, where it states one read here.
    types: BTreeMap<String, types::Type>,
    /// Variables whose value Terraform refuses (not of their type), and why.
    invalid: BTreeMap<String, Text>,
    locals: BTreeMap<String, Val>,
    /// Locals that could not be evaluated here, and why.
    unresolved: BTreeMap<String, Fault>,
    /// Every local defined.
    declared: BTreeSet<String>,
    budget: Budget,
    /// Where a budget ran out: `kube.tf:12 (local.x)`.
    spent_at: Option<String>,
}

impl Scope {
    /// A variable's value, converted to its type as Terraform converts it; a value that
    /// does not convert is refused, as `terraform plan` refuses it (a note, returned).
    fn insert_var(&mut self, name: String, value: Value, origin: Text) -> Option<Text> {
        self.unset.remove(&name);
        self.invalid.remove(&name);
        let sensitive = self.sensitive.contains(&name);
        let value = match self.types.get(&name) {
            Some(of) => match types::convert(value, of) {
                Ok(v) => v,
                Err(why) => {
                    // A sensitive value's reason could repeat it: not even that.
                    let why = if sensitive { t!("{0}", SENSITIVE) } else { why };
                    let refused = t!(
                        "var.{0} from {1} is not of its type: {2} (Invalid value for variable)",
                        name,
                        &origin,
                        &why
                    );
                    self.vars.remove(&name);
                    self.invalid.insert(name.clone(), refused.clone());
                    self.origins.insert(name, origin);
                    return Some(refused);
                }
            },
            None => value,
        };
        self.vars
            .insert(name.clone(), Val::new(eval::sorted(value), sensitive));
        self.origins.insert(name, origin);
        None
    }

    /// Where `var`, `local` and the functions are known.
    fn env(&self) -> Env<'_> {
        Env {
            vars: &self.vars,
            unset: &self.unset,
            invalid: &self.invalid,
            locals: &self.locals,
            references: true,
            budget: &self.budget,
        }
    }

    /// Evaluates a module argument or a local, noting where a budget ran out first.
    fn eval(&mut self, expr: &Expression, at: &str) -> Result<Val, Fault> {
        let result = self.env().eval(expr);
        self.noted(result, at)
    }

    /// `result`, with `at` kept as the place a budget ran out, if it did so first there.
    fn noted<T>(&mut self, result: Result<T, Fault>, at: &str) -> Result<T, Fault> {
        if let Err(Fault::Spent(_)) = result {
            self.spent_at.get_or_insert_with(|| at.to_string());
        }
        result
    }

    /// A value given outside `.tf` files (tfvars, `--var`, a variable's default), read as
    /// Terraform reads it: a constant, with operators but no references or function calls.
    fn constant(&mut self, expr: &hcl_edit::expr::Expression, at: &str) -> Result<Value, Fault> {
        let result = eval::constant(&eval::tree(expr), &self.budget).map(|v| v.value);
        self.noted(result, at)
    }

    /// What a value that cannot be evaluated waits for, where that is a value Terraform
    /// gets later: a variable with no value yet (`var.x`), or what only Terraform knows
    /// (`module.x`, `data.x`), followed through the locals that use it.
    fn waits_for(&self, fault: &Fault) -> Option<String> {
        let mut cause = fault;
        for _ in 0..=self.unresolved.len() {
            match cause {
                Fault::UnsetVar(key) => return Some(format!("var.{key}")),
                Fault::Unknown(root) => return Some(format!("{root}.*")),
                Fault::UnresolvedLocal(key) => cause = self.unresolved.get(key)?,
                Fault::Refused { .. } | Fault::Spent(_) => return None,
            }
        }
        None
    }

    /// Why an expression has no value, in words that name variables and places, never a
    /// value.
    fn why(&self, fault: &Fault) -> Text {
        match fault {
            Fault::Unknown(root) => t!(
                "{0}.* is only known to Terraform (a data source, a module output or remote state)",
                root
            ),
            Fault::UnsetVar(key) => t!(
                "var.{0} (declared at {1}) has no value here: no default, and not in terraform.tfvars, *.auto.tfvars, --var-file or --var",
                key,
                &self.unset.get(key).cloned().unwrap_or_default()
            ),
            Fault::UnresolvedLocal(key) => {
                // Follow the locals that failed for another local to the first cause.
                let mut cause = fault;
                let mut via = key;
                for _ in 0..=self.unresolved.len() {
                    match self.unresolved.get(via) {
                        Some(Fault::UnresolvedLocal(next)) => {
                            cause = &self.unresolved[via];
                            via = next;
                        }
                        Some(other) => {
                            cause = other;
                            break;
                        }
                        None => break,
                    }
                }
                let reason = match cause {
                    Fault::UnresolvedLocal(last) if self.declared.contains(last) => t!(
                        "local.{0} refers to itself through other locals (Cycle in local values)",
                        last
                    ),
                    Fault::UnresolvedLocal(last) => t!(
                        "there is no local value \"{0}\" (Reference to undeclared local value)",
                        last
                    ),
                    other => self.why(other),
                };
                t!("local.{0} cannot be evaluated here: {1}", key, &reason)
            }
            Fault::Refused { why, .. } => why.clone(),
            Fault::Spent(limit) => self.spent(*limit),
        }
    }

    fn spent(&self, limit: eval::Limit) -> Text {
        match &self.spent_at {
            Some(at) => t!("{0} at {1}", &limit.describe(), at),
            None => limit.describe(),
        }
    }
}

/// A `--var` or `TF_VAR_` value as Terraform reads it: a number, a bool, null, a list or an
/// object where it is written as one, else the text itself, as it is.
fn given(scope: &mut Scope, name: &str, value: &str, origin: &str) -> Value {
    // A variable of type string takes the text as it is, whatever it looks like.
    if scope.types.get(name) == Some(&types::Type::String) {
        return Value::from(value);
    }
    let trimmed = value.trim();
    let literal_form = trimmed.starts_with(['[', '{'])
        || matches!(trimmed, "true" | "false" | "null")
        || trimmed.parse::<f64>().is_ok_and(f64::is_finite);
    match hcl_edit::parser::parse_expr(trimmed) {
        Ok(expr) if literal_form => scope
            .constant(&expr, origin)
            .unwrap_or_else(|_| Value::from(value)),
        _ => Value::from(value),
    }
}

/// Whether a number literal a float64 cannot hold (`1e309`) starts at `line` and `column`
/// (1-based, in characters) of `text`: HCL's parser refuses it there, Terraform does not.
fn past_float(text: &str, line: usize, column: usize) -> bool {
    let Some(source) = text.lines().nth(line.saturating_sub(1)) else {
        return false;
    };
    let chars: Vec<char> = source.chars().collect();
    let numeric = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '+' | '-');
    // The parser stops inside the literal (after `1` of `1e309`): back to its start.
    let mut start = column.saturating_sub(1).min(chars.len());
    while start > 0 && numeric(chars[start - 1]) {
        start -= 1;
    }
    while start < chars.len() && !chars[start].is_ascii_digit() && chars[start] != '.' {
        start += 1;
    }
    let rest: String = chars[start..].iter().collect();
    let mut end = 0;
    for (i, c) in rest.char_indices() {
        let sign = (c == '+' || c == '-') && rest[..i].ends_with(['e', 'E']);
        if !(c.is_ascii_digit() || c == '.' || c == 'e' || c == 'E' || sign) {
            break;
        }
        end = i + c.len_utf8();
    }
    let token = &rest[..end];
    matches!(eval::Num::parse(token), Ok(Some(_)) | Err(_))
        && !token.is_empty()
        && token.parse::<f64>().is_ok_and(f64::is_infinite)
}

/// A `.tfvars` or `.tfvars.json` file's values, by its name.
pub fn tfvars(file: File) -> Result<Vec<Values>, ReadError> {
    if !file.name.ends_with(".json") {
        return Ok(vec![Values::File(file)]);
    }
    // serde_json's messages can quote the text (a secret): say only where and what.
    let json: serde_json::Value =
        serde_json::from_str(&file.text).map_err(|e| ReadError::Syntax {
            file: file.name.clone(),
            line: e.line().max(1),
            column: e.column().max(1),
            message: if e.is_data() {
                t!("not a JSON object of variable values")
            } else if eval::json_out_of_range(&e) {
                t!("a number in the JSON has more digits than a 64-bit float keeps, and is not read exactly here")
            } else {
                t!("not valid JSON")
            },
        })?;
    let object = json.is_object();
    let Some(Value::Object(map)) = Value::from_json_text(&file.text, json) else {
        return Err(ReadError::Syntax {
            file: file.name,
            line: 1,
            column: 1,
            message: if object {
                t!("a number in the JSON has more digits than a 64-bit float keeps, and is not read exactly here")
            } else {
                t!("not a JSON object of variable values")
            },
        });
    };
    Ok(map
        .into_iter()
        .map(|(name, value)| Values::Json {
            name,
            value,
            origin: file.name.clone(),
        })
        .collect())
}

/// Terraform's order for the variable files found beside the configuration:
/// `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars(.json)` by name. Other
/// names are not read automatically: `None`.
pub fn automatic_rank(name: &str) -> Option<(u8, String)> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base {
        "terraform.tfvars" => Some((0, String::new())),
        "terraform.tfvars.json" => Some((1, String::new())),
        _ if base.ends_with(".auto.tfvars") || base.ends_with(".auto.tfvars.json") => {
            Some((2, base.to_string()))
        }
        _ => None,
    }
}

/// Milliseconds on a clock, for the time budget.
#[cfg(not(target_arch = "wasm32"))]
fn now() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

#[cfg(target_arch = "wasm32")]
fn now() -> f64 {
    js_sys::Date::now()
}

/// A module block's `source`: a constant string. Sources are evaluated on a budget of their
/// own (`budget`, one for all of them), so that nothing else can spend what finding the
/// module needs.
fn source(expr: &hcl_edit::expr::Expression, budget: &Budget) -> Option<String> {
    let value = eval::constant(&eval::tree(expr), budget).ok()?.value;
    value.as_str().map(str::to_string)
}

/// One definition of a local value.
struct Local {
    expr: Expression,
    at: String,
}

fn scope(parsed: &[Parsed], values: &[Values], notes: &mut Vec<Text>) -> Result<Scope, ReadError> {
    let mut scope = Scope {
        vars: BTreeMap::new(),
        origins: BTreeMap::new(),
        unset: BTreeMap::new(),
        sensitive: BTreeSet::new(),
        types: BTreeMap::new(),
        invalid: BTreeMap::new(),
        locals: BTreeMap::new(),
        unresolved: BTreeMap::new(),
        declared: BTreeSet::new(),
        budget: Budget::new(Some(now)),
        spent_at: None,
    };
    declare(parsed, &mut scope, notes);
    assign(values, &mut scope, notes)?;
    drop_crowded(&mut scope, notes);
    locals(parsed, &mut scope);
    Ok(scope)
}

/// Every `variable` block: which are sensitive, and each default.
fn declare(parsed: &[Parsed], scope: &mut Scope, notes: &mut Vec<Text>) {
    let variables: Vec<(&Parsed, &Block)> = parsed
        .iter()
        .flat_map(|p| {
            p.body
                .blocks()
                .filter(|b| b.ident.as_str() == "variable")
                .map(move |b| (p, b))
        })
        .collect();
    for &(p, block) in &variables {
        let Some(name) = label(block) else { continue };
        let at = p.at(block.span());
        if let Some(a) = attribute(&block.body, "sensitive") {
            if scope
                .constant(&a.value, &at)
                .is_ok_and(|v| v == Value::Bool(true))
            {
                scope.sensitive.insert(name.to_string());
            }
        }
        if let Some(of) = attribute(&block.body, "type")
            .and_then(|a| types::parse(&eval::tree(&a.value), &scope.budget))
        {
            scope.types.insert(name.to_string(), of);
        }
    }
    for &(p, block) in &variables {
        let Some(name) = label(block) else { continue };
        let at = p.at(block.span());
        match attribute(&block.body, "default").map(|a| scope.constant(&a.value, &at)) {
            Some(Ok(value)) => notes.extend(scope.insert_var(
                name.to_string(),
                value,
                t!("its default at {0}", at),
            )),
            _ => {
                scope.unset.insert(name.to_string(), t!("{0}", at));
            }
        }
    }
}

/// The values given for variables: `.tfvars` files, `-var` and JSON values, in order.
fn assign(values: &[Values], scope: &mut Scope, notes: &mut Vec<Text>) -> Result<(), ReadError> {
    for source in values {
        match source {
            Values::File(file) => {
                let p = parse(file)?;
                notes.extend(p.notes.iter().cloned());
                for a in p.body.attributes() {
                    let at = p.at(a.span());
                    match scope.constant(&a.value, &at) {
                        Ok(value) => {
                            notes.extend(scope.insert_var(a.key.to_string(), value, t!("{0}", at)))
                        }
                        Err(fault) => {
                            // A sensitive variable's own value: not even a reason that
                            // could quote it.
                            let why = if scope.sensitive.contains(a.key.as_str()) {
                                t!("{0}", SENSITIVE)
                            } else {
                                scope.why(&fault)
                            };
                            notes.push(t!(
                                "{0}: the value of var.{1} is not read: {2}",
                                at,
                                a.key.as_str(),
                                &why
                            ))
                        }
                    }
                }
            }
            Values::Var {
                name,
                value,
                origin,
            } => {
                let value = given(scope, name, value, origin);
                notes.extend(scope.insert_var(name.clone(), value, t!("{0}", origin)))
            }
            Values::Json {
                name,
                value,
                origin,
            } => match scope.budget.admit(value) {
                Ok(()) => {
                    notes.extend(scope.insert_var(name.clone(), value.clone(), t!("{0}", origin)))
                }
                Err(fault) => notes.push(t!(
                    "{0}: the value of var.{1} is not read: {2}",
                    origin,
                    name,
                    &scope.why(&fault)
                )),
            },
        }
    }
    Ok(())
}

/// A sensitive value is hidden wherever output could repeat any of its texts: one that
/// holds more than a few cannot be, and is not read.
fn drop_crowded(scope: &mut Scope, notes: &mut Vec<Text>) {
    let crowded: Vec<String> = scope
        .vars
        .iter()
        .filter(|(_, v)| v.sensitive)
        .filter(|(_, v)| {
            let mut texts = Vec::new();
            leaves(&v.value, &mut texts);
            texts.len() > MAX_SECRETS
        })
        .map(|(name, _)| name.clone())
        .collect();
    for name in crowded {
        scope.vars.remove(&name);
        let from = scope.origins.remove(&name).unwrap_or_default();
        notes.push(t!(
            "var.{0} is sensitive and holds more than {1} values ({2}): it is not read here",
            name,
            MAX_SECRETS,
            &from
        ));
        scope.unset.insert(name, from);
    }
}

/// Evaluates the locals the module blocks use, each after the locals it uses, and no
/// other: a local nothing reads costs nothing, whatever it holds.
fn locals(parsed: &[Parsed], scope: &mut Scope) {
    let mut defined: BTreeMap<String, Local> = BTreeMap::new();
    for p in parsed {
        for block in p.body.blocks().filter(|b| b.ident.as_str() == "locals") {
            for a in block.body.attributes() {
                let at = format!("{} (local.{})", p.at(a.span()), a.key.as_str());
                defined.insert(
                    a.key.to_string(),
                    Local {
                        expr: eval::tree(&a.value),
                        at,
                    },
                );
            }
        }
    }
    scope.declared = defined.keys().cloned().collect();
    if defined.is_empty() {
        return;
    }
    let mut roots = Vec::new();
    let mut whole = false;
    for p in parsed {
        for block in p.body.blocks().filter(|b| b.ident.as_str() == "module") {
            for a in block.body.attributes() {
                whole |= eval::locals_used(&eval::tree(&a.value), &mut roots);
            }
        }
    }
    if whole {
        roots = defined.keys().cloned().collect();
    }
    let order = evaluation_order(&defined, roots);
    for name in order {
        let local = &defined[&name];
        let admitted = scope.eval(&local.expr, &local.at).and_then(|v| {
            scope.budget.admit(&v.value)?;
            Ok(v)
        });
        match scope.noted(admitted, &local.at) {
            Ok(v) => {
                scope.locals.insert(name, v);
            }
            Err(fault) => {
                scope.unresolved.insert(name, fault);
            }
        }
    }
}

/// The locals to evaluate, from the ones the module block uses: depth first, without
/// recursion, each local after the locals it uses. A local in a cycle finds the other not
/// yet evaluated and is unresolved, as in Terraform.
fn evaluation_order(defined: &BTreeMap<String, Local>, roots: Vec<String>) -> Vec<String> {
    let mut order: Vec<String> = Vec::new();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    for root in roots {
        if !defined.contains_key(&root) || !seen.insert(root.clone()) {
            continue;
        }
        let mut stack: Vec<(String, Vec<String>)> = vec![(root.clone(), uses(&defined[&root]))];
        while let Some((name, pending)) = stack.last_mut() {
            match pending.pop() {
                Some(next) if defined.contains_key(&next) && seen.insert(next.clone()) => {
                    let used = uses(&defined[&next]);
                    stack.push((next, used));
                }
                Some(_) => {}
                None => {
                    order.push(name.clone());
                    stack.pop();
                }
            }
        }
    }
    order
}

/// The locals a local uses, in reverse (they are taken from the end).
fn uses(local: &Local) -> Vec<String> {
    let mut used = Vec::new();
    eval::locals_used(&local.expr, &mut used);
    used.reverse();
    used
}

/// Reads the plan from the configuration's `.tf` files and the variable values given.
/// `place` names what was read, for the error when no kube-hetzner module is in it.
pub fn read(
    place: &str,
    tf: &[File],
    values: &[Values],
    installed: &[Installed],
) -> Result<Reading, ReadError> {
    read_as(place, tf, values, installed, None)
}

/// [`read`], under a release the user chose rather than the file's.
pub fn read_as(
    place: &str,
    tf: &[File],
    values: &[Values],
    installed: &[Installed],
    chose: Option<&Chose>,
) -> Result<Reading, ReadError> {
    let parsed = tf.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
    let mut notes: Vec<Text> = parsed.iter().flat_map(|p| p.notes.clone()).collect();
    let mut scope = scope(&parsed, values, &mut notes)?;
    let modules = modules(&parsed);
    let Some(&(p, block)) = modules.first() else {
        return Err(ReadError::NoModule {
            place: place.to_string(),
        });
    };
    let module = t!(
        "module \"{0}\" at {1}",
        label(block).unwrap_or_default(),
        p.at(block.span())
    );
    notes.extend(count_zero(p, block, &mut scope));
    for (other, b) in modules.iter().skip(1) {
        notes.push(t!(
            "{0}: another kube-hetzner module, module \"{1}\", is not checked; this check is of {2}",
            other.at(b.span()),
            label(b).unwrap_or_default(),
            &module
        ));
    }
    let mut reader = Reader::new(p, block, scope, notes);
    reader.release(block, installed, chose);
    reader.settings();
    reader.unsupported();
    let arguments = reader.arguments();
    let secrets = reader.secrets();
    Ok(Reading {
        plan: reader.plan,
        module,
        sources: reader.sources,
        label: label(block).unwrap_or_default().to_string(),
        pinned: reader.pinned,
        release_note: reader.release_note,
        notes: reader.notes,
        sensitive: reader.sensitive,
        secrets,
        arguments,
    })
}

/// Every kube-hetzner module block, in file order. Terraform takes a module's source as a
/// constant, never computed.
fn modules<'a>(parsed: &'a [Parsed<'a>]) -> Vec<(&'a Parsed<'a>, &'a Block)> {
    let sources = Budget::new(Some(now));
    let mut modules: Vec<(&Parsed, &Block)> = Vec::new();
    for p in parsed {
        for b in p.body.blocks().filter(|b| b.ident.as_str() == "module") {
            let source = attribute(&b.body, "source").and_then(|a| source(&a.value, &sources));
            if source.is_some_and(|v| is_kube_hetzner(&v)) {
                modules.push((p, b));
            }
        }
    }
    modules
}

/// The note for a module block with `count = 0`, from which Terraform creates nothing.
fn count_zero(p: &Parsed, block: &Block, scope: &mut Scope) -> Option<Text> {
    let a = attribute(&block.body, "count")?;
    let at = p.at(a.span());
    scope
        .eval(&eval::tree(&a.value), &at)
        .is_ok_and(|v| v.value.as_u64() == Some(0))
        .then(|| {
            t!(
                "{0}: the module block has count = 0: Terraform creates nothing from it",
                at
            )
        })
}
