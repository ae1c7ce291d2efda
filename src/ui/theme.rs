//! Fonts, sizes, spacing and the colours of feedback, shared by every screen.

use super::text::{exam_bold_family, exam_family, exam_italic_family};
use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, Margin, RichText, TextStyle, Ui};
use std::sync::Arc;

/// The widest the reading column grows, in points.
pub const COLUMN: f32 = 820.0;

/// Below this window height the window is short: the chrome folds into one compact header row,
/// the navigator into one row, and exam text is set a little smaller, so a question's first
/// option shows at 800×600.
pub const COMPACT_HEIGHT: f32 = 640.0;

/// How much smaller exam text is set in a short window.
pub const COMPACT_TEXT: f32 = 0.82;

/// Whether the window is short (see `COMPACT_HEIGHT`).
pub fn compact(ui: &Ui) -> bool {
    ui.ctx().content_rect().height() < COMPACT_HEIGHT
}

/// Space of `normal` points, or a third of it in a short window.
pub fn gap(ui: &mut Ui, normal: f32) {
    ui.add_space(if compact(ui) { (normal / 3.0).round() } else { normal });
}

/// The top bar's Home button, for the compact headers that stand in its place.
pub fn home_button(ui: &mut Ui) -> bool {
    ui.button(super::help::anywhere::HOME.on("Home")).clicked()
}

/// Narrows `ui` to the reading column: `COLUMN` wide, or the room there is when the window is
/// narrower (`set_max_width` alone would widen it past the window's edges), less a gutter on the
/// right for the scroll bar, which would otherwise cover the edge of every option.
pub fn column_width(ui: &mut Ui) {
    const GUTTER: f32 = 12.0;
    ui.set_max_width(COLUMN.min(ui.available_width() - GUTTER));
}

/// The centred reading column every screen lays its content in: at most `COLUMN` wide, content
/// aligned left inside it.
pub fn reading_column<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.vertical_centered(|ui| {
        column_width(ui);
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), add).inner
    })
    .inner
}

/// The feedback colours of one theme (text drawn in them meets WCAG AA on the theme's panels;
/// the unit test below measures it).
#[derive(Clone, Copy, Debug)]
pub struct Palette {
    /// Right answers and points won.
    pub right: Color32,
    /// Wrong answers and points lost.
    pub wrong: Color32,
    /// Flags, contested marks, the last minutes of a mock exam.
    pub amber: Color32,
    /// The "due" count.
    pub due: Color32,
    /// The selected option, filled marks and primary buttons (white text on it reads at AA).
    pub accent: Color32,
}

/// The palette of the dark or the light theme.
pub fn palette(dark: bool) -> Palette {
    if dark {
        Palette {
            right: Color32::from_rgb(88, 196, 128),
            wrong: Color32::from_rgb(240, 110, 105),
            amber: Color32::from_rgb(240, 190, 90),
            due: Color32::from_rgb(125, 195, 255),
            accent: Color32::from_rgb(0, 92, 128),
        }
    } else {
        Palette {
            right: Color32::from_rgb(20, 112, 54),
            wrong: Color32::from_rgb(178, 34, 34),
            amber: Color32::from_rgb(138, 84, 0),
            due: Color32::from_rgb(0, 90, 170),
            accent: Color32::from_rgb(0, 95, 180),
        }
    }
}

/// Green for right answers and points won.
pub fn right(ui: &Ui) -> Color32 {
    palette(ui.visuals().dark_mode).right
}

/// Red for wrong answers and points lost.
pub fn wrong(ui: &Ui) -> Color32 {
    palette(ui.visuals().dark_mode).wrong
}

/// Amber for flags, contested marks and the last minutes of a mock exam.
pub fn amber(ui: &Ui) -> Color32 {
    palette(ui.visuals().dark_mode).amber
}

/// The accent used for the selected option and primary buttons.
pub fn accent(ui: &Ui) -> Color32 {
    palette(ui.visuals().dark_mode).accent
}

/// A faint background tint of `c`, for feedback panels.
pub fn tint(ui: &Ui, c: Color32) -> Color32 {
    tint_in(ui.visuals().dark_mode, c)
}

/// The tint of `c` in the dark or the light theme.
fn tint_in(dark: bool, c: Color32) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), if dark { 40 } else { 28 })
}

/// The colour of the "due" count: the accent, dark enough on white to read (WCAG AA).
pub fn due(ui: &Ui) -> Color32 {
    palette(ui.visuals().dark_mode).due
}

/// Secondary text colour.
pub fn muted(ui: &Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

/// A key hint such as `Space`, drawn small and muted next to an action.
pub fn key(k: &str) -> RichText {
    RichText::new(k).monospace().size(12.0)
}

/// A button label with its key: `Good  3`.
pub fn with_key(label: &str, k: &str) -> String {
    format!("{label}   {k}")
}

/// Loads the KaTeX fonts (already embedded for the math) as the exam text families.
pub fn install_fonts(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    let mut load = |name: &str, file: &str| -> bool {
        match ratex_katex_fonts::ttf_bytes(file) {
            Some(bytes) => {
                fonts.font_data.insert(name.to_string(), Arc::new(FontData::from_owned(bytes.into_owned())));
                true
            }
            None => false,
        }
    };
    // Arrows, Greek variants (ϵ), ✓ and other symbols the UI font lacks come from KaTeX's fonts,
    // last in line after egui's own.
    let mut symbols = Vec::new();
    for (name, file) in [
        ("katex-main", "KaTeX_Main-Regular.ttf"),
        ("katex-ams", "KaTeX_AMS-Regular.ttf"),
        ("katex-math", "KaTeX_Math-Italic.ttf"),
    ] {
        if load(name, file) {
            symbols.push(name.to_string());
        }
    }
    let bold = load("katex-bold", "KaTeX_Main-Bold.ttf");
    let italic = load("katex-italic", "KaTeX_Main-Italic.ttf");
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts.families.entry(family).or_default().extend(symbols.iter().cloned());
    }
    let ui_fonts = fonts.families.get(&FontFamily::Proportional).cloned().unwrap_or_default();
    let with = |first: Option<&str>| -> Vec<String> {
        first.map(str::to_string).into_iter().chain(ui_fonts.iter().cloned()).collect()
    };
    fonts.families.insert(exam_family(), with(symbols.first().map(String::as_str)));
    fonts.families.insert(exam_bold_family(), with(bold.then_some("katex-bold")));
    fonts.families.insert(exam_italic_family(), with(italic.then_some("katex-italic")));
    ctx.set_fonts(fonts);
}

/// Sizes and spacing: calm, generous, readable.
pub fn install_style(ctx: &egui::Context) {
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Heading, FontId::proportional(24.0)),
            (TextStyle::Body, FontId::proportional(15.5)),
            (TextStyle::Button, FontId::proportional(15.5)),
            (TextStyle::Small, FontId::proportional(12.5)),
            (TextStyle::Monospace, FontId::monospace(14.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(10.0, 8.0);
        style.spacing.button_padding = egui::vec2(14.0, 7.0);
        style.spacing.window_margin = Margin::same(16);
        style.spacing.interact_size.y = 30.0;
        style.visuals.widgets.inactive.corner_radius = 6.0.into();
        style.visuals.widgets.hovered.corner_radius = 6.0.into();
        style.visuals.widgets.active.corner_radius = 6.0.into();
        style.visuals.widgets.noninteractive.corner_radius = 6.0.into();
        // egui's default label grey is too faint for reading paragraphs of exam text.
        let dark = style.visuals.dark_mode;
        style.visuals.widgets.noninteractive.fg_stroke.color =
            if dark { egui::Color32::from_gray(218) } else { egui::Color32::from_gray(28) };
        // Secondary text (key hints, counts, notes) readable at AA, not egui's 60 % alpha.
        style.visuals.weak_text_color =
            Some(if dark { egui::Color32::from_gray(165) } else { egui::Color32::from_gray(92) });
        // Outlines of unselected radio rings, option rows and fields: visible (3:1) on the panel.
        let outline = if dark { egui::Color32::from_gray(120) } else { egui::Color32::from_gray(135) };
        style.visuals.widgets.noninteractive.bg_stroke.color = outline;
        style.visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, outline);
        if !dark {
            // egui's light accent text is too pale on white.
            style.visuals.hyperlink_color = egui::Color32::from_rgb(0, 90, 170);
        }
    });
}

/// How far one ↑ or ↓ scrolls, in points.
pub const KEY_SCROLL: f32 = 120.0;

/// PageUp, PageDown, Home and End scroll the scroll area this is called inside (unless a text
/// field has the keyboard): a page is nine tenths of what shows. With `arrows`, ↑ and ↓ scroll
/// too (where they do not move between cards).
pub fn page_keys(ui: &mut Ui, arrows: bool) {
    if super::keys::typing(ui) {
        return;
    }
    let page = ui.clip_rect().height() * 0.9;
    use super::help::scroll;
    // PageUp, PageDown, Home, End; then ↑, ↓.
    let dy = match (scroll::PAGES.which(ui), arrows.then(|| scroll::ARROWS.which(ui)).flatten()) {
        (Some(i), _) => [page, -page, 1.0e7, -1.0e7][i],
        (None, Some(i)) => [KEY_SCROLL, -KEY_SCROLL][i],
        (None, None) => 0.0,
    };
    if dy != 0.0 {
        ui.scroll_with_delta(egui::vec2(0.0, dy));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// WCAG relative luminance of an opaque colour.
    fn luminance(c: Color32) -> f64 {
        let ch = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        0.2126 * ch(c.r()) + 0.7152 * ch(c.g()) + 0.0722 * ch(c.b())
    }

    /// `c` (premultiplied, maybe translucent) painted over the opaque `bg`.
    fn over(c: Color32, bg: Color32) -> Color32 {
        let a = f64::from(c.a()) / 255.0;
        let mix = |f: u8, b: u8| (f64::from(f) + f64::from(b) * (1.0 - a)).round().min(255.0) as u8;
        Color32::from_rgb(mix(c.r(), bg.r()), mix(c.g(), bg.g()), mix(c.b(), bg.b()))
    }

    fn contrast(fg: Color32, bg: Color32) -> f64 {
        let fg = over(fg, bg);
        let (a, b) = (luminance(fg) + 0.05, luminance(bg) + 0.05);
        a.max(b) / a.min(b)
    }

    #[test]
    fn the_contrast_formula_is_wcags() {
        assert!((contrast(Color32::BLACK, Color32::WHITE) - 21.0).abs() < 1e-9);
        assert!((contrast(Color32::WHITE, Color32::WHITE) - 1.0).abs() < 1e-9);
        // The v1 "due" colour on white, which the issue measured at about 1.6:1.
        let old = contrast(Color32::from_rgb(0x90, 0xD1, 0xFF), Color32::WHITE);
        assert!((1.5..1.7).contains(&old), "{old}");
    }

    #[test]
    fn text_meets_wcag_aa_in_both_themes() {
        let ctx = egui::Context::default();
        install_style(&ctx);
        for theme in [egui::Theme::Dark, egui::Theme::Light] {
            let v = ctx.style_of(theme).visuals.clone();
            let p = palette(v.dark_mode);
            let texts = [
                ("body text", v.text_color()),
                ("secondary text", v.weak_text_color()),
                ("link", v.hyperlink_color),
                ("right", p.right),
                ("wrong", p.wrong),
                ("amber", p.amber),
                ("due", p.due),
            ];
            // Panels and windows, and the feedback panels tinted with their own colour.
            for bg in [v.panel_fill, v.window_fill] {
                for (name, fg) in texts {
                    let c = contrast(fg, bg);
                    assert!(c >= 4.5, "{theme:?}: {name} {fg:?} on {bg:?} is {c:.2}:1");
                }
                for (name, fg) in [("right", p.right), ("wrong", p.wrong), ("amber", p.amber)] {
                    let tinted = over(tint_in(v.dark_mode, fg), bg);
                    for (what, text) in [(name, fg), ("body text", v.text_color())] {
                        let c = contrast(text, tinted);
                        assert!(c >= 4.5, "{theme:?}: {what} on the {name} panel is {c:.2}:1");
                    }
                }
                // Text on the accent (selected buttons, the filled T/F marks) is white.
                let c = contrast(Color32::WHITE, p.accent);
                assert!(c >= 4.5, "{theme:?}: white on the accent is {c:.2}:1");
                // Outlines of unselected radios and option rows: a UI component, 3:1.
                let c = contrast(v.widgets.noninteractive.bg_stroke.color, bg);
                assert!(c >= 3.0, "{theme:?}: outlines are {c:.2}:1");
            }
        }
    }
}
