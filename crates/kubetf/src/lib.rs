//! Reads the plan khcidr checks from a user's own Terraform files: the `module` block whose
//! source is kube-hetzner, with `var.*`, `local.*` and the functions addresses are written
//! with evaluated as Terraform would.
//!
//! Only the values khcidr models are evaluated. Nothing else in the files (`hcloud_token`,
//! Robot passwords) is evaluated, kept or repeated: a note names a variable and a place,
//! never another value.

mod functions;
mod guard;

use std::collections::BTreeMap;
use std::fmt;

use hcl::eval::{Context, Evaluate};
use hcl::{Expression, Value};
use hcl_edit::structure::{Attribute, Block, Body};
use hcl_edit::Span;
use khcidr_core::settings::{Setting, SETTINGS};
use khcidr_core::{Plan, Release};

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

/// What was read.
#[derive(Clone, Debug)]
pub struct Reading {
    /// The plan: the values found, the module's defaults elsewhere.
    pub plan: Plan,
    /// The module block read: `module "kube-hetzner" at kube.tf:3`.
    pub module: String,
    /// Where each value read came from, by setting key, in the table's order.
    pub sources: Vec<(&'static str, String)>,
    /// The module block's label (`kube-hetzner`), as `.terraform/modules/modules.json` keys it.
    pub label: String,
    /// Whether the file names one release (an exact `version`, or a git `ref`).
    pub pinned: bool,
    /// How the release was chosen where the file does not name one.
    pub release_note: Option<String>,
    /// What could not be read as written, and what was used instead.
    pub notes: Vec<String>,
}

impl Reading {
    /// Every note, the release's first.
    pub fn all_notes(&self) -> impl Iterator<Item = &String> {
        self.release_note.iter().chain(&self.notes)
    }
}

/// Why nothing could be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReadError {
    /// Not valid HCL: where, and the parser's message.
    Syntax {
        file: String,
        line: usize,
        column: usize,
        message: String,
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
            } => write!(f, "{file}:{line}:{column}: {message}"),
            ReadError::NoModule { place } => {
                write!(f, "no module block with source {REGISTRY} in {place}")
            }
        }
    }
}

impl std::error::Error for ReadError {}

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
}

impl Parsed<'_> {
    /// `file:line` of a byte offset.
    fn at(&self, span: Option<std::ops::Range<usize>>) -> String {
        let offset = span.map_or(0, |s| s.start);
        let line = self
            .file
            .text
            .get(..offset)
            .map_or(1, |before| before.matches('\n').count() + 1);
        format!("{}:{line}", self.file.name)
    }
}

fn parse(file: &File) -> Result<Parsed<'_>, ReadError> {
    hcl_edit::parser::parse_body(&file.text)
        .map(|body| Parsed { file, body })
        .map_err(|e| ReadError::Syntax {
            file: file.name.clone(),
            line: e.location().line(),
            column: e.location().column(),
            message: e.message().to_string(),
        })
}

fn label(block: &Block) -> Option<&str> {
    block.labels.first().map(|l| l.as_str())
}

fn attribute<'b>(body: &'b Body, name: &str) -> Option<&'b Attribute> {
    body.attributes().find(|a| a.key.as_str() == name)
}

/// A variable's value and where it came from.
struct Variable {
    value: Value,
    origin: String,
}

/// The context `kube.tf` expressions are evaluated in: `var`, `local` and the functions.
struct Scope {
    vars: BTreeMap<String, Variable>,
    /// Declared variables with no value: name, where declared.
    unset: BTreeMap<String, String>,
    locals: hcl::Map<String, Value>,
    /// Locals that could not be evaluated here.
    unresolved: std::collections::BTreeSet<String>,
}

/// How deep locals may refer to locals.
const MAX_LOCAL_DEPTH: usize = 64;

impl Scope {
    fn insert_var(&mut self, name: String, value: Value, origin: String) {
        self.unset.remove(&name);
        self.vars.insert(
            name,
            Variable {
                value: guard::sorted(value),
                origin,
            },
        );
    }

    fn context(&self) -> Context<'static> {
        let mut ctx = Context::new();
        let vars: hcl::Map<String, Value> = self
            .vars
            .iter()
            .map(|(name, v)| (name.clone(), v.value.clone()))
            .collect();
        ctx.declare_var("var", Value::Object(vars));
        ctx.declare_var("local", Value::Object(self.locals.clone()));
        functions::declare(&mut ctx);
        guard::declare(&mut ctx);
        ctx
    }
}

/// Evaluates an expression, its arithmetic checked (see [`guard`]).
fn eval(expr: &Expression, ctx: &Context) -> Result<Value, hcl::eval::Error> {
    guard::guard(expr.clone()).evaluate(ctx)
}

/// Evaluates a value given outside `.tf` files (tfvars, `--var`): literals only.
fn literal(expr: &hcl_edit::expr::Expression) -> Result<Value, String> {
    let mut ctx = Context::new();
    functions::declare(&mut ctx);
    guard::declare(&mut ctx);
    eval(&expr.clone().into(), &ctx).map_err(|e| why(e.kind()))
}

/// What went wrong, without the values involved (they may be secrets).
fn why(kind: &hcl::eval::ErrorKind) -> String {
    use hcl::eval::ErrorKind;
    match kind {
        ErrorKind::Unexpected(_, expected) => {
            format!("a value of another type where {expected} is needed")
        }
        ErrorKind::BinaryOp(_, op, _) => {
            format!("the operator {op} does not apply to these values")
        }
        ErrorKind::UnaryOp(op, _) => format!("the operator {op} does not apply to this value"),
        // The checked arithmetic (see `guard`) speaks for its operator.
        ErrorKind::FuncCall(name, msg) if name.to_string().starts_with("khcidr_") => msg.clone(),
        ErrorKind::FuncCall(name, msg) => format!("{name}(): {msg}"),
        ErrorKind::Index(i) => format!("there is no element {i}"),
        ErrorKind::NoSuchKey(key) => format!("there is no key {key}"),
        ErrorKind::KeyExists(key) => format!("the key {key} is given twice"),
        ErrorKind::UndefinedVar(what) => format!(
            "{what}.* is only known to Terraform (a data source, a module output or remote state)"
        ),
        ErrorKind::UndefinedFunc(func) => format!("the function {func}() is not evaluated here"),
        _ => "it cannot be evaluated here".into(),
    }
}

/// A `--var` or `TF_VAR_` value as Terraform reads it: a number, a bool, null, a list or an
/// object where it is written as one, else the text itself, as it is.
fn given(value: &str) -> Value {
    let trimmed = value.trim();
    let literal_form = trimmed.starts_with(['[', '{'])
        || matches!(trimmed, "true" | "false" | "null")
        || trimmed.parse::<f64>().is_ok_and(f64::is_finite);
    match hcl_edit::parser::parse_expr(trimmed) {
        Ok(expr) if literal_form => literal(&expr).unwrap_or_else(|_| Value::from(value)),
        _ => Value::from(value),
    }
}

/// A `.tfvars` or `.tfvars.json` file's values, by its name.
pub fn tfvars(file: File) -> Result<Vec<Values>, ReadError> {
    if !file.name.ends_with(".json") {
        return Ok(vec![Values::File(file)]);
    }
    // serde_json's messages can quote the text (a secret): say only where and what.
    let json: Value = serde_json::from_str(&file.text).map_err(|e| ReadError::Syntax {
        file: file.name.clone(),
        line: e.line().max(1),
        column: e.column().max(1),
        message: if e.is_data() {
            "not a JSON object of variable values".into()
        } else {
            "not valid JSON".into()
        },
    })?;
    let Value::Object(map) = json else {
        return Err(ReadError::Syntax {
            file: file.name,
            line: 1,
            column: 1,
            message: "not a JSON object of variable values".into(),
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

fn scope(
    parsed: &[Parsed],
    values: &[Values],
    notes: &mut Vec<String>,
) -> Result<Scope, ReadError> {
    let mut scope = Scope {
        vars: BTreeMap::new(),
        unset: BTreeMap::new(),
        locals: hcl::Map::new(),
        unresolved: Default::default(),
    };
    for p in parsed {
        for block in p.body.blocks().filter(|b| b.ident.as_str() == "variable") {
            let Some(name) = label(block) else { continue };
            let at = p.at(block.span());
            match attribute(&block.body, "default").map(|a| literal(&a.value)) {
                Some(Ok(value)) => {
                    scope.insert_var(name.to_string(), value, format!("its default at {at}"))
                }
                _ => {
                    scope.unset.insert(name.to_string(), at);
                }
            }
        }
    }
    for source in values {
        match source {
            Values::File(file) => {
                let p = parse(file)?;
                for a in p.body.attributes() {
                    let at = p.at(a.span());
                    match literal(&a.value) {
                        Ok(value) => scope.insert_var(a.key.to_string(), value, at),
                        Err(_) => notes.push(format!(
                            "{at}: the value of var.{} is not a literal; Terraform refuses it",
                            a.key.as_str()
                        )),
                    }
                }
            }
            Values::Var {
                name,
                value,
                origin,
            } => scope.insert_var(name.clone(), given(value), origin.clone()),
            Values::Json {
                name,
                value,
                origin,
            } => scope.insert_var(name.clone(), value.clone(), origin.clone()),
        }
    }
    // Locals may refer to each other in any order: evaluate until nothing more resolves.
    let mut pending: Vec<(String, Expression)> = parsed
        .iter()
        .flat_map(|p| p.body.blocks().filter(|b| b.ident.as_str() == "locals"))
        .flat_map(|b| b.body.attributes())
        .map(|a| (a.key.to_string(), a.value.clone().into()))
        .collect();
    // Each pass resolves at least one more level of locals referring to locals.
    for _ in 0..MAX_LOCAL_DEPTH {
        let ctx = scope.context();
        let before = pending.len();
        pending.retain(|(name, expr)| match eval(expr, &ctx) {
            Ok(value) => {
                scope.locals.insert(name.clone(), guard::sorted(value));
                false
            }
            Err(_) => true,
        });
        if pending.len() == before {
            break;
        }
    }
    scope.unresolved = pending.into_iter().map(|(name, _)| name).collect();
    Ok(scope)
}

/// Reads the plan from the configuration's `.tf` files and the variable values given.
/// `place` names what was read, for the error when no kube-hetzner module is in it.
pub fn read(
    place: &str,
    tf: &[File],
    values: &[Values],
    installed: &[Installed],
) -> Result<Reading, ReadError> {
    let parsed = tf.iter().map(parse).collect::<Result<Vec<_>, _>>()?;
    let mut notes = Vec::new();
    let scope = scope(&parsed, values, &mut notes)?;
    let ctx = scope.context();
    let modules: Vec<(&Parsed, &Block)> = parsed
        .iter()
        .flat_map(|p| {
            p.body
                .blocks()
                .filter(|b| b.ident.as_str() == "module")
                .map(move |b| (p, b))
        })
        .filter(|(_, b)| {
            attribute(&b.body, "source")
                .and_then(|a| eval(&a.value.clone().into(), &ctx).ok())
                .and_then(|v| v.as_str().map(is_kube_hetzner))
                .unwrap_or(false)
        })
        .collect();
    let Some(&(p, block)) = modules.first() else {
        return Err(ReadError::NoModule {
            place: place.to_string(),
        });
    };
    let module = format!(
        "module \"{}\" at {}",
        label(block).unwrap_or_default(),
        p.at(block.span())
    );
    if let Some(a) = attribute(&block.body, "count") {
        if eval(&a.value.clone().into(), &ctx).is_ok_and(|v| v.as_u64() == Some(0)) {
            notes.push(format!(
                "{}: the module block has count = 0: Terraform creates nothing from it",
                p.at(a.span())
            ));
        }
    }
    for (other, b) in modules.iter().skip(1) {
        notes.push(format!(
            "{}: another kube-hetzner module, module \"{}\", is not checked; this check is of {module}",
            other.at(b.span()),
            label(b).unwrap_or_default()
        ));
    }
    let mut reader = Reader {
        p,
        body: &block.body,
        scope: &scope,
        ctx,
        plan: Plan::default(),
        sources: Vec::new(),
        notes,
        pinned: false,
        release_note: None,
        label: label(block).unwrap_or_default().to_string(),
    };
    reader.release(block, installed);
    reader.settings();
    Ok(Reading {
        plan: reader.plan,
        module,
        sources: reader.sources,
        label: label(block).unwrap_or_default().to_string(),
        pinned: reader.pinned,
        release_note: reader.release_note,
        notes: reader.notes,
    })
}

struct Reader<'a> {
    p: &'a Parsed<'a>,
    body: &'a Body,
    scope: &'a Scope,
    ctx: Context<'static>,
    plan: Plan,
    sources: Vec<(&'static str, String)>,
    notes: Vec<String>,
    pinned: bool,
    release_note: Option<String>,
    label: String,
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

fn count(value: Option<&Value>) -> Option<u32> {
    match value? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

impl Reader<'_> {
    /// The module attribute `name`, evaluated; `None` when absent. A value that cannot be
    /// evaluated here is a note naming the attribute, its place and what is used instead.
    fn value(&mut self, name: &str, instead: &str) -> Option<(Value, String)> {
        let a = attribute(self.body, name)?;
        let at = self.p.at(a.span());
        let expr: Expression = a.value.clone().into();
        match eval(&expr, &self.ctx) {
            Ok(Value::Null) => None,
            Ok(value) => Some((value, self.origin(&expr, at))),
            Err(e) => {
                let why = match e.kind() {
                    hcl::eval::ErrorKind::NoSuchKey(key) if self.scope.unset.contains_key(key) => {
                        format!(
                            "var.{key} (declared at {}) has no value here: no default, and not in terraform.tfvars, *.auto.tfvars, --var-file or --var",
                            self.scope.unset[key]
                        )
                    }
                    hcl::eval::ErrorKind::NoSuchKey(key) if self.scope.unresolved.contains(key) => format!(
                        "local.{key} cannot be evaluated here: it depends on a value only Terraform knows, or on a variable with no value"
                    ),
                    other => why(other),
                };
                self.notes.push(format!(
                    "{at}: {name} cannot be evaluated here: {why}. Checked with {instead} instead"
                ));
                None
            }
        }
    }

    /// Where a value came from: its line, and the variable's own origin when it is `var.X`.
    fn origin(&self, expr: &Expression, at: String) -> String {
        if let Expression::Traversal(t) = expr {
            if let (Expression::Variable(root), [hcl::expr::TraversalOperator::GetAttr(name)]) =
                (&t.expr, t.operators.as_slice())
            {
                if root.as_str() == "var" {
                    if let Some(v) = self.scope.vars.get(name.as_str()) {
                        return format!("{at}, var.{name} from {}", v.origin);
                    }
                }
            }
        }
        at
    }

    /// The release: an exact `version` or a git source's `ref`; else the one `terraform
    /// init` installed; else the newest the constraint allows, or the newest.
    fn release(&mut self, block: &Block, installed: &[Installed]) {
        let newest = Release::default();
        let mut instead = format!("the newest release, {newest}");
        let mut chosen: Option<(Release, String)> = None;
        if let Some((value, at)) = self.value("version", &instead) {
            let text = scalar(&value).unwrap_or_default();
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
                    chosen = Some((release, at));
                }
                Ok(release) => {
                    instead = format!("{release}, the newest release it allows");
                    self.release_note = Some(format!(
                        "{at}: version = \"{text}\" is a constraint: checked on {instead}; terraform init may have installed an older one (its \"Version\" in .terraform/modules/modules.json)"
                    ));
                    chosen = Some((release, at));
                }
                Err(e) => {
                    self.release_note = Some(format!(
                        "{at}: version = \"{text}\": {e}. Checked on {instead}"
                    ))
                }
            }
        } else {
            let at = self.p.at(block.span());
            let source = attribute(self.body, "source")
                .and_then(|a| eval(&a.value.clone().into(), &self.ctx).ok())
                .and_then(|v| v.as_str().map(str::to_string))
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
                    chosen = Some((release, format!("{at} (the source's ref)")));
                }
                None if source.to_ascii_lowercase().contains(REGISTRY) => {
                    self.release_note = Some(format!(
                        "{at}: the module block has no version: checked on {instead}, the one terraform init takes"
                    ))
                }
                None => {
                    self.release_note = Some(format!(
                        "{at}: the source names no release ({}): checked on {instead}; pass your release with --module-version",
                        git_ref.map_or_else(|| "a local copy or a branch".into(), |r| format!("ref {r}"))
                    ))
                }
            }
        }
        if !self.pinned {
            if let Some(lock) = installed.iter().find(|i| i.label == self.label) {
                self.release_note = Some(format!(
                    "checked on {}, the release terraform init installed ({})",
                    lock.release, lock.from
                ));
                chosen = Some((lock.release.clone(), lock.from.clone()));
            }
        }
        if let Some((release, at)) = chosen {
            self.plan.module_version = release;
            self.sources.push(("module_version", at));
        }
    }

    fn settings(&mut self) {
        // The module's nodepool lists default to empty ([] in every release's variables.tf);
        // khcidr's own defaults (three control planes, two agents) are not the module's.
        self.plan.control_planes.clear();
        self.plan.agents.clear();
        let era = self.plan.module_version.era();
        let defaults = Plan::default();
        // Text for each setting, applied in the table's order with the late ones last.
        let mut found: Vec<(&'static Setting, String, String)> = Vec::new();
        for s in SETTINGS.iter().filter(|s| s.key != "module_version") {
            let Some(name) = (s.variable)(era) else {
                continue;
            };
            let default = (s.get)(&defaults);
            let pools = matches!(s.key, "control_planes" | "agents" | "autoscaler_max");
            let instead = if pools {
                // The module's nodepool lists default to none.
                "no pools, the module's default".to_string()
            } else if default.is_empty() {
                "the release's own value".to_string()
            } else {
                format!("the module's default, {default}")
            };
            if s.key == "vswitch" {
                // Its ID is usually a reference only Terraform knows; being set is what counts.
                if let Some(a) = attribute(self.body, name) {
                    let null = eval(&a.value.clone().into(), &self.ctx).is_ok_and(|v| v.is_null());
                    found.push((s, (!null).to_string(), self.p.at(a.span())));
                }
                continue;
            }
            let Some((value, at)) = self.value(name, &instead) else {
                continue;
            };
            let text = match s.key {
                "control_planes" => self.pools(&value, name, &at, &mut found),
                "agents" => self.pools(&value, name, &at, &mut found),
                "autoscaler_max" => Some(self.autoscaler(&value, name, &at)),
                "nat_router" => Some(self.nat_router(&value)),
                "cni" => self.cni(&value, &at),
                _ => scalar(&value),
            };
            match text {
                Some(text) => found.push((s, text, at)),
                None => self.notes.push(format!(
                    "{at}: {name} is not a single value; checked with {instead}"
                )),
            }
        }
        if let Some(mask) = self.node_mask() {
            if let Some(s) = Setting::by_key("node_mask") {
                found.push((s, mask.0, mask.1));
            }
        }
        found.sort_by_key(|(s, _, _)| s.late);
        for (s, text, at) in found {
            let variable = (s.variable)(era).unwrap_or(s.key);
            match (s.set)(&mut self.plan, &text) {
                Ok(kept) => {
                    if let Some(kept) = kept {
                        self.notes.push(format!("{at}: {variable}: {kept}"));
                    }
                    self.sources.push((s.key, at));
                }
                Err(reason) => self.notes.push(format!(
                    "{at}: {variable} = \"{text}\": {reason}; checked with the module's default, {}",
                    (s.get)(&defaults)
                )),
            }
        }
    }

    /// A nodepool list: node counts per pool (`count`, or the size of a `nodes` map), and
    /// for agents each pool's `nodes` keys and `subnet_ip_range`.
    fn pools(
        &mut self,
        value: &Value,
        name: &str,
        at: &str,
        found: &mut Vec<(&'static Setting, String, String)>,
    ) -> Option<String> {
        let Value::Array(pools) = value else {
            return None;
        };
        let agents = name == "agent_nodepools";
        let (mut counts, mut keys, mut subnets) = (Vec::new(), Vec::new(), Vec::new());
        for (k, pool) in pools.iter().enumerate() {
            let pool = pool.as_object();
            let nodes = pool.and_then(|p| p.get("nodes")).and_then(Value::as_object);
            let n = match (count(pool.and_then(|p| p.get("count"))), nodes) {
                (_, Some(map)) if map.is_empty() => 0,
                (_, Some(map)) => {
                    let numbers: Option<Vec<u32>> = map.keys().map(|k| k.parse().ok()).collect();
                    match numbers {
                        Some(numbers) if agents => keys.push(format!(
                            "{k}={}",
                            numbers.iter().map(u32::to_string).collect::<Vec<_>>().join("/")
                        )),
                        _ if agents => self.notes.push(format!(
                            "{at}: {name}[{k}].nodes has keys that are not numbers; the module needs numbers, and its {} nodes are checked at the first offsets",
                            map.len()
                        )),
                        _ => {}
                    }
                    u32::try_from(map.len()).unwrap_or(u32::MAX)
                }
                (Some(n), None) => n,
                (None, None) => {
                    self.notes.push(format!(
                        "{at}: {name}[{k}] has no count or nodes map that can be read here; checked as 0 nodes"
                    ));
                    0
                }
            };
            counts.push(n.to_string());
            if let Some(range) = pool
                .and_then(|p| p.get("subnet_ip_range"))
                .and_then(Value::as_str)
                .filter(|_| agents)
            {
                subnets.push(format!("{k}={range}"));
            }
        }
        for (key, items) in [("agent_keys", keys), ("agent_subnets", subnets)] {
            if let (false, Some(s)) = (items.is_empty(), Setting::by_key(key)) {
                found.push((s, items.join(","), at.to_string()));
            }
        }
        Some(counts.join(","))
    }

    /// The autoscaler's maximum: every pool's `max_nodes`, summed.
    fn autoscaler(&mut self, value: &Value, name: &str, at: &str) -> String {
        let mut total: u64 = 0;
        if let Value::Array(pools) = value {
            for (k, pool) in pools.iter().enumerate() {
                match count(pool.as_object().and_then(|p| p.get("max_nodes"))) {
                    Some(n) => total += u64::from(n),
                    None => self.notes.push(format!(
                        "{at}: {name}[{k}].max_nodes cannot be read here; counted as 0"
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
    fn cni(&mut self, value: &Value, at: &str) -> Option<String> {
        match value.as_str()? {
            "cilium" => {
                let mode = self
                    .value("cilium_routing_mode", "tunnel, the module's default")
                    .and_then(|(v, _)| v.as_str().map(str::to_string))
                    .unwrap_or_else(|| "tunnel".into());
                Some(format!("cilium-{mode}"))
            }
            "calico" => {
                self.notes.push(format!(
                    "{at}: cni_plugin = \"calico\": pod routes are checked as flannel's (one pod block per node)"
                ));
                Some("flannel".into())
            }
            other => Some(other.to_string()),
        }
    }

    /// The node pod block size from `k3s_exec_server_args`' `node-cidr-mask-size`.
    fn node_mask(&mut self) -> Option<(String, String)> {
        let (value, at) = self.value("k3s_exec_server_args", "no extra k3s arguments")?;
        let args = value.as_str()?.to_string();
        let (_, rest) = args.split_once("node-cidr-mask-size=")?;
        let mask: String = rest.chars().take_while(char::is_ascii_digit).collect();
        Some((mask, at))
    }
}
