//! Applying what screens ask for: the one place that calls the library's operations and turns
//! navigation values into screens. When an operation fails, the student is told why and the
//! screen's session stays where it was (the library only changes it after `Ok`).

use super::super::action::{Action, Nav, StudyAction};
use super::super::{home, import, mock, quiz, study};
use super::{App, Screen, State};
use crate::library::{Library, LibraryError};
use crate::store::Kind;

/// How a failed operation is told.
fn failure(what: &str, e: &LibraryError) -> String {
    match e.store_kind() {
        Some(Kind::CannotWrite) => format!(
            "{what}: the disk refused to save it ({e}). Nothing was recorded, and everything is as it was: free some space or check the data folder, then try again."
        ),
        _ => format!("{what}: {e}"),
    }
}

impl App {
    /// Applies an action.
    pub(crate) fn apply(&mut self, action: Action) {
        let now = self.now();
        let State::Ready(lib) = &mut self.state else { return };
        let lib: &mut Library = lib;
        let result: Result<(), (String, LibraryError)> = match action {
            Action::Go(nav) => {
                self.navigate(nav);
                Ok(())
            }
            Action::SelectDeck(id) => {
                self.deck = id;
                Ok(())
            }
            Action::Toast(t) => {
                self.toast_now(t);
                Ok(())
            }
            Action::Error(e) => {
                self.error = Some(e);
                Ok(())
            }
            Action::Study(a) => {
                let Screen::Study(s) = &mut self.screen else { return };
                let r = match a {
                    StudyAction::Answer(x) => lib.study_answer(&mut s.session, x, now).map(drop),
                    StudyAction::Grade(g) => lib.study_grade(&mut s.session, g, now).map(drop),
                    StudyAction::Next => {
                        s.session.next();
                        Ok(())
                    }
                    StudyAction::Undo => lib.study_undo(&mut s.session, now).map(|undone| {
                        if undone {
                            self.toast = None;
                        }
                    }),
                };
                r.map_err(|e| ("Your answer could not be saved".to_string(), e))
            }
            Action::StartQuiz(pick) => {
                let today = lib.today(now);
                let seed = now.timestamp_nanos_opt().unwrap_or(0) as u64;
                let qs = lib.pick_questions(&self.deck, &pick, today, seed);
                if qs.is_empty() {
                    self.toast_now("No question matches that choice.");
                } else if let Some(d) = lib.deck(&self.deck) {
                    self.screen = Screen::Quiz(Box::new(quiz::QuizScreen::answering(d, qs, false)));
                }
                Ok(())
            }
            Action::SubmitQuiz => {
                let Screen::Quiz(q) = &mut self.screen else { return };
                q.submit(lib, now).map_err(|e| ("The quiz could not be saved".to_string(), e))
            }
            Action::RegradeQuiz(card) => {
                let Screen::Quiz(q) = &mut self.screen else { return };
                q.regrade(lib, card, now).map_err(|e| ("The change could not be saved".to_string(), e))
            }
            Action::StartMock(minutes) => match lib.start_mock(&self.deck, minutes, now) {
                Ok(session) => {
                    self.screen = Screen::Mock(Box::new(mock::MockScreen::resumed(session)));
                    Ok(())
                }
                Err(e) => Err(("The mock exam could not be started".to_string(), e)),
            },
            Action::Mock(change) => {
                let Screen::Mock(m) = &mut self.screen else { return };
                m.change(lib, change, now).map_err(|e| ("Your answer could not be saved".to_string(), e))
            }
            Action::AddMockMistakes => {
                let Screen::Mock(m) = &mut self.screen else { return };
                match m.add_mistakes(lib, now) {
                    Ok(n) => {
                        self.toast_now(format!(
                            "{} due today.",
                            crate::import::summary::count(n, "card is", "cards are")
                        ));
                        Ok(())
                    }
                    Err(e) => Err(("The mistakes could not be added".to_string(), e)),
                }
            }
            Action::Import { id, name } => {
                let Screen::Import(s) = &mut self.screen else { return };
                let Some(file) = s.file() else { return };
                match lib.import(file, &id, &name, now) {
                    Ok(out) => {
                        let unanswered = lib.counts(&id, lib.today(now)).unanswered;
                        self.deck = id.clone();
                        self.toast_now(import::outcome_text(&out));
                        self.navigate(if unanswered > 0 { Nav::KeyEditor(id) } else { Nav::Home });
                        Ok(())
                    }
                    Err(e) => Err(("The deck could not be imported".to_string(), e)),
                }
            }
            Action::SaveKey { deck, answers } => match lib.save_key(&deck, &answers, now) {
                Ok(_) => {
                    self.toast_now("Answer key saved.");
                    self.navigate(Nav::Home);
                    Ok(())
                }
                Err(e) => Err(("The key could not be saved".to_string(), e)),
            },
            Action::RenameDeck { deck, name } => {
                lib.rename_deck(&deck, &name).map_err(|e| ("The deck could not be renamed".to_string(), e))
            }
            Action::ResetDeck(deck) => match lib.reset_deck(&deck, now) {
                Ok(b) => {
                    self.toast_now(format!("Progress reset. A backup was taken first ({}).", b.name));
                    Ok(())
                }
                Err(e) => Err(("The deck could not be reset".to_string(), e)),
            },
            Action::DeleteDeck(deck) => match lib.delete_deck(&deck, now) {
                Ok(b) => {
                    if self.deck == deck {
                        self.deck = lib.default_deck().unwrap_or_default();
                    }
                    if let Screen::Browse(s) = &mut self.screen {
                        s.forget_deck(&deck);
                    }
                    self.toast_now(format!("Deck deleted. A backup was taken first ({}).", b.name));
                    Ok(())
                }
                Err(e) => Err(("The deck could not be deleted".to_string(), e)),
            },
            Action::Suspend { deck, index, suspended } => {
                lib.suspend(&deck, index, suspended).map_err(|e| ("The card could not be changed".to_string(), e))
            }
            Action::Settings(s) => lib.set_settings(s).map_err(|e| ("The settings could not be saved".to_string(), e)),
            Action::DeckSettings { deck, settings } => lib
                .set_deck_settings(&deck, settings)
                .map_err(|e| ("The deck's settings could not be saved".to_string(), e)),
            Action::Backup => match lib.backup(now, "manual") {
                Ok(b) => {
                    self.toast_now(format!("Backup {} taken.", b.name));
                    Ok(())
                }
                Err(e) => Err(("The backup could not be taken".to_string(), e)),
            },
            Action::Restore(b) => match lib.restore(&b, now) {
                Ok(()) => {
                    if lib.deck(&self.deck).is_none() {
                        self.deck = lib.default_deck().unwrap_or_default();
                    }
                    self.history = super::spawn_history(&self.ctx, lib);
                    self.screen = Screen::Settings(Box::default());
                    self.toast_now(format!("Restored {}. The state before was backed up first.", b.name));
                    Ok(())
                }
                Err(e) => Err(("The backup could not be restored; nothing was changed".to_string(), e)),
            },
        };
        if let Err((what, e)) = result {
            self.error = Some(failure(&what, &e));
        }
    }

    /// Turns a navigation value into a screen. Leaving a running mock exam is held back.
    pub(super) fn navigate(&mut self, nav: Nav) {
        let State::Ready(lib) = &self.state else { return };
        let now = self.now();
        if self.screen.in_mock() && !matches!(nav, Nav::Import(_)) {
            return;
        }
        let deck = lib.deck(&self.deck).cloned();
        let screen = match nav {
            Nav::Home => Screen::Home(home::HomeScreen),
            Nav::Study(id) => match lib.start_study(&id, now) {
                Some(session) => Screen::Study(Box::new(study::StudyScreen::new(session))),
                None => {
                    self.toast_now("Nothing to study in this deck today.");
                    return;
                }
            },
            Nav::StudyAnyway(id) => match lib.study_anyway(&id, now) {
                Some(session) => Screen::Study(Box::new(study::StudyScreen::new(session))),
                None => {
                    self.toast_now("Every card of this deck has been studied and none is due.");
                    return;
                }
            },
            Nav::QuizSetup => Screen::Quiz(Box::new(quiz::QuizScreen::setup())),
            Nav::Quiz(numbers) => {
                let Some(d) = deck else { return };
                let today = lib.today(now);
                let qs = lib.pick_questions(&d.id, &crate::session::quiz::Pick::Numbers(numbers), today, 0);
                Screen::Quiz(Box::new(quiz::QuizScreen::answering(&d, qs, false)))
            }
            Nav::Paper => {
                let Some(d) = deck else { return };
                let qs = d.exam.questions().map(|q| q.number).collect();
                Screen::Quiz(Box::new(quiz::QuizScreen::answering(&d, qs, true)))
            }
            Nav::MockSetup => Screen::Mock(Box::new(mock::MockScreen::setup(lib, &self.deck))),
            Nav::Import(Some(path)) => Screen::Import(Box::new(import::ImportScreen::with_file(path))),
            Nav::Import(None) => Screen::Import(Box::default()),
            Nav::KeyEditor(id) => match lib.deck(&id) {
                Some(d) => Screen::Keys(Box::new(import::KeyEditor::new(d))),
                None => return,
            },
            Nav::Browse => Screen::Browse(Box::default()),
            Nav::Settings => Screen::Settings(Box::default()),
        };
        self.screen = screen;
    }
}
