//! Terraform's numeric functions: `abs`, `ceil`, `floor`, `signum`, `pow`, `log`,
//! `parseint`. Whole numbers stay exact; the others are 64-bit floats, as Terraform's
//! `pow` and `log` compute them.

use hcl::Value;
use khcidr_core::{t, Text};

use super::{numbers, reason, terraform, text, whole};
use crate::eval::{number, shown, Num};

/// The one number argument.
fn one(args: &[Value]) -> Result<Num, Text> {
    numbers(&args[..1])?
        .pop()
        .ok_or_else(|| terraform("must pass a number"))
}

fn float(f: f64) -> Result<Value, Text> {
    number(f, false).map_err(reason)
}

pub(super) fn abs(args: &[Value]) -> Result<Value, Text> {
    match one(args)? {
        Num::Int(i) => i.checked_abs().map(Value::from).ok_or_else(|| {
            t!("a number past 2^63: Terraform computes it exactly, khcidr does not")
        }),
        Num::Float(f) => float(f.abs()),
    }
}

pub(super) fn ceil(args: &[Value]) -> Result<Value, Text> {
    match one(args)? {
        Num::Int(i) => Ok(Value::from(i)),
        Num::Float(f) => float(f.ceil()),
    }
}

pub(super) fn floor(args: &[Value]) -> Result<Value, Text> {
    match one(args)? {
        Num::Int(i) => Ok(Value::from(i)),
        Num::Float(f) => float(f.floor()),
    }
}

/// `signum(number)`: -1, 0 or 1; Terraform takes whole numbers only.
pub(super) fn signum(args: &[Value]) -> Result<Value, Text> {
    match one(args)? {
        Num::Int(i) => Ok(Value::from(i.signum())),
        Num::Float(_) => Err(terraform(
            "value must be a whole number, between -9223372036854775808 and 9223372036854775807",
        )),
    }
}

/// `pow(base, exponent)`: Terraform's `math.Pow` on 64-bit floats.
pub(super) fn pow(args: &[Value]) -> Result<Value, Text> {
    let n = numbers(args)?;
    float(n[0].float().powf(n[1].float()))
}

/// `log(number, base)`: Terraform's `math.Log(number) / math.Log(base)`.
pub(super) fn log(args: &[Value]) -> Result<Value, Text> {
    let n = numbers(args)?;
    float(n[0].float().ln() / n[1].float().ln())
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
    let mut n: i64 = 0;
    for c in rest.chars() {
        let d = match c {
            '0'..='9' => c as i64 - '0' as i64,
            'a'..='z' => c as i64 - 'a' as i64 + 10,
            'A'..='Z' if base <= 36 => c as i64 - 'A' as i64 + 10,
            'A'..='Z' => c as i64 - 'A' as i64 + 36,
            _ => return Err(unreadable()),
        };
        if d >= base {
            return Err(unreadable());
        }
        n = n
            .checked_mul(base)
            .and_then(|n| n.checked_add(d))
            .ok_or_else(|| {
                t!("a number past 2^63: Terraform computes it exactly, khcidr does not")
            })?;
    }
    Ok(Value::from(if negative { -n } else { n }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f64) -> Value {
        number(v, false).unwrap()
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
    }
}
