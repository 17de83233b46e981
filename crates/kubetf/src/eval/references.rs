//! Which locals an expression refers to, found without evaluating it.

use hcl::expr::{ObjectKey, Operation, TraversalOperator};
use hcl::template::{Directive, Element, Template};
use hcl::Expression;

/// The `local.NAME`s an expression refers to, and whether it refers to `local` whole.
pub fn locals_used(expr: &Expression, out: &mut Vec<String>) -> bool {
    let mut whole = false;
    walk(expr, &mut |e| match e {
        Expression::Traversal(t) => {
            if let (Expression::Variable(root), Some(TraversalOperator::GetAttr(name))) =
                (&t.expr, t.operators.first())
            {
                if root.as_str() == "local" {
                    out.push(name.to_string());
                }
            }
        }
        Expression::Variable(v) if v.as_str() == "local" => whole = true,
        _ => {}
    });
    whole
}

/// Visits every expression inside `expr`, templates' included.
fn walk(expr: &Expression, visit: &mut dyn FnMut(&Expression)) {
    visit(expr);
    match expr {
        Expression::Array(items) => items.iter().for_each(|e| walk(e, visit)),
        Expression::Object(object) => {
            for (k, v) in object {
                if let ObjectKey::Expression(k) = k {
                    walk(k, visit);
                }
                walk(v, visit);
            }
        }
        Expression::TemplateExpr(t) => {
            if let Ok(template) = Template::from_expr(t) {
                walk_template(&template, visit);
            }
        }
        Expression::Traversal(t) => {
            // A traversal's root is visited after its operators' expressions: `local.x`
            // reaches the visitor whole, not as a bare `local`.
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op {
                    walk(e, visit);
                }
            }
            if !matches!(t.expr, Expression::Variable(_)) {
                walk(&t.expr, visit);
            }
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|e| walk(e, visit)),
        Expression::Parenthesis(e) => walk(e, visit),
        Expression::Conditional(c) => {
            walk(&c.cond_expr, visit);
            walk(&c.true_expr, visit);
            walk(&c.false_expr, visit);
        }
        Expression::Operation(op) => match &**op {
            Operation::Unary(u) => walk(&u.expr, visit),
            Operation::Binary(b) => {
                walk(&b.lhs_expr, visit);
                walk(&b.rhs_expr, visit);
            }
        },
        Expression::ForExpr(f) => {
            walk(&f.collection_expr, visit);
            if let Some(k) = &f.key_expr {
                walk(k, visit);
            }
            walk(&f.value_expr, visit);
            if let Some(c) = &f.cond_expr {
                walk(c, visit);
            }
        }
        _ => {}
    }
}

fn walk_template(template: &Template, visit: &mut dyn FnMut(&Expression)) {
    for element in template.elements() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => walk(&i.expr, visit),
            Element::Directive(d) => match &**d {
                Directive::If(d) => {
                    walk(&d.cond_expr, visit);
                    walk_template(&d.true_template, visit);
                    if let Some(f) = &d.false_template {
                        walk_template(f, visit);
                    }
                }
                Directive::For(d) => {
                    walk(&d.collection_expr, visit);
                    walk_template(&d.template, visit);
                }
            },
        }
    }
}
