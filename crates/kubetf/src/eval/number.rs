//! Terraform's arithmetic, as far as 64-bit numbers can be exact: whole numbers exactly,
//! floats below 2^53, and a refusal past that rather than a rounded value.

use hcl::expr::BinaryOperator;
use hcl::{Number, Value};

use super::{refused, Fault};
use khcidr_core::t;

/// The largest magnitude a float computes exactly as a whole number: past it, khcidr's
/// numbers are not Terraform's (which are exact), so such arithmetic is refused.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// A number as arithmetic takes it: a whole number exactly, or a float.
#[derive(Clone, Copy)]
pub enum Num {
    Int(i64),
    Float(f64),
}

impl Num {
    pub fn float(self) -> f64 {
        match self {
            Num::Int(n) => n as f64,
            Num::Float(f) => f,
        }
    }
}

fn beyond(sensitive: bool) -> Fault {
    refused(
        t!("a number past 2^53 that is not a whole 64-bit integer: Terraform computes it exactly, khcidr does not"),
        sensitive,
    )
}

/// An operand as Terraform converts it for arithmetic and comparison: a number, or a string
/// of one. Whole numbers stay exact; a float past 2^53 is refused.
pub fn num(value: &Value, sensitive: bool) -> Result<Num, Fault> {
    let n = match value {
        Value::Number(n) => match n.as_i64() {
            Some(i) => Num::Int(i),
            None => Num::Float(
                n.as_f64()
                    .ok_or_else(|| refused(t!("not a number"), sensitive))?,
            ),
        },
        Value::String(s) => match s.parse::<i64>() {
            Ok(i) => Num::Int(i),
            Err(_) => Num::Float(s.parse::<f64>().ok().filter(|f| f.is_finite()).ok_or_else(
                || {
                    refused(
                        t!("a number is required, not a string that is not one"),
                        sensitive,
                    )
                },
            )?),
        },
        Value::Null => return Err(refused(t!("a number is required, not null"), sensitive)),
        _ => return Err(refused(t!("a number is required"), sensitive)),
    };
    match n {
        Num::Float(f) if f.abs() >= EXACT => Err(beyond(sensitive)),
        n => Ok(n),
    }
}

/// An operand as a float, for comparisons.
pub fn operand(value: &Value, sensitive: bool) -> Result<f64, Fault> {
    num(value, sensitive).map(Num::float)
}

/// A float result as a number: whole ones exactly, others as they are, never NaN, infinite
/// or past 2^53.
pub fn number(f: f64, sensitive: bool) -> Result<Value, Fault> {
    if !f.is_finite() {
        return Err(refused(t!("the result is not a finite number"), sensitive));
    }
    if f.abs() >= EXACT {
        return Err(beyond(sensitive));
    }
    if f.fract() == 0.0 {
        return Ok(Value::from(f as i64));
    }
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| refused(t!("the result is not a finite number"), sensitive))
}

/// `+ - * / %`, checked: exact on whole numbers (an overflow is an error, never a float), an
/// error where the result is not a finite number or is past 2^53.
pub(super) fn arithmetic(
    op: BinaryOperator,
    a: &Value,
    b: &Value,
    sensitive: bool,
) -> Result<Value, Fault> {
    let (x, y) = (num(a, sensitive)?, num(b, sensitive)?);
    // Terraform's `a % 0` is `a`.
    if op == BinaryOperator::Mod && y.float() == 0.0 {
        return match x {
            Num::Int(i) => Ok(Value::from(i)),
            Num::Float(f) => number(f, sensitive),
        };
    }
    if op == BinaryOperator::Div && y.float() == 0.0 {
        return Err(refused(t!("divide by zero"), sensitive));
    }
    if let (Num::Int(a), Num::Int(b)) = (x, y) {
        let exact = match op {
            BinaryOperator::Plus => a.checked_add(b),
            BinaryOperator::Minus => a.checked_sub(b),
            BinaryOperator::Mul => a.checked_mul(b),
            BinaryOperator::Div if a.checked_rem(b) == Some(0) => a.checked_div(b),
            // A division with a remainder is a fraction: computed below.
            BinaryOperator::Div => None,
            BinaryOperator::Mod => a.checked_rem(b),
            _ => return Err(refused(t!("not an arithmetic operator"), sensitive)),
        };
        match exact {
            Some(n) => return Ok(Value::from(n)),
            None if op != BinaryOperator::Div || a.checked_rem(b).is_none() => {
                return Err(beyond(sensitive))
            }
            None => {}
        }
    }
    // A fraction of whole numbers past 2^53 has no exact float.
    if [x, y]
        .iter()
        .any(|n| matches!(n, Num::Int(i) if (*i as f64).abs() >= EXACT))
    {
        return Err(beyond(sensitive));
    }
    let (x, y) = (x.float(), y.float());
    let f = match op {
        BinaryOperator::Plus => x + y,
        BinaryOperator::Minus => x - y,
        BinaryOperator::Mul => x * y,
        BinaryOperator::Div => x / y,
        BinaryOperator::Mod => x % y,
        _ => return Err(refused(t!("not an arithmetic operator"), sensitive)),
    };
    number(f, sensitive)
}
