//! The Terraform functions a `kube.tf` uses to write addresses and counts, as Terraform
//! defines them. A call to any other function is reported as not evaluated, never guessed.

use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Number, Value};

/// Declares every function khcidr evaluates.
pub fn declare(ctx: &mut Context) {
    let any = || ParamType::Any;
    let string = || ParamType::String;
    let number = || ParamType::Number;
    let defs: [(&str, FuncDef); 26] = [
        (
            "cidrsubnet",
            FuncDef::builder()
                .params([string(), number(), number()])
                .build(cidrsubnet),
        ),
        (
            "cidrhost",
            FuncDef::builder()
                .params([string(), number()])
                .build(cidrhost),
        ),
        (
            "format",
            FuncDef::builder()
                .param(string())
                .variadic_param(any())
                .build(format),
        ),
        (
            "join",
            FuncDef::builder()
                .param(string())
                .variadic_param(any())
                .build(join),
        ),
        (
            "split",
            FuncDef::builder().params([string(), string()]).build(split),
        ),
        ("length", FuncDef::builder().param(any()).build(length)),
        ("tostring", FuncDef::builder().param(any()).build(tostring)),
        ("tonumber", FuncDef::builder().param(any()).build(tonumber)),
        ("tobool", FuncDef::builder().param(any()).build(tobool)),
        ("tolist", FuncDef::builder().param(any()).build(same)),
        ("toset", FuncDef::builder().param(any()).build(same)),
        ("tomap", FuncDef::builder().param(any()).build(same)),
        ("lower", FuncDef::builder().param(string()).build(lower)),
        ("upper", FuncDef::builder().param(string()).build(upper)),
        (
            "trimspace",
            FuncDef::builder().param(string()).build(trimspace),
        ),
        (
            "replace",
            FuncDef::builder()
                .params([string(), string(), string()])
                .build(replace),
        ),
        (
            "min",
            FuncDef::builder().variadic_param(number()).build(min),
        ),
        (
            "max",
            FuncDef::builder().variadic_param(number()).build(max),
        ),
        ("sum", FuncDef::builder().param(any()).build(sum)),
        (
            "concat",
            FuncDef::builder().variadic_param(any()).build(concat),
        ),
        (
            "merge",
            FuncDef::builder().variadic_param(any()).build(merge),
        ),
        (
            "lookup",
            FuncDef::builder()
                .params([any(), string()])
                .variadic_param(any())
                .build(lookup),
        ),
        (
            "coalesce",
            FuncDef::builder().variadic_param(any()).build(coalesce),
        ),
        ("keys", FuncDef::builder().param(any()).build(keys)),
        ("values", FuncDef::builder().param(any()).build(values)),
        (
            "range",
            FuncDef::builder().variadic_param(number()).build(range),
        ),
    ];
    for (name, def) in defs {
        ctx.declare_func(name, def);
    }
}

fn whole(value: &Value) -> Result<i64, String> {
    match value {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64))
            .ok_or_else(|| "a number that is not whole".to_string()),
        Value::String(s) => s
            .trim()
            .parse()
            .map_err(|_| "a string that is not a whole number".to_string()),
        other => Err(format!("a number is required, not {}", kind(other))),
    }
}

fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!("a string is required, not {}", kind(other))),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

fn items(value: &Value) -> Result<Vec<Value>, String> {
    match value {
        Value::Array(items) => Ok(items.clone()),
        Value::Object(map) => Ok(map.values().cloned().collect()),
        other => Err(format!("a collection is required, not {}", kind(other))),
    }
}

fn cidrsubnet(args: FuncArgs) -> Result<Value, String> {
    let prefix = text(&args[0])?;
    khcidr_core::module::terraform_cidrsubnet(&prefix, whole(&args[1])?, whole(&args[2])?)
        .map(Value::from)
}

fn cidrhost(args: FuncArgs) -> Result<Value, String> {
    let prefix = text(&args[0])?;
    khcidr_core::module::terraform_cidrhost(&prefix, whole(&args[1])?).map(Value::from)
}

/// Terraform's `format` for the verbs addresses use: `%s`, `%d`, `%v` and `%%`.
fn format(args: FuncArgs) -> Result<Value, String> {
    let spec = text(&args[0])?;
    let mut values = args.variadic_args();
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
                    .ok_or("too few arguments for the format string")?;
                out.push_str(&if verb == 'd' {
                    whole(value)?.to_string()
                } else {
                    text(value)?
                });
            }
            Some(other) => return Err(format!("the verb %{other} is not evaluated here")),
            None => return Err("the format string ends with %".into()),
        }
    }
    Ok(Value::from(out))
}

fn join(args: FuncArgs) -> Result<Value, String> {
    let separator = text(&args[0])?;
    let mut parts = Vec::new();
    for list in args.variadic_args() {
        for item in items(list)? {
            parts.push(text(&item)?);
        }
    }
    Ok(Value::from(parts.join(&separator)))
}

fn split(args: FuncArgs) -> Result<Value, String> {
    let (separator, whole) = (text(&args[0])?, text(&args[1])?);
    Ok(Value::Array(
        whole.split(separator.as_str()).map(Value::from).collect(),
    ))
}

fn length(args: FuncArgs) -> Result<Value, String> {
    let n = match &args[0] {
        Value::String(s) => s.chars().count(),
        Value::Array(a) => a.len(),
        Value::Object(o) => o.len(),
        other => return Err(format!("length of {} is not defined", kind(other))),
    };
    Ok(Value::from(n))
}

fn tostring(args: FuncArgs) -> Result<Value, String> {
    text(&args[0]).map(Value::from)
}

fn tonumber(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .ok()
            .and_then(Number::from_f64)
            .map(Value::Number)
            .ok_or_else(|| "cannot convert this string to a number".to_string()),
        other => Err(format!("cannot convert {} to number", kind(other))),
    }
}

fn tobool(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s == "true" || s == "false" => Ok(Value::Bool(s == "true")),
        other => Err(format!("cannot convert {} to bool", kind(other))),
    }
}

fn same(args: FuncArgs) -> Result<Value, String> {
    Ok(args[0].clone())
}

fn lower(args: FuncArgs) -> Result<Value, String> {
    text(&args[0]).map(|s| Value::from(s.to_lowercase()))
}

fn upper(args: FuncArgs) -> Result<Value, String> {
    text(&args[0]).map(|s| Value::from(s.to_uppercase()))
}

fn trimspace(args: FuncArgs) -> Result<Value, String> {
    text(&args[0]).map(|s| Value::from(s.trim()))
}

fn replace(args: FuncArgs) -> Result<Value, String> {
    let (s, from, to) = (text(&args[0])?, text(&args[1])?, text(&args[2])?);
    if from.starts_with('/') && from.ends_with('/') && from.len() > 1 {
        return Err("a regular expression in replace() is not evaluated here".into());
    }
    Ok(Value::from(s.replace(&from, &to)))
}

fn numbers(args: &FuncArgs) -> Result<Vec<f64>, String> {
    args.variadic_args()
        .map(|v| match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| "not a number".to_string()),
            other => Err(format!("a number is required, not {}", kind(other))),
        })
        .collect()
}

fn number(f: f64) -> Result<Value, String> {
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| "not a finite number".into())
}

fn min(args: FuncArgs) -> Result<Value, String> {
    numbers(&args)?
        .into_iter()
        .reduce(f64::min)
        .ok_or_else(|| "must pass at least one number".into())
        .and_then(number)
}

fn max(args: FuncArgs) -> Result<Value, String> {
    numbers(&args)?
        .into_iter()
        .reduce(f64::max)
        .ok_or_else(|| "must pass at least one number".into())
        .and_then(number)
}

fn sum(args: FuncArgs) -> Result<Value, String> {
    let all = items(&args[0])?;
    if all.is_empty() {
        return Err("cannot sum an empty list".into());
    }
    let mut total = 0.0;
    for item in &all {
        match item {
            Value::Number(n) => total += n.as_f64().unwrap_or(f64::NAN),
            other => return Err(format!("a number is required, not {}", kind(other))),
        }
    }
    number(total)
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    let mut all = Vec::new();
    for list in args.variadic_args() {
        match list {
            Value::Array(items) => all.extend(items.iter().cloned()),
            other => return Err(format!("a list is required, not {}", kind(other))),
        }
    }
    Ok(Value::Array(all))
}

fn merge(args: FuncArgs) -> Result<Value, String> {
    let mut all = Map::new();
    for map in args.variadic_args() {
        match map {
            Value::Object(map) => all.extend(map.iter().map(|(k, v)| (k.clone(), v.clone()))),
            Value::Null => {}
            other => return Err(format!("a map is required, not {}", kind(other))),
        }
    }
    Ok(Value::Object(all))
}

fn lookup(args: FuncArgs) -> Result<Value, String> {
    let key = text(&args[1])?;
    let found = match &args[0] {
        Value::Object(map) => map.get(&key).cloned(),
        other => return Err(format!("a map is required, not {}", kind(other))),
    };
    found
        .or_else(|| args.variadic_args().next().cloned())
        .ok_or_else(|| format!("the given key \"{key}\" does not exist in the map"))
}

fn coalesce(args: FuncArgs) -> Result<Value, String> {
    args.variadic_args()
        .find(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-null, non-empty-string arguments".into())
}

fn keys(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        Value::Object(map) => Ok(Value::Array(
            map.keys().map(|k| Value::from(k.as_str())).collect(),
        )),
        other => Err(format!("a map is required, not {}", kind(other))),
    }
}

fn values(args: FuncArgs) -> Result<Value, String> {
    match &args[0] {
        // In the order of their keys, as Terraform gives them.
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_by_key(|(k, _)| *k);
            Ok(Value::Array(
                entries.into_iter().map(|(_, v)| v.clone()).collect(),
            ))
        }
        other => Err(format!("a map is required, not {}", kind(other))),
    }
}

/// Terraform's `range(limit)`, `range(start, limit)`, `range(start, limit, step)`, capped
/// as Terraform caps it.
fn range(args: FuncArgs) -> Result<Value, String> {
    let n: Vec<i64> = args.variadic_args().map(whole).collect::<Result<_, _>>()?;
    let (start, limit, step) = match n.as_slice() {
        [limit] => (0, *limit, 1),
        [start, limit] => (*start, *limit, if start <= limit { 1 } else { -1 }),
        [start, limit, step] => (*start, *limit, *step),
        _ => return Err("range() takes one to three numbers".into()),
    };
    if step == 0 {
        return Err("step must not be zero".into());
    }
    let mut out = Vec::new();
    let mut i = start;
    while (step > 0 && i < limit) || (step < 0 && i > limit) {
        if out.len() >= 1024 {
            return Err("more than 1024 values were generated; either decrease the difference between start and end or use a smaller step".into());
        }
        out.push(Value::from(i));
        i = i.saturating_add(step);
    }
    Ok(Value::Array(out))
}
