//! The format guide: an example of every form the importer reads, each with what it becomes.
//! The same forms are documented in docs/exam-format.md.

use super::action::{Action, Nav};
use super::theme;
use super::view::Cx;
use egui::{RichText, Ui};

/// The format guide screen.
#[derive(Default)]
pub struct GuideScreen;

/// (What, example, what it becomes).
const FORMS: [(&str, &str, &str); 12] = [
    (
        "Questions",
        "1. (2 points) Which …?\n1) [2 pts] Which …?\nQ1. Which …?\nQuestion 1 (2 marks)\nProblem 1 — 2 points\n**1.** (2) Which …?\n#### Q1. Which …?",
        "Each line starts a question. Points may be left off only when no question of the file gives them: each is then worth 1 point.",
    ),
    (
        "Options as boxes",
        "- ☐ first\n- ☒ second (the answer)\n- [ ] third\n- [x] fourth",
        "Options; a ticked box is the answer.",
    ),
    (
        "Options as letters",
        "(A) first\nB. second\nC) third\nd) fourth\nE: fifth\n\nAnswer: B",
        "Options, when they run A, B, C… from A. The answer line names the right one.",
    ),
    (
        "Answer lines",
        "Answer: B\nAnswer: (b)\nCorrect answer: 2\n**Answer:** True\nANSWER: A, C\nThe correct answer is b)",
        "After the options. Two letters or more make a multiple-select question.",
    ),
    (
        "An answer in a details block",
        "<details><summary>Answer</summary>\n\nAnswer: C\n\nWhy C is right…\n\n</details>",
        "The answer line gives the key; the rest of the block is the explanation.",
    ),
    (
        "Multiple-select",
        "3. (2 points) Which are stable? Select all that apply.\n- [x] Merge sort\n- [ ] Heapsort\n- [x] Insertion sort",
        "One true/false card per option (is it right?), scored ± points ÷ options, never below 0.",
    ),
    (
        "True/false statements",
        "5. (2 points) Mark each statement.\n- ☐ T ☐ F: first statement\n- ☒ T ☐ F: second statement (true)",
        "One card per statement: ± points ÷ statements, blanks free, never below 0.",
    ),
    (
        "A single true/false question",
        "6. (1 point) True or False: the sky is green.\nAnswer: False",
        "One true/false card (its options may also be just True and False).",
    ),
    (
        "Free response",
        "7. (4 points) Explain why a TLB miss is not a page fault.\nSolution: The TLB only caches …",
        "A written-answer card: the student writes, then marks it right, half or wrong against the solution.",
    ),
    (
        "Parts",
        "8. (2 points) The lines of a program:\n(a) (1 point) Line 1:\n- ☐ x = 1\n- ☒ y = 2\n(b) (1 point) Line 2:\n- ☒ x = 1\n- ☐ y = 2",
        "Each part is scored on its own. Cards 8.a and 8.b.",
    ),
    (
        "Math",
        "$x^2$, \\( x^2 \\), $$\\sum_i x_i$$ and \\[ \\sum_i x_i \\]; \\$5 is a price",
        "Inline and display math; \\$ is a dollar sign.",
    ),
    (
        "Explanations",
        "Solution: why the answer is right.\nExplanation: the same.",
        "After a card's options or statement: its explanation, shown after answering.",
    ),
];

impl GuideScreen {
    /// Draws the guide.
    pub fn ui(&mut self, ui: &mut Ui, _cx: &mut Cx<'_>) -> Option<Action> {
        let mut action = None;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                ui.add_space(16.0);
                ui.heading("The exam format");
                ui.label(
                    RichText::new(
                        "Every form examdeck reads, with what it becomes. docs/exam-format.md describes each in full.",
                    )
                    .color(theme::muted(ui)),
                );
                if ui.button("Back to the import screen").clicked() {
                    action = Some(Action::Go(Nav::Import(None)));
                }
                for (what, example, becomes) in FORMS {
                    ui.add_space(14.0);
                    ui.label(RichText::new(what).strong().size(17.0));
                    egui::Frame::group(ui.style()).inner_margin(10).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(RichText::new(example).monospace());
                    });
                    ui.label(becomes);
                }
                ui.add_space(20.0);
            });
        });
        action
    }
}
