//! What screens ask for. Screens read the library and return an `Action`; only the app applies
//! it (`app::apply`), calling the library, and a screen's session moves on only when the library
//! said `Ok`. `Nav` is where to go: a plain value that only the app turns into a screen.

use crate::deck::Answer;
use crate::library::ops::MockChange;
use crate::model::{DeckSettings, Settings};
use crate::session::quiz::Pick;
use crate::sm2::Grade;
use crate::store::backups::Backup;
use std::path::PathBuf;

/// Where to go.
#[derive(Clone, Debug, PartialEq)]
pub enum Nav {
    /// Decks and what to do today.
    Home,
    /// Today's study session on a deck.
    Study(String),
    /// Study a deck beyond today's limits.
    StudyAnyway(String),
    /// The quiz set-up page.
    QuizSetup,
    /// A quiz over these questions of the current deck.
    Quiz(Vec<u32>),
    /// Entering a paper attempt.
    Paper,
    /// The mock exam's instructions and time options.
    MockSetup,
    /// The import screen, reading a file when given.
    Import(Option<PathBuf>),
    /// The answer-key editor of a deck.
    KeyEditor(String),
    /// The exam editor on a deck's text.
    EditDeck(String),
    /// The page with an example of every form the importer reads.
    FormatGuide,
    /// Every card in a table.
    Browse,
    /// Settings and backups.
    Settings,
    /// The current deck's statistics.
    Stats,
}

/// An answer in a study session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StudyAction {
    /// The student's answer to the card.
    Answer(Answer),
    /// A grade for a right answer.
    Grade(Grade),
    /// Move on after a wrong answer was shown.
    Next,
    /// Take the last answer back.
    Undo,
}

/// What a screen asks the app to do.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// Go to another screen.
    Go(Nav),
    /// Open the collection again (after it opened read-only because it could not be written).
    Reopen,
    /// Fit the memory model's parameters to the student's history, in the background.
    FitMemory,
    /// Work on another deck.
    SelectDeck(String),
    /// A step of the study session on screen.
    Study(StudyAction),
    /// Start a quiz on the current deck.
    StartQuiz(Pick),
    /// Submit the quiz on screen.
    SubmitQuiz,
    /// Toggle Guessed on a quiz card's review (by card index).
    RegradeQuiz(usize),
    /// Mark a written answer of the quiz on screen.
    MarkQuiz {
        /// The card's index.
        card: usize,
        /// Right, half or wrong.
        mark: crate::deck::Mark,
    },
    /// Start the mock exam on the current deck with this many minutes.
    StartMock(u32),
    /// A change to the running mock exam.
    Mock(MockChange),
    /// Add the mock exam's mistakes to today's reviews.
    AddMockMistakes,
    /// Import the file on the import screen as deck `id` named `name`.
    Import {
        /// Deck id.
        id: String,
        /// Name shown.
        name: String,
    },
    /// Open the file on the import screen in the exam editor.
    EditImport,
    /// Save the exam editor's text: re-import the deck, or import the file.
    SaveEditor,
    /// Save the answers of the key editor on screen.
    SaveKey {
        /// Deck id.
        deck: String,
        /// One answer per card.
        answers: Vec<Option<Answer>>,
    },
    /// Save one card's answer and explanation in its deck's key (Browse).
    SaveCard {
        /// Deck id.
        deck: String,
        /// Card index.
        index: usize,
        /// The answer (a free card's is left as it is).
        answer: Option<Answer>,
        /// The explanation; empty leaves the key's out.
        explanation: String,
    },
    /// Rename a deck.
    RenameDeck {
        /// Deck id.
        deck: String,
        /// New name.
        name: String,
    },
    /// Write a deck in another format to a file.
    ExportDeck {
        /// Deck id.
        deck: String,
        /// The format.
        to: crate::export::Target,
        /// The file.
        path: std::path::PathBuf,
        /// Include the schedule (Anki tags).
        schedule: bool,
    },
    /// Reset a deck's progress.
    ResetDeck(String),
    /// Delete a deck.
    DeleteDeck(String),
    /// Suspend or unsuspend a card.
    Suspend {
        /// Deck id.
        deck: String,
        /// Card index.
        index: usize,
        /// New value.
        suspended: bool,
    },
    /// Record new settings.
    Settings(Settings),
    /// Record a deck's own settings.
    DeckSettings {
        /// Deck id.
        deck: String,
        /// The settings.
        settings: DeckSettings,
    },
    /// Take a backup now.
    Backup,
    /// Restore a backup.
    Restore(Backup),
    /// Show a passing message.
    Toast(String),
    /// Show an error until dismissed.
    Error(String),
}
