//! A variable's `type`, as Terraform applies it to the variable's value (its default,
//! `.tfvars`, `--var`, `TF_VAR_`): `string`, `number`, `bool`, `any`, `list(T)`, `set(T)`,
//! `map(T)`, `tuple([...])` and `object({...})` with `optional(T, default)` attributes, and
//! the conversions Terraform makes between strings, numbers and bools there.

use hcl::expr::{Expression, ObjectKey};
use hcl::{Map, Value};
use khcidr_core::text::w;
use khcidr_core::{t, Text};

use crate::eval::{self, num, Budget, Num};

/// A type constraint.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Type {
    Any,
    String,
    Number,
    Bool,
    List(Box<Type>),
    Set(Box<Type>),
    Map(Box<Type>),
    Tuple(Vec<Type>),
    Object(Vec<Attr>),
}

/// An object type's attribute: its type, whether it may be left out, and its default then.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Attr {
    name: String,
    of: Type,
    optional: bool,
    default: Option<Value>,
}

/// The type a `type = ...` expression states; `None` for one that is not read here (its
/// values are then taken as they are).
pub(crate) fn parse(expr: &Expression, budget: &Budget) -> Option<Type> {
    match expr {
        Expression::Variable(name) => match name.as_str() {
            "string" => Some(Type::String),
            "number" => Some(Type::Number),
            "bool" => Some(Type::Bool),
            "any" => Some(Type::Any),
            _ => None,
        },
        Expression::FuncCall(call) => {
            let args = &call.args;
            let inner = || parse(args.first()?, budget).map(Box::new);
            match (call.name.name.as_str(), args.len()) {
                ("list", 1) => inner().map(Type::List),
                ("set", 1) => inner().map(Type::Set),
                ("map", 1) => inner().map(Type::Map),
                ("tuple", 1) => match &args[0] {
                    Expression::Array(items) => items
                        .iter()
                        .map(|i| parse(i, budget))
                        .collect::<Option<Vec<_>>>()
                        .map(Type::Tuple),
                    _ => None,
                },
                ("object", 1) => match &args[0] {
                    Expression::Object(map) => map
                        .iter()
                        .map(|(key, value)| attr(key, value, budget))
                        .collect::<Option<Vec<_>>>()
                        .map(Type::Object),
                    _ => None,
                },
                _ => None,
            }
        }
        _ => None,
    }
}

fn attr(key: &ObjectKey, value: &Expression, budget: &Budget) -> Option<Attr> {
    let name = match key {
        ObjectKey::Identifier(id) => id.to_string(),
        ObjectKey::Expression(Expression::String(s)) => s.clone(),
        _ => return None,
    };
    if let Expression::FuncCall(call) = value {
        if call.name.name.as_str() == "optional" && (1..=2).contains(&call.args.len()) {
            let of = parse(&call.args[0], budget)?;
            let default = match call.args.get(1) {
                Some(d) => Some(eval::constant(d, budget).ok()?.value),
                None => None,
            };
            return Some(Attr {
                name,
                of,
                optional: true,
                default,
            });
        }
    }
    Some(Attr {
        name,
        of: parse(value, budget)?,
        optional: false,
        default: None,
    })
}

/// The value converted to the type as Terraform converts it, or why it cannot be.
pub(crate) fn convert(value: Value, to: &Type) -> Result<Value, Text> {
    if value.is_null() {
        return Ok(value);
    }
    match (to, value) {
        (Type::Any, v) => Ok(v),
        (Type::String, Value::String(s)) => Ok(Value::String(s)),
        (Type::String, Value::Number(n)) => Ok(Value::from(n.to_string())),
        (Type::String, Value::Bool(b)) => Ok(Value::from(b.to_string())),
        (Type::Number, v @ Value::Number(_)) => Ok(v),
        (Type::Number, v @ Value::String(_)) => match num(&v, false) {
            Ok(Num::Int(i)) => Ok(Value::from(i)),
            Ok(Num::Float(f)) => eval::number(f, false).map_err(|_| t!("a number is required")),
            Err(_) => Err(t!("a number is required")),
        },
        (Type::Bool, v @ Value::Bool(_)) => Ok(v),
        (Type::Bool, Value::String(s)) if s == "true" || s == "false" => {
            Ok(Value::Bool(s == "true"))
        }
        (Type::List(of), Value::Array(items)) => items
            .into_iter()
            .map(|i| convert(i, of))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (Type::Set(of), Value::Array(items)) => {
            let items = items
                .into_iter()
                .map(|i| convert(i, of))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(set(items))
        }
        (Type::Map(of), Value::Object(map)) => {
            let mut out = Map::new();
            for (k, v) in map {
                out.insert(k, convert(v, of)?);
            }
            Ok(Value::Object(out))
        }
        (Type::Tuple(types), Value::Array(items)) if types.len() == items.len() => items
            .into_iter()
            .zip(types)
            .map(|(i, of)| convert(i, of))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array),
        (Type::Object(attrs), Value::Object(mut map)) => {
            let mut out = Map::new();
            for a in attrs {
                let value = match map.swap_remove(&a.name) {
                    Some(v) => convert(v, &a.of)?,
                    None if a.optional => match &a.default {
                        Some(d) => convert(d.clone(), &a.of)?,
                        None => Value::Null,
                    },
                    None => return Err(t!("attribute \"{0}\" is required", a.name)),
                };
                out.insert(a.name.clone(), value);
            }
            out.sort_keys();
            Ok(Value::Object(out))
        }
        (Type::String | Type::Number | Type::Bool, _) => Err(t!("a {0} is required", &words(to))),
        _ => Err(t!("the value is not of the type the variable declares")),
    }
}

fn words(of: &Type) -> Text {
    Text::plain(match of {
        Type::String => w("string"),
        Type::Number => w("number"),
        _ => w("bool"),
    })
}

/// A set as Terraform makes one: each element once, strings in lexical order and numbers in
/// numeric order.
pub(crate) fn set(items: Vec<Value>) -> Value {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
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
    Value::Array(out)
}
