//! Expressions made safe to evaluate, and read in Terraform's order. HCL's arithmetic
//! asserts that every result is a finite number (`0/0`, `1e308*10` would abort), so each
//! `+ - * / %` becomes a call to a checked function that reports such a result as an error.
//! Object literals are read in key order, as Terraform iterates maps.

use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::expr::{BinaryOperator, FuncCall, ObjectKey, Operation, TemplateExpr, TraversalOperator};
use hcl::{Expression, Number, Value};

/// The checked arithmetic, declared in `ctx`.
pub fn declare(ctx: &mut Context) {
    let pair = || FuncDef::builder().params([ParamType::Any, ParamType::Any]);
    ctx.declare_func("khcidr_add", pair().build(add));
    ctx.declare_func("khcidr_sub", pair().build(sub));
    ctx.declare_func("khcidr_mul", pair().build(mul));
    ctx.declare_func("khcidr_div", pair().build(div));
    ctx.declare_func("khcidr_mod", pair().build(modulo));
    ctx.declare_func(
        "khcidr_refuse",
        FuncDef::builder().param(ParamType::String).build(refuse),
    );
}

fn call(name: &str, args: Vec<Expression>) -> Expression {
    let mut call = FuncCall::new(name);
    call.args = args;
    Expression::FuncCall(Box::new(call))
}

/// Whether a template's interpolations hold arithmetic, which would escape the guard.
fn computes(template: &str) -> bool {
    template.split("${").skip(1).any(|rest| {
        rest.split('}')
            .next()
            .is_some_and(|inside| inside.contains(['+', '*', '/', '%']))
    })
}

/// The expression with checked arithmetic and object literals in key order.
pub fn guard(expr: Expression) -> Expression {
    match expr {
        Expression::Array(items) => Expression::Array(items.into_iter().map(guard).collect()),
        Expression::Object(object) => {
            let mut entries: Vec<(ObjectKey, Expression)> = object
                .into_iter()
                .map(|(k, v)| {
                    let k = match k {
                        ObjectKey::Expression(e) => ObjectKey::Expression(guard(e)),
                        other => other,
                    };
                    (k, guard(v))
                })
                .collect();
            let name = |k: &ObjectKey| match k {
                ObjectKey::Identifier(i) => Some(i.to_string()),
                ObjectKey::Expression(Expression::String(s)) => Some(s.clone()),
                _ => None,
            };
            if entries.iter().all(|(k, _)| name(k).is_some()) {
                entries.sort_by_key(|(k, _)| name(k));
            }
            Expression::Object(entries.into_iter().collect())
        }
        Expression::TemplateExpr(t) => {
            let raw = match &*t {
                TemplateExpr::QuotedString(s) => s.as_str(),
                TemplateExpr::Heredoc(h) => h.template.as_str(),
            };
            if computes(raw) {
                call(
                    "khcidr_refuse",
                    vec![Expression::String(
                        "arithmetic inside a string template is not evaluated here".into(),
                    )],
                )
            } else {
                Expression::TemplateExpr(t)
            }
        }
        Expression::Traversal(mut t) => {
            t.expr = guard(std::mem::replace(&mut t.expr, Expression::Null));
            t.operators = std::mem::take(&mut t.operators)
                .into_iter()
                .map(|op| match op {
                    TraversalOperator::Index(e) => TraversalOperator::Index(guard(e)),
                    other => other,
                })
                .collect();
            Expression::Traversal(t)
        }
        Expression::FuncCall(mut f) => {
            f.args = std::mem::take(&mut f.args).into_iter().map(guard).collect();
            Expression::FuncCall(f)
        }
        Expression::Parenthesis(e) => Expression::Parenthesis(Box::new(guard(*e))),
        Expression::Conditional(mut c) => {
            c.cond_expr = guard(std::mem::replace(&mut c.cond_expr, Expression::Null));
            c.true_expr = guard(std::mem::replace(&mut c.true_expr, Expression::Null));
            c.false_expr = guard(std::mem::replace(&mut c.false_expr, Expression::Null));
            Expression::Conditional(c)
        }
        Expression::ForExpr(mut f) => {
            f.collection_expr = guard(std::mem::replace(&mut f.collection_expr, Expression::Null));
            f.key_expr = f.key_expr.take().map(guard);
            f.value_expr = guard(std::mem::replace(&mut f.value_expr, Expression::Null));
            f.cond_expr = f.cond_expr.take().map(guard);
            Expression::ForExpr(f)
        }
        Expression::Operation(op) => match *op {
            Operation::Unary(mut u) => {
                u.expr = guard(std::mem::replace(&mut u.expr, Expression::Null));
                Expression::Operation(Box::new(Operation::Unary(u)))
            }
            Operation::Binary(mut b) => {
                let lhs = guard(std::mem::replace(&mut b.lhs_expr, Expression::Null));
                let rhs = guard(std::mem::replace(&mut b.rhs_expr, Expression::Null));
                let checked = match b.operator {
                    BinaryOperator::Plus => Some("khcidr_add"),
                    BinaryOperator::Minus => Some("khcidr_sub"),
                    BinaryOperator::Mul => Some("khcidr_mul"),
                    BinaryOperator::Div => Some("khcidr_div"),
                    BinaryOperator::Mod => Some("khcidr_mod"),
                    _ => None,
                };
                match checked {
                    Some(name) => call(name, vec![lhs, rhs]),
                    None => {
                        b.lhs_expr = lhs;
                        b.rhs_expr = rhs;
                        Expression::Operation(Box::new(Operation::Binary(b)))
                    }
                }
            }
        },
        other => other,
    }
}

/// An operand as Terraform converts it for arithmetic: a number, or a string of one.
fn operand(value: &Value) -> Result<f64, String> {
    match value {
        Value::Number(n) => n.as_f64().ok_or_else(|| "not a number".to_string()),
        Value::String(s) => s
            .trim()
            .parse::<f64>()
            .map_err(|_| "a string that is not a number".to_string()),
        _ => Err("arithmetic needs numbers".into()),
    }
}

fn integers(args: &FuncArgs) -> Option<(i64, i64)> {
    match (&args[0], &args[1]) {
        (Value::Number(a), Value::Number(b)) => Some((a.as_i64()?, b.as_i64()?)),
        _ => None,
    }
}

fn result(f: f64) -> Result<Value, String> {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Ok(Value::from(f as i64));
    }
    Number::from_f64(f)
        .map(Value::Number)
        .ok_or_else(|| "the result is not a finite number".into())
}

fn arith(
    args: &FuncArgs,
    exact: fn(i64, i64) -> Option<i64>,
    float: fn(f64, f64) -> f64,
) -> Result<Value, String> {
    if let Some(n) = integers(args).and_then(|(a, b)| exact(a, b)) {
        return Ok(Value::from(n));
    }
    result(float(operand(&args[0])?, operand(&args[1])?))
}

fn add(args: FuncArgs) -> Result<Value, String> {
    arith(&args, i64::checked_add, |a, b| a + b)
}

fn sub(args: FuncArgs) -> Result<Value, String> {
    arith(&args, i64::checked_sub, |a, b| a - b)
}

fn mul(args: FuncArgs) -> Result<Value, String> {
    arith(&args, i64::checked_mul, |a, b| a * b)
}

fn div(args: FuncArgs) -> Result<Value, String> {
    if operand(&args[1])? == 0.0 {
        return Err("divide by zero".into());
    }
    arith(
        &args,
        |a, b| {
            (a.checked_rem(b) == Some(0))
                .then(|| a.checked_div(b))
                .flatten()
        },
        |a, b| a / b,
    )
}

fn modulo(args: FuncArgs) -> Result<Value, String> {
    if operand(&args[1])? == 0.0 {
        return Err("modulo by zero".into());
    }
    arith(&args, i64::checked_rem, |a, b| a % b)
}

fn refuse(args: FuncArgs) -> Result<Value, String> {
    Err(args[0].as_str().unwrap_or("not evaluated here").to_string())
}

/// A value with every map in key order, as Terraform iterates maps.
pub fn sorted(value: Value) -> Value {
    match value {
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> =
                map.into_iter().map(|(k, v)| (k, sorted(v))).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        other => other,
    }
}
