//! Builds a benchmark collection in a folder, for the start-up and idle measurements of
//! docs/BENCHMARKS.md: `cargo run --release --example bench_fixture -- DIR [small|large]`.

#[path = "../benches/fixture/mod.rs"]
mod fixture;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: bench_fixture DIR [small|large]");
        std::process::exit(2);
    };
    let spec = match args.next().as_deref() {
        Some("small") => fixture::SMALL,
        _ => fixture::LARGE,
    };
    let took = fixture::build(std::path::Path::new(&dir), spec);
    println!("built {spec:?} in {dir} in {took:.1?}");
}
