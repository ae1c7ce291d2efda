//! Round trips: Markdown keeps ids, kinds, answers and explanations; Moodle XML keeps stems and
//! answers; Anki, GIFT and CSV keep every stem and answer.

use super::*;
use crate::deck::{Answer, CardKind};
use crate::import::{Format, parse_as};

/// An exam with every kind of card: single answer, statements with their own explanations,
/// multiple-select, a one-statement true/false question, free response, parts, math, topics.
const EXAM: &str = "Duration: 30 minutes.

## 1. Basics

1. (2 points) What is $\\sigma(0)$?
- ☐ 0
- ☒ 0.5
- ☐ 1
Solution: The sigmoid is symmetric about $\\frac{1}{2}$.

2. (2 points) Mark each statement.
- ☒ T ☐ F: ReLU is piecewise linear.
  Solution: It is max(0, x).
- ☐ T ☒ F: Tanh is unbounded.

3. (3 points) Which are convex? Select all that apply.
- ☒ $x^2$
- ☐ $\\sin x$
- ☒ $|x|$
Solution: Check the second derivative.

4. (1 point) True or false: dropout is used at test time.
Answer: False
Solution: Only while training.

5. (4 points) Explain vanishing gradients.
Solution: Products of many small derivatives shrink towards 0.

6. (2 points) Backprop.
(a) (1 point) The chain rule is used.
- ☒ True
- ☐ False
(b) (1 point) Which layer comes first?
- ☒ input
- ☐ output
";

const KEY: &str = "(questions: { 5: (topics: [\"gradients\"]) }, cards: { \"1\": (answer: \"2\", contested: \"Could be read as 1/2.\") })";

fn exam() -> crate::deck::Exam {
    let p = parse_as(Format::Markdown, EXAM, Some(KEY));
    assert!(!p.has_errors(), "{:?}", p.diagnostics);
    p.exam
}

fn src(exam: &crate::deck::Exam) -> Source<'_> {
    Source { name: "Deep learning", exam, states: None }
}

#[test]
fn markdown_keeps_ids_kinds_answers_and_explanations() {
    let exam = exam();
    let out = export(&src(&exam), Target::Markdown);
    let back = parse_as(Format::Markdown, &out.text, out.key.as_deref());
    assert!(!back.has_errors(), "{:?}\n{}", back.diagnostics, out.text);
    let view = |e: &crate::deck::Exam| {
        e.cards
            .iter()
            .map(|c| {
                (
                    c.id.0.clone(),
                    c.kind,
                    c.answer,
                    c.explanation.clone(),
                    c.solution.clone(),
                    c.contested.clone(),
                    c.points,
                )
            })
            .collect::<Vec<_>>()
    };
    assert_eq!(view(&back.exam), view(&exam), "{}", out.text);
    assert_eq!(back.exam.question(5).unwrap().topics, ["gradients"]);
    assert_eq!(back.exam.question(1).unwrap().stem, exam.question(1).unwrap().stem);
    assert_eq!(back.exam.duration_minutes, Some(30));
}

#[test]
fn moodle_xml_keeps_stems_and_answers() {
    let exam = exam();
    let out = export(&src(&exam), Target::MoodleXml);
    let back = parse_as(Format::MoodleXml, &out.text, None);
    assert!(!back.has_errors(), "{:?}\n{}", back.diagnostics, out.text);
    // Question 1: the same stem, options and key.
    let q1 = back.exam.question(1).unwrap();
    assert_eq!(q1.stem, exam.question(1).unwrap().stem);
    assert_eq!(back.exam.cards[0].answer, Some(Answer::Choice(2)));
    assert_eq!(back.exam.card_choices(&back.exam.cards[0])[1].text, "0.5");
    // Every card's answer survives, in order: statements become one true/false question each.
    let answers = |e: &crate::deck::Exam| e.cards.iter().map(|c| (c.kind, c.answer)).collect::<Vec<_>>();
    assert_eq!(answers(&back.exam), answers(&exam), "{}", out.text);
    // The free card's solution and the multiple-select stem.
    let free = back.exam.cards.iter().find(|c| c.kind == CardKind::Free).unwrap();
    assert_eq!(free.solution.as_deref(), Some("Products of many small derivatives shrink towards 0."));
    assert!(out.text.contains("<!-- Question 2: its 2 statements are 2 true/false questions here."));
    let select = back.exam.questions().find(|q| q.select_all).unwrap();
    assert_eq!(select.stem, "Which are convex? Select all that apply.");
}

/// Every stem of the exam appears in the imported text, and every answer in the back.
fn keeps_every_stem_and_answer(exported: &crate::import::Parsed, exam: &crate::deck::Exam) {
    let all: String = exported
        .exam
        .questions()
        .map(|q| q.stem.clone())
        .chain(exported.exam.cards.iter().filter_map(|c| c.solution.clone()))
        .chain(exported.exam.cards.iter().filter_map(|c| c.explanation.clone()))
        .chain(exported.exam.cards.iter().flat_map(|c| exported.exam.card_choices(c).iter().map(|o| o.text.clone())))
        .chain(exported.exam.cards.iter().filter_map(|c| statement(&exported.exam, c)))
        .collect::<Vec<_>>()
        .join("\n");
    for q in exam.questions() {
        assert!(all.contains(&q.stem), "stem {:?} is missing from\n{all}", q.stem);
    }
    // True/false answers are values, not text: the callers compare them.
    for c in exam.cards.iter().filter(|c| c.kind != CardKind::TrueFalse) {
        if let Some(a) = answer_text(exam, c) {
            let a = a.split_once(". ").map_or(a.as_str(), |(_, t)| t).to_string();
            assert!(all.contains(&a), "answer {a:?} of card {} is missing from\n{all}", c.id);
        }
    }
}

#[test]
fn anki_keeps_every_stem_and_answer_and_the_schedule_as_tags() {
    let exam = exam();
    let mut states = BTreeMap::new();
    let due = chrono::NaiveDate::from_ymd_opt(2026, 12, 9).unwrap();
    states.insert("1".to_string(), CardState { due: Some(due), ..Default::default() });
    let out = export(&Source { name: "Deep learning", exam: &exam, states: Some(&states) }, Target::Anki);
    let head: Vec<&str> = out.text.lines().take(5).collect();
    assert_eq!(head, ["#separator:tab", "#html:true", "#notetype:Basic", "#deck:Deep learning", "#tags column:3"]);
    let first = out.text.lines().nth(5).unwrap();
    assert!(first.starts_with("What is \\(\\sigma(0)\\)?<br>A. 0<br>B. 0.5<br>C. 1\tB. 0.5<br><br>"), "{first}");
    assert!(first.ends_with("\texamdeck::1 due::2026-12-09"), "{first}");
    assert_eq!(out.text.lines().count(), 5 + exam.cards.len());
    let back = parse_as(Format::Anki, &out.text, None);
    assert!(!back.has_errors(), "{:?}", back.diagnostics);
    assert_eq!(back.exam.cards.len(), exam.cards.len());
    keeps_every_stem_and_answer(&back, &exam);
    for (b, c) in back.exam.cards.iter().zip(&exam.cards) {
        if let Some(Answer::Tf(v)) = c.answer {
            let said = if v { "True" } else { "False" };
            assert!(b.solution.as_deref().unwrap_or("").starts_with(said), "card {}: {:?}", c.id, b.solution);
        }
    }
}

#[test]
fn gift_keeps_every_stem_and_answer() {
    let exam = exam();
    let out = export(&src(&exam), Target::Gift);
    let back = parse_as(Format::Gift, &out.text, None);
    assert!(!back.has_errors(), "{:?}\n{}", back.diagnostics, out.text);
    keeps_every_stem_and_answer(&back, &exam);
    let answers = |e: &crate::deck::Exam| e.cards.iter().map(|c| (c.kind, c.answer)).collect::<Vec<_>>();
    assert_eq!(answers(&back.exam), answers(&exam), "{}", out.text);
    assert!(out.text.contains("// Question 2: its 2 statements are exported as 2 true/false questions"));
}

#[test]
fn csv_has_one_row_per_card_with_the_pinned_columns() {
    let exam = exam();
    let out = export(&src(&exam), Target::Csv);
    let mut r = csv::Reader::from_reader(out.text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(
        header,
        ["id", "question", "kind", "answer", "explanation", "topics", "due", "interval", "ease", "lapses"]
    );
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), exam.cards.len());
    for (row, card) in rows.iter().zip(&exam.cards) {
        assert_eq!(&row[0], card.id.as_str());
        assert!(row[1].contains(&exam.card_question(card).stem), "{row:?}");
    }
    assert_eq!(&rows[0][3], "2");
    assert_eq!(&rows[1][2], "true_false");
    let free = rows.iter().find(|r| &r[2] == "free").unwrap();
    assert_eq!(&free[3], "Products of many small derivatives shrink towards 0.");
    assert_eq!(&free[5], "gradients");
}

#[test]
fn math_delimiters_are_written_as_tex() {
    assert_eq!(tex_delimiters("a $x$ b $$y$$ c \\$5 `$z$` $open"), "a \\(x\\) b \\[y\\] c \\$5 `$z$` $open");
    // A backslash before a character of several bytes is stepped over whole.
    assert_eq!(tex_delimiters("$\\α_1$ and \\é"), "\\(\\α_1\\) and \\é");
}
