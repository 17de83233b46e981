//! The Terraform functions a `kube.tf` uses to write addresses and counts, as Terraform
//! defines them. A call to any other function is reported as not evaluated, never guessed.

use hcl::{Map, Value};

use khcidr_core::text::w;
use khcidr_core::{t, Text};

use crate::eval::{measure, num, Budget, Fault, Num};

/// An error in Terraform's own words, shown as Terraform prints it in every language.
fn terraform(words: &'static str) -> Text {
    t!("{0}", words)
}

type Func = fn(&[Value]) -> Result<Value, Text>;

/// Every function evaluated here: its name, how many arguments it takes (at least, at most)
/// and what it does.
const FUNCTIONS: &[(&str, usize, usize, Func)] = &[
    ("cidrsubnet", 3, 3, cidrsubnet),
    ("cidrhost", 2, 2, cidrhost),
    ("format", 1, usize::MAX, format),
    ("join", 1, usize::MAX, join),
    ("split", 2, 2, split),
    ("length", 1, 1, length),
    ("tostring", 1, 1, tostring),
    ("tonumber", 1, 1, tonumber),
    ("tobool", 1, 1, tobool),
    ("tolist", 1, 1, same),
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
        // Every match of the pattern replaced by the replacement.
        "replace" => {
            let matches = text(0) / text(1).max(1) + 1;
            inputs.saturating_add(matches.saturating_mul(text(2)))
        }
        // A separator between every two parts.
        "join" => inputs.saturating_add(inputs.saturating_mul(text(0))),
        "range" => 1024 * 2,
        // Case mappings can lengthen text.
        "lower" | "upper" => inputs.saturating_mul(3),
        _ => inputs.saturating_mul(2).saturating_add(64),
    }
}

fn whole(value: &Value) -> Result<i64, Text> {
    match value {
        Value::Number(_) => match num(value, false).map_err(reason)? {
            Num::Int(i) => Ok(i),
            Num::Float(f) if f.fract() == 0.0 => Ok(f as i64),
            Num::Float(_) => Err(t!("a number that is not whole")),
        },
        // As Terraform converts a string to a number: its text exactly, no blanks.
        Value::String(s) => s
            .parse()
            .map_err(|_| t!("a string that is not a whole number")),
        other => Err(t!("a number is required, not {0}", &kind(other))),
    }
}

fn text(value: &Value) -> Result<String, Text> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(t!("a string is required, not {0}", &kind(other))),
    }
}

fn kind(value: &Value) -> Text {
    Text::plain(match value {
        Value::Null => w("null"),
        Value::Bool(_) => w("a bool"),
        Value::Number(_) => w("a number"),
        Value::String(_) => w("a string"),
        Value::Array(_) => w("a list"),
        Value::Object(_) => w("an object"),
    })
}

fn items(value: &Value) -> Result<Vec<Value>, Text> {
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

fn cidrhost(args: &[Value]) -> Result<Value, Text> {
    let prefix = text(&args[0])?;
    khcidr_core::module::terraform_cidrhost(&prefix, whole(&args[1])?)
        .map(Value::from)
        .map_err(|e| t!("{0}", e))
}

/// Terraform's `format` for the verbs addresses use: `%s`, `%d`, `%v` and `%%`.
fn format(args: &[Value]) -> Result<Value, Text> {
    let spec = text(&args[0])?;
    let mut values = args[1..].iter();
    let mut out = String::new();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb @ ('s' | 'd' | 'v')) => {
                let value = values
                    .next()
                    .ok_or_else(|| t!("too few arguments for the format string"))?;
                out.push_str(&if verb == 'd' {
                    whole(value)?.to_string()
                } else {
                    text(value)?
                });
            }
            Some(other) => return Err(t!("the verb %{0} is not evaluated here", other)),
            None => return Err(t!("the format string ends with %")),
        }
    }
    if values.next().is_some() {
        // Terraform: "too many arguments; no verbs for the remaining arguments".
        return Err(t!("too many arguments for the format string"));
    }
    Ok(Value::from(out))
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
        Value::String(s) => s.chars().count(),
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
        Value::Number(n) => Ok(Value::Number(*n)),
        // As Terraform: the text of a number, without blanks around it.
        Value::String(_) => match num(&args[0], false).map_err(reason)? {
            Num::Int(i) => Ok(Value::from(i)),
            Num::Float(f) => crate::eval::number(f, false).map_err(reason),
        },
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

/// A set as Terraform makes one: each element once, strings in lexical order and numbers in
/// numeric order.
fn toset(args: &[Value]) -> Result<Value, Text> {
    let Value::Array(items) = &args[0] else {
        return same(args);
    };
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    if out.iter().all(Value::is_string) {
        out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    } else if out.iter().all(Value::is_number) {
        out.sort_by(|a, b| {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.partial_cmp(&b).unwrap_or(std::cmp::Ordering::Equal)
        });
    }
    Ok(Value::Array(out))
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
    if from.starts_with('/') && from.ends_with('/') && from.len() > 1 {
        return Err(t!(
            "a regular expression in replace() is not evaluated here"
        ));
    }
    Ok(Value::from(s.replace(&from, &to)))
}

/// The arguments as numbers, exact where they are whole.
fn numbers(args: &[Value]) -> Result<Vec<Num>, Text> {
    args.iter()
        .map(|v| match v {
            Value::Number(_) => num(v, false).map_err(reason),
            other => Err(t!("a number is required, not {0}", &kind(other))),
        })
        .collect()
}

fn reason(fault: Fault) -> Text {
    match fault {
        Fault::Refused { why, .. } => why,
        _ => t!("not a number"),
    }
}

/// The least or the greatest of the numbers, exact when all are whole.
fn extreme(args: &[Value], greatest: bool) -> Result<Value, Text> {
    let all = numbers(args)?;
    if all.is_empty() {
        return Err(terraform("must pass at least one number"));
    }
    let ints: Option<Vec<i64>> = all
        .iter()
        .map(|n| match n {
            Num::Int(i) => Some(*i),
            Num::Float(_) => None,
        })
        .collect();
    if let Some(ints) = ints {
        let pick = if greatest {
            ints.iter().max()
        } else {
            ints.iter().min()
        };
        return pick
            .map(|&n| Value::from(n))
            .ok_or_else(|| "no number".into());
    }
    let floats = all.iter().map(|n| n.float());
    let pick = if greatest {
        floats.fold(f64::NEG_INFINITY, f64::max)
    } else {
        floats.fold(f64::INFINITY, f64::min)
    };
    crate::eval::number(pick, false).map_err(reason)
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
    let numbers = numbers(&all)?;
    let mut exact: Option<i64> = Some(0);
    let mut total = 0.0;
    for n in numbers {
        exact = match (exact, n) {
            (Some(t), Num::Int(i)) => Some(
                t.checked_add(i)
                    .ok_or("a sum past 2^63: Terraform computes it exactly, khcidr does not")?,
            ),
            _ => None,
        };
        total += n.float();
    }
    match exact {
        Some(t) => Ok(Value::from(t)),
        None => crate::eval::number(total, false).map_err(reason),
    }
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
/// as Terraform caps it.
fn range(args: &[Value]) -> Result<Value, Text> {
    let n: Vec<i64> = args.iter().map(whole).collect::<Result<_, _>>()?;
    // As Terraform: counting down where the limit is below the start, unless a step says
    // otherwise, and a step that points away from the limit is an error.
    let (start, limit, step) = match n.as_slice() {
        [limit] => (0, *limit, if *limit >= 0 { 1 } else { -1 }),
        [start, limit] => (*start, *limit, if start <= limit { 1 } else { -1 }),
        [start, limit, step] => (*start, *limit, *step),
        _ => return Err(t!("range() takes one to three numbers")),
    };
    if step == 0 {
        return Err(terraform("step must not be zero"));
    }
    if (start < limit && step < 0) || (start > limit && step > 0) {
        return Err(if step < 0 {
            t!(
                "step must be positive to count from {0} to {1}",
                start,
                limit
            )
        } else {
            t!(
                "step must be negative to count from {0} to {1}",
                start,
                limit
            )
        });
    }
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < limit) || (step < 0 && i > limit) {
        if out.len() >= 1024 {
            return Err(terraform("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step"));
        }
        out.push(Value::from(i));
        i = i.saturating_add(step);
    }
    Ok(Value::Array(out))
}
