//! Fonts, sizes, spacing and the colours of feedback, shared by every screen.

use super::text::{exam_bold_family, exam_family, exam_italic_family};
use egui::{Color32, FontData, FontDefinitions, FontFamily, FontId, Margin, RichText, TextStyle, Ui};
use std::sync::Arc;

/// The widest the reading column grows, in points.
pub const COLUMN: f32 = 820.0;

/// The centred reading column every screen lays its content in: at most `COLUMN` wide, content
/// aligned left inside it.
pub fn reading_column<R>(ui: &mut Ui, add: impl FnOnce(&mut Ui) -> R) -> R {
    ui.vertical_centered(|ui| {
        ui.set_max_width(COLUMN);
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), add).inner
    })
    .inner
}

/// Green for right answers and points won.
pub fn right(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(88, 196, 128) } else { Color32::from_rgb(25, 128, 64) }
}

/// Red for wrong answers and points lost.
pub fn wrong(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(240, 110, 105) } else { Color32::from_rgb(190, 40, 40) }
}

/// Amber for flags, contested marks and the last minutes of a mock exam.
pub fn amber(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(240, 190, 90) } else { Color32::from_rgb(166, 104, 0) }
}

/// The accent used for the selected option and primary buttons.
pub fn accent(ui: &Ui) -> Color32 {
    ui.visuals().selection.bg_fill
}

/// A faint background tint of `c`, for feedback panels.
pub fn tint(ui: &Ui, c: Color32) -> Color32 {
    let a = if ui.visuals().dark_mode { 40 } else { 28 };
    Color32::from_rgba_unmultiplied(c.r(), c.g(), c.b(), a)
}

/// The colour of the "due" count: the accent, dark enough on white to read (WCAG AA).
pub fn due(ui: &Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_rgb(125, 195, 255) } else { Color32::from_rgb(0, 90, 170) }
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
        style.visuals.widgets.noninteractive.fg_stroke.color =
            if style.visuals.dark_mode { egui::Color32::from_gray(218) } else { egui::Color32::from_gray(28) };
    });
}
