//! Terraform's `format` and `formatlist`: `%[flags][width][.precision]verb`, with the flags
//! `-` (left), `0` (zeros), `+` (a sign) and ` `, and the verbs `v s q t d b o x X e E f %`,
//! as Terraform (Go's `fmt`) writes them.

use crate::eval::Value;
use khcidr_core::{t, Text};

use super::{kind, terraform, text};
use crate::eval::{num, Limit, Num, MAX_VALUE};

/// One verb as written: its flags, width, precision and letter.
#[derive(Default)]
struct Spec {
    sharp: bool,
    left: bool,
    zeros: bool,
    plus: bool,
    space: bool,
    width: Option<usize>,
    precision: Option<usize>,
}

impl Spec {
    /// The sign Go writes before a number: `-`, or `+` and ` ` as the flags ask.
    fn sign(&self, negative: bool) -> &'static str {
        if negative {
            "-"
        } else if self.plus {
            "+"
        } else if self.space {
            " "
        } else {
            ""
        }
    }
}

pub(super) fn format(args: &[Value]) -> Result<Value, Text> {
    let spec = text(&args[0])?;
    let mut room = MAX_VALUE;
    formatted(&spec, &args[1..], &mut room).map(Value::from)
}

/// `formatlist(spec, values...)`: `format` once for each element of the lists given (of one
/// length), a value that is not a list standing for every element.
pub(super) fn formatlist(args: &[Value]) -> Result<Value, Text> {
    let spec = text(&args[0])?;
    let rest = &args[1..];
    let mut length: Option<usize> = None;
    for arg in rest {
        if let Value::Array(items) = arg {
            match length {
                Some(n) if n != items.len() => {
                    return Err(t!(
                        "all of the list arguments must be of the same length ({0} and {1})",
                        n,
                        items.len()
                    ))
                }
                _ => length = Some(items.len()),
            }
        }
    }
    let mut out = Vec::new();
    // Every row's text within one value's size, as each row could take it all.
    let mut room = MAX_VALUE;
    for k in 0..length.unwrap_or(1) {
        let row: Vec<Value> = rest
            .iter()
            .map(|arg| match arg {
                Value::Array(items) => items[k].clone(),
                other => other.clone(),
            })
            .collect();
        out.push(Value::from(formatted(&spec, &row, &mut room)?));
    }
    Ok(Value::Array(out))
}

/// The text of one `format`, within `room` bytes (what is left of one value's size): a
/// width, a precision or a text past it stops the evaluation, as any value that large does.
/// The verbs are read as cty's format scanner reads them: `%%`, or `%`, flags, a width, a
/// precision, an argument index `[n]` and a letter, in that order.
fn formatted(spec: &str, values: &[Value], room: &mut usize) -> Result<String, Text> {
    let too_large = || Limit::Size.describe();
    // Terraform's words for what its scanner does not read.
    let unrecognized = |c: Option<char>, at: usize| match c {
        Some(c) => t!(
            "{0}",
            format!("unrecognized format character {c:?} at offset {at}")
        ),
        None => t!(
            "{0}",
            format!("invalid format string starting at offset {at}")
        ),
    };
    let mut out = String::new();
    // Argument numbers are 1-based; 0 is "none".
    let (mut next, mut highest) = (1usize, 0usize);
    let mut chars = spec.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek().map(|&(_, c)| c) == Some('%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut s = Spec::default();
        while let Some(&(_, f)) = chars.peek() {
            match f {
                '-' => s.left = true,
                '0' => s.zeros = true,
                '+' => s.plus = true,
                ' ' => s.space = true,
                '#' => s.sharp = true,
                _ => break,
            }
            chars.next();
        }
        // A width or an index is a number without a leading zero.
        s.width = digits(&mut chars);
        if chars.peek().map(|&(_, c)| c) == Some('.') {
            chars.next();
            s.precision = Some(digits(&mut chars).unwrap_or(0));
        }
        let mut arg = next;
        if chars.peek().map(|&(_, c)| c) == Some('[') {
            chars.next();
            match chars.peek() {
                Some(&(_, '1'..='9')) => {}
                other => {
                    return Err(unrecognized(
                        other.map(|&(_, c)| c),
                        other.map_or(spec.len(), |&(i, _)| i),
                    ))
                }
            }
            arg = digits(&mut chars).unwrap_or(0);
            match chars.next() {
                Some((_, ']')) => {}
                other => {
                    return Err(unrecognized(
                        other.map(|(_, c)| c),
                        other.map_or(spec.len(), |(i, _)| i),
                    ))
                }
            }
        }
        if s.width.max(s.precision).is_some_and(|n| n > *room) {
            return Err(too_large());
        }
        let verb = match chars.next() {
            Some((_, v)) if v.is_ascii_alphabetic() => v,
            Some((i, other)) => return Err(unrecognized(Some(other), i)),
            None => return Err(unrecognized(None, at)),
        };
        highest = highest.max(arg);
        let value = values.get(arg - 1).ok_or_else(|| {
            // Terraform's words.
            let total = values.len();
            let raw = &spec[at..chars.peek().map_or(spec.len(), |&(i, _)| i)];
            t!(
                "{0}",
                format!("not enough arguments for {raw:?} at {at}: need index {arg} but have {total} total")
            )
        })?;
        next = arg + 1;
        let (body, padding) = verb_text(verb, value, &s, at)?;
        out.push_str(&pad(body, &s, padding));
        if out.len() > *room {
            return Err(too_large());
        }
    }
    if highest < values.len() {
        // Terraform's words.
        return Err(if highest == 0 {
            terraform("too many arguments; no verbs in format string")
        } else {
            t!(
                "{0}",
                format!("too many arguments; only {highest} used by format string")
            )
        });
    }
    *room -= out.len().min(*room);
    Ok(out)
}

/// A width or a precision: the digits there, if any.
fn digits(chars: &mut std::iter::Peekable<std::str::CharIndices>) -> Option<usize> {
    let mut n: Option<usize> = None;
    while let Some(&(_, c)) = chars.peek() {
        let Some(d) = c.to_digit(10) else { break };
        n = Some(n.unwrap_or(0).saturating_mul(10).saturating_add(d as usize));
        chars.next();
    }
    n
}

/// How a verb's text takes its width.
#[derive(Clone, Copy, PartialEq)]
enum Padding {
    /// Go's `fmt` for a number: zeros go after the sign.
    Number,
    /// Go's `fmt` for an infinity: never zeros.
    Infinite,
    /// cty's own, for `%v`, `%s` and `%q`: zeros or blanks before (after with `-`), counted
    /// in grapheme clusters.
    Text,
    /// `%t`: none.
    Bare,
}

/// The first `n` grapheme clusters of `s`.
fn clusters(s: &str, n: usize) -> String {
    unicode_segmentation::UnicodeSegmentation::graphemes(s, true)
        .take(n)
        .collect()
}

/// `%q` as cty writes it: Go's JSON string, which also escapes `<`, `>`, `&`, U+2028 and
/// U+2029.
fn quoted(s: &str) -> String {
    let json = serde_json::to_string(s).unwrap_or_default();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// The value as one verb writes it, before its width, and how the width is made.
fn verb_text(verb: char, value: &Value, s: &Spec, at: usize) -> Result<(String, Padding), Text> {
    let number = || -> Result<Num, Text> {
        match value {
            Value::Number(_) | Value::String(_) => num(value, false).map_err(|_| {
                // Terraform's words.
                t!(
                    "{0}",
                    format!("unsupported value for \"%{verb}\" at {at}: a number is required")
                )
            }),
            other => Err(t!("a number is required, not {0}", &kind(other))),
        }
    };
    let signed = |negative: bool, digits: String| {
        let sign = s.sign(negative);
        format!("{sign}{digits}")
    };
    // Go writes an infinity "+Inf" or "-Inf" (" Inf" with a blank flag).
    let infinite = |n: &Num| {
        let sign = if n.sign_bit() {
            "-"
        } else if s.space {
            " "
        } else {
            "+"
        };
        (format!("{sign}Inf"), Padding::Infinite)
    };
    // cty's precision for `%s` and `%q`: grapheme clusters, none when 0.
    let cut = |text: String| match s.precision {
        Some(p) if p > 0 => clusters(&text, p),
        _ => text,
    };
    Ok(match verb {
        // `#`: the value as JSON, strings quoted.
        'v' if s.sharp => match value {
            Value::String(text) => (quoted(text), Padding::Text),
            Value::Number(n) => (n.to_string(), Padding::Text),
            Value::Bool(b) => (b.to_string(), Padding::Text),
            other => return Err(t!("a string is required, not {0}", &kind(other))),
        },
        'v' if value.is_number() => (number()?.general(), Padding::Text),
        'v' => (text(value)?, Padding::Text),
        's' => (cut(text(value)?), Padding::Text),
        'q' => (quoted(&cut(text(value)?)), Padding::Text),
        't' => match value {
            Value::Bool(b) => (b.to_string(), Padding::Bare),
            Value::String(b) if b == "true" || b == "false" => (b.clone(), Padding::Bare),
            other => return Err(t!("a bool is required, not {0}", &kind(other))),
        },
        'd' | 'b' | 'o' | 'x' | 'X' => {
            let n = number()?;
            let whole = n.trunc().filter(|_| n.is_int()).ok_or_else(|| {
                // Terraform's words.
                t!(
                    "{0}",
                    format!("unsupported value for \"%{verb}\" at {at}: an integer is required")
                )
            })?;
            (integer(verb, whole, s), Padding::Bare)
        }
        'f' | 'e' | 'E' => {
            let n = number()?;
            if n.is_inf() {
                infinite(&n)
            } else {
                let body = match verb {
                    'f' => n.fixed(Some(s.precision.unwrap_or(6))),
                    _ => n.scientific(s.precision.unwrap_or(6), verb == 'E'),
                };
                (signed(n.sign_bit(), body), Padding::Number)
            }
        }
        other => return Err(t!("the verb %{0} is not evaluated here", other)),
    })
}

/// A whole number as Go's `big.Int` formats one: the sign, `#`'s prefix, at least the
/// precision's digits (none for 0 at precision 0, not even the width), then the width, in
/// zeros only without a precision.
fn integer(verb: char, (negative, m): (bool, num_bigint::BigUint), s: &Spec) -> String {
    let mut digits = match verb {
        'b' => m.to_str_radix(2),
        'o' => m.to_str_radix(8),
        'x' => m.to_str_radix(16),
        'X' => m.to_str_radix(16).to_uppercase(),
        _ => m.to_string(),
    };
    let sign = s.sign(negative);
    let prefix = match verb {
        'b' if s.sharp => "0b",
        'o' if s.sharp => "0",
        'x' if s.sharp => "0x",
        'X' if s.sharp => "0X",
        _ => "",
    };
    let mut zeros = 0;
    if let Some(p) = s.precision {
        if digits == "0" && p == 0 {
            return String::new();
        }
        zeros = p.saturating_sub(digits.len());
    }
    let length = sign.len() + prefix.len() + zeros + digits.len();
    let (mut left, mut right) = (0, 0);
    if let Some(width) = s.width.filter(|&w| w > length) {
        let d = width - length;
        if s.left {
            right = d;
        } else if s.zeros && s.precision.is_none() {
            zeros = d;
        } else {
            left = d;
        }
    }
    digits.insert_str(0, &"0".repeat(zeros));
    format!(
        "{}{sign}{prefix}{digits}{}",
        " ".repeat(left),
        " ".repeat(right)
    )
}

/// The text in its width: blanks before it, after it with `-`; zeros after the sign of a
/// number with `0`, or, as cty pads `%v`, `%s` and `%q`, zeros in place of the blanks.
fn pad(body: String, s: &Spec, padding: Padding) -> String {
    let Some(width) = s.width else {
        return body;
    };
    let len = match padding {
        Padding::Text => {
            unicode_segmentation::UnicodeSegmentation::graphemes(body.as_str(), true).count()
        }
        _ => body.chars().count(),
    };
    if len >= width || padding == Padding::Bare {
        return body;
    }
    let fill = width - len;
    match padding {
        Padding::Text => {
            let pads = if s.zeros { "0" } else { " " }.repeat(fill);
            if s.left {
                format!("{body}{pads}")
            } else {
                format!("{pads}{body}")
            }
        }
        _ if s.left => format!("{body}{}", " ".repeat(fill)),
        Padding::Number if s.zeros => {
            let (sign, digits) = match body.chars().next() {
                Some(c @ ('-' | '+' | ' ')) => (c.to_string(), &body[1..]),
                _ => (String::new(), body.as_str()),
            };
            format!("{sign}{}{digits}", "0".repeat(fill))
        }
        _ => format!("{}{body}", " ".repeat(fill)),
    }
}
