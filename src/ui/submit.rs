//! The review before submitting a quiz or a mock exam: every question that is blank, partly
//! answered or flagged, each one click (or its number key) away, then Submit or Keep working.

use super::help::exam;
use super::theme;
use crate::deck::Exam;
use egui::{RichText, Ui};

/// A question the student may want to look at again before submitting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    /// Its position in the attempt (what navigation takes).
    pub index: usize,
    /// The question's number.
    pub number: u32,
    /// Cards answered, of `total`.
    pub answered: usize,
    /// Cards in the question.
    pub total: usize,
    /// Flagged for review.
    pub flagged: bool,
}

impl Pending {
    /// What is pending about it, in words: "blank", "2 of 4 cards answered", "flagged".
    pub fn state(&self) -> String {
        let mut parts = Vec::new();
        if self.answered == 0 {
            parts.push("blank".to_string());
        } else if self.answered < self.total {
            parts.push(format!(
                "{} of {} answered",
                self.answered,
                crate::import::summary::count(self.total, "card", "cards")
            ));
        }
        if self.flagged {
            parts.push("flagged".into());
        }
        parts.join(", ")
    }
}

/// The questions of an attempt (`numbers`, in attempt order) that are blank, partly answered or
/// flagged. `answered(card)` says whether a card (an index into the exam's cards) has an answer.
pub fn pending(
    exam: &Exam,
    numbers: impl IntoIterator<Item = u32>,
    answered: impl Fn(usize) -> bool,
    flagged: impl Fn(u32) -> bool,
) -> Vec<Pending> {
    numbers
        .into_iter()
        .enumerate()
        .filter_map(|(index, number)| {
            let q = exam.question(number)?;
            let total = q.cards.len();
            let done = q.cards.clone().filter(|&c| answered(c)).count();
            let p = Pending { index, number, answered: done, total, flagged: flagged(number) };
            (done < total || p.flagged).then_some(p)
        })
        .collect()
}

/// What the student chose in the dialog.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Choice {
    /// Submit now.
    Submit,
    /// Close the dialog and go on answering.
    Keep,
    /// Go to the question at this index of the attempt.
    Jump(usize),
}

/// The dialog: `lead` (time left, for a mock exam) and the pending questions.
pub fn dialog(ui: &mut Ui, title: &str, lead: &str, pending: &[Pending]) -> Option<Choice> {
    let mut choice = None;
    egui::Modal::new(egui::Id::unique("submit-review")).show(ui.ctx(), |ui| {
        ui.set_max_width(460.0);
        ui.heading(title);
        ui.add_space(6.0);
        if !lead.is_empty() {
            ui.label(lead);
        }
        if pending.is_empty() {
            ui.label("Every question is answered, and none is flagged.");
        } else {
            ui.label(format!(
                "{} to look at again. Blank cards score 0; they never cost points.",
                crate::import::summary::count(pending.len(), "question", "questions")
            ));
            ui.add_space(6.0);
            egui::ScrollArea::vertical().max_height(260.0).show(ui, |ui| {
                for p in pending {
                    let color = if p.answered == 0 { theme::amber(ui) } else { theme::muted(ui) };
                    ui.horizontal(|ui| {
                        if ui.button(format!("Question {}", p.number)).on_hover_text("Go to it").clicked() {
                            choice = Some(Choice::Jump(p.index));
                        }
                        ui.label(RichText::new(p.state()).color(color));
                    });
                }
            });
        }
        ui.add_space(10.0);
        ui.horizontal(|ui| {
            if ui.button(RichText::new(exam::CONFIRM.on("Submit")).strong()).clicked()
                || exam::CONFIRM.pressed_over_typing(ui)
            {
                choice = Some(Choice::Submit);
            }
            if ui.button(exam::KEEP.on("Keep working")).clicked() || exam::KEEP.pressed_over_typing(ui) {
                choice = Some(Choice::Keep);
            }
        });
    });
    choice
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_partial_and_flagged_questions_are_pending() {
        let exam = crate::import::parse(
            "1. (1 point) a\n☐ x\n☐ y\n2. (2 points) b\n☐ T ☐ F: p\n☐ T ☐ F: q\n3. (1 point) c\n☐ x\n☐ y\n",
            None,
        )
        .exam;
        // Card 0 (Q1) answered, card 1 of Q2 answered, Q3 blank but flagged.
        let got = pending(&exam, [1, 2, 3], |c| c == 0 || c == 1, |n| n == 3);
        assert_eq!(
            got,
            [
                Pending { index: 1, number: 2, answered: 1, total: 2, flagged: false },
                Pending { index: 2, number: 3, answered: 0, total: 1, flagged: true },
            ]
        );
        assert_eq!(got[0].state(), "1 of 2 cards answered");
        assert_eq!(got[1].state(), "blank, flagged");
    }
}
