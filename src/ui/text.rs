//! Exam text on screen: the Markdown subset exams use (emphasis, inline code, lists, code fences,
//! images) with inline `$…$` math on the text baseline and `$$…$$` display math centred. The exam's
//! line breaks are kept: each source line is its own wrapped line.

use super::math::MathCache;
use egui::text::{LayoutJob, TextFormat};
use egui::{Align2, Color32, FontFamily, FontId, Galley, Rect, Sense, Stroke, Ui, Vec2, pos2, vec2};
use std::path::Path;
use std::sync::Arc;

/// Font family of exam text (KaTeX's serif, so prose matches the math).
pub fn exam_family() -> FontFamily {
    FontFamily::Name("exam".into())
}

/// Bold exam text.
pub fn exam_bold_family() -> FontFamily {
    FontFamily::Name("exam-bold".into())
}

/// Italic exam text.
pub fn exam_italic_family() -> FontFamily {
    FontFamily::Name("exam-italic".into())
}

pub use crate::markup::{Block, Inline, parse_blocks, parse_inline};

/// Texture coordinates covering a whole image.
const FULL_UV: Rect = Rect::from_min_max(pos2(0.0, 0.0), pos2(1.0, 1.0));

/// How to draw a piece of exam text.
#[derive(Clone, Copy)]
pub struct Style {
    /// Body size in points.
    pub size: f32,
    /// Text colour.
    pub color: Color32,
}

/// Everything drawing needs besides the `Ui`.
pub struct Painter<'a> {
    /// The formula cache.
    pub math: &'a mut MathCache,
    /// Folder the deck's images are in.
    pub images: Option<&'a Path>,
}

enum Atom {
    Galley(Arc<Galley>, f32),
    Math(egui::TextureId, Vec2, f32),
    Source(Arc<Galley>, f32),
}

impl Atom {
    fn size(&self) -> Vec2 {
        match self {
            Atom::Galley(g, _) | Atom::Source(g, _) => g.size(),
            Atom::Math(_, s, _) => *s,
        }
    }
    fn baseline(&self) -> f32 {
        match self {
            Atom::Galley(_, b) | Atom::Source(_, b) | Atom::Math(_, _, b) => *b,
        }
    }
}

fn galley_baseline(g: &Galley) -> f32 {
    g.rows.first().map(|r| r.pos.y + r.row.glyphs.first().map_or(r.row.size.y * 0.8, |gl| gl.pos.y)).unwrap_or(0.0)
}

impl Painter<'_> {
    /// Draws `text` (exam Markdown) into `ui`, using the full available width.
    pub fn show(&mut self, ui: &mut Ui, text: &str, style: Style) {
        let (blocks, spoken) = self.math.blocks(text);
        // A short window sets blocks closer together (`theme::compact`).
        let tight = super::theme::compact(ui);
        let r = ui.vertical(|ui| {
            ui.spacing_mut().item_spacing.y = style.size * if tight { 0.2 } else { 0.35 };
            for b in blocks.iter() {
                match b {
                    Block::Line(parts) => self.line(ui, parts, style, None),
                    Block::Item(parts) => self.line(ui, parts, style, Some("•")),
                    Block::Display(tex) => self.display(ui, tex, style),
                    Block::Code(code) => code_block(ui, code, style),
                    Block::Gap => ui.add_space(style.size * 0.25),
                    Block::Image { alt, path } => self.image(ui, alt, path, style),
                }
            }
        });
        // Painted text is invisible to a screen reader: give the block a node whose label is the
        // text, formulas as their TeX source.
        if !spoken.is_empty() {
            r.response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, spoken.to_string()));
        }
    }

    fn atoms(&mut self, ui: &Ui, parts: &[Inline], style: Style) -> Vec<Atom> {
        let ppp = ui.ctx().pixels_per_point();
        let mut atoms = Vec::new();
        let code_bg = ui.visuals().code_bg_color;
        for p in parts {
            match p {
                Inline::Text { s, bold, italic } => {
                    let family = if *bold {
                        exam_bold_family()
                    } else if *italic {
                        exam_italic_family()
                    } else {
                        exam_family()
                    };
                    let fmt = TextFormat {
                        font_id: FontId::new(style.size, family),
                        color: style.color,
                        ..Default::default()
                    };
                    let s = crate::markup::typographic_quotes(s);
                    for word in split_keep_spaces(&s) {
                        let mut job = LayoutJob::single_section(word.to_string(), fmt.clone());
                        job.wrap.max_width = f32::INFINITY;
                        let g = ui.painter().layout_job(job);
                        let b = galley_baseline(&g);
                        atoms.push(Atom::Galley(g, b));
                    }
                }
                Inline::Code(code) => {
                    let fmt = TextFormat {
                        font_id: FontId::monospace(style.size * 0.88),
                        color: style.color,
                        background: code_bg,
                        ..Default::default()
                    };
                    let g = ui.painter().layout_job(LayoutJob::single_section(code.to_string(), fmt));
                    let b = galley_baseline(&g);
                    atoms.push(Atom::Galley(g, b));
                    // A thin space after code so it does not touch the next word.
                    let sp = ui.painter().layout_no_wrap(
                        " ".into(),
                        FontId::new(style.size * 0.4, exam_family()),
                        style.color,
                    );
                    let b = galley_baseline(&sp);
                    atoms.push(Atom::Galley(sp, b));
                }
                Inline::Math { tex, display } => {
                    let em = style.size * 1.12 * ppp;
                    match self.math.get(ui.ctx(), tex, *display, em, style.color) {
                        Ok(r) => atoms.push(Atom::Math(r.texture.id(), r.size_px / ppp, r.baseline_px / ppp)),
                        Err(_) => {
                            let g = ui.painter().layout_no_wrap(
                                format!("${tex}$"),
                                FontId::monospace(style.size * 0.85),
                                ui.visuals().warn_fg_color,
                            );
                            let b = galley_baseline(&g);
                            atoms.push(Atom::Source(g, b));
                        }
                    }
                }
            }
        }
        atoms
    }

    fn line(&mut self, ui: &mut Ui, parts: &[Inline], style: Style, bullet: Option<&str>) {
        let atoms = self.atoms(ui, parts, style);
        let above = atoms.iter().map(Atom::baseline).fold(style.size * 0.8, f32::max);
        let below = atoms.iter().map(|a| a.size().y - a.baseline()).fold(style.size * 0.3, f32::max);
        let row_h = above + below;
        let between = if super::theme::compact(ui) { 0.1 } else { 0.2 };
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing = vec2(0.0, style.size * between);
            if let Some(b) = bullet {
                let g =
                    ui.painter().layout_no_wrap(format!("{b}  "), FontId::new(style.size, exam_family()), style.color);
                let (rect, _) = ui.allocate_exact_size(vec2(style.size * 1.4, row_h), Sense::hover());
                let y = rect.top() + above - galley_baseline(&g);
                ui.painter().galley(pos2(rect.left() + style.size * 0.3, y), g, style.color);
            }
            for a in atoms {
                let size = a.size();
                let (rect, _) = ui.allocate_exact_size(vec2(size.x, row_h), Sense::hover());
                if !ui.is_rect_visible(rect) {
                    continue;
                }
                let top = rect.top() + above - a.baseline();
                match a {
                    Atom::Galley(g, _) | Atom::Source(g, _) => {
                        ui.painter().galley(pos2(rect.left(), top), g, style.color);
                    }
                    Atom::Math(id, s, _) => {
                        let r = Rect::from_min_size(pos2(rect.left(), top), s);
                        ui.painter().image(id, r, FULL_UV, Color32::WHITE);
                    }
                }
            }
        });
    }

    fn display(&mut self, ui: &mut Ui, tex: &str, style: Style) {
        let ppp = ui.ctx().pixels_per_point();
        let em = style.size * 1.15 * ppp;
        match self.math.get(ui.ctx(), tex, true, em, style.color) {
            Ok(r) => {
                let natural = r.size_px / ppp;
                let avail = ui.available_width();
                // Shrink a little to fit; wider than that, scroll sideways.
                let scale = if natural.x > avail { (avail / natural.x).max(0.7) } else { 1.0 };
                let size = natural * scale;
                let pad = style.size * if super::theme::compact(ui) { 0.1 } else { 0.3 };
                let draw = |ui: &mut Ui, width: f32| {
                    let (rect, _) = ui.allocate_exact_size(vec2(width, size.y + 2.0 * pad), Sense::hover());
                    ui.painter().image(
                        r.texture.id(),
                        Rect::from_center_size(rect.center(), size),
                        FULL_UV,
                        Color32::WHITE,
                    );
                };
                if size.x <= avail {
                    draw(ui, avail);
                } else {
                    egui::ScrollArea::horizontal().id_salt(("display-math", tex)).show(ui, |ui| draw(ui, size.x));
                }
            }
            Err(msg) => {
                ui.label(egui::RichText::new(format!("$${tex}$$")).monospace().color(ui.visuals().warn_fg_color))
                    .on_hover_text(format!("This formula could not be drawn: {msg}"));
            }
        }
    }

    fn image(&mut self, ui: &mut Ui, alt: &str, path: &str, style: Style) {
        let Some(dir) = self.images else {
            ui.label(egui::RichText::new(format!("[image: {alt}]")).italics());
            return;
        };
        let full = dir.join(path);
        if !full.exists() {
            ui.label(
                egui::RichText::new(format!("[image not found: {path}]")).italics().color(ui.visuals().warn_fg_color),
            );
            return;
        }
        let uri = format!("file://{}", full.display());
        let max_w = ui.available_width().min(style.size * 40.0);
        ui.add(egui::Image::new(uri).max_width(max_w).alt_text(alt));
    }
}

fn code_block(ui: &mut Ui, code: &str, style: Style) {
    egui::Frame::new()
        .fill(ui.visuals().code_bg_color)
        .stroke(Stroke::new(1.0, ui.visuals().widgets.noninteractive.bg_stroke.color))
        .corner_radius(6.0)
        .inner_margin(egui::Margin::symmetric(12, 8))
        .show(ui, |ui| {
            egui::ScrollArea::horizontal().id_salt(("code", code)).show(ui, |ui| {
                ui.label(egui::RichText::new(code).font(FontId::monospace(style.size * 0.88)).color(style.color));
            });
        });
}

/// Splits text into words, each keeping the spaces after it, so wrapping happens between words.
fn split_keep_spaces(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let word_end = rest.find(' ').unwrap_or(rest.len());
        let end = word_end + rest[word_end..].chars().take_while(|&c| c == ' ').count();
        let (w, r) = rest.split_at(end);
        rest = r;
        Some(w)
    })
}

/// Draws a short plain label centred in `rect` (used by widgets that paint their own frame).
pub fn centered_text(ui: &Ui, rect: Rect, text: &str, font: FontId, color: Color32) {
    ui.painter().text(rect.center(), Align2::CENTER_CENTER, text, font, color);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_keep_their_spaces() {
        assert_eq!(split_keep_spaces("a  bc d").collect::<Vec<_>>(), vec!["a  ", "bc ", "d"]);
    }
}
