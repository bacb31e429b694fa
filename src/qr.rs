//! The otpauth URI as a QR code in terminal text: one pure function.
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

/// Renders `uri` as a QR code in `style`.
pub fn render(uri: &str, style: Style) -> Result<String> {
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
    Ok(out)
}
