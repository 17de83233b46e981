//! A scan of a file's text before it is parsed, for what the parser would take too long on.

/// The most items one object literal may hold. Reading an object takes time that grows with
/// the square of its items; a configuration's objects hold tens.
pub(crate) const MAX_ITEMS: usize = 4096;

/// The most time all of a file's objects may take to read, as the sum of their items
/// squared: four objects of [`MAX_ITEMS`].
const MAX_ITEMS_SQUARED: usize = 4 * MAX_ITEMS * MAX_ITEMS;

/// The first place where an object literal holds more than [`MAX_ITEMS`] items, or where the
/// objects so far hold more than [`MAX_ITEMS_SQUARED`] items squared, found by a scan that
/// skips strings, comments and heredocs and counts each `=` or `:` inside braces that open
/// an object (not a block: a block's brace follows its name or a label).
pub(crate) fn crowded(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    // Each brace open: for an object, its items and the `?` whose `:` is still to come.
    let mut objects: Vec<Option<(usize, usize)>> = Vec::new();
    let mut squared: usize = 0;
    let mut previous = b'\n';
    let mut i = 0;
    while i < bytes.len() {
        let c = at(i);
        if let Some(end) = skipped(text, i) {
            i = end;
        } else {
            match c {
                b'{' => {
                    let block =
                        previous == b'"' || previous.is_ascii_alphanumeric() || previous == b'_';
                    objects.push((!block).then_some((0, 0)));
                }
                b'}' => {
                    if let Some(Some((items, _))) = objects.pop() {
                        squared = squared.saturating_add(items.saturating_mul(items));
                        if squared > MAX_ITEMS_SQUARED {
                            return Some(i);
                        }
                    }
                }
                b'?' => {
                    if let Some(Some((_, questions))) = objects.last_mut() {
                        *questions += 1;
                    }
                }
                b'=' | b':' => {
                    let operator = matches!(at(i + 1), b'=' | b'>')
                        || matches!(previous, b'=' | b'!' | b'<' | b'>');
                    if let (false, Some(Some((items, questions)))) = (operator, objects.last_mut())
                    {
                        if c == b':' && *questions > 0 {
                            // A conditional's `:`.
                            *questions -= 1;
                        } else {
                            *items += 1;
                            if *items > MAX_ITEMS {
                                return Some(i);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        if let Some(&c) = bytes.get(i) {
            if !c.is_ascii_whitespace() {
                previous = c;
            }
        }
        i += 1;
    }
    None
}

/// Where a string, comment or heredoc starting at byte `i` ends (its last byte), or `None`
/// where none starts there: what the scan skips.
fn skipped(text: &str, i: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = |i: usize| bytes.get(i).copied().unwrap_or(0);
    match at(i) {
        b'"' => {
            let mut i = i + 1;
            while i < bytes.len() && at(i) != b'"' && at(i) != b'\n' {
                i += if at(i) == b'\\' { 2 } else { 1 };
            }
            Some(i)
        }
        b'#' => Some(line_end(bytes, i)),
        b'/' if at(i + 1) == b'/' => Some(line_end(bytes, i)),
        b'/' if at(i + 1) == b'*' => Some(
            text[i + 2..]
                .find("*/")
                .map_or(bytes.len(), |end| i + 2 + end + 1),
        ),
        b'<' if at(i + 1) == b'<' && (at(i + 2) == b'-' || at(i + 2).is_ascii_alphabetic()) => {
            Some(heredoc_end(text, i))
        }
        _ => None,
    }
}

fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |n| from + n)
}

/// Past a heredoc that starts at `from` (`<<EOT` or `<<-EOT`): the end of its closing line.
fn heredoc_end(text: &str, from: usize) -> usize {
    let rest = &text[from + 2..];
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    let name: &str = rest
        .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .next()
        .unwrap_or_default();
    let start = line_end(text.as_bytes(), from);
    if name.is_empty() {
        return start;
    }
    let mut offset = start + 1;
    for line in text
        .get(start + 1..)
        .unwrap_or_default()
        .split_inclusive('\n')
    {
        offset += line.len();
        if line.trim() == name {
            return offset.saturating_sub(1);
        }
    }
    text.len()
}
