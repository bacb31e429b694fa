//! The otpauth URI as a QR code in terminal text, and whether to draw it: pure
//! functions (the terminal's facts are resolved by `app.rs` into `Ctx`).
//!
//! A QR code is drawn only where it can be scanned: on a terminal wide enough for it.
//! Into a pipe or a file it would be escape sequences and block glyphs that no one can
//! scan (`--qr` forces it, e.g. for a decoder); on a narrow terminal the lines wrap into
//! noise, so a one-line explanation is shown instead. The key and URI are always shown.
//!
//! Two modules per character cell (half blocks), with a 4-module quiet zone. With
//! colour, every line is forced to black on white, so a phone can scan it in dark and
//! light themes alike. Without colour (`NO_COLOR`) the glyphs take the terminal's own
//! colours: on a dark background the light modules are drawn (as `qrencode -t UTF8`
//! does), on a light background the dark ones.

use qrcode::{Color, EcLevel, QrCode};

use crate::error::{Error, Result};

const QUIET_ZONE: usize = 4;
/// Black foreground on white background (256-colour palette), then reset: the only
/// escape sequences mfactl itself prints (`output` lets these two through).
pub const BLACK_ON_WHITE: &str = "\x1b[38;5;16;48;5;231m";
pub const RESET: &str = "\x1b[0m";

/// How to draw the code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// Black on white, forced with ANSI colours.
    Color,
    /// No colour; the terminal draws light text on a dark background.
    DarkBackground,
    /// No colour; the terminal draws dark text on a light background.
    LightBackground,
}

/// A QR code as terminal text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drawing {
    /// Lines of glyphs (with colour sequences in `Style::Color`), each ending in `\n`.
    pub text: String,
    /// Width in character cells: what the terminal needs to show a line unbroken.
    pub columns: usize,
}

/// Renders `uri` as a QR code in `style`.
pub fn render(uri: &str, style: Style) -> Result<Drawing> {
    let color = style == Style::Color;
    // Glyphs show the terminal's foreground: on a dark background that is the light modules.
    let draw_light = style == Style::DarkBackground;
    let code = QrCode::with_error_correction_level(uri.as_bytes(), EcLevel::M)
        .map_err(|e| Error::environment("cannot make a QR code of the otpauth URI").caused_by(e))?;
    let width = code.width();
    let colors = code.to_colors();
    let size = width + 2 * QUIET_ZONE;
    let dark = |x: usize, y: usize| -> bool {
        x >= QUIET_ZONE
            && y >= QUIET_ZONE
            && x < QUIET_ZONE + width
            && y < QUIET_ZONE + width
            && colors[(y - QUIET_ZONE) * width + (x - QUIET_ZONE)] == Color::Dark
    };
    let mut out = String::new();
    for y in (0..size).step_by(2) {
        if color {
            out.push_str(BLACK_ON_WHITE);
        }
        for x in 0..size {
            let top = dark(x, y) != draw_light;
            // Past the last row (the size is odd) there is nothing to draw.
            let bottom = y + 1 < size && dark(x, y + 1) != draw_light;
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        if color {
            out.push_str(RESET);
        }
        out.push('\n');
    }
    Ok(Drawing {
        text: out,
        columns: size,
    })
}

/// Where the code would be written: a terminal (of a known width, or not), or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Screen {
    pub terminal: bool,
    /// Columns of the terminal, when known (`COLUMNS`, else the terminal's own size).
    pub columns: Option<usize>,
}

/// What to show of the code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Shown {
    Drawn(Drawing),
    /// Not a terminal, and `--qr` was not given: nothing is drawn.
    NotATerminal,
    /// A terminal narrower than the code.
    TooNarrow {
        columns: usize,
        needed: usize,
    },
}

/// Draws `uri` for `screen` when it can be scanned there, or when `forced` (`--qr`).
/// A terminal of unknown width is assumed wide enough.
pub fn show(uri: &str, style: Style, screen: Screen, forced: bool) -> Result<Shown> {
    let drawing = render(uri, style)?;
    if forced {
        return Ok(Shown::Drawn(drawing));
    }
    Ok(match (screen.terminal, screen.columns) {
        (false, _) => Shown::NotATerminal,
        (true, Some(columns)) if columns < drawing.columns => Shown::TooNarrow {
            columns,
            needed: drawing.columns,
        },
        (true, _) => Shown::Drawn(drawing),
    })
}

#[cfg(test)]
mod tests {
    use super::{Screen, Shown, Style, show};

    const URI: &str = "otpauth://totp/acme:alice%40example.com?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=acme";

    fn shown(terminal: bool, columns: Option<usize>, forced: bool) -> Shown {
        show(URI, Style::Color, Screen { terminal, columns }, forced)
            .unwrap_or_else(|e| panic!("{e:?}"))
    }

    #[test]
    fn drawn_only_on_a_terminal_wide_enough_unless_forced() {
        let Shown::Drawn(drawing) = shown(true, None, false) else {
            panic!("a terminal of unknown width gets the code");
        };
        let needed = drawing.columns;
        // Every line is exactly as wide as it says (colour sequences take no cells).
        for line in drawing.text.lines() {
            let cells = line.chars().filter(|c| "█▀▄ ".contains(*c)).count();
            assert_eq!(cells, needed, "{line:?}");
        }
        assert!(matches!(shown(true, Some(needed), false), Shown::Drawn(_)));
        assert_eq!(
            shown(true, Some(needed - 1), false),
            Shown::TooNarrow {
                columns: needed - 1,
                needed
            }
        );
        assert_eq!(shown(false, None, false), Shown::NotATerminal);
        assert_eq!(shown(false, Some(200), false), Shown::NotATerminal);
        assert!(matches!(shown(false, None, true), Shown::Drawn(_)));
        assert!(matches!(shown(true, Some(10), true), Shown::Drawn(_)));
    }
}
