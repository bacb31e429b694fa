//! Text that people typed, made safe to show: the one escaper of mfactl. The terminal
//! (`output`) and the emails mfactl sends (`core::email`) both show typed text through
//! it, so a reader sees the same escapes (`\u{202e}`) wherever the text appears.

use std::borrow::Cow;

/// Whether a character must not reach a reader (a terminal, a mail reader) as it is:
/// C0 and C1 controls, DEL, and the invisible characters that reorder, hide or disguise
/// text: Unicode's format characters (bidi overrides, zero-width marks, tags) and the
/// other default-ignorable code points, and the line and paragraph separators.
pub fn is_hidden(c: char, keep_newlines: bool) -> bool {
    (c.is_control() && !(keep_newlines && c == '\n'))
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061c}'
                | '\u{06dd}'
                | '\u{070f}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08e2}'
                | '\u{115f}'..='\u{1160}'
                | '\u{17b4}'..='\u{17b5}'
                | '\u{180b}'..='\u{180f}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{fe00}'..='\u{fe0f}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff0}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
                // Blank-looking, private-use and non-characters: no honest name needs them.
                | '\u{2800}'
                | '\u{e000}'..='\u{f8ff}'
                | '\u{fdd0}'..='\u{fdef}'
                | '\u{fffe}'..='\u{ffff}'
                | '\u{f0000}'..='\u{10ffff}'
        )
}

/// The text with every character `is_hidden` finds shown as its Rust escape
/// (`\u{202e}`, `\n`); newlines kept when `keep_newlines`.
pub fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    escape_except(text, keep_newlines, &[])
}

/// `escape`, letting the exact sequences in `allowed` through.
pub fn escape_except<'a>(text: &'a str, keep_newlines: bool, allowed: &[&str]) -> Cow<'a, str> {
    if !text.chars().any(|c| is_hidden(c, keep_newlines)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(sequence) = allowed.iter().find(|sequence| rest.starts_with(**sequence)) {
            out.push_str(sequence);
            rest = &rest[sequence.len()..];
            continue;
        }
        if is_hidden(c, keep_newlines) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    Cow::Owned(out)
}
