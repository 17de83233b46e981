//! A syntax error for a person: where, what is wrong in words, and the line it means with
//! a caret under the place. Only a `name = value` line is quoted, and its value only for
//! the ranges, addresses and release khcidr checks: any other could be a secret (a token,
//! a password), and a value derived from a secret is never shown, in an error either.

use khcidr_core::text::w;

/// The longest stretch of a line quoted, in characters, around the place it means.
const QUOTED: usize = 120;

/// The parser's message in words, where it is one a kube.tf commonly meets.
pub(crate) fn in_words(message: &str) -> Option<&'static str> {
    let m = message.to_ascii_lowercase();
    if m.contains("expected newline or eof") {
        Some(w("more follows a complete value on this line: a missing quote, operator or comma, or two values on one line"))
    } else if m.contains("unexpected eof") || m.contains("end of input") {
        Some(w(
            "the file ends inside a block, a list or a string: a closing }, ] or \" is missing",
        ))
    } else if m.contains("invalid block body") {
        Some(w("this line does not read as name = value or as a block: look for a missing quote, bracket or ="))
    } else if m.contains("expected `=`") {
        Some(w("an attribute needs = between its name and its value"))
    } else {
        None
    }
}

/// The settings whose values a quoted line may show: ranges, addresses and the release,
/// never a secret. Any other attribute's value is hidden.
/// Not `source`: a module's address can carry credentials (`git::https://user:token@...`).
const SHOWN: [&str; 5] = [
    "network_ipv4_cidr",
    "cluster_ipv4_cidr",
    "service_ipv4_cidr",
    "cluster_dns_ipv4",
    "version",
];

/// `line` (1-based) of `text` for a person, with a caret line under `column` (1-based, in
/// characters). Only a line that reads `name = value` is quoted, and its value only where
/// the name is one of [`SHOWN`]: any other value becomes `…` (a token, a password, a
/// heredoc's line, a comment are never shown). Cut to [`QUOTED`] characters.
pub(crate) fn quote(text: &str, line: usize, column: usize) -> Option<String> {
    let source = text.lines().nth(line.checked_sub(1)?)?;
    let (name, _) = source.split_once('=')?;
    let key = name.trim();
    let is_name = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if !is_name {
        return None;
    }
    let head = name.chars().count() + 1;
    let shown: String = if SHOWN.contains(&key) {
        source.chars().take(QUOTED).collect()
    } else {
        format!("{}= …", name)
    };
    // The place, or where the hidden value starts when it lies in it.
    let caret = if SHOWN.contains(&key) {
        column.saturating_sub(1).min(shown.chars().count())
    } else {
        column.saturating_sub(1).min(head + 1)
    };
    let number = line.to_string();
    Some(format!(
        "{number} | {shown}\n{pad} | {spaces}^",
        pad = " ".repeat(number.len()),
        spaces = " ".repeat(caret),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quoted_line_shows_the_checked_ranges_and_hides_every_other_value() {
        let text = "a\n  network_ipv4_cidr = \"10.0.0.0/8\" x\n  hcloud_token = \"s3cr3t\" y\n";
        // Column 36 of line 2 is the x after the range, 35 characters in.
        assert_eq!(
            quote(text, 2, 36).unwrap(),
            format!(
                "2 |   network_ipv4_cidr = \"10.0.0.0/8\" x\n  | {}^",
                " ".repeat(35)
            )
        );
        // Any other attribute: its name, and its value hidden; the caret at the value.
        assert_eq!(
            quote(text, 3, 31).unwrap(),
            format!("3 |   hcloud_token = …\n  | {}^", " ".repeat(17))
        );
        assert_eq!(quote(text, 9, 1), None);
    }

    #[test]
    fn no_secret_survives_in_any_shape_a_broken_line_takes() {
        for line in [
            "  hcloud_token = 'SECRET'",
            "  hcloud_token = SECRET\"",
            "  x = \"${\"SECRET\"}\"",
            "  password: SECRET ${",
            "  /* SECRET",
            "  robot_password = \"1234.5678\"",
            "  k3s_token = <<EOT SECRET",
            "  source = \"git::https://u:SECRET@example.com/m\"",
            "SECRET",
        ] {
            let quoted = quote(line, 1, 5).unwrap_or_default();
            assert!(
                !quoted.contains("SECRET") && !quoted.contains("1234"),
                "{line}: {quoted}"
            );
        }
    }

    #[test]
    fn the_parsers_common_messages_have_words() {
        assert!(in_words("expected newline or eof").is_some());
        assert!(in_words("something else entirely").is_none());
    }
}
