//! Terraform's arithmetic and its conversions to a number, on [`Num`]: the operators as
//! HCL's `+ - * / %` call cty, with cty's errors in its words.

use hcl::expr::BinaryOperator;

use super::float::{Num, Trouble};
use super::value::Value;
use super::{refused, Fault};
use khcidr_core::{t, Text};

/// Why an operation has no number, as a sentence.
pub fn trouble(why: Trouble) -> Text {
    match why {
        Trouble::Large => t!(
            "a number past 10^±1,233 or of more than 4,096 bits: Terraform computes it, khcidr does not evaluate numbers that large"
        ),
        // Terraform's words.
        Trouble::Undefined(words) => t!("{0}", words),
    }
}

/// An operand as Terraform converts it for arithmetic and comparison: a number, or a string
/// of one, read exactly as its text is (`"3"`, `"1e1"`; not `" 3"`).
pub fn num(value: &Value, sensitive: bool) -> Result<Num, Fault> {
    match value {
        Value::Number(n) => Ok(n.clone()),
        Value::String(s) => match Num::parse(s) {
            Ok(Some(n)) => Ok(n),
            Ok(None) => Err(refused(
                t!("a number is required, not a string that is not one"),
                sensitive,
            )),
            Err(why) => Err(refused(trouble(why), sensitive)),
        },
        Value::Null => Err(refused(t!("a number is required, not null"), sensitive)),
        _ => Err(refused(t!("a number is required"), sensitive)),
    }
}

/// `+ - * / %` as Terraform computes them: a nonzero number over zero is an infinity, `a % 0`
/// is `a`.
pub(super) fn arithmetic(
    op: BinaryOperator,
    a: &Value,
    b: &Value,
    sensitive: bool,
) -> Result<Value, Fault> {
    let (x, y) = (num(a, sensitive)?, num(b, sensitive)?);
    let result = match op {
        BinaryOperator::Plus => x.add(&y),
        BinaryOperator::Minus => x.sub(&y),
        BinaryOperator::Mul => x.mul(&y),
        BinaryOperator::Div => x.div(&y),
        BinaryOperator::Mod => x.rem(&y),
        _ => return Err(refused(t!("not an arithmetic operator"), sensitive)),
    };
    result
        .map(Value::Number)
        .map_err(|why| refused(trouble(why), sensitive))
}
