//! Applying what screens ask for: the one place that calls the library's operations and turns
//! navigation values into screens. When an operation fails, the student is told why and the
//! screen's session stays where it was (the library only changes it after `Ok`).

use super::super::action::{Action, Nav, StudyAction};
use super::super::{editor, guide, home, import, mock, quiz, stats, study};
use super::{App, Screen, State};
use crate::import::summary::count;
use crate::library::LibraryError;
use crate::store::Kind;
use chrono::{DateTime, Utc};

/// What an applied action leaves to do: a message to show, a screen to go to.
#[derive(Default)]
struct Done {
    toast: Option<String>,
    go: Option<Nav>,
}

impl Done {
    fn toast(text: impl Into<String>) -> Self {
        Done { toast: Some(text.into()), go: None }
    }
}

/// A failed operation: what was being done, and why it failed.
type Failed = (&'static str, LibraryError);

/// How a failed operation is told.
fn failure((what, e): &Failed) -> String {
    match e.store_kind() {
        Some(Kind::CannotWrite) => format!(
            "{what}: the disk refused to save it ({e}). Nothing was recorded, and everything is as it was: free some space or check the data folder, then try again."
        ),
        _ => format!("{what}: {e}"),
    }
}

fn fail(what: &'static str) -> impl FnOnce(LibraryError) -> Failed {
    move |e| (what, e)
}

impl App {
    /// Applies an action.
    pub(crate) fn apply(&mut self, action: Action) {
        let now = self.now();
        let done = match action {
            Action::Go(nav) => Ok(Done { go: Some(nav), ..Done::default() }),
            Action::FitMemory => Ok(self.start_fitting().map(Done::toast).unwrap_or_default()),
            Action::Reopen => {
                if self.screen.in_mock() {
                    Ok(Done::toast(
                        "Finish the mock exam first: it is kept in memory until the collection can be saved.",
                    ))
                } else {
                    self.start_opening();
                    Ok(Done::default())
                }
            }
            Action::SelectDeck(id) => {
                self.deck = id;
                Ok(Done::default())
            }
            Action::Toast(t) => Ok(Done::toast(t)),
            Action::Error(e) => {
                self.error = Some(e);
                Ok(Done::default())
            }
            Action::Settings(_) | Action::DeckSettings { .. } | Action::Backup | Action::Restore(_) => {
                self.apply_collection(action, now)
            }
            Action::Import { .. }
            | Action::EditImport
            | Action::SaveEditor
            | Action::SaveKey { .. }
            | Action::SaveCard { .. }
            | Action::RenameDeck { .. }
            | Action::ResetDeck(_)
            | Action::ExportDeck { .. }
            | Action::DeleteDeck(_)
            | Action::Suspend { .. } => self.apply_deck(action, now),
            _ => self.apply_session(action, now),
        };
        match done {
            Ok(d) => {
                if let Some(t) = d.toast {
                    self.toast_now(t);
                }
                if let Some(nav) = d.go {
                    self.navigate(nav);
                }
            }
            Err(f) => self.error = Some(failure(&f)),
        }
    }

    /// Study, quiz and mock-exam steps on the session of the screen on show.
    fn apply_session(&mut self, action: Action, now: DateTime<Utc>) -> Result<Done, Failed> {
        let State::Ready(lib) = &mut self.state else { return Ok(Done::default()) };
        match (action, &mut self.screen) {
            (Action::Study(a), Screen::Study(s)) => {
                let s = &mut s.session;
                match a {
                    StudyAction::Answer(x) => lib.study_answer(s, x, now).map(drop),
                    StudyAction::Grade(g) => lib.study_grade(s, g, now).map(drop),
                    StudyAction::Next => {
                        s.next();
                        Ok(())
                    }
                    StudyAction::Undo => lib.study_undo(s, now).map(drop),
                }
                .map_err(fail("Your answer could not be saved"))?;
                Ok(Done::default())
            }
            (Action::StartQuiz(pick), _) => {
                let seed = now.timestamp_nanos_opt().unwrap_or(0) as u64;
                let qs = lib.pick_questions(&self.deck, &pick, lib.today(now), seed);
                match lib.deck(&self.deck) {
                    Some(d) if !qs.is_empty() => {
                        let order = lib.quiz_order(&d.id, &qs, now);
                        self.screen = Screen::Quiz(Box::new(quiz::QuizScreen::answering(d, qs, false, order)));
                        Ok(Done::default())
                    }
                    _ => Ok(Done::toast("No question matches that choice.")),
                }
            }
            (Action::SubmitQuiz, Screen::Quiz(q)) => {
                q.submit(lib, now).map_err(fail("The quiz could not be saved"))?;
                Ok(Done::default())
            }
            (Action::MarkQuiz { card, mark }, Screen::Quiz(q)) => {
                q.mark(lib, card, mark, now).map_err(fail("The mark could not be saved"))?;
                Ok(Done::default())
            }
            (Action::RegradeQuiz(card), Screen::Quiz(q)) => {
                q.regrade(lib, card, now).map_err(fail("The change could not be saved"))?;
                Ok(Done::default())
            }
            (Action::StartMock(minutes), _) => {
                let session =
                    lib.start_mock(&self.deck, minutes, now).map_err(fail("The mock exam could not be started"))?;
                self.screen = Screen::Mock(Box::new(mock::MockScreen::resumed(session)));
                Ok(Done::default())
            }
            (Action::Mock(change), Screen::Mock(m)) => {
                m.change(lib, change, now).map_err(fail("Your answer could not be saved"))?;
                Ok(Done::default())
            }
            (Action::AddMockMistakes, Screen::Mock(m)) => {
                let n = m.add_mistakes(lib, now).map_err(fail("The mistakes could not be added"))?;
                Ok(Done::toast(format!("{} due today.", count(n, "card is", "cards are"))))
            }
            // A step for a screen that is no longer on show: nothing to do.
            _ => Ok(Done::default()),
        }
    }

    /// Imports, keys and the decks' own changes.
    fn apply_deck(&mut self, action: Action, now: DateTime<Utc>) -> Result<Done, Failed> {
        let State::Ready(lib) = &mut self.state else { return Ok(Done::default()) };
        match action {
            Action::Import { id, name } => {
                let Screen::Import(s) = &self.screen else { return Ok(Done::default()) };
                let Some(file) = s.file() else { return Ok(Done::default()) };
                let out = lib.import(file, &id, &name, now).map_err(fail("The deck could not be imported"))?;
                let unanswered = lib.counts(&id, lib.today(now)).unanswered;
                self.deck = id.clone();
                let go = if unanswered > 0 { Nav::KeyEditor(id) } else { Nav::Home };
                Ok(Done { toast: Some(import::outcome_text(&out)), go: Some(go) })
            }
            Action::EditImport => {
                let Screen::Import(s) = &self.screen else { return Ok(Done::default()) };
                let Some(file) = s.file() else { return Ok(Done::default()) };
                self.screen = Screen::Editor(Box::new(editor::EditorScreen::for_file(file)));
                Ok(Done::default())
            }
            Action::SaveEditor => {
                let Screen::Editor(e) = &mut self.screen else { return Ok(Done::default()) };
                match e.source.clone() {
                    editor::Source::Deck(id) => {
                        let out =
                            lib.save_texts(&id, &e.text, e.key(), now).map_err(fail("The exam could not be saved"))?;
                        e.mark_saved();
                        Ok(Done::toast(format!("Saved. {}", import::outcome_text(&out))))
                    }
                    editor::Source::File { path, images, .. } => {
                        let name =
                            path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "exam".into());
                        let file = crate::import::file::ImportedFile {
                            parsed: crate::import::parse_as(e.format, &e.text, e.key()),
                            format: e.format,
                            path,
                            name: name.clone(),
                            text: e.text.clone(),
                            key_text: e.key().map(str::to_string),
                            images,
                        };
                        let id = crate::library::slug(&name);
                        let out = lib
                            .import(&file, &id, &name.replace('_', " "), now)
                            .map_err(fail("The deck could not be imported"))?;
                        self.deck = id;
                        Ok(Done { toast: Some(import::outcome_text(&out)), go: Some(Nav::Home) })
                    }
                }
            }
            Action::SaveKey { deck, answers } => {
                lib.save_key(&deck, &answers, now).map_err(fail("The key could not be saved"))?;
                Ok(Done { toast: Some("Answer key saved.".into()), go: Some(Nav::Home) })
            }
            Action::SaveCard { deck, index, answer, explanation } => {
                lib.save_card(&deck, index, answer, &explanation, now).map_err(fail("The card could not be saved"))?;
                Ok(Done::toast("Saved in the deck's answer key."))
            }
            Action::RenameDeck { deck, name } => {
                lib.rename_deck(&deck, &name).map_err(fail("The deck could not be renamed"))?;
                Ok(Done::default())
            }
            Action::ExportDeck { deck, to, path, schedule } => {
                let files =
                    lib.export_to(&deck, to, schedule, &path).map_err(fail("The deck could not be exported"))?;
                let more = match files.len() {
                    1 => String::new(),
                    n => format!(" (and {} beside it)", crate::import::summary::count(n - 1, "file", "files")),
                };
                Ok(Done::toast(format!("Exported to {}{more}.", path.display())))
            }
            Action::ResetDeck(deck) => {
                let b = lib.reset_deck(&deck, now).map_err(fail("The deck could not be reset"))?;
                Ok(Done::toast(format!("Progress reset. A backup was taken first ({}).", b.name)))
            }
            Action::DeleteDeck(deck) => {
                let b = lib.delete_deck(&deck, now).map_err(fail("The deck could not be deleted"))?;
                if self.deck == deck {
                    self.deck = lib.default_deck().unwrap_or_default();
                }
                if let Screen::Browse(s) = &mut self.screen {
                    s.forget_deck(&deck);
                }
                Ok(Done::toast(format!("Deck deleted. A backup was taken first ({}).", b.name)))
            }
            Action::Suspend { deck, index, suspended } => {
                lib.suspend(&deck, index, suspended).map_err(fail("The card could not be changed"))?;
                Ok(Done::default())
            }
            _ => Ok(Done::default()),
        }
    }

    /// Settings, backups and restore.
    fn apply_collection(&mut self, action: Action, now: DateTime<Utc>) -> Result<Done, Failed> {
        let State::Ready(lib) = &mut self.state else { return Ok(Done::default()) };
        match action {
            Action::Settings(s) => {
                lib.set_settings(s).map(|()| Done::default()).map_err(fail("The settings could not be saved"))
            }
            Action::DeckSettings { deck, settings } => lib
                .set_deck_settings(&deck, settings)
                .map(|()| Done::default())
                .map_err(fail("The deck's settings could not be saved")),
            Action::Backup => {
                let b = lib.backup(now, "manual").map_err(fail("The backup could not be taken"))?;
                Ok(Done::toast(format!("Backup {} taken.", b.name)))
            }
            Action::Restore(b) => {
                lib.restore(&b, now).map_err(fail("The backup could not be restored; nothing was changed"))?;
                let fallback = lib.deck(&self.deck).is_none().then(|| lib.default_deck().unwrap_or_default());
                let history = super::spawn_history(&self.ctx, lib);
                if let Some(d) = fallback {
                    self.deck = d;
                }
                self.history = history;
                self.screen = Screen::Settings(Box::default());
                Ok(Done::toast(format!("Restored {}. The state before was backed up first.", b.name)))
            }
            _ => Ok(Done::default()),
        }
    }

    /// Turns a navigation value into a screen. Leaving a running mock exam is held back (a file
    /// to import waits until it ends).
    pub(super) fn navigate(&mut self, nav: Nav) {
        let State::Ready(lib) = &self.state else { return };
        let now = self.now();
        if self.screen.in_mock() {
            return;
        }
        let deck = lib.deck(&self.deck).cloned();
        let screen = match nav {
            Nav::Home => Screen::Home(home::HomeScreen::default()),
            Nav::Study(id) | Nav::StudyAnyway(id) if lib.deck(&id).is_none() => return,
            Nav::Study(id) => match lib.start_study(&id, now) {
                Some(session) => Screen::Study(Box::new(study::StudyScreen::new(session))),
                None => return self.toast_now("Nothing to study in this deck today."),
            },
            Nav::StudyAnyway(id) => match lib.study_anyway(&id, now) {
                Some(session) => Screen::Study(Box::new(study::StudyScreen::new(session))),
                None => return self.toast_now("Every card of this deck has been studied and none is due."),
            },
            Nav::QuizSetup => Screen::Quiz(Box::new(quiz::QuizScreen::setup())),
            Nav::Quiz(numbers) => {
                let Some(d) = deck else { return };
                let picked = crate::session::quiz::Pick::Numbers(numbers);
                let qs = lib.pick_questions(&d.id, &picked, lib.today(now), 0);
                let order = lib.quiz_order(&d.id, &qs, now);
                Screen::Quiz(Box::new(quiz::QuizScreen::answering(&d, qs, false, order)))
            }
            Nav::Paper => {
                let Some(d) = deck else { return };
                let qs = d.exam.questions().map(|q| q.number).collect();
                // On paper the options stand as printed.
                Screen::Quiz(Box::new(quiz::QuizScreen::answering(&d, qs, true, Default::default())))
            }
            Nav::MockSetup => Screen::Mock(Box::new(mock::MockScreen::setup(lib, &self.deck))),
            Nav::Import(Some(path)) => Screen::Import(Box::new(import::ImportScreen::with_file(path))),
            Nav::Import(None) => Screen::Import(Box::default()),
            Nav::KeyEditor(id) => match lib.deck(&id) {
                Some(d) => Screen::Keys(Box::new(import::KeyEditor::new(d))),
                None => return,
            },
            Nav::EditDeck(id) => match lib.deck_texts(&id) {
                Ok(t) => Screen::Editor(Box::new(editor::EditorScreen::new(
                    editor::Source::Deck(id),
                    t.exam,
                    t.key,
                    t.format,
                ))),
                Err(e) => {
                    self.error = Some(format!("The deck's files could not be read: {e}"));
                    return;
                }
            },
            Nav::FormatGuide => Screen::Guide(guide::GuideScreen),
            Nav::Browse => Screen::Browse(Box::default()),
            Nav::Settings => Screen::Settings(Box::default()),
            Nav::Stats => Screen::Stats(stats::StatsScreen),
        };
        self.screen = screen;
    }
}
