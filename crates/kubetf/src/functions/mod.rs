//! The Terraform functions a `kube.tf` uses to write addresses and counts, as Terraform
//! defines them. A call to any other function is reported as not evaluated, never guessed.

use crate::eval::Value;
use hcl::Map;

use khcidr_core::text::w;
use khcidr_core::{t, Text};

use crate::eval::{measure, num, Budget, Fault, Num};

mod collections;
mod encoding;
mod format;
mod gomath;
mod numeric;
mod patterns;
mod strings;

/// An error in Terraform's own words, shown as Terraform prints it in every language.
pub(super) fn terraform(words: &'static str) -> Text {
    t!("{0}", words)
}

type Func = fn(&[Value]) -> Result<Value, Text>;

/// Every function evaluated here: its name, how many arguments it takes (at least, at most)
/// and what it does.
const FUNCTIONS: &[(&str, usize, usize, Func)] = &[
    ("cidrsubnet", 3, 3, cidrsubnet),
    ("cidrhost", 2, 2, cidrhost),
    ("format", 1, usize::MAX, format::format),
    ("formatlist", 1, usize::MAX, format::formatlist),
    ("join", 1, usize::MAX, join),
    ("split", 2, 2, split),
    ("length", 1, 1, length),
    ("tostring", 1, 1, tostring),
    ("tonumber", 1, 1, tonumber),
    ("tobool", 1, 1, tobool),
    ("tolist", 1, 1, tolist),
    ("toset", 1, 1, toset),
    ("tomap", 1, 1, same),
    ("lower", 1, 1, lower),
    ("upper", 1, 1, upper),
    ("trimspace", 1, 1, trimspace),
    ("replace", 3, 3, replace),
    ("min", 1, usize::MAX, min),
    ("max", 1, usize::MAX, max),
    ("sum", 1, 1, sum),
    ("concat", 0, usize::MAX, concat),
    ("merge", 0, usize::MAX, merge),
    ("lookup", 2, 3, lookup),
    ("coalesce", 1, usize::MAX, coalesce),
    ("keys", 1, 1, keys),
    ("values", 1, 1, values),
    ("range", 1, 3, range),
    ("cidrsubnets", 2, usize::MAX, cidrsubnets),
    ("cidrnetmask", 1, 1, cidrnetmask),
    ("abs", 1, 1, numeric::abs),
    ("ceil", 1, 1, numeric::ceil),
    ("floor", 1, 1, numeric::floor),
    ("signum", 1, 1, numeric::signum),
    ("pow", 2, 2, numeric::pow),
    ("log", 2, 2, numeric::log),
    ("parseint", 2, 2, numeric::parseint),
    ("chomp", 1, 1, strings::chomp),
    ("substr", 3, 3, strings::substr),
    ("trim", 2, 2, strings::trim),
    ("trimprefix", 2, 2, strings::trimprefix),
    ("trimsuffix", 2, 2, strings::trimsuffix),
    ("title", 1, 1, strings::title),
    ("startswith", 2, 2, strings::startswith),
    ("endswith", 2, 2, strings::endswith),
    ("strcontains", 2, 2, strings::strcontains),
    ("element", 2, 2, collections::element),
    ("index", 2, 2, collections::index),
    ("contains", 2, 2, collections::contains),
    ("slice", 3, 3, collections::slice),
    ("one", 1, 1, collections::one),
    ("flatten", 1, 1, collections::flatten),
    ("distinct", 1, 1, collections::distinct),
    ("compact", 1, 1, collections::compact),
    ("sort", 1, 1, collections::sort),
    ("reverse", 1, 1, collections::reverse),
    ("zipmap", 2, 2, collections::zipmap),
    ("alltrue", 1, 1, collections::alltrue),
    ("anytrue", 1, 1, collections::anytrue),
    ("coalescelist", 1, usize::MAX, collections::coalescelist),
    ("setproduct", 1, usize::MAX, collections::setproduct),
    ("transpose", 1, 1, collections::transpose),
    ("matchkeys", 3, 3, collections::matchkeys),
    ("regex", 2, 2, patterns::regex),
    ("regexall", 2, 2, patterns::regexall),
    ("jsondecode", 1, 1, encoding::jsondecode),
    ("base64encode", 1, 1, encoding::base64encode),
    ("base64decode", 1, 1, encoding::base64decode),
];

/// Calls the function `name`, after making sure its result cannot outgrow the budget.
pub fn call(name: &str, args: &[Value], budget: &Budget) -> Result<Value, Fault> {
    let refused = |why: Text| Fault::Refused {
        why,
        sensitive: false,
    };
    let Some(&(_, least, most, f)) = FUNCTIONS.iter().find(|(n, ..)| *n == name) else {
        return Err(refused(t!("the function is not evaluated here")));
    };
    if args.len() < least || args.len() > most {
        let n = args.len();
        return Err(refused(if least == most {
            t!("takes {0} arguments, not {1}", least, n)
        } else if most == usize::MAX {
            t!("takes at least {0} arguments, not {1}", least, n)
        } else {
            t!("takes {0} to {1} arguments, not {2}", least, most, n)
        }));
    }
    budget.room(largest(name, args))?;
    f(args).map_err(refused)
}

/// The largest result `name` can give for `args`, in the budget's units.
fn largest(name: &str, args: &[Value]) -> usize {
    let size = |v: &Value| measure(v, 0).0;
    let inputs: usize = args.iter().map(size).fold(0, usize::saturating_add);
    let text = |k: usize| args.get(k).and_then(Value::as_str).map_or(0, str::len);
    match name {
        // Every match of the pattern (empty matches too, with a regular expression)
        // replaced by the replacement.
        "replace" => inputs.saturating_add(text(0).saturating_add(1).saturating_mul(text(2))),
        // Each match and its groups: at most one per position, the groups fewer than the
        // pattern's characters.
        "regex" | "regexall" => inputs.saturating_add(
            text(1)
                .saturating_add(1)
                .saturating_mul(text(0).saturating_add(2)),
        ),
        // A separator between every two parts.
        "join" => inputs.saturating_add(inputs.saturating_mul(text(0))),
        "range" => 1024 * 2,
        // Every combination: as large as the product of the lists.
        "setproduct" => args.iter().map(size).fold(1, usize::saturating_mul),
        // The format once for each element.
        "formatlist" => inputs.saturating_mul(inputs),
        // Case mappings can lengthen text.
        "lower" | "upper" => inputs.saturating_mul(3),
        _ => inputs.saturating_mul(2).saturating_add(64),
    }
}

/// A whole number argument, as Terraform converts one to a Go integer: a number, or the text
/// of one ("3", "3.0"), whole and within 64 bits.
pub(super) fn whole(value: &Value) -> Result<i64, Text> {
    let n = match value {
        Value::Number(_) | Value::String(_) => num(value, false).map_err(reason)?,
        other => return Err(t!("a number is required, not {0}", &kind(other))),
    };
    n.as_i64().ok_or_else(|| {
        if n.is_int() {
            t!("a whole number past 2^63")
        } else {
            t!("a number that is not whole")
        }
    })
}

pub(super) fn text(value: &Value) -> Result<String, Text> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(t!("a string is required, not {0}", &kind(other))),
    }
}

pub(super) fn kind(value: &Value) -> Text {
    Text::plain(match value {
        Value::Null => w("null"),
        Value::Bool(_) => w("a bool"),
        Value::Number(_) => w("a number"),
        Value::String(_) => w("a string"),
        Value::Array(_) => w("a list"),
        Value::Object(_) => w("an object"),
    })
}

pub(super) fn items(value: &Value) -> Result<Vec<Value>, Text> {
    match value {
        Value::Array(items) => Ok(items.clone()),
        Value::Object(map) => Ok(map.values().cloned().collect()),
        other => Err(t!("a collection is required, not {0}", &kind(other))),
    }
}

fn cidrsubnet(args: &[Value]) -> Result<Value, Text> {
    let prefix = text(&args[0])?;
    khcidr_core::module::terraform_cidrsubnet(&prefix, whole(&args[1])?, whole(&args[2])?)
        .map(Value::from)
        .map_err(|e| t!("{0}", e))
}

fn cidrsubnets(args: &[Value]) -> Result<Value, Text> {
    let prefix = text(&args[0])?;
    let newbits = args[1..].iter().map(whole).collect::<Result<Vec<_>, _>>()?;
    khcidr_core::module::terraform_cidrsubnets(&prefix, &newbits)
        .map(|all| Value::Array(all.into_iter().map(Value::from).collect()))
        .map_err(|e| t!("{0}", e))
}

fn cidrnetmask(args: &[Value]) -> Result<Value, Text> {
    khcidr_core::module::terraform_cidrnetmask(&text(&args[0])?)
        .map(Value::from)
        .map_err(|e| t!("{0}", e))
}

fn cidrhost(args: &[Value]) -> Result<Value, Text> {
    let prefix = text(&args[0])?;
    khcidr_core::module::terraform_cidrhost(&prefix, whole(&args[1])?)
        .map(Value::from)
        .map_err(|e| t!("{0}", e))
}

fn join(args: &[Value]) -> Result<Value, Text> {
    let separator = text(&args[0])?;
    let mut parts = Vec::new();
    for list in &args[1..] {
        for item in items(list)? {
            parts.push(text(&item)?);
        }
    }
    Ok(Value::from(parts.join(&separator)))
}

fn split(args: &[Value]) -> Result<Value, Text> {
    let (separator, whole) = (text(&args[0])?, text(&args[1])?);
    if separator.is_empty() {
        // Terraform: each character.
        return Ok(Value::Array(
            whole.chars().map(|c| Value::from(c.to_string())).collect(),
        ));
    }
    Ok(Value::Array(
        whole.split(separator.as_str()).map(Value::from).collect(),
    ))
}

fn length(args: &[Value]) -> Result<Value, Text> {
    let n = match &args[0] {
        // Terraform counts what a reader sees as one character: grapheme clusters.
        Value::String(s) => {
            unicode_segmentation::UnicodeSegmentation::graphemes(s.as_str(), true).count()
        }
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        other => return Err(t!("length of {0} is not defined", &kind(other))),
    };
    Ok(Value::from(n))
}

fn tostring(args: &[Value]) -> Result<Value, Text> {
    text(&args[0]).map(Value::from)
}

fn tonumber(args: &[Value]) -> Result<Value, Text> {
    match &args[0] {
        Value::Number(n) => Ok(Value::Number(n.clone())),
        // As Terraform: the text of a number, without blanks around it.
        Value::String(_) => num(&args[0], false).map(Value::Number).map_err(reason),
        other => Err(t!("cannot convert {0} to number", &kind(other))),
    }
}

fn tobool(args: &[Value]) -> Result<Value, Text> {
    match &args[0] {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
        other => Err(t!("cannot convert {0} to bool", &kind(other))),
    }
}

/// A set as Terraform makes one (see [`crate::types::set`]).
fn toset(args: &[Value]) -> Result<Value, Text> {
    match &args[0] {
        Value::Array(items) => Ok(crate::types::set(one_type(items.clone(), "set")?)),
        _ => same(args),
    }
}

fn tolist(args: &[Value]) -> Result<Value, Text> {
    match &args[0] {
        Value::Array(items) => Ok(Value::Array(one_type(items.clone(), "list")?)),
        _ => same(args),
    }
}

/// The elements of a list or set as cty unifies them: strings, numbers and bools mixed with
/// a string are all strings (`toset([1, "1"])` is one element); a number and a bool have no
/// common type, and Terraform refuses them.
fn one_type(items: Vec<Value>, kind: &str) -> Result<Vec<Value>, Text> {
    let primitive = |v: &Value| matches!(v, Value::String(_) | Value::Number(_) | Value::Bool(_));
    if !items.iter().all(primitive) {
        return Ok(items);
    }
    let has = |f: fn(&Value) -> bool| items.iter().any(f);
    let (strings, numbers, bools) = (
        has(|v| matches!(v, Value::String(_))),
        has(|v| matches!(v, Value::Number(_))),
        has(|v| matches!(v, Value::Bool(_))),
    );
    match (strings, numbers, bools) {
        (true, true, _) | (true, _, true) => items
            .iter()
            .map(|v| text(v).map(Value::from))
            .collect(),
        (false, true, true) => Err(t!(
            "{0}",
            format!("Invalid value for \"v\" parameter: cannot convert tuple to {kind} of any single type.")
        )),
        _ => Ok(items),
    }
}

fn same(args: &[Value]) -> Result<Value, Text> {
    Ok(args[0].clone())
}

fn lower(args: &[Value]) -> Result<Value, Text> {
    text(&args[0]).map(|s| Value::from(s.to_lowercase()))
}

fn upper(args: &[Value]) -> Result<Value, Text> {
    text(&args[0]).map(|s| Value::from(s.to_uppercase()))
}

fn trimspace(args: &[Value]) -> Result<Value, Text> {
    text(&args[0]).map(|s| Value::from(s.trim()))
}

fn replace(args: &[Value]) -> Result<Value, Text> {
    let (s, from, to) = (text(&args[0])?, text(&args[1])?, text(&args[2])?);
    if let Some(pattern) = from
        .strip_prefix('/')
        .and_then(|p| p.strip_suffix('/'))
        .filter(|_| from.len() > 1)
    {
        return patterns::replace_pattern(&s, pattern, &to);
    }
    Ok(Value::from(s.replace(&from, &to)))
}

/// The arguments as numbers, exact where they are whole.
pub(super) fn numbers(args: &[Value]) -> Result<Vec<Num>, Text> {
    args.iter()
        .map(|v| match v {
            // A string of a number is converted, as Terraform converts it for a number.
            Value::Number(_) | Value::String(_) => num(v, false).map_err(reason),
            other => Err(t!("a number is required, not {0}", &kind(other))),
        })
        .collect()
}

pub(super) fn reason(fault: Fault) -> Text {
    match fault {
        Fault::Refused { why, .. } => why,
        _ => t!("not a number"),
    }
}

/// The least or the greatest of the numbers: the first of them, as cty's `min` and `max`.
fn extreme(args: &[Value], greatest: bool) -> Result<Value, Text> {
    let all = numbers(args)?;
    let wanted = if greatest {
        std::cmp::Ordering::Greater
    } else {
        std::cmp::Ordering::Less
    };
    all.into_iter()
        .reduce(|pick, n| if n.cmp(&pick) == wanted { n } else { pick })
        .map(Value::Number)
        .ok_or_else(|| terraform("must pass at least one number"))
}

fn min(args: &[Value]) -> Result<Value, Text> {
    extreme(args, false)
}

fn max(args: &[Value]) -> Result<Value, Text> {
    extreme(args, true)
}

fn sum(args: &[Value]) -> Result<Value, Text> {
    let all = items(&args[0])?;
    if all.is_empty() {
        return Err(terraform("cannot sum an empty list"));
    }
    // As cty: the first, then each added to the total.
    let mut numbers = numbers(&all)?.into_iter();
    let first = numbers
        .next()
        .ok_or_else(|| terraform("cannot sum an empty list"))?;
    numbers
        .try_fold(first, |total, n| total.add(&n))
        .map(Value::Number)
        .map_err(crate::eval::trouble)
}

fn concat(args: &[Value]) -> Result<Value, Text> {
    let mut all = Vec::new();
    for list in args {
        match list {
            Value::Array(items) => all.extend(items.iter().cloned()),
            other => return Err(t!("a list is required, not {0}", &kind(other))),
        }
    }
    Ok(Value::Array(all))
}

fn merge(args: &[Value]) -> Result<Value, Text> {
    let mut all = Map::new();
    for map in args {
        match map {
            Value::Object(map) => all.extend(map.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            other => return Err(t!("a map is required, not {0}", &kind(other))),
        }
    }
    // Terraform's maps are in key order.
    all.sort_keys();
    Ok(Value::Object(all))
}

fn lookup(args: &[Value]) -> Result<Value, Text> {
    let key = text(&args[1])?;
    let found = match &args[0] {
        Value::Object(map) => map.get(&key).cloned(),
        other => return Err(t!("a map is required, not {0}", &kind(other))),
    };
    found
        .or_else(|| args.get(2).cloned())
        .ok_or_else(|| t!("the given key \"{0}\" does not exist in the map", key))
}

fn coalesce(args: &[Value]) -> Result<Value, Text> {
    args.iter()
        .find(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
        .cloned()
        .ok_or_else(|| terraform("no non-null, non-empty-string arguments"))
}

fn keys(args: &[Value]) -> Result<Value, Text> {
    match &args[0] {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            Ok(Value::Array(
                keys.into_iter().map(|k| Value::from(k.as_str())).collect(),
            ))
        }
        other => Err(t!("a map is required, not {0}", &kind(other))),
    }
}

fn values(args: &[Value]) -> Result<Value, Text> {
    match &args[0] {
        // In the order of their keys, as Terraform gives them.
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(k, _)| *k);
            Ok(Value::Array(
                entries.into_iter().map(|(_, v)| v.clone()).collect(),
            ))
        }
        other => Err(t!("a map is required, not {0}", &kind(other))),
    }
}

/// Terraform's `range(limit)`, `range(start, limit)`, `range(start, limit, step)`, capped
/// as Terraform caps it; exact where every number is whole.
fn range(args: &[Value]) -> Result<Value, Text> {
    use std::cmp::Ordering::{Greater, Less};
    let n = numbers(args)?;
    let one = |down: bool| Num::from_i64(if down { -1 } else { 1 });
    let (start, end, step) = match n.as_slice() {
        [end] => (Num::from_i64(0), end.clone(), one(end.is_negative())),
        [start, end] => (start.clone(), end.clone(), one(end.cmp(start) == Less)),
        [start, end, step] => (start.clone(), end.clone(), step.clone()),
        _ => return Err(terraform("must have one, two, or three arguments")),
    };
    // As cty: its check for a zero step compares with its own zero value, which a written
    // step never is, so `range(0, 5, 0)` counts to the cap and `range(0, 0, 0)` is empty.
    let down = step.is_negative();
    if down && end.cmp(&start) == Greater {
        return Err(terraform(
            "end must be less than start when step is negative",
        ));
    }
    if !down && end.cmp(&start) == Less {
        return Err(terraform(
            "end must be greater than start when step is positive",
        ));
    }
    // Each value the one before plus the step.
    let mut out = Vec::new();
    let mut value = start;
    while value.cmp(&end) == if down { Greater } else { Less } {
        if out.len() >= 1024 {
            return Err(terraform("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"));
        }
        let next = value.add(&step).map_err(crate::eval::trouble)?;
        out.push(Value::Number(value));
        value = next;
    }
    Ok(Value::Array(out))
}
