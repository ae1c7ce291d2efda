//! Prints the cards an exam file gives (a developer aid: `cargo run --example peek FILE [ID…]`).
fn main() {
    let path = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let f = examdeck::import::file::import_file(&path).unwrap();
    let want: Vec<String> = std::env::args().skip(2).collect();
    for c in &f.parsed.exam.cards {
        if !want.is_empty() && !want.contains(&c.id.0) {
            continue;
        }
        println!(
            "== {} {:?} {:?}\n{}\n-- solution: {:?}\n-- explanation: {:?}",
            c.id,
            c.kind,
            c.answer,
            f.parsed.exam.card_text(c),
            c.solution,
            c.explanation
        );
    }
    println!("images: {:?}", f.images.iter().map(|(n, b)| (n, b.len())).collect::<Vec<_>>());
}
