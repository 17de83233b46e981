//! A Terraform value as the reader holds it: hcl-rs's shape, with Terraform's numbers
//! ([`Num`]) in place of 64-bit ones.

use hcl::Map;

use super::float::Num;

/// A value: null, a bool, a number, a string, a list or tuple, a map or object.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(Num),
    String(String),
    Array(Vec<Value>),
    Object(Map<String, Value>),
}

/// Terraform's `==`: numbers by cty's equality (0.1 + 0.2 equals 0.3), the rest by value.
impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a.same(b),
            (Value::String(a), Value::String(b)) => a == b,
            (Value::Array(a), Value::Array(b)) => a == b,
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len() && a.iter().all(|(k, v)| b.get(k) == Some(v))
            }
            _ => false,
        }
    }
}

impl Value {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map<String, Value>> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// A whole number that fits in an i64.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) => n.as_i64(),
            _ => None,
        }
    }

    /// A whole number from 0 that fits in a u64.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|i| u64::try_from(i).ok())
    }

    /// A JSON document's value (`jsondecode`, `.tfvars.json`), where every number in `text`
    /// is one a float64 holds exactly as written (Terraform reads each at 512 bits; serde_json
    /// reads a float64): `None` otherwise.
    pub fn from_json_text(text: &str, json: serde_json::Value) -> Option<Value> {
        json_numbers(text)
            .all(|written| {
                let exact = Num::parse(written);
                let held = written
                    .parse::<f64>()
                    .ok()
                    .filter(|f| f.is_finite())
                    .and_then(|f| Num::parse(&f.to_string()).ok().flatten());
                matches!((exact, held), (Ok(Some(a)), Some(b)) if a.cmp(&b).is_eq())
            })
            .then(|| Value::from_json(json))
    }

    /// A JSON value, its numbers read from the text serde_json gives them.
    fn from_json(json: serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Num::parse(&n.to_string())
                .ok()
                .flatten()
                .map_or(Value::Null, Value::Number),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(a) => {
                Value::Array(a.into_iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(o) => Value::Object(
                o.into_iter()
                    .map(|(k, v)| (k, Value::from_json(v)))
                    .collect(),
            ),
        }
    }
}

impl From<Num> for Value {
    fn from(n: Num) -> Value {
        Value::Number(n)
    }
}

impl From<i64> for Value {
    fn from(i: i64) -> Value {
        Value::Number(Num::from_i64(i))
    }
}

impl From<i32> for Value {
    fn from(i: i32) -> Value {
        Value::from(i as i64)
    }
}

impl From<u64> for Value {
    fn from(u: u64) -> Value {
        Value::Number(Num::from_u64(u))
    }
}

impl From<usize> for Value {
    fn from(u: usize) -> Value {
        Value::from(u as u64)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::String(s.to_string())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::String(s)
    }
}

impl<T: Into<Value>> From<Vec<T>> for Value {
    fn from(a: Vec<T>) -> Value {
        Value::Array(a.into_iter().map(Into::into).collect())
    }
}

/// A number as its shortest text reads: `Value::from(0.1)` is Terraform's 0.1.
impl From<f64> for Value {
    fn from(f: f64) -> Value {
        Num::parse(&f.to_string())
            .ok()
            .flatten()
            .map_or(Value::Null, Value::Number)
    }
}

impl From<Map<String, Value>> for Value {
    fn from(o: Map<String, Value>) -> Value {
        Value::Object(o)
    }
}

impl FromIterator<Value> for Value {
    fn from_iter<I: IntoIterator<Item = Value>>(iter: I) -> Value {
        Value::Array(iter.into_iter().collect())
    }
}

/// The numbers written in a JSON text, outside its strings.
fn json_numbers(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let (mut i, mut in_string, mut out) = (0, false, Vec::new());
    while i < bytes.len() {
        let c = bytes[i];
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
        } else if c == b'"' {
            in_string = true;
        } else if c == b'-' || c.is_ascii_digit() {
            let start = i;
            while i < bytes.len()
                && matches!(bytes[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
            {
                i += 1;
            }
            out.push(&text[start..i]);
            continue;
        }
        i += 1;
    }
    out.into_iter()
}

/// Whether serde_json refused a number a float64 cannot hold (`1e400`), which Terraform
/// reads.
pub fn json_out_of_range(e: &serde_json::Error) -> bool {
    e.to_string().starts_with("number out of range")
}
