//! Import throughput (`cargo bench --bench parse`).
//!
//! - `parse/seed`: the built-in exam with its key file, as the app parses it at start-up.
//! - `parse/generated/<MB>`: `parse_exam` on generated exams of about 1, 4 and 10 MB that repeat
//!   what converted exams contain: single-answer questions with inline math, true/false
//!   statements, questions with parts, code fences, display math (one-line and multi-line),
//!   bare LaTeX outside dollars that the importer wraps (each one is a warning), strong
//!   `Question N (1 pt)` lines with lettered options, `Answer:` lines and `<details>` blocks,
//!   multiple-select task lists, and free-response questions with solutions.
//!
//! - `parse/format/<name>/<MB>`: each exchange format's reader on about 1 and 4 MB: GIFT, Moodle
//!   XML and Anki text as examdeck's exporters write the generated exam; Aiken and LaTeX exam
//!   class from their own generators (single answers with math; LaTeX also parts, solutions and
//!   checkboxes).
//!
//! The generator is shared with `benches/import_memory.rs` (`generate()` here is `pub`).

#![allow(missing_docs, reason = "criterion_group! defines a public function without docs")]

use criterion::{BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use examdeck::builtin;
use examdeck::import::{self, Severity};
use std::fmt::Write as _;
use std::hint::black_box;
use std::time::Duration;

const MIB: usize = 1 << 20;

/// A `## N Title` heading every this many questions.
const QUESTIONS_PER_SECTION: u32 = 40;

const PREAMBLE: &str = r"- Do not open the exam before you are instructed to do so.
- **Electronic devices should be turned off for the entire exam duration.**
- The exam is closed book, closed notes except your one-page cheat sheet.
- You have 1 hour and 50 minutes (unless you have an allowance of 150% or 200% time).
- For the true/false questions, mark true or false for each statement. There is a penalty for
  marking the incorrect option, but no penalty for not marking either option.

First name
Last name

☐ CS 182

☐ CS 282A

";

/// A single-answer question: inline math in every option, a one-line display equation and bare
/// LaTeX (`\mathbf{x}`, `\in`, `α_{initial}`, `\mathbf{I}_n`) in the stem. `@N` is the question
/// number; `@A`–`@D` become boxes, one of them ticked.
const SINGLE: &str = r"@N. (1 point) Consider the map $f : \mathbb{R}^n \rightarrow \mathbb{R}^n$ given by

$$f(\mathbf{x}) = \frac{n\mathbf{x}}{\sum_{i=1}^n x_i}$$

where \mathbf{x} \in \mathbb{R}^n and α_{initial} is the initial step size. What is the Jacobian $\frac{df}{d\mathbf{x}}$? Let \mathbf{I}_n denote the identity matrix.

- @A $\frac{n}{\sum_{i=1}^n x_i} (\mathbf{I}_n - \mathbf{x}\mathbf{1}_n^\top)$
- @B $\frac{n}{(\sum_{i=1}^n x_i)^2} (\mathbf{I}_n \sum_{i=1}^n x_i - \mathbf{x}\mathbf{1}_n^\top)$
- @C $\mathbf{A}^\top \mathbf{Z} \mathbf{w}$ where $\mathbf{Z} \in \mathbb{R}^{k \times k}$ is diagonal
- @D None of the above

Solution: Differentiate the quotient; the rank-one term $\mathbf{x}\mathbf{1}_n^\top$ comes from the denominator.

";

/// A true/false question with four statements and a multi-line display block. `@S1`–`@S4`
/// become `☒ T ☐ F` or `☐ T ☒ F`.
const TRUE_FALSE: &str = r"@N. (1 point) Which statements about training with SGD and momentum \beta are true? The learning rate at step t is η_t and the loss is \mathcal{L}(\theta).

$$
\mathbf{v}_{t+1} = \beta \mathbf{v}_t + \nabla_\theta \mathcal{L}(\theta_t), \qquad \theta_{t+1} = \theta_t - \eta_t \mathbf{v}_{t+1}
$$

- @S1: Adam keeps a running average $m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$ of the gradients.
- @S2: Weight decay with plain SGD equals adding $\frac{\lambda}{2} \|\theta\|_2^2$ to the loss.
- @S3: The update $\theta \leftarrow \theta - \alpha \mathbf{g}$ always decreases the loss.
- @S4: Gradient clipping bounds $\|\mathbf{g}\|_2$ by a threshold $c$.

";

/// A question with parts (a)–(d) of 0.5 points each: three single-answer parts and one with
/// true/false statements.
const PARTS: &str = r"@N. (2 points) A convolution layer maps an input of size $32 \times 32 \times 3$ with 16 filters of size $3 \times 3$, stride 1 and padding 1. Let \mathbf{W} denote its weights.

(a) (0.5 points) How many parameters does the layer have, biases included?

- ☒ 448
- ☐ 432
- ☐ 464

(b) (0.5 points) What is the spatial size $H \times W$ of the output?

- ☐ $30 \times 30$
- ☒ $32 \times 32$
- ☐ $16 \times 16$

(c) (0.5 points) Which single layer has the receptive field of two stacked $3 \times 3$ convolutions?

- ☐ A $7 \times 7$ convolution
- ☐ A $1 \times 1$ convolution
- ☒ A $5 \times 5$ convolution

(d) (0.5 points) Mark each statement about pooling layers.

- ☒ T ☐ F: Max pooling has no learnable parameters.
- ☐ T ☒ F: Average pooling is not differentiable with respect to its input.

Solution: Each filter has $3 \cdot 3 \cdot 3 + 1 = 28$ parameters, so 16 filters have 448.

";

/// A single-answer question whose stem holds a code fence (with lines that would be structure
/// outside it) and a display equation; the options are inline code.
const CODE: &str = r"@N. (1 point) What does the following PyTorch snippet print? Assume \mathbf{x} lives on the CPU.

```python
import torch
x = torch.ones(3, requires_grad=True)
y = (x ** 2).sum()  # \mathbf{y} = $x^2$ stays verbatim in a fence
y.backward()
print(x.grad)
# 1. (1 point) a line in a fence is code, not a question
- ☐ nor is this an option
```

$$\frac{\partial}{\partial x_i} \sum_j x_j^2 = 2 x_i$$

- @A `tensor([2., 2., 2.])`
- @B `tensor([1., 1., 1.])`
- @C `tensor([0., 0., 0.])`
- @D It raises an error because `y` is not a scalar.

Explanation: The gradient of $\sum_j x_j^2$ is $2\mathbf{x}$, and \mathbf{x} is all ones.

";

/// The forms of converted and hand-written exams: a strong `Question N (2 pts)` line, lettered
/// options `(A)`, `\( \)` math, an `Answer:` line and a `<details>` explanation.
const LETTERED: &str = r"**Question @N** (1 pt) Which activation maps $\mathbb{R}$ onto $(0, 1)$? Recall \(\sigma(x) = 1/(1+e^{-x})\).

(A) ReLU, \(\max(0, x)\)
(B) The sigmoid \(\sigma\)
(C) \(\tanh\), which maps onto \((-1, 1)\)
(D) Leaky ReLU

Answer: @L

<details><summary>Solution</summary>

Only the sigmoid squashes every real number into $(0, 1)$; \(\tanh\) reaches $(-1, 1)$.

</details>

";

/// A multiple-select question and a free-response question with its solution.
const SELECT_FREE: &str = r"@N. (2 points) Select all that apply: which of these are regularisers?

- [x] Dropout with rate $p$
- [ ] A larger learning rate
- [x] Weight decay $\lambda \|\theta\|_2^2$
- [ ] Removing batch normalisation

";

const FREE: &str = r"@N. (2 points) Explain in two sentences why \[ \hat{x} = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \] helps training.

Solution: Normalising keeps activations in a range where gradients flow, and the learnt scale and shift keep the layer expressive.

";

/// Appends question `n`: the seven kinds in turn, the ticked option and the true/false marks
/// varying with `n`.
fn push_question(out: &mut String, n: u32) {
    let template = match n % 7 {
        1 => SINGLE,
        2 => TRUE_FALSE,
        3 => PARTS,
        4 => LETTERED,
        5 => SELECT_FREE,
        6 => FREE,
        _ => CODE,
    };
    let ticked = (n / 4 % 4) as usize;
    let mut text = template.replace("@N", &n.to_string()).replace("@L", ["A", "B", "C", "D"][ticked]);
    for (k, slot) in ["@A", "@B", "@C", "@D"].into_iter().enumerate() {
        text = text.replace(slot, if k == ticked { "☒" } else { "☐" });
    }
    for k in 0..4 {
        let marks = if n & (1 << k) != 0 { "☒ T ☐ F" } else { "☐ T ☒ F" };
        text = text.replace(&format!("@S{}", k + 1), marks);
    }
    out.push_str(&text);
}

/// An exam of at least `target_bytes` bytes: the preamble, then questions numbered 1, 2, 3, …
/// with a section heading every `QUESTIONS_PER_SECTION` questions.
pub(crate) fn generate(target_bytes: usize) -> String {
    let mut out = String::with_capacity(target_bytes + 4 * 1024);
    out.push_str(PREAMBLE);
    let mut n: u32 = 0;
    while out.len() < target_bytes {
        if n.is_multiple_of(QUESTIONS_PER_SECTION) {
            let k = n / QUESTIONS_PER_SECTION + 1;
            writeln!(out, "## {k} Generated section {k}\n\nEvery question in section {k} counts toward the total.\n")
                .expect("writing to a String cannot fail");
        }
        n += 1;
        push_question(&mut out, n);
    }
    out
}

/// Parses a generated exam once, fails on any error (the generator is wrong then) and prints
/// what it holds.
fn check(text: &str, mb: usize) {
    let parsed = import::parse_exam(text);
    if let Some(e) = parsed.diagnostics.iter().find(|d| d.severity == Severity::Error) {
        panic!("the generated {mb} MB exam has an error on line {}: {}", e.line, e.message);
    }
    eprintln!(
        "parse/generated/{mb}: {} bytes, {} questions, {} cards, {} warnings",
        text.len(),
        parsed.exam.question_count(),
        parsed.exam.cards.len(),
        parsed.diagnostics.len()
    );
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");

    group.throughput(Throughput::Bytes(builtin::EXAM.len() as u64));
    group.bench_function("seed", |b| b.iter(|| import::parse(black_box(builtin::EXAM), black_box(Some(builtin::KEY)))));

    // Each 10 MB iteration takes a sizeable fraction of a second: few samples, flat sampling.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(8));
    for mb in [1, 4, 10] {
        let text = generate(mb * MIB);
        check(&text, mb);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_with_input(BenchmarkId::new("generated", mb), &text, |b, text| {
            // The parsed exam is dropped outside the timing: the figure is the parse alone.
            b.iter_with_large_drop(|| import::parse_exam(black_box(text.as_str())))
        });
    }
    for mb in [1, 4] {
        for (format, text) in formats(mb * MIB) {
            let parsed = import::read_format(format, &text);
            if let Some(e) = parsed.diagnostics.iter().find(|d| d.severity == Severity::Error) {
                panic!("the generated {format} input has an error on line {}: {}", e.line, e.message);
            }
            eprintln!("parse/format/{format}/{mb}: {} bytes, {} cards", text.len(), parsed.exam.cards.len());
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_with_input(BenchmarkId::new(format!("format/{format}"), mb), &text, |b, text| {
                b.iter_with_large_drop(|| import::read_format(format, black_box(text.as_str())))
            });
        }
    }
    group.finish();
}

/// About `bytes` of input in each exchange format.
fn formats(bytes: usize) -> Vec<(import::Format, String)> {
    use examdeck::export::{Source, Target, export};
    use import::Format;
    // The exporters write about as much as the Markdown they read; generate that much.
    let exam = import::parse_exam(&generate(bytes)).exam;
    let src = Source { name: "generated", exam: &exam, states: None };
    let mut out = Vec::new();
    for (f, t) in [(Format::Gift, Target::Gift), (Format::MoodleXml, Target::MoodleXml), (Format::Anki, Target::Anki)] {
        let mut text = export(&src, t).text;
        // Trim to about the size asked for, at a question boundary.
        if text.len() > bytes {
            let cut = match f {
                Format::MoodleXml => text[..bytes].rfind("  <question ").unwrap_or(text.len()),
                _ => text[..bytes].rfind('\n').map_or(text.len(), |i| i + 1),
            };
            text.truncate(cut);
            if f == Format::MoodleXml {
                text.push_str("</quiz>\n");
            }
            if f == Format::Gift {
                let end = text.rfind("\n\n").map_or(text.len(), |i| i + 2);
                text.truncate(end);
            }
        }
        out.push((f, text));
    }
    let mut aiken = String::with_capacity(bytes + 512);
    let mut latex = String::from(
        "\\documentclass[answers]{exam}\n\\newcommand{\\R}{\\mathbb{R}}\n\\begin{document}\n\\begin{questions}\n",
    );
    let mut n = 0u32;
    while aiken.len() < bytes || latex.len() < bytes {
        n += 1;
        if aiken.len() < bytes {
            writeln!(aiken, "Question {n}: which value does the estimator $\\hat\\theta_{n}$ converge to?\nA. $0$\nB. $\\theta$ itself\nC. $1/n$\nD. it diverges\nANSWER: B\n").expect("String");
        }
        if latex.len() < bytes {
            writeln!(
                latex,
                "\\question[4] Let $x \\in \\R^{n}$ and % a comment\n\\begin{{parts}}\n\\part[2] Which norm is $\\lVert x \\rVert_2$?\n\\begin{{choices}}\n\\choice the max \\CorrectChoice the Euclidean \\choice the sum\n\\end{{choices}}\n\\part[1] True or false: every norm is convex.\n\\begin{{solution}}True. By the triangle inequality.\\end{{solution}}\n\\part[1] Which are norms?\n\\begin{{checkboxes}}\n\\CorrectChoice $\\ell_1$ \\choice $\\ell_0$ \\CorrectChoice $\\ell_\\infty$\n\\end{{checkboxes}}\n\\end{{parts}}\n"
            )
            .expect("String");
        }
    }
    latex.push_str("\\end{questions}\n\\end{document}\n");
    out.push((Format::Aiken, aiken));
    out.push((Format::Latex, latex));
    out
}

criterion_group!(benches, parse);
criterion_main!(benches);
