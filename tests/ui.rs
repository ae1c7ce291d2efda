//! The real app, driven headless with egui_kittest: study by keyboard, undo, a quiz scored by the
//! exam's rules, a mock exam submitted and resumed, and an import that shows its diagnostics.

use chrono::{DateTime, Duration, TimeZone, Utc};
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use examdeck::deck::Answer;
use examdeck::ui::action::Nav;
use examdeck::ui::app::{App, Clock, Screen};
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

const DECK: &str = "cs182_midterm";

fn start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 10, 15, 0, 0).unwrap()
}

/// A clock that stands still until the test moves it.
fn fake_clock() -> (Clock, Arc<AtomicI64>) {
    let offset = Arc::new(AtomicI64::new(0));
    let o = offset.clone();
    (Arc::new(move || start() + Duration::seconds(o.load(Ordering::SeqCst))), offset)
}

fn app(dir: &Path, clock: Clock) -> Harness<'static, App> {
    sized(dir, clock, 1200.0, 900.0)
}

/// The app in a window `width` × `height` points.
fn sized(dir: &Path, clock: Clock, width: f32, height: f32) -> Harness<'static, App> {
    let dir = dir.to_path_buf();
    let mut h =
        Harness::builder().with_size(egui::vec2(width, height)).build_eframe(move |cc| App::new(cc, dir, clock));
    // The collection opens on another thread; wait for it, then draw.
    h.state_mut().finish_opening();
    h.run_steps(2);
    h
}

fn state(h: &Harness<'_, App>, card: &str) -> Option<examdeck::model::CardState> {
    h.state().library().unwrap().collection().card(DECK, card).cloned()
}

fn today() -> chrono::NaiveDate {
    examdeck::queue::local_study_day(start(), 4)
}

fn press(h: &mut Harness<'_, App>, key: Key) {
    h.key_press(key);
    h.run_steps(3);
}

#[test]
fn study_a_card_by_keyboard_then_undo() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    h.get_by_label_contains("Study now (20)");
    press(&mut h, Key::Space);
    assert!(matches!(h.state().screen, Screen::Study(_)));
    h.get_by_label_contains("0 of 20 done");
    // Q1's answer is option 4.
    press(&mut h, Key::Num4);
    h.get_by_label_contains("Right — option 4");
    h.get_by_label_contains("Good   3 / Space");
    assert_eq!(state(&h, "1").unwrap().due, None, "nothing is scheduled before the grade");
    press(&mut h, Key::Space);
    let st = state(&h, "1").unwrap();
    assert_eq!(st.due, Some(today().succ_opt().unwrap()));
    assert_eq!((st.sm2.repetitions, st.reviews), (1, 1));
    h.get_by_label_contains("1 of 20 done");
    // Ctrl+Z restores exactly the state before.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run_steps(3);
    let st = state(&h, "1").unwrap();
    assert_eq!((st.due, st.reviews), (None, 0));
    h.get_by_label_contains("0 of 20 done");
    // A wrong answer is graded at once and comes back later in the session.
    press(&mut h, Key::Num1);
    h.get_by_label_contains("Wrong — you chose option 1; the answer is option 4");
    let st = state(&h, "1").unwrap();
    assert_eq!((st.lapses, st.sm2.interval_days), (1, 1));
}

#[test]
fn a_quiz_is_scored_by_the_exams_rules() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    h.state_mut().go(Nav::Quiz(vec![17]));
    h.run_steps(2);
    // Q17's key is T F F T: right (+0.5), wrong (−0.5), right (+0.5), blank.
    press(&mut h, Key::T);
    press(&mut h, Key::T);
    press(&mut h, Key::F);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(3);
    // Submitting first lists what is left: one of Q17's four statements is blank.
    h.get_by_label("Submit the quiz?");
    h.get_by_label("3 of 4 cards answered");
    assert!(
        h.state().library().unwrap().collection().quizzes.is_empty(),
        "nothing is scored before the student confirms"
    );
    press(&mut h, Key::Enter);
    h.run_steps(3);
    h.get_by_label("0.5 / 2");
    // The overview opens the page: Q17 earned part of its points.
    h.get_by_label("Question 17: part marks, 0.5 of 2").click();
    h.run_steps(2);
    // End and Home scroll the results.
    let top = h.get_by_label_contains("Question by question").rect().min.y;
    press(&mut h, Key::End);
    let after = h.query_by_label_contains("Question by question").map(|n| n.rect().min.y);
    assert!(after.is_none_or(|a| a < top), "End scrolls down: {top} → {after:?}");
    press(&mut h, Key::Home);
    assert_eq!(h.get_by_label_contains("Question by question").rect().min.y, top, "Home scrolls back to the top");
    let lib = h.state().library().unwrap();
    assert_eq!(lib.collection().quizzes.last().unwrap().score, (0.5, 2.0));
    // Wrong → a lapse due today; right on a new card → Good; blank → not reviewed.
    assert_eq!(state(&h, "17.2").unwrap().due, Some(today()));
    assert_eq!(state(&h, "17.1").unwrap().due, Some(today().succ_opt().unwrap()));
    assert_eq!(state(&h, "17.4").unwrap().due, None);
}

/// The number key that chooses option `original` (as written) of `card` in `order`.
fn option_key(order: &examdeck::session::shuffle::Order, card: &str, original: u32) -> Key {
    let place = order.get(card).map_or(original as usize - 1, |o| o.iter().position(|&k| k == original).unwrap());
    [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9][place]
}

/// The option order of the running mock exam.
fn mock_order(h: &Harness<'_, App>) -> examdeck::session::shuffle::Order {
    h.state().library().unwrap().collection().mock_in_progress.as_ref().unwrap().order.clone()
}

#[test]
fn a_mock_exam_is_submitted_and_resumed_with_the_right_time_left() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, offset) = fake_clock();
    let shown = {
        let mut h = app(dir.path(), clock.clone());
        press(&mut h, Key::M);
        h.get_by_label_contains("Start the clock");
        press(&mut h, Key::Enter);
        h.get_by_label("1:50:00");
        h.get_by_label("Question 1: blank, current");
        // Options are shuffled in mock exams (the default): the key is the one shown beside
        // Q1's right answer (option 4 as written), and the answer is still recorded as 4.
        let order = mock_order(&h);
        let shown = order.get("1").expect("Q1's options are shuffled").clone();
        assert!(order.len() > 10, "most one-answer cards are shuffled: {}", order.len());
        let place = shown.iter().position(|&k| k == 4).unwrap();
        let exam = &h.state().library().unwrap().deck(DECK).unwrap().exam;
        let text = examdeck::markup::spoken(&exam.card_choices(&exam.cards[0])[3].text);
        let r = radios(&h);
        assert_eq!(r[place].0, format!("Option {}: {text}", place + 1), "option 4 is shown at place {place}");
        press(&mut h, option_key(&order, "1", 4));
        assert_eq!(
            h.state().library().unwrap().collection().mock_in_progress.as_ref().unwrap().responses.get("1"),
            Some(&Answer::Choice(4))
        );
        // The navigator says each question's state in words, not by colour alone.
        h.get_by_label("Question 1: answered, current");
        h.get_by_label("Question 2: blank");
        offset.store(30 * 60, Ordering::SeqCst);
        h.run_steps(2);
        h.get_by_label("1:20:00");
        // The app closes mid-exam.
        shown
    };
    {
        offset.store(50 * 60, Ordering::SeqCst);
        let mut h = app(dir.path(), clock.clone());
        assert!(matches!(h.state().screen, Screen::Mock(_)), "the running mock exam comes back");
        assert_eq!(mock_order(&h).get("1"), Some(&shown), "a resumed exam keeps its order");
        h.get_by_label("1:00:00");
        let m = h.state().library().unwrap().collection().mock_in_progress.clone().unwrap();
        assert_eq!(m.responses.get("1"), Some(&Answer::Choice(4)));
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        h.run_steps(2);
        h.get_by_label_contains("Submit the exam?");
        // The review lists the 31 blank questions, each one click away: Question 2 opens it.
        h.get_by_label("31 questions to look at again. Blank cards score 0; they never cost points.");
        h.get_by_label("Question 2").click();
        h.run_steps(3);
        assert!(h.query_by_label_contains("Submit the exam?").is_none());
        assert_eq!(h.state().library().unwrap().collection().mock_in_progress.as_ref().unwrap().current, 1);
        h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
        h.run_steps(2);
        press(&mut h, Key::Enter);
        h.get_by_label("Mock exam result");
        h.get_by_label("1 / 50");
        let c = h.state().library().unwrap().collection();
        assert!(c.mock_in_progress.is_none());
        assert_eq!(c.mocks.last().unwrap().score, Some((1.0, 50.0)));
    }
}

#[test]
fn importing_a_file_with_an_error_shows_the_diagnostic() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.md");
    std::fs::write(&file, "1. (1 point) a\n☐ x\n☐ y\n2. (1 point) b\n☒ T ☒ F: s\n").unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(&dir.path().join("data"), clock);
    h.state_mut().go(Nav::Import(Some(file)));
    // Parsing runs in the background; wait for it.
    for _ in 0..200 {
        h.run_steps(1);
        if h.query_by_label_contains("both T and F are marked").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    h.get_by_label_contains("both T and F are marked");
    h.get_by_label("line 5");
    h.get_by_label_contains("Fix the 1 error first");
}

/// Runs frames until `done` holds (work on other threads: parsing, opening), or fails.
fn wait_for(h: &mut Harness<'_, App>, what: &str, done: impl Fn(&Harness<'_, App>) -> bool) {
    for _ in 0..500 {
        h.run_steps(1);
        if done(h) {
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    panic!("timed out waiting for {what}");
}

#[test]
fn a_broken_file_is_fixed_in_the_editor_saved_and_studied() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("linear_algebra.md");
    std::fs::write(
        &file,
        "1. (1 point) Which matrix is symmetric?\n- [ ] a\n- [x] b\n\nQuestion 2\nWhich is $x \\cdot x$?\n(A) $|x|$\n(B) $|x|^2$\nAnswer: B\n",
    )
    .unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(&dir.path().join("data"), clock);
    h.state_mut().go(Nav::Import(Some(file)));
    wait_for(&mut h, "the file to be read", |h| h.query_by_label_contains("points missing").is_some());
    h.get_by_label_contains("Fix the 1 error first");
    // Open it in the editor, where the diagnostic offers its fix.
    press(&mut h, Key::E);
    assert!(matches!(h.state().screen, Screen::Editor(_)));
    wait_for(&mut h, "the editor's check", |h| h.query_by_label("add (1 point)").is_some());
    h.get_by_label("add (1 point)").click();
    h.run_steps(2);
    wait_for(&mut h, "the diagnostic to go", |h| {
        h.query_by_label_contains("points missing").is_none() && h.query_by_label("no errors · not saved").is_some()
    });
    if let Screen::Editor(e) = &h.state().screen {
        assert!(e.text.contains("Question 2 (1 point)"), "{}", e.text);
    }
    // Save: the file is imported, and its deck can be studied.
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run_steps(3);
    assert!(matches!(h.state().screen, Screen::Home(_)));
    assert_eq!(h.state().current_deck(), "linear_algebra");
    h.get_by_label_contains("Study now (2)");
    press(&mut h, Key::Space);
    assert!(matches!(h.state().screen, Screen::Study(_)));
    press(&mut h, Key::Num2);
    h.get_by_label_contains("Right — option 2");
}

#[test]
fn a_written_answer_is_studied_and_self_marked_in_a_mock_exam() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("os_quiz.md");
    std::fs::write(
        &file,
        "You have 20 minutes.\n\n1. (2 points) Explain why a \"TLB miss\" isn't a page fault.\n\nSolution: The TLB only caches translations; the page may still be in memory.\n",
    )
    .unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(&dir.path().join("data"), clock);
    h.state_mut().go(Nav::Import(Some(file)));
    wait_for(&mut h, "the file to be read", |h| h.query_by_label_contains("Re-check").is_some());
    press(&mut h, Key::Enter);
    assert!(matches!(h.state().screen, Screen::Home(_)), "imported");
    // Study it: think, reveal the solution, grade yourself.
    press(&mut h, Key::Space);
    h.get_by_label_contains("Show the solution");
    press(&mut h, Key::Space);
    h.get_by_label_contains("The TLB only caches translations");
    h.get_by_label_contains("Wrong   W");
    press(&mut h, Key::Num3);
    let st = h.state().library().unwrap().collection().card("os_quiz", "1").cloned().unwrap();
    assert_eq!(st.due, Some(today().succ_opt().unwrap()));
    // A mock exam: write the answer, submit, then mark it against the solution.
    h.state_mut().go(Nav::Home);
    h.run_steps(2);
    press(&mut h, Key::M);
    press(&mut h, Key::Enter);
    assert!(h.state().screen.in_mock());
    h.get_by_role(egui::accesskit::Role::MultilineTextInput).click();
    h.run_steps(1);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text("It only caches translations.");
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(2);
    h.get_by_label_contains("Submit the exam?");
    press(&mut h, Key::Enter);
    h.get_by_label("Mock exam result");
    h.get_by_label_contains("not final yet: mark 1 written answer");
    h.get_by_label_contains("It only caches translations.");
    h.get_by_label("Half right").click();
    h.run_steps(3);
    assert!(h.query_all_by_label("1 / 2").next().is_some(), "the score shows half the points");
    assert!(h.query_by_label_contains("not final yet").is_none());
    let c = h.state().library().unwrap().collection();
    assert_eq!(c.mocks.last().unwrap().score, Some((1.0, 2.0)));
    assert_eq!(c.mocks.last().unwrap().written.get("1").map(String::as_str), Some("It only caches translations."));
}

#[test]
fn an_exam_date_shows_a_countdown_and_the_forecast() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    h.get_by_label_contains("No exam date");
    press(&mut h, Key::D);
    let exam = today() + Duration::days(12);
    h.get_by_role(egui::accesskit::Role::TextInput).type_text(&exam.format("%Y-%m-%d").to_string());
    h.run_steps(2);
    h.get_by_label_contains("Save").click();
    h.run_steps(3);
    let lib = h.state().library().unwrap();
    assert_eq!(lib.exam_date(DECK), Some(exam));
    h.get_by_label_contains("in 12 days");
    h.get_by_label_contains("91 cards not seen yet");
    // The history is read in the background; then the forecast shows, for the exam day.
    wait_for(&mut h, "the forecast", |h| h.query_by_label_contains("On exam day").is_some());
    h.get_by_label_contains("/ 50, likely");
}

#[test]
fn a_mock_with_unsure_marks_ends_with_the_coachs_advice_and_statistics_open() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    press(&mut h, Key::M);
    press(&mut h, Key::Enter);
    // Q1: option 4 (right; the options are shuffled), marked unsure.
    let key = option_key(&mock_order(&h), "1", 4);
    press(&mut h, key);
    press(&mut h, Key::U);
    h.get_by_label_contains("unsure: 1");
    let m = h.state().library().unwrap().collection().mock_in_progress.clone().unwrap();
    assert!(m.unsure.contains("1"));
    assert!(m.forecast.is_some(), "the forecast is recorded when the clock starts");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(2);
    press(&mut h, Key::Enter);
    h.get_by_label("Mock exam result");
    h.get_by_label("Guessing coach");
    h.get_by_label_contains("1 answer marked unsure: 1 right");
    h.get_by_label_contains("Single-answer questions cost nothing when wrong");
    // Statistics from Home.
    press(&mut h, Key::Escape);
    press(&mut h, Key::S);
    assert!(matches!(h.state().screen, Screen::Stats(_)));
    wait_for(&mut h, "the statistics", |h| h.query_by_label_contains("Reviews per day").is_some());
    h.get_by_label_contains("Cards due until the exam");
    h.get_by_label_contains("Mock exams and the forecast");
    h.get_by_label_contains("The forecast was off by");
}

/// Interactive nodes of the window's AccessKit tree that a screen reader could not name.
fn unnamed_interactive(h: &Harness<'_, App>) -> Vec<String> {
    use egui::accesskit::Role;
    use egui_kittest::kittest::{NodeT, by};
    const INTERACTIVE: [Role; 10] = [
        Role::Button,
        Role::RadioButton,
        Role::CheckBox,
        Role::TextInput,
        Role::MultilineTextInput,
        Role::ComboBox,
        Role::Link,
        Role::Slider,
        Role::SpinButton,
        Role::Tab,
    ];
    h.query_all(by().predicate(|n| {
        INTERACTIVE.contains(&n.role()) && n.label().is_none_or(|l| l.trim().is_empty()) && n.value().is_none()
    }))
    .map(|n| format!("{:?}", n.accesskit_node().role()))
    .collect()
}

/// The radio buttons on screen: (name, checked).
fn radios(h: &Harness<'_, App>) -> Vec<(String, bool)> {
    use egui::accesskit::{Role, Toggled};
    use egui_kittest::kittest::{NodeT, by};
    h.query_all(by().role(Role::RadioButton))
        .map(|n| {
            let n = n.accesskit_node();
            (n.label().unwrap_or_default(), n.toggled() == Some(Toggled::True))
        })
        .collect()
}

#[test]
fn a_screen_reader_hears_the_question_its_options_and_every_control() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);

    // Study: Q1's stem, formulas as TeX, and its four options as named radio buttons.
    press(&mut h, Key::Space);
    assert!(matches!(h.state().screen, Screen::Study(_)));
    h.get_by_label_contains("Consider the vector-valued function f : \\mathbb{R}^n");
    let r = radios(&h);
    assert_eq!(r.len(), 4, "{r:?}");
    for (i, (name, checked)) in r.iter().enumerate() {
        assert!(name.starts_with(&format!("Option {}: ", i + 1)), "{name}");
        assert!(name.len() > "Option 1: ".len() + 3, "the option's text is in its name: {name}");
        assert!(!checked);
    }
    assert_eq!(unnamed_interactive(&h), Vec::<String>::new());
    press(&mut h, Key::Num4);
    let r = radios(&h);
    assert!(r[3].1 && r[3].0.ends_with(", right"), "{r:?}");
    assert_eq!(unnamed_interactive(&h), Vec::<String>::new());
    press(&mut h, Key::Escape);

    // A quiz on Q17: four statements, each with True and False as radio buttons.
    h.state_mut().go(Nav::Quiz(vec![17]));
    h.run_steps(2);
    press(&mut h, Key::T);
    let r = radios(&h);
    let names: Vec<&str> = r.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["True", "False"].repeat(4), "{r:?}");
    assert_eq!(r.iter().filter(|(_, c)| *c).count(), 1, "the T just pressed is checked: {r:?}");
    assert!(r[0].1);
    assert_eq!(unnamed_interactive(&h), Vec::<String>::new());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(3);
    assert_eq!(unnamed_interactive(&h), Vec::<String>::new());

    // A mock exam: Q1 again, with its options named, and every control of the navigator named.
    h.state_mut().go(Nav::Home);
    h.run_steps(2);
    press(&mut h, Key::M);
    press(&mut h, Key::Enter);
    h.get_by_label("1:50:00");
    let r = radios(&h);
    assert_eq!(r.len(), 4, "{r:?}");
    assert!(r.iter().all(|(n, c)| n.starts_with("Option ") && !c), "{r:?}");
    assert_eq!(unnamed_interactive(&h), Vec::<String>::new());
}

#[test]
fn f1_or_question_mark_lists_the_screens_keys_and_esc_closes_it_without_leaving() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    press(&mut h, Key::M);
    h.get_by_label_contains("Start the clock");
    press(&mut h, Key::F1);
    h.get_by_label("Keyboard shortcuts");
    h.get_by_label("review and submit");
    h.get_by_label("? or F1");
    // Keys go to the overlay, not the screen behind it: Enter does not start the clock.
    press(&mut h, Key::Enter);
    assert!(h.state().library().unwrap().collection().mock_in_progress.is_none());
    press(&mut h, Key::Escape);
    assert!(h.query_by_label("Keyboard shortcuts").is_none());
    h.get_by_label_contains("Start the clock");
    h.event(egui::Event::Text("?".into()));
    h.run_steps(3);
    h.get_by_label("Keyboard shortcuts");
}

#[test]
fn a_file_handed_over_by_a_second_examdeck_opens_the_import_screen() {
    use examdeck::store::{fs::OsFs, inbox};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mini.md");
    std::fs::write(&file, "1. (1 point) Which?\n☐ x\n☒ y\n").unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    // A second `examdeck FILE` finds the collection held by this window and hands the file over.
    assert!(inbox::is_held(&OsFs, dir.path()));
    inbox::hand_over(&OsFs, dir.path(), &file, 1, 2).unwrap();
    wait_for(&mut h, "the import screen", |h| matches!(h.state().screen, Screen::Import(_)));
    h.get_by_label_contains("mini.md");
    assert!(inbox::take(&OsFs, dir.path()).is_empty(), "the hand-over was taken");
}

#[test]
fn a_cards_explanation_is_edited_from_browse_and_saved_in_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    h.state_mut().go(Nav::Browse);
    h.run_steps(2);
    h.get_by_label_contains("Suppose we have a one hidden layer ReLU").click();
    h.run_steps(2);
    h.get_by_label("Card 2");
    press(&mut h, Key::E);
    h.get_by_label("Explanation");
    // The explanation takes the keyboard as the editor opens.
    h.run_steps(1);
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role(egui::accesskit::Role::MultilineTextInput).type_text("Z masks the units that fired.");
    h.run_steps(2);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(3);
    let lib = h.state().library().unwrap();
    let card = &lib.deck(DECK).unwrap().exam.cards[1];
    assert_eq!(card.explanation.as_deref(), Some("Z masks the units that fired."));
    assert_eq!(card.answer, Some(Answer::Choice(3)), "the answer is kept");
    assert!(lib.deck_texts(DECK).unwrap().key.unwrap().contains("Z masks the units that fired."));
    h.get_by_label("Saved in the deck's answer key.");
}

#[test]
fn shuffled_quiz_options_are_still_scored_by_their_original_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    h.state_mut().go(Nav::Settings);
    h.run_steps(2);
    h.get_by_label("in quizzes").click();
    h.run_steps(3);
    assert!(h.state().library().unwrap().settings().shuffle_quiz);
    h.state_mut().go(Nav::Quiz(vec![1]));
    h.run_steps(2);
    // Q1's answer is option 4 as written; find where it is shown and press that place's key.
    let exam = h.state().library().unwrap().deck(DECK).unwrap().exam.clone();
    let spoken: Vec<String> =
        exam.card_choices(&exam.cards[0]).iter().map(|c| examdeck::markup::spoken(&c.text)).collect();
    let shown: Vec<usize> = radios(&h)
        .iter()
        .map(|(name, _)| spoken.iter().position(|s| name.ends_with(s.as_str())).expect("an option of Q1") + 1)
        .collect();
    assert_ne!(shown, [1, 2, 3, 4], "the options are shuffled");
    let mut sorted = shown.clone();
    sorted.sort();
    assert_eq!(sorted, [1, 2, 3, 4], "every option is shown once");
    let place = shown.iter().position(|&k| k == 4).unwrap();
    press(&mut h, [Key::Num1, Key::Num2, Key::Num3, Key::Num4][place]);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run_steps(3);
    press(&mut h, Key::Enter);
    h.run_steps(2);
    assert_eq!(h.state().library().unwrap().collection().quizzes.last().unwrap().score, (1.0, 1.0));
    // The review shows the options as written, so explanations that name a letter still match.
    let review: Vec<String> = radios(&h).into_iter().map(|(n, _)| n).collect();
    assert!(review[3].starts_with("Option 4: ") && review[3].contains(", right"), "{review:?}");
}

#[test]
fn a_deck_of_its_own_limit_studies_that_many_and_offers_study_anyway() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    h.get_by_label_contains("Study now (20)");
    h.state_mut().go(Nav::Settings);
    h.run_steps(2);
    h.get_by_label("Daily limits of CS 182/282A Midterm");
    h.get_by_label("its own new-card limit (else the default, 20)").click();
    h.run_steps(3);
    let limit = |h: &Harness<'_, App>| h.state().library().unwrap().collection().decks[DECK].settings.new_per_day;
    assert_eq!(limit(&h), Some(20), "the own limit starts at the default");
    // Type 2 into the deck's limit.
    // The deck's own limit comes after the default one (both say 20 now).
    let spin = h.get_all_by_role(egui::accesskit::Role::SpinButton).rfind(|n| n.value() == Some("20".into()));
    spin.expect("the deck's limit").click();
    h.run_steps(2);
    h.event(egui::Event::Text("2".into()));
    press(&mut h, Key::Enter);
    h.run_steps(3);
    assert_eq!(limit(&h), Some(2));
    assert_eq!(h.state().library().unwrap().settings().new_per_day, 20, "the default is unchanged");
    h.state_mut().go(Nav::Home);
    h.run_steps(2);
    h.get_by_label_contains("Study now (2)");
    // Two new cards studied: the button says why it is off and offers to go on anyway.
    press(&mut h, Key::Space);
    // Q1's answer is 4, Q2's is 3: both right, graded Good.
    for key in [Key::Num4, Key::Num3] {
        press(&mut h, key);
        press(&mut h, Key::Space);
    }
    h.state_mut().go(Nav::Home);
    h.run_steps(2);
    h.get_by_label_contains("Today's limits are reached");
    press(&mut h, Key::A);
    assert!(matches!(h.state().screen, Screen::Study(_)), "study this deck anyway");
}

#[test]
fn the_navigators_legend_folds_away_when_the_window_is_short() {
    // 800×600 is the smallest size the first option must show at without scrolling.
    for (height, shown) in [(900.0, true), (600.0, false)] {
        let dir = tempfile::tempdir().unwrap();
        let (clock, _) = fake_clock();
        let mut h = sized(dir.path(), clock, 800.0, height);
        press(&mut h, Key::M);
        press(&mut h, Key::Enter);
        h.get_by_label("Question 1: blank, current");
        let legend = h.query_by_label_contains("thick outline = current").is_some();
        assert_eq!(legend, shown, "at {height} points high");
        // Q1's first option starts on screen either way.
        let first = &radios(&h)[0].0;
        let r = h.get_by_label(first).rect();
        let bar = h.get_by_label_contains("Submit…").rect().min.y;
        assert!(r.min.y + 20.0 < bar, "the first option starts at {}, the buttons at {bar}", r.min.y);
    }
}

/// Whether the first option of the question on show ends above the control labelled `bar` (at
/// the top of the bottom bar); if not, says where each is.
fn first_option_shows(h: &Harness<'_, App>, bar: &str, what: &str) -> Option<String> {
    let first = radios(h).first().map(|r| r.0.clone()).unwrap_or_else(|| panic!("{what}: no option"));
    let r = h.get_by_label(&first).rect();
    let bar = h.get_by_label_contains(bar).rect().min.y;
    (r.max.y > bar).then(|| format!("{what}: the first option ends at {}, below the bar at {bar}", r.max.y))
}

#[test]
fn at_800_by_600_the_first_option_of_q1_to_q15_shows_without_scrolling() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = small_app(dir.path(), clock);
    let mut hidden = Vec::new();
    // Study: the new cards come in the exam's order; each is answered right and graded Good.
    press(&mut h, Key::Space);
    // The top bar folds into the study header, which keeps its Home button.
    assert!(h.query_by_label("Browse   B").is_none(), "the top bar folds away");
    h.get_by_label("Home   Esc");
    for n in 1..=15 {
        h.get_by_label(&format!("Question {n}"));
        hidden.extend(first_option_shows(&h, "Choose an option", &format!("study, Q{n}")));
        let exam = &h.state().library().unwrap().deck(DECK).unwrap().exam;
        let Some(Answer::Choice(k)) = exam.card(&n.to_string()).and_then(|c| c.answer) else { panic!("Q{n}") };
        press(&mut h, option_key(&Default::default(), "", k));
        press(&mut h, Key::Space);
    }
    // A quiz of Q1–Q15, moved through with →.
    h.state_mut().go(Nav::Quiz((1..=15).collect()));
    h.run_steps(2);
    for n in 1..=15 {
        h.get_by_label(&format!("Question {n}"));
        hidden.extend(first_option_shows(&h, "Previous", &format!("quiz, Q{n}")));
        press(&mut h, Key::ArrowRight);
    }
    // The quiz's one-row header has the Home button too, and it works.
    h.get_by_label("Home   Esc").click();
    h.run_steps(2);
    assert!(matches!(h.state().screen, Screen::Home(_)));
    // The mock exam, its options shuffled: its clock, tiles and name make one row.
    press(&mut h, Key::M);
    press(&mut h, Key::Enter);
    h.get_by_label("Mock exam");
    assert!(h.query_by_label("Mock exam in progress").is_none(), "the top bar folds away");
    for n in 1..=15 {
        h.get_by_label(&format!("Question {n}"));
        hidden.extend(first_option_shows(&h, "Previous", &format!("mock exam, Q{n}")));
        press(&mut h, Key::ArrowRight);
    }
    assert!(hidden.is_empty(), "{hidden:#?}");
}

/// The app at 800×600, the smallest window examdeck is made for.
fn small_app(dir: &Path, clock: Clock) -> Harness<'static, App> {
    sized(dir, clock, 800.0, 600.0)
}

#[test]
fn a_long_explanation_comes_into_view_and_is_read_by_keyboard() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = small_app(dir.path(), clock);
    press(&mut h, Key::Space);
    let stem = "Consider the vector-valued function";
    let explained = {
        let exam = &h.state().library().unwrap().deck(DECK).unwrap().exam;
        examdeck::markup::spoken(exam.card("1").unwrap().explanation.as_deref().unwrap())
    };
    let explained: String = explained.chars().take(30).collect();
    let bar = |h: &Harness<'_, App>| h.get_by_label_contains("Right — option 4").rect().min.y;
    // Answering scrolls the whole explanation into view, above the verdict.
    press(&mut h, Key::Num4);
    h.run_steps(2);
    let e = h.get_by_label_contains(&explained).rect();
    assert!(e.max.y <= bar(&h) + 1.0, "the explanation ends at {}, the verdict starts at {}", e.max.y, bar(&h));
    assert!(h.query_by_label_contains(stem).is_none_or(|n| n.rect().min.y < 0.0), "the stem scrolled away");
    // ↑ scrolls up step by step, Home to the top, End back to the end of the explanation.
    let before = e.min.y;
    press(&mut h, Key::ArrowUp);
    let after = h.get_by_label_contains(&explained).rect().min.y;
    assert!(after > before, "↑ scrolls up: {before} → {after}");
    press(&mut h, Key::Home);
    let top = h.get_by_label_contains(stem).rect().min.y;
    assert!(top > 0.0, "Home shows the stem's start: {top}");
    press(&mut h, Key::End);
    let e = h.get_by_label_contains(&explained).rect();
    assert!(e.max.y <= bar(&h) + 1.0, "End shows the explanation's end: {} vs {}", e.max.y, bar(&h));
    press(&mut h, Key::PageUp);
    assert!(h.get_by_label_contains(&explained).rect().min.y > e.min.y, "PageUp scrolls up");
}

#[test]
fn the_statement_the_keyboard_is_on_stays_in_view() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = small_app(dir.path(), clock);
    // Q16's four statements each come with a display formula: they run below the fold.
    h.state_mut().go(Nav::Quiz(vec![16]));
    h.run_steps(2);
    let view = |h: &Harness<'_, App>| {
        let top = h.get_by_label("Home   Esc").rect().max.y;
        (top, h.get_by_label_contains("Previous").rect().min.y)
    };
    let trues = |h: &Harness<'_, App>| -> Vec<egui::Rect> {
        use egui::accesskit::Role;
        use egui_kittest::kittest::by;
        h.query_all(by().role(Role::RadioButton).label("True")).map(|n| n.rect()).collect()
    };
    assert_eq!(trues(&h).len(), 4);
    h.get_by_label("↑ ↓ card · 1–9 option · T / F · Backspace clears");
    let (top, bottom) = view(&h);
    assert!(trues(&h)[3].min.y > bottom, "the last statement starts below the fold");
    // T marks a statement and moves to the next, which is brought into view.
    for k in 1..4 {
        press(&mut h, Key::T);
        h.run_steps(2);
        let r = trues(&h)[k];
        assert!(r.min.y >= top && r.max.y <= bottom, "statement {} at {r:?}, view {top}–{bottom}", k + 1);
    }
    // ↑ moves back one by one, each kept in view too.
    for k in (0..3).rev() {
        press(&mut h, Key::ArrowUp);
        h.run_steps(2);
        let r = trues(&h)[k];
        assert!(r.min.y >= top && r.max.y <= bottom, "statement {} at {r:?}, view {top}–{bottom}", k + 1);
    }
    let marks: Vec<_> = radios(&h).into_iter().map(|r| r.1).collect();
    assert_eq!(marks, [true, false, true, false, true, false, false, false], "three marked True, one blank");
}

#[test]
fn the_navigator_tells_every_state_apart_and_keeps_its_size() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, _) = fake_clock();
    let mut h = app(dir.path(), clock);
    press(&mut h, Key::M);
    press(&mut h, Key::Enter);
    let tile = |h: &Harness<'_, App>, name: &str| h.get_by_label(name).rect();
    let before = [tile(&h, "Question 1: blank, current"), tile(&h, "Question 17: blank")];
    // Q1 answered, Q17 (four statements) partly answered and flagged, and the page is Q17.
    let key = option_key(&mock_order(&h), "1", 4);
    press(&mut h, key);
    h.get_by_label("Question 1: answered, current");
    h.get_by_label("Question 17: blank").click();
    h.run_steps(3);
    press(&mut h, Key::T);
    press(&mut h, Key::G);
    let after = [tile(&h, "Question 1: answered"), tile(&h, "Question 17: partly answered, flagged, current")];
    assert_eq!(before, after, "no tile moves or changes size when states change");
    h.get_by_label("Question 2: blank");
    press(&mut h, Key::G);
    h.get_by_label("Question 17: partly answered, current");
}

#[test]
fn a_wrong_card_comes_back_today_after_the_session_and_the_app_are_left() {
    let dir = tempfile::tempdir().unwrap();
    let (clock, offset) = fake_clock();
    {
        let mut h = app(dir.path(), clock.clone());
        press(&mut h, Key::Space);
        // Q1 answered wrong (its answer is 4), then Home, and the app closes.
        press(&mut h, Key::Num1);
        h.get_by_label_contains("Wrong — you chose option 1");
        press(&mut h, Key::Escape);
        assert!(matches!(h.state().screen, Screen::Home(_)));
    }
    offset.store(3 * 3600, Ordering::SeqCst);
    let mut h = app(dir.path(), clock);
    let st = state(&h, "1").unwrap();
    assert_eq!((st.due, st.relearning), (Some(today()), true), "stored as due again today");
    // Nothing else is due, so it opens the new session, marked as a repeat.
    press(&mut h, Key::Space);
    h.get_by_label("Question 1");
    h.get_by_label("· again");
    press(&mut h, Key::Num4);
    h.get_by_label_contains("Right — option 4");
}
