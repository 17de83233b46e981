//! Small helpers every layer may use.

/// How much of a user's text a message quotes.
const QUOTE_LIMIT: usize = 48;

/// A user's text in quotes, shortened with an ellipsis past [`QUOTE_LIMIT`] characters, so a
/// message never repeats a whole pasted file or key.
pub(crate) fn quote(text: &str) -> String {
    match text.char_indices().nth(QUOTE_LIMIT) {
        Some((cut, _)) => format!("\"{}…\"", text.get(..cut).unwrap_or_default()),
        None => format!("\"{text}\""),
    }
}

/// A value, or an en dash where there is none: how every front end shows a missing
/// address or count.
pub fn or_dash<T: std::fmt::Display>(value: Option<T>) -> String {
    value.map_or_else(|| "–".to_string(), |v| v.to_string())
}

/// Sorts `items` by a numeric key, keeping the order of equal keys. Every caller shares one
/// sort routine over `(key, position)` pairs, where each `sort_by_key` would compile its own
/// copy of the sort (about 3.5 KB each in the page).
pub fn sort_by_number<T>(items: &mut Vec<T>, key: impl Fn(&T) -> u64) {
    let mut keyed: Vec<(u64, usize)> = items.iter().map(key).zip(0..).collect();
    keyed.sort_unstable();
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(
        keyed
            .iter()
            .filter_map(|&(_, at)| slots.get_mut(at).and_then(Option::take)),
    );
}

#[cfg(test)]
mod tests {
    #[test]
    fn sort_by_number_orders_by_key_and_keeps_ties_in_place() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (1, 'd'), (2, 'e')];
        super::sort_by_number(&mut items, |&(key, _)| key);
        assert_eq!(items, [(1, 'b'), (1, 'd'), (2, 'e'), (3, 'a'), (3, 'c')]);
    }
}
