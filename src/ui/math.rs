//! LaTeX → egui textures with RaTeX, rasterised once per (formula, size, colour, display/inline)
//! and cached. A formula that fails to parse or lay out is cached as an error, and the caller
//! shows its source in monospace; nothing here panics on bad input.

use egui::{Color32, ColorImage, TextureHandle, TextureOptions, Vec2};
use std::collections::HashMap;
use std::sync::Arc;

/// A rendered formula.
#[derive(Clone)]
pub struct Rendered {
    /// The texture.
    pub texture: TextureHandle,
    /// Size in physical pixels.
    pub size_px: Vec2,
    /// Distance from the top of the image to the baseline, in physical pixels.
    pub baseline_px: f32,
}

#[derive(Clone, PartialEq, Eq, Hash)]
struct Key {
    tex: String,
    display: bool,
    em_px: u32,
    color: [u8; 4],
}

/// The cache of rendered formulas, and of exam text already split into blocks (so a frame
/// neither re-rasterises nor re-parses anything it has drawn before).
#[derive(Default)]
pub struct MathCache {
    map: HashMap<Key, Result<Rendered, Arc<str>>>,
    blocks: HashMap<String, (Arc<Vec<crate::markup::Block>>, Arc<str>)>,
    /// Formulas rasterised so far (for tests and the benchmark).
    pub renders: usize,
}

/// Rasterises `tex` to RGBA pixels: (image, baseline from the top in pixels).
pub fn rasterise(tex: &str, display: bool, em_px: f32, color: Color32) -> Result<(ColorImage, f32), String> {
    let tex = tex.trim();
    if tex.is_empty() {
        return Err("empty formula".into());
    }
    let run = || -> Result<(ColorImage, f32), String> {
        let ast = ratex_parser::parse(tex).map_err(|e| e.to_string())?;
        let style = if display { ratex_types::MathStyle::Display } else { ratex_types::MathStyle::Text };
        let [r, g, b, a] = color.to_srgba_unmultiplied();
        let col =
            ratex_types::Color { r: r as f32 / 255.0, g: g as f32 / 255.0, b: b as f32 / 255.0, a: a as f32 / 255.0 };
        let options = ratex_layout::LayoutOptions::default().with_style(style).with_color(col);
        let lbox = ratex_layout::layout(&ast, &options);
        let list = ratex_layout::to_display_list(&lbox);
        let padding = 1.0;
        let opts = ratex_render::RenderOptions {
            font_size: em_px,
            padding,
            background_color: ratex_types::Color { r: 0.0, g: 0.0, b: 0.0, a: 0.0 },
            ..Default::default()
        };
        let png = ratex_render::render_to_png(&list, &opts)?;
        let baseline = padding + (list.height as f32) * em_px;
        Ok((decode_png(&png)?, baseline))
    };
    // RaTeX is young; a panic on some odd input must not take the window down.
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(run))
        .unwrap_or_else(|_| Err("the formula could not be laid out".into()))
}

fn decode_png(bytes: &[u8]) -> Result<ColorImage, String> {
    let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
    let mut buf = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut buf).map_err(|e| e.to_string())?;
    let (w, h) = (info.width as usize, info.height as usize);
    let rgba: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => buf[..w * h * 4].to_vec(),
        png::ColorType::Rgb => buf[..w * h * 3].chunks(3).flat_map(|p| [p[0], p[1], p[2], 255]).collect(),
        png::ColorType::GrayscaleAlpha => buf[..w * h * 2].chunks(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect(),
        png::ColorType::Grayscale => buf[..w * h].iter().flat_map(|&p| [p, p, p, 255]).collect(),
        png::ColorType::Indexed => return Err("unexpected indexed PNG".into()),
    };
    Ok(ColorImage::from_rgba_unmultiplied([w, h], &rgba))
}

impl MathCache {
    /// The rendered formula, rasterising it on first use.
    pub fn get(
        &mut self,
        ctx: &egui::Context,
        tex: &str,
        display: bool,
        em_px: f32,
        color: Color32,
    ) -> Result<Rendered, Arc<str>> {
        let key = Key { tex: tex.to_string(), display, em_px: em_px.round().max(1.0) as u32, color: color.to_array() };
        if let Some(hit) = self.map.get(&key) {
            return hit.clone();
        }
        self.renders += 1;
        let max_side = ctx.input(|i| i.max_texture_side);
        let result = rasterise(tex, display, key.em_px as f32, color).and_then(|(img, baseline)| {
            if img.size[0] > max_side || img.size[1] > max_side {
                return Err(format!("the formula is too large to draw ({}×{} px)", img.size[0], img.size[1]));
            }
            let size_px = Vec2::new(img.size[0] as f32, img.size[1] as f32);
            let texture = ctx.load_texture(format!("math:{tex}"), img, TextureOptions::LINEAR);
            Ok(Rendered { texture, size_px, baseline_px: baseline })
        });
        let result = result.map_err(Arc::<str>::from);
        self.map.insert(key, result.clone());
        result
    }

    /// `text` split into blocks, parsed once, with what a screen reader says for it.
    pub fn blocks(&mut self, text: &str) -> (Arc<Vec<crate::markup::Block>>, Arc<str>) {
        if let Some(b) = self.blocks.get(text) {
            return b.clone();
        }
        let b = (Arc::new(crate::markup::parse_blocks(text)), Arc::from(crate::markup::spoken(text)));
        self.blocks.insert(text.to_string(), b.clone());
        b
    }

    /// Number of cached entries.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// Whether nothing is cached.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_fraction_with_a_baseline_inside_the_image() {
        let (img, baseline) = rasterise(r"\frac{n}{\sum_{i=1}^n x_i}", true, 20.0, Color32::BLACK).unwrap();
        assert!(img.size[0] > 20 && img.size[1] > 20);
        assert!(baseline > 0.0 && baseline < img.size[1] as f32);
        assert!(img.pixels.iter().any(|p| p.a() > 0), "something was drawn");
    }

    #[test]
    fn bad_tex_is_an_error_not_a_panic() {
        assert!(rasterise(r"\frac{", false, 20.0, Color32::BLACK).is_err());
        assert!(rasterise("", false, 20.0, Color32::BLACK).is_err());
    }
}
