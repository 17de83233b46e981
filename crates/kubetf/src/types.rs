//! A variable's `type`, as Terraform applies it to the variable's value (its default,
//! `.tfvars`, `--var`, `TF_VAR_`): `string`, `number`, `bool`, `any`, `list(T)`, `set(T)`,
//! `map(T)`, `tuple([...])` and `object({...})` with `optional(T, default)` attributes, and
//! the conversions Terraform makes between strings, numbers and bools there.

use crate::eval::Value;
use hcl::expr::{Expression, ObjectKey};
use hcl::Map;
use khcidr_core::text::w;
use khcidr_core::{t, Text};

use crate::eval::{self, num, Budget};

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
        (Type::Number, v @ Value::String(_)) => num(&v, false)
            .map(Value::Number)
            .map_err(|_| t!("a number is required")),
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

/// Whether cty keeps two values as one element of a set: equal, and filed under one key,
/// which for a number is its `%.10g` text (so 0 and -0 are two elements).
fn one_element(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.same(y) && x.set_key() == y.set_key(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| one_element(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| one_element(v, w)))
        }
        _ => a == b,
    }
}

/// A set as Terraform makes one: each element once, strings in lexical order and numbers in
/// numeric order.
pub(crate) fn set(items: Vec<Value>) -> Value {
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.iter().any(|o| one_element(o, &item)) {
            out.push(item);
        }
    }
    if out.iter().all(Value::is_string) {
        out.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    } else if out.iter().all(Value::is_number) {
        out.sort_by(|a, b| match (a, b) {
            (Value::Number(a), Value::Number(b)) => a.cmp(b),
            _ => std::cmp::Ordering::Equal,
        });
    }
    Value::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The type a `type = ...` line states.
    fn of(text: &str) -> Option<Type> {
        let expr = eval::tree(&hcl_edit::parser::parse_expr(text).unwrap());
        parse(&expr, &Budget::new(None))
    }

    fn value(text: &str) -> Value {
        let expr = eval::tree(&hcl_edit::parser::parse_expr(text).unwrap());
        eval::constant(&expr, &Budget::new(None)).unwrap().value
    }

    fn converted(ty: &str, v: &str) -> Result<Value, String> {
        convert(value(v), &of(ty).unwrap()).map_err(|e| e.en())
    }

    #[test]
    fn primitive_types_convert_as_terraform_converts() {
        assert_eq!(converted("string", "8"), Ok(Value::from("8")));
        assert_eq!(converted("string", "true"), Ok(Value::from("true")));
        assert_eq!(converted("string", "\"a\""), Ok(Value::from("a")));
        assert_eq!(converted("number", "\"3\""), Ok(Value::from(3)));
        assert_eq!(converted("number", "\"2.5\""), Ok(Value::from(2.5)));
        assert_eq!(converted("number", "7"), Ok(Value::from(7)));
        assert_eq!(
            converted("number", "\" 3\""),
            Err("a number is required".into())
        );
        assert_eq!(
            converted("number", "true"),
            Err("a number is required".into())
        );
        assert_eq!(converted("bool", "\"false\""), Ok(Value::Bool(false)));
        assert_eq!(converted("bool", "\"true\""), Ok(Value::Bool(true)));
        assert_eq!(converted("bool", "true"), Ok(Value::Bool(true)));
        assert_eq!(
            converted("bool", "\"yes\""),
            Err("a bool is required".into())
        );
        assert_eq!(
            converted("string", "[1]"),
            Err("a string is required".into())
        );
        assert_eq!(converted("any", "[1, \"a\"]"), Ok(value("[1, \"a\"]")));
        assert_eq!(converted("number", "null"), Ok(Value::Null));
    }

    #[test]
    fn collections_convert_each_element() {
        assert_eq!(
            converted("list(string)", "[1, true]"),
            Ok(value("[\"1\", \"true\"]"))
        );
        assert_eq!(
            converted("set(string)", "[\"b\", \"a\", \"b\"]"),
            Ok(value("[\"a\", \"b\"]"))
        );
        assert_eq!(converted("set(number)", "[3, 1, 3]"), Ok(value("[1, 3]")));
        assert_eq!(
            converted("map(number)", "{ a = \"1\" }"),
            Ok(value("{ a = 1 }"))
        );
        assert_eq!(
            converted("tuple([string, number])", "[1, \"2\"]"),
            Ok(value("[\"1\", 2]"))
        );
        assert!(converted("tuple([string])", "[1, 2]").is_err());
        assert!(converted("list(number)", "[\"x\"]").is_err());
        assert!(converted("map(string)", "[1]").is_err());
    }

    #[test]
    fn objects_take_their_attributes_with_optional_defaults() {
        let ty = "object({ cidr = string, bits = optional(number, 8), name = optional(string) })";
        assert_eq!(
            converted(ty, "{ cidr = \"10.0.0.0/8\", extra = 1 }"),
            Ok(value("{ bits = 8, cidr = \"10.0.0.0/8\", name = null }"))
        );
        assert_eq!(
            converted(ty, "{ cidr = \"10.0.0.0/8\", bits = \"4\" }"),
            Ok(value("{ bits = 4, cidr = \"10.0.0.0/8\", name = null }"))
        );
        assert_eq!(
            converted(ty, "{ bits = 4 }"),
            Err("attribute \"cidr\" is required".into())
        );
        assert_eq!(
            of("object({ \"quoted\" = string })"),
            of("object({ quoted = string })")
        );
        // An attribute of a collection type is that type, required.
        assert_eq!(
            converted("object({ tags = list(string) })", "{ tags = [1] }"),
            Ok(value("{ tags = [\"1\"] }"))
        );
        assert!(converted("object({ tags = list(string) })", "{}").is_err());
    }

    #[test]
    fn types_not_read_here_leave_values_as_they_are() {
        for text in [
            "list(string, number)",
            "foo",
            "object([])",
            "tuple(string)",
            "\"string\"",
        ] {
            assert_eq!(of(text), None, "{text}");
        }
        assert_eq!(of("optional(string)"), None);
    }
}
