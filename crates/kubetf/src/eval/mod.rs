//! Terraform's expression language, evaluated here rather than by a general HCL evaluator,
//! so that every evaluation is bounded and every value keeps Terraform's sensitivity:
//!
//! - every step, every value copied or built and the time spent count against one
//!   [`Budget`]; a value larger than [`MAX_VALUE`] or nested deeper than [`MAX_DEPTH`] stops
//!   the evaluation with a [`Fault::Spent`], never an abort;
//! - arithmetic is checked: a division by zero or a result that is not a finite number is an
//!   error, in templates and directives too;
//! - a value derived from a `sensitive` variable (or from `sensitive()`) is marked, and
//!   no error built from a marked value quotes it;
//! - maps and objects are iterated in key order, as Terraform iterates them.

use std::collections::BTreeMap;

use hcl::expr::{
    BinaryOperator, Conditional, ForExpr, FuncCall, Object, ObjectKey, Operation, TemplateExpr,
    Traversal, TraversalOperator, UnaryOp, UnaryOperator,
};
use hcl::template::{Directive, Element, Strip, Template};
use hcl::{Expression, Identifier, Map};

use crate::functions;
use khcidr_core::t;

mod budget;
mod float;
mod number;
mod references;
mod value;

pub(crate) use budget::measure;
pub use budget::{Budget, Limit, MAX_DEPTH, MAX_VALUE};
pub use float::Num;
use number::arithmetic;
pub use number::{num, trouble};
pub use references::locals_used;
pub use value::{json_out_of_range, Value};

/// A value and whether it derives from a sensitive one.
#[derive(Clone, Debug)]
pub struct Val {
    pub value: Value,
    pub sensitive: bool,
}

impl Val {
    pub fn new(value: Value, sensitive: bool) -> Self {
        Val { value, sensitive }
    }
}

/// Why an expression has no value here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A reference to what only Terraform knows: `data`, `module`, a resource.
    Unknown(String),
    /// `var.NAME` is declared without a value.
    UnsetVar(String),
    /// `local.NAME` could not be evaluated.
    UnresolvedLocal(String),
    /// Terraform refuses it, or it is not evaluated here. `why` never holds a marked value.
    Refused {
        why: khcidr_core::Text,
        sensitive: bool,
    },
    /// A budget ran out.
    Spent(Limit),
}

fn refused(why: khcidr_core::Text, sensitive: bool) -> Fault {
    Fault::Refused { why, sensitive }
}

/// A value with every map in key order, as Terraform iterates maps.
pub fn sorted(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        Value::Object(map) => Value::Object(in_key_order(
            map.into_iter().map(|(k, v)| (k, sorted(v))).collect(),
        )),
        other => other,
    }
}

/// Entries in key order; of a key given twice, the last, as in Terraform.
fn in_key_order(mut entries: Vec<(String, Value)>) -> Map<String, Value> {
    // A stable sort keeps a key's entries in the order written.
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut out: Vec<(String, Value)> = Vec::with_capacity(entries.len());
    for (k, v) in entries {
        if out.last().is_some_and(|(last, _)| *last == k) {
            out.pop();
        }
        out.push((k, v));
    }
    out.into_iter().collect()
}

/// Where names are looked up.
pub struct Env<'a> {
    pub vars: &'a BTreeMap<String, Val>,
    /// Declared variables without a value.
    pub unset: &'a BTreeMap<String, khcidr_core::Text>,
    /// Variables whose value Terraform refuses (not of their type), and why.
    pub invalid: &'a BTreeMap<String, khcidr_core::Text>,
    pub locals: &'a BTreeMap<String, Val>,
    /// Whether `var`, `local` and function calls are allowed: not in `.tfvars` values and
    /// variable defaults, which Terraform reads as constants.
    pub references: bool,
    pub budget: &'a Budget,
}

/// Evaluates a constant, as Terraform reads a `.tfvars` value, a variable's default or a
/// module's `source`: operators and templates, but no `var`, `local` or function call.
pub fn constant(expr: &Expression, budget: &Budget) -> Result<Val, Fault> {
    let none = BTreeMap::new();
    Env {
        vars: &none,
        unset: &BTreeMap::new(),
        invalid: &BTreeMap::new(),
        locals: &none,
        references: false,
        budget,
    }
    .eval(expr)
}

/// A value shown in an error: quoted when short and not sensitive.
pub fn shown(text: &str, sensitive: bool) -> String {
    if sensitive {
        return "(sensitive value)".into();
    }
    let short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        format!("\"{short}…\"")
    } else {
        format!("\"{short}\"")
    }
}

/// Loop variables in scope, innermost last.
type Scope = Vec<(String, Val)>;

impl Env<'_> {
    /// Evaluates `expr`.
    pub fn eval(&self, expr: &Expression) -> Result<Val, Fault> {
        self.expr(expr, &mut Vec::new())
    }

    fn expr(&self, expr: &Expression, scope: &mut Scope) -> Result<Val, Fault> {
        self.budget.charge(1)?;
        let plain = |value| Ok(Val::new(value, false));
        match expr {
            Expression::Null => plain(Value::Null),
            Expression::Bool(b) => plain(Value::Bool(*b)),
            Expression::Number(n) => plain(literal(n)),
            Expression::String(s) => {
                self.budget.charge(s.len())?;
                plain(Value::String(s.clone()))
            }
            Expression::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                let mut sensitive = false;
                for item in items {
                    let v = self.expr(item, scope)?;
                    sensitive |= v.sensitive;
                    out.push(v.value);
                }
                Ok(Val::new(Value::Array(out), sensitive))
            }
            Expression::Object(object) => self.object(object, scope),
            Expression::TemplateExpr(t) => self.template_expr(t, scope),
            Expression::Variable(name) => self.variable(name.as_str(), scope),
            Expression::Traversal(t) => self.traversal(t, scope),
            Expression::FuncCall(call) => self.call(call, scope),
            Expression::Parenthesis(inner) => self.expr(inner, scope),
            Expression::Conditional(c) => self.conditional(c, scope),
            Expression::Operation(op) => match &**op {
                Operation::Unary(u) => self.unary(u, scope),
                Operation::Binary(b) => self.binary(b.operator, &b.lhs_expr, &b.rhs_expr, scope),
            },
            Expression::ForExpr(f) => self.for_expr(f, scope),
            _ => Err(refused(
                t!("this kind of expression is not evaluated here"),
                false,
            )),
        }
    }

    /// An object constructor: each key and value evaluated, in key order.
    fn object(
        &self,
        object: &Object<ObjectKey, Expression>,
        scope: &mut Scope,
    ) -> Result<Val, Fault> {
        let mut entries = Vec::with_capacity(object.len());
        let mut sensitive = false;
        for (key, value) in object {
            let key = match key {
                ObjectKey::Identifier(id) => Val::new(Value::from(id.as_str()), false),
                ObjectKey::Expression(e) => self.expr(e, scope)?,
                _ => return Err(refused(t!("this kind of key is not evaluated here"), false)),
            };
            let name = key_text(&key)?;
            let v = self.expr(value, scope)?;
            sensitive |= key.sensitive || v.sensitive;
            entries.push((name, v.value));
        }
        Ok(Val::new(Value::Object(in_key_order(entries)), sensitive))
    }

    /// `cond ? a : b`: only the chosen side is evaluated.
    fn conditional(&self, c: &Conditional, scope: &mut Scope) -> Result<Val, Fault> {
        let cond = self.expr(&c.cond_expr, scope)?;
        let chosen = if truth(&cond)? {
            &c.true_expr
        } else {
            &c.false_expr
        };
        let mut v = self.expr(chosen, scope)?;
        v.sensitive |= cond.sensitive;
        Ok(v)
    }

    /// `!x` and `-x`.
    fn unary(&self, u: &UnaryOp, scope: &mut Scope) -> Result<Val, Fault> {
        let v = self.expr(&u.expr, scope)?;
        let value = match u.operator {
            UnaryOperator::Not => Value::Bool(!truth(&v)?),
            // cty's Negate: the same number, the other sign, at its precision (-0 too).
            UnaryOperator::Neg => Value::Number(num(&v.value, v.sensitive)?.neg()),
        };
        Ok(Val::new(value, v.sensitive))
    }

    fn binary(
        &self,
        op: BinaryOperator,
        lhs: &Expression,
        rhs: &Expression,
        scope: &mut Scope,
    ) -> Result<Val, Fault> {
        let left = self.expr(lhs, scope)?;
        // `&&` and `||` stop at the first operand that decides, as Terraform 1.12 does.
        match op {
            BinaryOperator::And | BinaryOperator::Or => {
                let l = truth(&left)?;
                if l == (op == BinaryOperator::Or) {
                    return Ok(Val::new(Value::Bool(l), left.sensitive));
                }
                let right = self.expr(rhs, scope)?;
                let r = truth(&right)?;
                return Ok(Val::new(Value::Bool(r), left.sensitive || right.sensitive));
            }
            _ => {}
        }
        let right = self.expr(rhs, scope)?;
        let sensitive = left.sensitive || right.sensitive;
        let value = match op {
            BinaryOperator::Eq => Value::Bool(left.value == right.value),
            BinaryOperator::NotEq => Value::Bool(left.value != right.value),
            BinaryOperator::Less
            | BinaryOperator::LessEq
            | BinaryOperator::Greater
            | BinaryOperator::GreaterEq => {
                let order = num(&left.value, sensitive)?.cmp(&num(&right.value, sensitive)?);
                Value::Bool(match op {
                    BinaryOperator::Less => order.is_lt(),
                    BinaryOperator::LessEq => order.is_le(),
                    BinaryOperator::Greater => order.is_gt(),
                    _ => order.is_ge(),
                })
            }
            _ => arithmetic(op, &left.value, &right.value, sensitive)?,
        };
        Ok(Val::new(value, sensitive))
    }

    fn variable(&self, name: &str, scope: &Scope) -> Result<Val, Fault> {
        if let Some((_, v)) = scope.iter().rev().find(|(n, _)| n == name) {
            self.budget.admit(&v.value)?;
            return Ok(v.clone());
        }
        match name {
            "var" | "local" if self.references => {
                let all = if name == "var" {
                    self.vars
                } else {
                    self.locals
                };
                let sensitive = all.values().any(|v| v.sensitive);
                let value = Value::Object(
                    all.iter()
                        .map(|(k, v)| (k.clone(), v.value.clone()))
                        .collect(),
                );
                self.budget.admit(&value)?;
                Ok(Val::new(value, sensitive))
            }
            _ if !self.references => Err(refused(
                t!("Variables not allowed: a value here must be a constant"),
                false,
            )),
            other => Err(Fault::Unknown(other.to_string())),
        }
    }

    /// `var.NAME` or `local.NAME`, without copying every other one.
    fn named(&self, root: &str, name: &str) -> Option<Result<Val, Fault>> {
        if !self.references {
            return None;
        }
        let found = match root {
            "var" => self.vars.get(name).ok_or_else(|| {
                if let Some(why) = self.invalid.get(name) {
                    refused(why.clone(), false)
                } else if self.unset.contains_key(name) {
                    Fault::UnsetVar(name.to_string())
                } else {
                    refused(
                        t!("there is no variable \"{0}\" declared (Reference to undeclared input variable)", name),
                        false,
                    )
                }
            }),
            "local" => self
                .locals
                .get(name)
                .ok_or_else(|| Fault::UnresolvedLocal(name.to_string())),
            _ => return None,
        };
        Some(found.and_then(|v| {
            self.budget.admit(&v.value)?;
            Ok(v.clone())
        }))
    }

    fn traversal(&self, t: &Traversal, scope: &mut Scope) -> Result<Val, Fault> {
        let mut ops: &[TraversalOperator] = &t.operators;
        let base = match (&t.expr, ops.first()) {
            (Expression::Variable(root), Some(TraversalOperator::GetAttr(name)))
                if !scope.iter().any(|(n, _)| n == root.as_str()) =>
            {
                match self.named(root.as_str(), name.as_str()) {
                    Some(found) => {
                        ops = &ops[1..];
                        found?
                    }
                    None => self.expr(&t.expr, scope)?,
                }
            }
            _ => self.expr(&t.expr, scope)?,
        };
        self.apply(base, ops, scope, 0)
    }

    /// Applies traversal operators; each splat applies the rest to every element, one level
    /// deeper, at most [`MAX_DEPTH`] levels.
    fn apply(
        &self,
        mut v: Val,
        ops: &[TraversalOperator],
        scope: &mut Scope,
        splats: usize,
    ) -> Result<Val, Fault> {
        if splats > MAX_DEPTH {
            return Err(self.budget.stop(Limit::Depth));
        }
        let mut i = 0;
        while i < ops.len() {
            self.budget.charge(1)?;
            match &ops[i] {
                TraversalOperator::GetAttr(name) => {
                    v.value = attr(v.value, name.as_str(), v.sensitive)?;
                }
                TraversalOperator::Index(e) => {
                    let key = self.expr(e, scope)?;
                    v.sensitive |= key.sensitive;
                    v.value = index(v.value, &key.value, v.sensitive)?;
                }
                TraversalOperator::LegacyIndex(n) => {
                    v.value = index(v.value, &Value::from(*n), v.sensitive)?;
                }
                TraversalOperator::AttrSplat | TraversalOperator::FullSplat => {
                    let full = matches!(ops[i], TraversalOperator::FullSplat);
                    let rest = &ops[i + 1..];
                    let n = if full {
                        rest.len()
                    } else {
                        rest.iter()
                            .take_while(|o| matches!(o, TraversalOperator::GetAttr(_)))
                            .count()
                    };
                    let each = &rest[..n];
                    let items = match v.value {
                        Value::Array(items) => items,
                        Value::Null => Vec::new(),
                        other => vec![other],
                    };
                    let mut out = Vec::with_capacity(items.len());
                    for item in items {
                        let r = self.apply(Val::new(item, v.sensitive), each, scope, splats + 1)?;
                        v.sensitive |= r.sensitive;
                        out.push(r.value);
                    }
                    v.value = Value::Array(out);
                    i += n;
                }
            }
            i += 1;
        }
        Ok(v)
    }

    fn call(&self, call: &FuncCall, scope: &mut Scope) -> Result<Val, Fault> {
        let name = call.name.name.as_str();
        if let (LITERAL, [Expression::String(written)]) = (name, call.args.as_slice()) {
            return Num::parse(written)
                .map_err(|why| refused(trouble(why), false))
                .map(|n| Val::new(n.map_or(Value::Null, Value::Number), false));
        }
        if !self.references {
            return Err(refused(
                t!("Function calls not allowed: a value here must be a constant"),
                false,
            ));
        }
        if !call.name.namespace.is_empty() {
            return Err(refused(
                t!("the provider function {0}() is not evaluated here", name),
                false,
            ));
        }
        // Functions that decide what to evaluate.
        match name {
            "try" => return self.attempt(&call.args, scope),
            "can" => {
                let [arg] = call.args.as_slice() else {
                    return Err(refused(t!("can() takes exactly one argument"), false));
                };
                return match self.expr(arg, scope) {
                    Ok(v) => Ok(Val::new(Value::Bool(true), v.sensitive)),
                    Err(Fault::Refused { sensitive, .. }) => {
                        Ok(Val::new(Value::Bool(false), sensitive))
                    }
                    Err(other) => Err(other),
                };
            }
            _ => {}
        }
        let (args, sensitive) = self.arguments(call, scope)?;
        match name {
            "sensitive" | "nonsensitive" => {
                let [value] = <[Value; 1]>::try_from(args)
                    .map_err(|_| refused(t!("{0}() takes exactly one argument", name), false))?;
                return Ok(Val::new(value, name == "sensitive"));
            }
            _ => {}
        }
        let value = functions::call(name, &args, self.budget).map_err(|f| match f {
            Fault::Refused { .. } if sensitive => refused(
                t!(
                    "{0}() refused a value derived from a sensitive variable",
                    name
                ),
                true,
            ),
            Fault::Refused { why, .. } => refused(t!("{0}(): {1}", name, &why), false),
            other => other,
        })?;
        self.budget.admit(&value)?;
        Ok(Val::new(value, sensitive))
    }

    /// A call's arguments, evaluated in order, a final `...` list expanded; and whether any
    /// derives from a sensitive value.
    fn arguments(&self, call: &FuncCall, scope: &mut Scope) -> Result<(Vec<Value>, bool), Fault> {
        let name = call.name.name.as_str();
        let mut args = Vec::with_capacity(call.args.len());
        let mut sensitive = false;
        for (k, arg) in call.args.iter().enumerate() {
            let v = self.expr(arg, scope)?;
            sensitive |= v.sensitive;
            if call.expand_final && k + 1 == call.args.len() {
                match v.value {
                    Value::Array(items) => args.extend(items),
                    _ => {
                        return Err(refused(
                            t!("{0}(): the argument before ... must be a list", name),
                            sensitive,
                        ))
                    }
                }
            } else {
                args.push(v.value);
            }
        }
        Ok((args, sensitive))
    }

    /// `try(a, b, ...)`: the first argument that has a value.
    fn attempt(&self, args: &[Expression], scope: &mut Scope) -> Result<Val, Fault> {
        let mut last = refused(t!("try() needs at least one argument"), false);
        for arg in args {
            match self.expr(arg, scope) {
                Ok(v) => return Ok(v),
                Err(Fault::Spent(limit)) => return Err(Fault::Spent(limit)),
                Err(e @ Fault::Refused { .. }) => last = e,
                // Unknown until Terraform evaluates it: so is the whole call.
                Err(other) => return Err(other),
            }
        }
        Err(match last {
            Fault::Refused { sensitive, .. } => refused(
                t!("try(): no argument could be evaluated (Terraform: \"no expression succeeded\")"),
                sensitive,
            ),
            other => other,
        })
    }

    fn template_expr(&self, t: &TemplateExpr, scope: &mut Scope) -> Result<Val, Fault> {
        let source = match t {
            TemplateExpr::QuotedString(s) => s.len(),
            TemplateExpr::Heredoc(h) => h.template.len(),
        };
        self.budget.charge(source)?;
        let template = Template::from_expr(t)
            .map_err(|_| refused(t!("the string template cannot be read"), false))?;
        // A template that is one interpolation and nothing else gives that value as it is.
        if let [Element::Interpolation(only)] = template.elements() {
            return self.expr(&only.expr, scope);
        }
        let mut out = Text::default();
        self.template(&template, Strip::None, Strip::None, scope, &mut out)?;
        Ok(Val::new(Value::String(out.text), out.sensitive))
    }

    fn template(
        &self,
        template: &Template,
        before: Strip,
        after: Strip,
        scope: &mut Scope,
        out: &mut Text,
    ) -> Result<(), Fault> {
        let elements = template.elements();
        for (k, element) in elements.iter().enumerate() {
            let prev = if k == 0 {
                before
            } else {
                strip(&elements[k - 1])
            };
            let next = elements.get(k + 1).map_or(after, strip);
            match element {
                Element::Literal(text) => {
                    let text = strip_literal(text, prev, next);
                    out.push(text, false, self.budget)?;
                }
                Element::Interpolation(i) => {
                    let v = self.expr(&i.expr, scope)?;
                    let text = template_text(&v)?;
                    out.push(&text, v.sensitive, self.budget)?;
                }
                Element::Directive(d) => self.directive(d, scope, out)?,
            }
        }
        Ok(())
    }

    /// A template's `%{if}` or `%{for}` directive, written into `out`.
    fn directive(&self, d: &Directive, scope: &mut Scope, out: &mut Text) -> Result<(), Fault> {
        match d {
            Directive::If(d) => {
                let cond = self.expr(&d.cond_expr, scope)?;
                out.sensitive |= cond.sensitive;
                if truth(&cond)? {
                    let end = if d.false_template.is_some() {
                        d.else_strip
                    } else {
                        d.endif_strip
                    };
                    self.template(&d.true_template, d.if_strip, end, scope, out)?;
                } else if let Some(f) = &d.false_template {
                    self.template(f, d.else_strip, d.endif_strip, scope, out)?;
                }
            }
            Directive::For(d) => {
                let collection = self.expr(&d.collection_expr, scope)?;
                out.sensitive |= collection.sensitive;
                for (key, value) in pairs(collection.value, collection.sensitive)? {
                    let depth = scope.len();
                    bind(
                        scope,
                        d.key_var.as_ref(),
                        &d.value_var,
                        key,
                        value,
                        collection.sensitive,
                    );
                    let r = self.template(&d.template, d.for_strip, d.endfor_strip, scope, out);
                    scope.truncate(depth);
                    r?;
                }
            }
        }
        Ok(())
    }

    fn for_expr(&self, f: &ForExpr, scope: &mut Scope) -> Result<Val, Fault> {
        let collection = self.expr(&f.collection_expr, scope)?;
        let mut sensitive = collection.sensitive;
        let mut list = Vec::new();
        let mut object: BTreeMap<String, Value> = BTreeMap::new();
        for (key, value) in pairs(collection.value, collection.sensitive)? {
            self.budget.charge(1)?;
            let depth = scope.len();
            bind(
                scope,
                f.key_var.as_ref(),
                &f.value_var,
                key,
                value,
                collection.sensitive,
            );
            let r = self.for_item(f, scope, &mut sensitive, &mut list, &mut object);
            scope.truncate(depth);
            r?;
        }
        let value = if f.key_expr.is_some() {
            Value::Object(object.into_iter().collect())
        } else {
            Value::Array(list)
        };
        self.budget.admit(&value)?;
        Ok(Val::new(value, sensitive))
    }

    fn for_item(
        &self,
        f: &ForExpr,
        scope: &mut Scope,
        sensitive: &mut bool,
        list: &mut Vec<Value>,
        object: &mut BTreeMap<String, Value>,
    ) -> Result<(), Fault> {
        if let Some(cond) = &f.cond_expr {
            let c = self.expr(cond, scope)?;
            *sensitive |= c.sensitive;
            if !truth(&c)? {
                return Ok(());
            }
        }
        let value = self.expr(&f.value_expr, scope)?;
        *sensitive |= value.sensitive;
        let Some(key_expr) = &f.key_expr else {
            list.push(value.value);
            return Ok(());
        };
        let key = self.expr(key_expr, scope)?;
        *sensitive |= key.sensitive;
        let name = key_text(&key)?;
        match object.get_mut(&name) {
            Some(Value::Array(group)) if f.grouping => group.push(value.value),
            Some(_) => {
                return Err(refused(
                    t!(
                        "two items give the key {0} (Duplicate object key); add ... after the value to group them",
                        shown(&name, key.sensitive)
                    ),
                    key.sensitive,
                ))
            }
            None if f.grouping => {
                object.insert(name, Value::Array(vec![value.value]));
            }
            None => {
                object.insert(name, value.value);
            }
        }
        Ok(())
    }
}

/// A `for`'s variables for one item, in scope until the caller truncates it back.
fn bind(
    scope: &mut Scope,
    key_var: Option<&Identifier>,
    value_var: &Identifier,
    key: Value,
    value: Value,
    sensitive: bool,
) {
    if let Some(k) = key_var {
        scope.push((k.to_string(), Val::new(key, sensitive)));
    }
    scope.push((value_var.to_string(), Val::new(value, sensitive)));
}

/// A template's text as it is built, charged as it grows.
#[derive(Default)]
struct Text {
    text: String,
    sensitive: bool,
}

impl Text {
    fn push(&mut self, s: &str, sensitive: bool, budget: &Budget) -> Result<(), Fault> {
        budget.room(self.text.len() + s.len())?;
        budget.charge(s.len())?;
        self.text.push_str(s);
        self.sensitive |= sensitive;
        Ok(())
    }
}

fn strip(element: &Element) -> Strip {
    match element {
        Element::Literal(_) => Strip::None,
        Element::Interpolation(i) => i.strip,
        Element::Directive(d) => {
            let (start, end) = match &**d {
                Directive::If(d) => (d.if_strip, d.endif_strip),
                Directive::For(d) => (d.for_strip, d.endfor_strip),
            };
            Strip::from((start.strip_start(), end.strip_end()))
        }
    }
}

/// A literal with the whitespace a neighbouring `~` strips, up to and including one line break.
fn strip_literal(mut literal: &str, prev: Strip, next: Strip) -> &str {
    let space = |c: char| c.is_whitespace() && c != '\r' && c != '\n';
    if prev.strip_end() {
        literal = literal.trim_start_matches(space);
        literal = literal
            .strip_prefix("\r\n")
            .or_else(|| literal.strip_prefix('\n'))
            .unwrap_or(literal);
    }
    if next.strip_start() {
        literal = literal.trim_end_matches(space);
        literal = literal
            .strip_suffix("\r\n")
            .or_else(|| literal.strip_suffix('\n'))
            .unwrap_or(literal);
    }
    literal
}

/// A collection's keys and values: a list's indexes, a map's keys in order.
fn pairs(value: Value, sensitive: bool) -> Result<Vec<(Value, Value)>, Fault> {
    match value {
        Value::Array(items) => Ok(items
            .into_iter()
            .enumerate()
            .map(|(k, v)| (Value::from(k), v))
            .collect()),
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(entries
                .into_iter()
                .map(|(k, v)| (Value::from(k), v))
                .collect())
        }
        _ => Err(refused(
            t!("a for expression needs a list, set, map or object to walk"),
            sensitive,
        )),
    }
}

/// An object key as Terraform converts it: a string, a number or a bool.
pub(crate) fn key_text(key: &Val) -> Result<String, Fault> {
    match &key.value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        _ => Err(refused(t!("a key must be a string"), key.sensitive)),
    }
}

/// A condition as Terraform converts it: a bool, or the strings "true" and "false".
fn truth(v: &Val) -> Result<bool, Fault> {
    match &v.value {
        Value::Bool(b) => Ok(*b),
        Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
        Value::Null => Err(refused(t!("a condition is null"), v.sensitive)),
        _ => Err(refused(
            t!("a condition must be true or false"),
            v.sensitive,
        )),
    }
}

fn attr(value: Value, name: &str, sensitive: bool) -> Result<Value, Fault> {
    match value {
        Value::Object(mut map) => map.swap_remove(name).ok_or_else(|| {
            refused(
                t!(
                    "there is no attribute \"{0}\" (Unsupported attribute)",
                    name
                ),
                sensitive,
            )
        }),
        Value::Null => Err(refused(
            t!("cannot read .{0} of a null value", name),
            sensitive,
        )),
        _ => Err(refused(
            t!("cannot read .{0}: the value is not an object", name),
            sensitive,
        )),
    }
}

fn index(value: Value, key: &Value, sensitive: bool) -> Result<Value, Fault> {
    match value {
        Value::Array(mut items) => {
            let n = num(key, sensitive)?;
            match n.as_i64().and_then(|i| usize::try_from(i).ok()) {
                Some(i) if i < items.len() => Ok(items.swap_remove(i)),
                _ => Err(refused(
                    t!(
                        "the index {0} is not in a list of {1} elements (Invalid index)",
                        // Terraform's text of a number: "5", "0.5", never an exponent.
                        shown(&n.to_string(), sensitive),
                        items.len()
                    ),
                    sensitive,
                )),
            }
        }
        Value::Object(mut map) => {
            let name = key_text(&Val::new(key.clone(), sensitive))?;
            map.swap_remove(&name).ok_or_else(|| {
                refused(
                    t!(
                        "the key {0} is not in the map (Invalid index)",
                        shown(&name, sensitive)
                    ),
                    sensitive,
                )
            })
        }
        Value::Null => Err(refused(t!("cannot index a null value"), sensitive)),
        _ => Err(refused(
            t!("only a list or a map can be indexed"),
            sensitive,
        )),
    }
}

/// A number literal as Terraform reads it: its text at 512 bits. The parser keeps a float64,
/// whose shortest text reads as the literal itself wherever the float64 holds it; [`tree`]
/// carries the literal's own text where it does not.
fn literal(n: &hcl::Number) -> Value {
    match Num::parse(&n.to_string()) {
        Ok(Some(n)) => Value::Number(n),
        _ => Value::Null,
    }
}

/// The name a number literal's own text travels under, as a call no file can write (a name
/// has no blank).
const LITERAL: &str = "number literal";

/// The expression as the evaluator reads it. A number literal a float64 does not hold
/// (`9007199254740993.0`, `100000000000000000001`) keeps its text, so that it is read at
/// Terraform's 512 bits rather than rounded by the parser first.
pub fn tree(expr: &hcl_edit::expr::Expression) -> Expression {
    use hcl_edit::expr::{Expression as Edit, FuncArgs, FuncCall, FuncName};
    use hcl_edit::visit_mut::{visit_expr_mut, VisitMut};
    struct Exact;
    impl VisitMut for Exact {
        fn visit_expr_mut(&mut self, node: &mut Edit) {
            let Edit::Number(n) = node else {
                return visit_expr_mut(self, node);
            };
            let Some(written) = n.as_repr() else { return };
            let written: String = written.chars().filter(|c| !c.is_whitespace()).collect();
            let exact = Num::parse(&written);
            let parsed = Num::parse(&n.value().to_string());
            let held = match (exact, parsed) {
                (Ok(Some(exact)), Ok(Some(parsed))) => {
                    exact.cmp(&parsed).is_eq() && exact.sign_bit() == parsed.sign_bit()
                }
                _ => false,
            };
            if !held {
                let name = FuncName::new(hcl_edit::Ident::new_unchecked(LITERAL));
                let args = FuncArgs::from(vec![Edit::from(written)]);
                *node = Edit::FuncCall(Box::new(FuncCall::new(name, args)));
            }
        }
    }
    let mut expr = expr.clone();
    Exact.visit_expr_mut(&mut expr);
    expr.into()
}

/// An interpolation's value as template text: strings, numbers and bools; null, lists and
/// objects refused as Terraform refuses them.
fn template_text(v: &Val) -> Result<String, Fault> {
    Ok(match &v.value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        Value::Null => {
            return Err(refused(
                t!("a null value cannot be put into a string template"),
                v.sensitive,
            ))
        }
        _ => {
            return Err(refused(
                t!("a list or object cannot be put into a string template (string required)"),
                v.sensitive,
            ))
        }
    })
}

#[cfg(test)]
mod tests {
    use super::budget::{thousands, MAX_MILLIS, MAX_STEPS, MAX_VALUE};
    use super::*;
    use std::cell::Cell;

    #[test]
    fn each_limit_names_itself_in_words() {
        assert_eq!(
            Limit::Steps.describe().en(),
            "evaluation stopped after 4,000,000 steps"
        );
        assert_eq!(
            Limit::Size.describe().en(),
            "evaluation stopped: a value larger than 1,048,576 units (bytes of text or elements)"
        );
        assert_eq!(
            Limit::Depth.describe().en(),
            "evaluation stopped: a value nested more than 64 levels deep"
        );
        assert_eq!(
            Limit::Time.describe().en(),
            "evaluation stopped after 1000 ms"
        );
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
    }

    /// Evaluates `text` where `var.secret` is sensitive, `var.n` is 3, `local.x` is "a" and
    /// `local.l` is a list of two objects: the value and whether it is marked, or the fault.
    fn run(text: &str, references: bool) -> Result<(Value, bool), Fault> {
        let expr =
            tree(&hcl_edit::parser::parse_expr(text).unwrap_or_else(|e| panic!("{text}: {e}")));
        let vars: BTreeMap<String, Val> = [
            ("secret".to_string(), Val::new(Value::from("s3cret"), true)),
            ("n".to_string(), Val::new(Value::from(3), false)),
        ]
        .into_iter()
        .collect();
        let list = Value::Array(vec![
            Value::Object([("a".to_string(), Value::from(1))].into_iter().collect()),
            Value::Object([("a".to_string(), Value::from(2))].into_iter().collect()),
        ]);
        let locals: BTreeMap<String, Val> = [
            ("x".to_string(), Val::new(Value::from("a"), false)),
            ("l".to_string(), Val::new(list, false)),
        ]
        .into_iter()
        .collect();
        let unset = [("u".to_string(), khcidr_core::t!("kube.tf:1"))]
            .into_iter()
            .collect();
        let budget = Budget::new(None);
        Env {
            vars: &vars,
            unset: &unset,
            invalid: &BTreeMap::new(),
            locals: &locals,
            references,
            budget: &budget,
        }
        .eval(&expr)
        .map(|v| (v.value, v.sensitive))
    }

    fn value(text: &str) -> Value {
        run(text, true)
            .unwrap_or_else(|f| panic!("{text}: {f:?}"))
            .0
    }

    fn marked(text: &str) -> bool {
        run(text, true)
            .unwrap_or_else(|f| panic!("{text}: {f:?}"))
            .1
    }

    fn why(text: &str) -> String {
        match run(text, true) {
            Err(Fault::Refused { why, .. }) => why.en(),
            other => panic!("{text}: {other:?}"),
        }
    }

    #[test]
    fn terraforms_operators() {
        for (text, want) in [
            ("1 < 2", true),
            ("2 < 2", false),
            ("2 <= 2", true),
            ("3 <= 2", false),
            ("3 > 2", true),
            ("2 > 2", false),
            ("2 >= 2", true),
            ("1 >= 2", false),
            ("\"10\" > 9", true),
            ("9007199254740993 > 9007199254740992", true),
            ("1.5 < 2", true),
            ("true && false", false),
            ("true && true", true),
            ("false || true", true),
            ("false || false", false),
            // Short-circuit, as Terraform 1.12: the other side is never evaluated.
            ("false && 1 / 0 == 1", false),
            ("true || 1 / 0 == 1", true),
            ("!false", true),
            ("1 == 1", true),
            ("1 != 1", false),
            ("\"true\" ? true : false", true),
        ] {
            assert_eq!(value(text), Value::Bool(want), "{text}");
        }
        assert_eq!(value("-var.n"), Value::from(-3));
        assert_eq!(value("7 / 2"), Value::from(3.5));
        assert_eq!(value("8 / 2"), Value::from(4));
        assert_eq!(value("-7 % 3"), Value::from(-1));
        // Exact past 2^53 too: Terraform's numbers have 512 bits.
        assert_eq!(
            value("9007199254740994 / 2"),
            Value::from(4503599627370497_i64)
        );
        let text = |v: Value| match v {
            Value::Number(n) => Ok(Some(n.to_string())),
            other => Err(other),
        };
        assert_eq!(
            text(value("9007199254740993 / 2")),
            Ok(Some("4503599627370496.5".into()))
        );
        assert_eq!(value("0.1 + 0.2 == 0.3"), Value::Bool(true));
        assert_eq!(value("2 / 3 == 0.6666666666666666"), Value::Bool(false));
        assert_eq!(why("null + 1"), "a number is required, not null");
        assert_eq!(why("null ? 1 : 2"), "a condition is null");
        assert_eq!(why("1 ? 1 : 2"), "a condition must be true or false");
        assert_eq!(why("null.x"), "cannot read .x of a null value");
        assert_eq!(why("1.x"), "cannot read .x: the value is not an object");
        assert_eq!(why("null[0]"), "cannot index a null value");
        assert_eq!(why("1[0]"), "only a list or a map can be indexed");
        assert_eq!(
            why("{ a = 1 }.b"),
            "there is no attribute \"b\" (Unsupported attribute)"
        );
        assert_eq!(
            why("[1, 2][5]"),
            "the index \"5\" is not in a list of 2 elements (Invalid index)"
        );
        assert!(why("[1, 2][-1]").contains("\"-1\""));
        assert!(why("[1, 2][0.5]").contains("\"0.5\""));
        assert_eq!(value("[1, 2][\"1\"]"), Value::from(2));
        // As Terraform: a number over zero is an infinity, zero over zero an error.
        assert_eq!(text(value("-1 / 0")), Ok(Some("-Inf".into())));
        assert_eq!(
            why("0 / 0"),
            "can't divide zero by zero or infinity by infinity"
        );
        // Terraform's `a % 0` is `a` (c03864: `5 % 0.0 + 1` is 6).
        assert_eq!(value("1 % 0"), Value::from(1));
        assert_eq!(value("\"7\" % 0"), Value::from(7));
        assert_eq!(value("-1.5 % 0"), Value::from(-1.5));
    }

    /// Values go-cty 1.16.2 gives (Terraform 1.11's; run on Go's math/big for these cases).
    #[test]
    fn numbers_and_format_as_cty_gives_them() {
        let text = |expr: &str| match value(expr) {
            Value::String(s) => s,
            Value::Number(n) => n.to_string(),
            other => panic!("{expr}: {other:?}"),
        };
        for (expr, want) in [
            // `*` keeps what the product needs (cty's Multiply: MinPrec).
            (
                r#"parseint("4294967297", 10) * parseint("4294967297", 10)"#,
                "18446744082299486209",
            ),
            (
                "pow(2, 0.5) * pow(2, 0.5)",
                "2.00000000000000027343234630647693",
            ),
            (r#"format("%f", 1 / 0)"#, "+Inf"),
            (r#"format("%08.2e", 1 / 0)"#, "    +Inf"),
            (r#"format("%05v", -1.5)"#, "0-1.5"),
            (r#"format("%.0s", "abc")"#, "abc"),
            (r#"format("%.2v", "hello")"#, "hello"),
            (r#"format("%.2s", "hello")"#, "he"),
            (r#"format("%q", "<&>")"#, r#""\u003c\u0026\u003e""#),
            (r#"format("%5t", true)"#, "true"),
            (r#"format("%v", 1000000)"#, "1e+06"),
            (r#"format("%06.2f", -1.5)"#, "-01.50"),
            ("length(range(0, 0, 0))", "0"),
        ] {
            assert_eq!(text(expr), want, "{expr}");
        }
        for (expr, want) in [
            ("range(0, 5, 0)", "more than 1024 values were generated"),
            ("range(5, 0, 0)", "end must be greater than start when step is positive"),
            ("range(0, 5, -1)", "end must be less than start when step is negative"),
            (r#"pow(tonumber("1e400"), 0)"#, "value must be between -179769313486231570814527423731704356798070567525844996598917476803157260780028538760589558632766878171540458953514382464234321326889464182768467546703537516986049910576551282076245490090389328944075868508455133942304583236903222948165808559332123348274797826204144723168738177180919299881250404026184124858368.000000 and"),
            (r#"jsondecode("123456789012345678901")"#, "not read exactly"),
            (r#"jsondecode("[1e400]")"#, "not read exactly"),
        ] {
            assert!(why(expr).contains(want), "{expr}: {}", why(expr));
        }
    }

    #[test]
    fn references_and_their_marks() {
        assert_eq!(value("var.n + 1"), Value::from(4));
        assert_eq!(value("local.x"), Value::from("a"));
        assert_eq!(value("length(var)"), Value::from(2));
        assert_eq!(value("length(local)"), Value::from(2));
        assert!(marked("length(var)"), "var whole holds a sensitive value");
        assert!(!marked("length(local)"));
        assert_eq!(value("local.l[*].a"), Value::from(vec![1, 2]));
        assert_eq!(value("local.l.*.a"), Value::from(vec![1, 2]));
        assert_eq!(value("local.l[1].a"), Value::from(2));
        // A loop variable named like a root shadows it.
        assert_eq!(value("[for var in [5] : var][0]"), Value::from(5));
        assert_eq!(
            value("[for local in [{ x = 7 }] : local.x][0]"),
            Value::from(7)
        );
        assert_eq!(run("var.u", true), Err(Fault::UnsetVar("u".into())));
        assert_eq!(
            run("local.y", true),
            Err(Fault::UnresolvedLocal("y".into()))
        );
        assert_eq!(run("data.x.y", true), Err(Fault::Unknown("data".into())));
        assert!(why("var.nope").contains("Reference to undeclared input variable"));
        // Marks follow the value through every construct.
        for text in [
            "var.secret",
            "{ k = var.secret }",
            "{ (var.secret) = 1 }",
            "[var.secret]",
            "\"x${var.secret}\"",
            "var.secret == \"\" ? 1 : 2",
            "true ? var.secret : 1",
            "!(var.secret == \"\")",
            "var.secret == \"\" && true",
            "false || var.secret == \"\"",
            "length(var.secret) < 1",
            "{ a = 1 }[var.secret == \"\" ? \"b\" : \"a\"]",
            "[{ a = 1 }][*][var.secret == \"\" ? \"b\" : \"a\"]",
            "[for x in [var.secret] : x]",
            "[for x in [1] : var.secret]",
            "{ for x in [1] : x => var.secret }",
            "[for x in [1] : x if var.secret != \"\"]",
            "\"%{ if var.secret == \"\" }a%{ endif }\"",
            "\"%{ for x in [var.secret] }${x}%{ endfor }\"",
            // How many times the text repeats says how long the sensitive list is.
            "\"%{ for x in [var.secret] }a%{ endfor }\"",
            "upper(var.secret)",
            "sensitive(1)",
            "can(var.secret)",
            "try(var.secret, 1)",
        ] {
            assert!(marked(text), "{text}");
        }
        for text in [
            "1",
            "local.x",
            "nonsensitive(var.secret)",
            "[for x in [1] : x]",
        ] {
            assert!(!marked(text), "{text}");
        }
        // An error built from a marked value never quotes it.
        for text in [
            "local.l[var.secret]",
            "{ a = 1 }[var.secret]",
            "cidrhost(var.secret, 1)",
            "tonumber(var.secret)",
            "var.secret + 1",
            "{ for x in [1, 1] : var.secret => x }",
        ] {
            let why = match run(text, true) {
                Err(Fault::Refused { why, sensitive }) => {
                    assert!(sensitive, "{text}");
                    why.en()
                }
                other => panic!("{text}: {other:?}"),
            };
            assert!(!why.contains("s3cret"), "{text}: {why}");
        }
    }

    #[test]
    fn constants_refuse_references_and_calls() {
        assert_eq!(run("1 + 2", false), Ok((Value::from(3), false)));
        assert_eq!(run("\"a${1 + 1}\"", false), Ok((Value::from("a2"), false)));
        for text in ["var.n", "local.x", "x"] {
            match run(text, false) {
                Err(Fault::Refused { why, .. }) => {
                    assert!(why.en().starts_with("Variables not allowed"), "{text}")
                }
                other => panic!("{text}: {other:?}"),
            }
        }
        match run("upper(\"a\")", false) {
            Err(Fault::Refused { why, .. }) => {
                assert!(why.en().starts_with("Function calls not allowed"))
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn splats_nest_up_to_the_depth_limit() {
        let chain = |n: usize| format!("[[1]]{}", "[*]".repeat(n));
        assert!(run(&chain(MAX_DEPTH), true).is_ok());
        assert_eq!(
            run(&chain(MAX_DEPTH + 2), true),
            Err(Fault::Spent(Limit::Depth))
        );
    }

    #[test]
    fn objects_and_for_expressions_in_terraforms_order() {
        assert_eq!(value("keys({ b = 1, a = 2 })"), Value::from(vec!["a", "b"]));
        // A key given twice: the last one, as in Terraform.
        assert_eq!(value("{ a = 1, (\"a\") = 2 }.a"), Value::from(2));
        assert_eq!(
            value("[for k, v in { b = 1, a = 2 } : k]"),
            Value::from(vec!["a", "b"])
        );
        assert_eq!(
            value("{ for x in [\"a\", \"b\", \"a\"] : x => x... }.a"),
            Value::from(vec!["a", "a"])
        );
        assert!(why("{ for x in [\"a\", \"a\"] : x => x }").contains("Duplicate object key"));
        assert!(why("{ for x in [\"a\", \"a\"] : x => [x] }").contains("Duplicate object key"));
        assert_eq!(value("[for i, x in [\"p\", \"q\"] : i][1]"), Value::from(1));
        assert_eq!(
            value("try(local.l[5], \"fallback\")"),
            Value::from("fallback")
        );
        assert_eq!(value("can(local.l[5])"), Value::Bool(false));
        assert_eq!(value("max([1, 9, 4]...)"), Value::from(9));
        assert_eq!(value("\"a ${~ \"b\" ~} c\""), Value::from("abc"));
    }

    #[test]
    fn templates_as_terraform_renders_them() {
        assert_eq!(value("\"${true}-${1.5}-${2}\""), Value::from("true-1.5-2"));
        // Text grows by what is added, up to the size limit, not past it.
        let long = format!("\"{}${{\"{}\"}}\"", "a".repeat(2000), "b".repeat(1000));
        assert_eq!(
            value(&long),
            Value::from("a".repeat(2000) + &"b".repeat(1000))
        );
        // A template that is one interpolation is its value, unconverted.
        assert_eq!(value("\"${var.n}\""), Value::from(3));
        assert!(why("\"a${null}\"").contains("null"));
        assert!(why("\"a${[1]}\"").contains("string required"));
        assert_eq!(value("\"x %{ if true ~} y%{ endif }\""), Value::from("x y"));
        assert_eq!(value("\"x %{~ if true } y%{ endif }\""), Value::from("x y"));
        assert_eq!(
            value("\"<%{ if false }a%{ else }b%{ endif }>\""),
            Value::from("<b>")
        );
        assert_eq!(
            value("\"%{ for k, v in { b = 2, a = 1 } }${k}=${v};%{ endfor }\""),
            Value::from("a=1;b=2;")
        );
        assert_eq!(value("<<-EOT\n  a${1 + 1}\n  EOT"), Value::from("a2\n"));
        // A strip marker takes the blanks beside it.
        assert_eq!(value("\"a\\t ${~ 1}\""), Value::from("a1"));
        // Object keys from numbers and bools, as strings.
        assert_eq!(value("{ (true) = 1, (2) = 3 }[\"true\"]"), Value::from(1));
        assert_eq!(value("{ (true) = 1, (2) = 3 }[\"2\"]"), Value::from(3));
    }

    thread_local! {
        static NOW: Cell<f64> = const { Cell::new(0.0) };
    }

    fn fake_clock() -> f64 {
        NOW.with(Cell::get)
    }

    #[test]
    fn the_step_budget_holds_exactly_its_steps_and_then_stops_everything() {
        let budget = Budget::new(None);
        assert_eq!(budget.charge(MAX_STEPS as usize - 1), Ok(()));
        assert_eq!(budget.charge(1), Ok(()));
        assert_eq!(budget.charge(1), Err(Fault::Spent(Limit::Steps)));
        // Spent is spent: nothing more is evaluated, whatever it costs.
        assert_eq!(budget.charge(0), Err(Fault::Spent(Limit::Steps)));
        assert_eq!(budget.admit(&Value::Null), Err(Fault::Spent(Limit::Steps)));
    }

    #[test]
    fn the_clock_is_read_as_work_crosses_each_4096_units() {
        NOW.with(|n| n.set(5000.0));
        let budget = Budget::new(Some(fake_clock));
        NOW.with(|n| n.set(5000.0 + MAX_MILLIS));
        // Exactly the time allowed: still going.
        assert_eq!(budget.charge(4096), Ok(()));
        NOW.with(|n| n.set(5000.5 + MAX_MILLIS));
        // Within the same 4096 units the clock is not read.
        assert_eq!(budget.charge(100), Ok(()));
        assert_eq!(budget.charge(4096), Err(Fault::Spent(Limit::Time)));
        assert_eq!(budget.charge(0), Err(Fault::Spent(Limit::Time)));
    }

    #[test]
    fn a_value_is_admitted_up_to_the_size_and_depth_limits() {
        let text = |n: usize| Value::from("x".repeat(n));
        // A string weighs its bytes and one.
        assert_eq!(measure(&text(3), 0), (4, 0));
        assert_eq!(
            measure(&Value::Array(vec![Value::Array(vec![text(1)])]), 0),
            (4, 2)
        );
        let object: Value =
            Value::Object([("ab".to_string(), Value::from(1))].into_iter().collect());
        assert_eq!(measure(&object, 0), (4, 1));
        assert_eq!(Budget::new(None).admit(&text(MAX_VALUE - 1)), Ok(()));
        assert_eq!(
            Budget::new(None).admit(&text(MAX_VALUE)),
            Err(Fault::Spent(Limit::Size))
        );
        let nest = |depth: usize| (0..depth).fold(Value::Null, |v, _| Value::Array(vec![v]));
        assert_eq!(Budget::new(None).admit(&nest(MAX_DEPTH)), Ok(()));
        assert_eq!(
            Budget::new(None).admit(&nest(MAX_DEPTH + 1)),
            Err(Fault::Spent(Limit::Depth))
        );
        assert_eq!(Budget::new(None).room(MAX_VALUE), Ok(()));
        assert_eq!(
            Budget::new(None).room(MAX_VALUE + 1),
            Err(Fault::Spent(Limit::Size))
        );
    }
}
