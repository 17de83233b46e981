//! Terraform's numeric functions: `abs`, `ceil`, `floor`, `signum`, `pow`, `log`,
//! `parseint`. Whole numbers stay exact; the others are 64-bit floats, as Terraform's
//! `pow` and `log` compute them.

use crate::eval::Value;
use khcidr_core::{t, Text};
use num_bigint::BigUint;

use super::{gomath, numbers, terraform, text, whole};
use crate::eval::{shown, trouble, Num};

/// The one number argument.
fn one(args: &[Value]) -> Result<Num, Text> {
    numbers(&args[..1])?
        .pop()
        .ok_or_else(|| terraform("must pass a number"))
}

/// A float64 result, as cty makes one (`cty.NumberFloatVal`); NaN is refused.
fn float(f: f64) -> Result<Value, Text> {
    Num::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| t!("the result is not a number"))
}

pub(super) fn abs(args: &[Value]) -> Result<Value, Text> {
    Ok(Value::Number(one(args)?.abs()))
}

pub(super) fn ceil(args: &[Value]) -> Result<Value, Text> {
    one(args)?.floor(true).map(Value::Number).map_err(trouble)
}

pub(super) fn floor(args: &[Value]) -> Result<Value, Text> {
    one(args)?.floor(false).map(Value::Number).map_err(trouble)
}

/// `signum(number)`: -1, 0 or 1; Terraform takes whole numbers only.
pub(super) fn signum(args: &[Value]) -> Result<Value, Text> {
    match one(args)?.as_i64() {
        Some(i) => Ok(Value::from(i.signum())),
        None => Err(terraform(
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
        )),
    }
}

/// The arguments as float64s, as Terraform converts them for `pow` and `log`: rounded, but
/// never into an infinity.
fn floats(args: &[Value]) -> Result<Vec<f64>, Text> {
    numbers(args)?
        .iter()
        .map(|n| {
            n.to_f64().ok_or_else(|| {
                t!(
                    "{0}",
                    format!(
                        "value must be between {:.6} and {:.6} inclusive",
                        -f64::MAX,
                        f64::MAX
                    )
                )
            })
        })
        .collect()
}

/// `pow(base, exponent)`: Terraform's, Go's `math.Pow` on 64-bit floats.
pub(super) fn pow(args: &[Value]) -> Result<Value, Text> {
    let n = floats(args)?;
    float(gomath::pow(n[0], n[1]))
}

/// `log(number, base)`: Terraform's `math.Log(number) / math.Log(base)`.
pub(super) fn log(args: &[Value]) -> Result<Value, Text> {
    let n = floats(args)?;
    float(gomath::log(n[0]) / gomath::log(n[1]))
}

/// `parseint(string, base)`: the digits 0-9, then a-z (and, past base 36, A-Z after them),
/// with an optional sign, as Go's `big.Int.SetString` reads them.
pub(super) fn parseint(args: &[Value]) -> Result<Value, Text> {
    let digits = text(&args[0])?;
    let base = whole(&args[1])?;
    if !(2..=62).contains(&base) {
        return Err(terraform(
            "base must be a whole number between 2 and 62 inclusive",
        ));
    }
    let unreadable = || {
        t!(
            "cannot parse {0} as a base {1} integer",
            shown(&digits, false),
            base
        )
    };
    let (negative, rest) = match digits.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, digits.strip_prefix('+').unwrap_or(&digits)),
    };
    if rest.is_empty() {
        return Err(unreadable());
    }
    let mut n = BigUint::default();
    for c in rest.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            'a'..='z' => c as u32 - 'a' as u32 + 10,
            'A'..='Z' if base <= 36 => c as u32 - 'A' as u32 + 10,
            'A'..='Z' => c as u32 - 'A' as u32 + 36,
            _ => return Err(unreadable()),
        };
        if i64::from(d) >= base {
            return Err(unreadable());
        }
        n = n * base as u32 + d;
        if n.bits() > 1 << 17 {
            // Past what a number may be here: refused, before the digits cost more.
            break;
        }
    }
    Num::whole(negative, n).map(Value::Number).map_err(trouble)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f64) -> Value {
        Value::Number(Num::from_f64(v).unwrap())
    }

    /// Terraform's numeric functions, as its documentation gives them.
    #[test]
    fn numeric_functions_as_terraform_documents_them() {
        let s = |t: &str| Value::from(t);
        assert_eq!(log(&[n(8.0), n(2.0)]), Ok(n(3.0)));
        assert_eq!(log(&[n(1.0), n(10.0)]), Ok(n(0.0)));
        assert_eq!(pow(&[n(3.0), n(2.0)]), Ok(n(9.0)));
        assert_eq!(abs(&[n(-12.4)]), Ok(n(12.4)));
        assert_eq!(abs(&[Value::from(-3)]), Ok(Value::from(3)));
        assert_eq!(ceil(&[n(4.1)]), Ok(Value::from(5)));
        assert_eq!(floor(&[n(-2.5)]), Ok(Value::from(-3)));
        assert_eq!(signum(&[Value::from(-13)]), Ok(Value::from(-1)));
        assert_eq!(signum(&[Value::from(0)]), Ok(Value::from(0)));
        assert_eq!(parseint(&[s("100"), Value::from(10)]), Ok(Value::from(100)));
        assert_eq!(parseint(&[s("FF"), Value::from(16)]), Ok(Value::from(255)));
        assert_eq!(parseint(&[s("-10"), Value::from(16)]), Ok(Value::from(-16)));
        assert_eq!(
            parseint(&[s("1011111011101111"), Value::from(2)]),
            Ok(Value::from(48879))
        );
        assert_eq!(
            parseint(&[s("aA"), Value::from(62)]),
            Ok(Value::from(10 * 62 + 36))
        );
        assert!(parseint(&[s("12"), Value::from(2)]).is_err());
        assert!(parseint(&[s(""), Value::from(10)]).is_err());
        assert!(parseint(&[s("1"), Value::from(63)]).is_err());
        // Whole numbers past 2^64, exactly (Go's big.Int).
        assert_eq!(
            text(&parseint(&[s("1ffffffffffffffff"), Value::from(16)]).unwrap()),
            Ok("36893488147419103231".to_string())
        );
    }
}
