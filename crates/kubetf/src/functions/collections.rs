//! Terraform's list functions: `element`, `index`, `contains`, `slice`, `one`, `flatten`,
//! `distinct`, `compact`, `sort`, `reverse`, `zipmap`, `alltrue`, `anytrue`,
//! `coalescelist`; with Terraform's errors where it refuses.

use crate::eval::Value;
use hcl::Map;
use khcidr_core::{t, Text};

use super::{kind, terraform, text, whole};

/// A list, set or tuple's elements (a map is not one here).
fn list(value: &Value) -> Result<&[Value], Text> {
    match value {
        Value::Array(items) => Ok(items),
        other => Err(t!("a list is required, not {0}", &kind(other))),
    }
}

/// `element(list, index)`: the index wraps around the list.
pub(super) fn element(args: &[Value]) -> Result<Value, Text> {
    let items = list(&args[0])?;
    let index = whole(&args[1])?;
    if items.is_empty() {
        return Err(terraform("cannot use element function with an empty list"));
    }
    if index < 0 {
        return Err(terraform(
            "cannot use element function with a negative index",
        ));
    }
    Ok(items[(index as u64 % items.len() as u64) as usize].clone())
}

/// `index(list, value)`: where the value first is.
pub(super) fn index(args: &[Value]) -> Result<Value, Text> {
    list(&args[0])?
        .iter()
        .position(|item| *item == args[1])
        .map(Value::from)
        .ok_or_else(|| terraform("item not found"))
}

pub(super) fn contains(args: &[Value]) -> Result<Value, Text> {
    let items = list(&args[0])?;
    Ok(Value::Bool(items.contains(&args[1])))
}

/// `slice(list, start, end)`: the elements from `start` up to, not with, `end`.
pub(super) fn slice(args: &[Value]) -> Result<Value, Text> {
    let items = list(&args[0])?;
    let (start, end) = (whole(&args[1])?, whole(&args[2])?);
    if start < 0 {
        return Err(terraform("start index must not be less than zero"));
    }
    if end > items.len() as i64 {
        return Err(terraform(
            "end index must not be greater than the length of the list",
        ));
    }
    if start > end {
        return Err(terraform("start index must not be greater than end index"));
    }
    Ok(Value::Array(items[start as usize..end as usize].to_vec()))
}

/// `one(list)`: null for none, the element for one; more is an error.
pub(super) fn one(args: &[Value]) -> Result<Value, Text> {
    match list(&args[0])? {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        _ => Err(terraform(
            "must be a list, set, or tuple value with either zero or one elements",
        )),
    }
}

/// `flatten(list)`: lists within the list replaced by their elements, at every depth.
pub(super) fn flatten(args: &[Value]) -> Result<Value, Text> {
    fn into(items: &[Value], out: &mut Vec<Value>) {
        for item in items {
            match item {
                Value::Array(inner) => into(inner, out),
                other => out.push(other.clone()),
            }
        }
    }
    let mut out = Vec::new();
    into(list(&args[0])?, &mut out);
    Ok(Value::Array(out))
}

/// `distinct(list)`: each element once, where it first is.
pub(super) fn distinct(args: &[Value]) -> Result<Value, Text> {
    let mut out: Vec<Value> = Vec::new();
    for item in list(&args[0])? {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}

/// `compact(list)`: the strings that are neither empty nor null (a number as its text).
pub(super) fn compact(args: &[Value]) -> Result<Value, Text> {
    let mut out = Vec::new();
    for item in list(&args[0])? {
        if item.is_null() {
            continue;
        }
        let s = text(item)?;
        if !s.is_empty() {
            out.push(Value::from(s));
        }
    }
    Ok(Value::Array(out))
}

/// `sort(list)`: the elements as strings, in lexical order.
pub(super) fn sort(args: &[Value]) -> Result<Value, Text> {
    let mut all = list(&args[0])?
        .iter()
        .map(text)
        .collect::<Result<Vec<String>, Text>>()?;
    all.sort();
    Ok(Value::Array(all.into_iter().map(Value::from).collect()))
}

pub(super) fn reverse(args: &[Value]) -> Result<Value, Text> {
    let mut all = list(&args[0])?.to_vec();
    all.reverse();
    Ok(Value::Array(all))
}

/// `zipmap(keys, values)`: a map of each key to the value in its place.
pub(super) fn zipmap(args: &[Value]) -> Result<Value, Text> {
    let (keys, values) = (list(&args[0])?, list(&args[1])?);
    if keys.len() != values.len() {
        return Err(t!(
            "number of keys ({0}) does not match number of values ({1})",
            keys.len(),
            values.len()
        ));
    }
    let mut map = Map::new();
    for (key, value) in keys.iter().zip(values) {
        map.insert(text(key)?, value.clone());
    }
    map.sort_keys();
    Ok(Value::Object(map))
}

/// The list's elements as bools (`"true"` and `"false"` converted).
fn bools(value: &Value) -> Result<Vec<bool>, Text> {
    list(value)?
        .iter()
        .map(|item| match item {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s == "true" || s == "false" => Ok(s == "true"),
            other => Err(t!("a bool is required, not {0}", &kind(other))),
        })
        .collect()
}

pub(super) fn alltrue(args: &[Value]) -> Result<Value, Text> {
    Ok(Value::Bool(bools(&args[0])?.into_iter().all(|b| b)))
}

pub(super) fn anytrue(args: &[Value]) -> Result<Value, Text> {
    Ok(Value::Bool(bools(&args[0])?.into_iter().any(|b| b)))
}

/// `coalescelist(lists...)`: the first list that is not empty.
pub(super) fn coalescelist(args: &[Value]) -> Result<Value, Text> {
    for arg in args {
        if !list(arg)?.is_empty() {
            return Ok(arg.clone());
        }
    }
    Err(terraform("no non-null arguments"))
}

/// `setproduct(lists...)`: every combination of one element of each, the first list's
/// elements varying slowest.
pub(super) fn setproduct(args: &[Value]) -> Result<Value, Text> {
    let mut out: Vec<Vec<Value>> = vec![Vec::new()];
    for arg in args {
        let items = list(arg)?;
        out = out
            .iter()
            .flat_map(|prefix| {
                items.iter().map(move |item| {
                    let mut next = prefix.clone();
                    next.push(item.clone());
                    next
                })
            })
            .collect();
    }
    Ok(Value::Array(out.into_iter().map(Value::Array).collect()))
}

/// `transpose(map of lists of strings)`: each string to the keys whose lists hold it, in
/// the keys' order.
pub(super) fn transpose(args: &[Value]) -> Result<Value, Text> {
    let Value::Object(map) = &args[0] else {
        return Err(t!("a map is required, not {0}", &kind(&args[0])));
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    let mut out = Map::new();
    for key in keys {
        for item in list(&map[key])? {
            let entry = out
                .entry(text(item)?)
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(keys) = entry {
                keys.push(Value::from(key.as_str()));
            }
        }
    }
    out.sort_keys();
    Ok(Value::Object(out))
}

/// `matchkeys(values, keys, searchset)`: the values whose key, in the same place, is in
/// the search set.
pub(super) fn matchkeys(args: &[Value]) -> Result<Value, Text> {
    let (values, keys, search) = (list(&args[0])?, list(&args[1])?, list(&args[2])?);
    if values.len() != keys.len() {
        return Err(terraform("length of keys and values should be equal"));
    }
    Ok(Value::Array(
        values
            .iter()
            .zip(keys)
            .filter(|(_, key)| search.contains(key))
            .map(|(value, _)| value.clone())
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn list(items: &[Value]) -> Value {
        Value::Array(items.to_vec())
    }

    /// Terraform's list functions on their edges, as its documentation gives them.
    #[test]
    fn list_functions_at_their_edges() {
        let ab = list(&[Value::from("a"), Value::from("b")]);
        // element wraps around, from index 0; a negative index is an error.
        assert_eq!(element(&[ab.clone(), Value::from(0)]), Ok(Value::from("a")));
        assert_eq!(element(&[ab.clone(), Value::from(3)]), Ok(Value::from("b")));
        assert!(element(&[ab.clone(), Value::from(-1)]).is_err());
        assert!(element(&[list(&[]), Value::from(0)]).is_err());
        // slice up to the end is the whole list; past it, an error.
        assert_eq!(
            slice(&[ab.clone(), Value::from(0), Value::from(2)]),
            Ok(ab.clone())
        );
        assert!(slice(&[ab.clone(), Value::from(0), Value::from(3)]).is_err());
        assert!(slice(&[ab.clone(), Value::from(2), Value::from(1)]).is_err());
        // one: null for none, the element for one, an error for more.
        assert_eq!(one(&[list(&[])]), Ok(Value::Null));
        assert_eq!(one(&[list(&[Value::from("a")])]), Ok(Value::from("a")));
        assert!(one(std::slice::from_ref(&ab)).is_err());
        // Numbers are equal by value: 2 and 2.0 are one number; 1.5 is not 1.
        let numbers = list(&[Value::from(1), Value::from(2)]);
        assert_eq!(
            contains(&[numbers.clone(), Value::from(2.0)]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            contains(&[numbers.clone(), Value::from(1.5)]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            index(&[numbers.clone(), Value::from(2.0)]),
            Ok(Value::from(1))
        );
        assert!(index(&[numbers, Value::from(3)]).is_err());
        // alltrue and anytrue take "true" and "false" as bools, and nothing else.
        let texts = list(&[Value::from("true"), Value::from("false")]);
        assert_eq!(
            alltrue(std::slice::from_ref(&texts)),
            Ok(Value::Bool(false))
        );
        assert_eq!(anytrue(&[texts]), Ok(Value::Bool(true)));
        assert_eq!(
            alltrue(&[list(&[Value::from("true")])]),
            Ok(Value::Bool(true))
        );
        assert_eq!(alltrue(&[list(&[])]), Ok(Value::Bool(true)));
        assert_eq!(anytrue(&[list(&[])]), Ok(Value::Bool(false)));
        assert!(alltrue(&[list(&[Value::from("yes")])]).is_err());
    }
}
