//! A simulated disk for crash and fault tests, in the manner of SQLite's crash tests. It keeps
//! every file in memory twice: what reads see now, and what the disk holds durably (what was
//! fsynced, and the directory entries as of each directory's last fsync). At a chosen operation
//! the power is cut: `crash_image` then gives the disk as a restart finds it, where unsynced
//! appends are dropped or torn at a 512-byte boundary, unsynced rewrites are lost or half done,
//! and changes to names (new files, renames, removals) made since the last directory fsync may be
//! undone. Names change in order, as a journaling file system commits them: a crash keeps some
//! prefix of the changes made since the last directory fsync, which then makes all of them
//! durable.
//!
//! It can also fail operations as a full or read-only disk does, with the error the OS gives.

use super::fs::{Entry, EntryKind, Fs, LockError, LockGuard};
use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

/// The size of a disk sector: unsynced appends are torn at multiples of it.
pub const SECTOR: usize = 512;

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    File(usize),
    Dir,
}

/// Directory → its entries.
type Names = BTreeMap<PathBuf, BTreeMap<String, Node>>;

/// A change of names.
#[derive(Clone, Debug)]
enum NameOp {
    Insert(PathBuf, String, Node),
    Rename(PathBuf, PathBuf),
    Remove(PathBuf),
}

fn ensure_dir(names: &mut Names, d: &Path) {
    if names.contains_key(d) {
        return;
    }
    if let (Some(parent), Some(name)) = (d.parent(), d.file_name()) {
        ensure_dir(names, parent);
        names.entry(parent.to_path_buf()).or_default().insert(name.to_string_lossy().into_owned(), Node::Dir);
    }
    names.insert(d.to_path_buf(), BTreeMap::new());
}

fn remove_tree(names: &mut Names, d: &Path) {
    if let Some(entries) = names.remove(d) {
        for (name, node) in entries {
            if node == Node::Dir {
                remove_tree(names, &d.join(name));
            }
        }
    }
}

/// Applies a name change. Total: a change that no longer fits (its source is gone) does nothing.
fn apply(names: &mut Names, op: &NameOp) {
    match op {
        NameOp::Insert(dir, name, node) => {
            if *node == Node::Dir {
                ensure_dir(names, &dir.join(name));
            } else if let Some(d) = names.get_mut(dir) {
                d.insert(name.clone(), node.clone());
            }
        }
        NameOp::Rename(from, to) => {
            let (Ok((fd, fname)), Ok((td, tname))) = (split(from), split(to)) else { return };
            if !names.contains_key(&td) {
                return;
            }
            let Some(node) = names.get_mut(&fd).and_then(|d| d.remove(&fname)) else { return };
            if node == Node::Dir {
                let moved: Vec<PathBuf> = names.keys().filter(|k| k.starts_with(from)).cloned().collect();
                for k in moved {
                    let listing = names.remove(&k).expect("listed");
                    let rest = k.strip_prefix(from).expect("prefix").to_path_buf();
                    names.insert(to.join(rest), listing);
                }
            }
            names.get_mut(&td).expect("checked").insert(tname, node);
        }
        NameOp::Remove(p) => {
            remove_tree(names, p);
            if let Ok((dir, name)) = split(p)
                && let Some(d) = names.get_mut(&dir)
            {
                d.remove(&name);
            }
        }
    }
}

#[derive(Clone, Debug, Default)]
struct Inode {
    data: Vec<u8>,
    synced: Vec<u8>,
}

/// A fault to inject.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// The disk is full: writes and appends fail with `StorageFull`; an append writes half of its
    /// bytes first, as a real full disk can.
    Full,
    /// The disk is read-only: every change fails with `ReadOnlyFilesystem`.
    ReadOnly,
}

#[derive(Debug, Default)]
struct State {
    /// The names as reads see them.
    now: Names,
    /// The names as of the last directory fsync.
    durable: Names,
    /// Name changes since then, in order.
    pending: Vec<NameOp>,
    inodes: Vec<Inode>,
    locks: BTreeSet<PathBuf>,
    /// Changing operations so far.
    ops: u64,
    /// The operation at which the power is cut.
    cut_at: Option<u64>,
    dead: bool,
    fault: Option<Fault>,
    /// Every changing operation, for test reports: (number, what, path).
    log: Vec<(u64, &'static str, PathBuf)>,
    record_log: bool,
}

/// The simulated disk. Clones share the same disk.
#[derive(Clone, Debug, Default)]
pub struct SimFs {
    state: Arc<Mutex<State>>,
}

fn norm(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other),
        }
    }
    out
}

fn split(p: &Path) -> io::Result<(PathBuf, String)> {
    let p = norm(p);
    match (p.parent(), p.file_name()) {
        (Some(d), Some(n)) => Ok((d.to_path_buf(), n.to_string_lossy().into_owned())),
        _ => Err(io::Error::new(io::ErrorKind::InvalidInput, "no file name")),
    }
}

fn not_found(p: &Path) -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, format!("{}: no such file or directory", p.display()))
}

impl State {
    fn file(&self, p: &Path) -> io::Result<usize> {
        let (dir, name) = split(p)?;
        match self.now.get(&dir).and_then(|d| d.get(&name)) {
            Some(Node::File(i)) => Ok(*i),
            Some(Node::Dir) => Err(io::Error::new(io::ErrorKind::IsADirectory, "is a directory")),
            None => Err(not_found(p)),
        }
    }

    /// Counts a changing operation; cuts the power or fails it as the test asked.
    fn change(&mut self, what: &'static str, p: &Path, bytes: usize) -> io::Result<Option<usize>> {
        if self.dead {
            return Err(io::Error::other("the power is off (simulated)"));
        }
        self.ops += 1;
        if self.record_log {
            self.log.push((self.ops, what, p.to_path_buf()));
        }
        if self.cut_at == Some(self.ops) {
            self.dead = true;
            return Err(io::Error::other("power cut (simulated)"));
        }
        match self.fault {
            Some(Fault::ReadOnly) if what != "sync" && what != "sync_dir" => {
                Err(io::Error::new(io::ErrorKind::ReadOnlyFilesystem, "Read-only file system (os error 30)"))
            }
            Some(Fault::Full) if matches!(what, "write" | "append" | "create_dir") => {
                // A full disk may take part of an append before refusing the rest.
                Ok(Some(if what == "append" { bytes / 2 } else { 0 }))
            }
            _ => Ok(None),
        }
    }

    /// Changes names now, and remembers the change for the crash image.
    fn name_op(&mut self, op: NameOp) {
        apply(&mut self.now, &op);
        self.pending.push(op);
    }

    fn new_inode(&mut self) -> usize {
        self.inodes.push(Inode::default());
        self.inodes.len() - 1
    }
}

fn full() -> io::Error {
    io::Error::new(io::ErrorKind::StorageFull, "No space left on device (os error 28)")
}

impl SimFs {
    /// A new disk holding the directory `root` (empty, and durable).
    pub fn new(root: &Path) -> SimFs {
        let fs = SimFs::default();
        {
            let mut s = fs.lock_state();
            ensure_dir(&mut s.now, &norm(root));
            s.durable = s.now.clone();
        }
        fs
    }

    /// A write or an append: the file is created if missing; on a full disk, only the part
    /// that fitted is stored, and the error is returned.
    fn put(&self, op: &'static str, path: &Path, bytes: &[u8], store: impl Fn(&mut Vec<u8>, &[u8])) -> io::Result<()> {
        let mut s = self.lock_state();
        let partial = s.change(op, path, bytes.len())?;
        let (dir, name) = split(path)?;
        if !s.now.contains_key(&dir) {
            return Err(not_found(&dir));
        }
        let i = match s.file(path) {
            Ok(i) => i,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                let i = s.new_inode();
                s.name_op(NameOp::Insert(dir.clone(), name, Node::File(i)));
                i
            }
            Err(e) => return Err(e),
        };
        match partial {
            Some(n) => {
                store(&mut s.inodes[i].data, &bytes[..n]);
                Err(full())
            }
            None => {
                store(&mut s.inodes[i].data, bytes);
                Ok(())
            }
        }
    }

    fn lock_state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Cuts the power at the `n`-th changing operation from now (1 = the next one).
    pub fn cut_power_after(&self, n: u64) {
        let mut s = self.lock_state();
        s.cut_at = Some(s.ops + n);
    }

    /// Changing operations so far.
    pub fn ops(&self) -> u64 {
        self.lock_state().ops
    }

    /// Whether the power has been cut.
    pub fn is_dead(&self) -> bool {
        self.lock_state().dead
    }

    /// Starts (or, with `None`, ends) a fault.
    pub fn set_fault(&self, fault: Option<Fault>) {
        self.lock_state().fault = fault;
    }

    /// Keeps a log of changing operations (for a failing test's report).
    pub fn record_log(&self, on: bool) {
        self.lock_state().record_log = on;
    }

    /// The log kept since `record_log(true)`.
    pub fn log(&self) -> Vec<(u64, &'static str, PathBuf)> {
        self.lock_state().log.clone()
    }

    /// The disk as it is found after the power cut (or after one now): only what was made durable,
    /// with unsynced data dropped or torn and unsynced directory changes kept or undone, as
    /// `seed` decides. Locks are gone, as after a restart.
    pub fn crash_image(&self, seed: u64) -> SimFs {
        let s = self.lock_state();
        let mut rng = fastrand::Rng::with_seed(seed);
        let mut names = s.durable.clone();
        let kept = rng.usize(..=s.pending.len());
        for op in &s.pending[..kept] {
            apply(&mut names, op);
        }
        let mut out = State::default();
        let mut inode_map: BTreeMap<usize, usize> = BTreeMap::new();
        for listing in names.values_mut() {
            for node in listing.values_mut() {
                if let Node::File(i) = node {
                    let j = *inode_map.entry(*i).or_insert_with(|| {
                        let ino = &s.inodes[*i];
                        let data = torn(&ino.data, &ino.synced, &mut rng);
                        out.inodes.push(Inode { data: data.clone(), synced: data });
                        out.inodes.len() - 1
                    });
                    *node = Node::File(j);
                }
            }
        }
        out.now = names.clone();
        out.durable = names;
        SimFs { state: Arc::new(Mutex::new(out)) }
    }
}

/// What survives of a file whose latest content is `data` and whose durable content is `synced`.
fn torn(data: &[u8], synced: &[u8], rng: &mut fastrand::Rng) -> Vec<u8> {
    if data == synced {
        return data.to_vec();
    }
    if data.starts_with(synced) {
        // Appends since the last fsync: none, some whole sectors, or all of them reached the disk.
        let cuts: Vec<usize> = (synced.len()..=data.len())
            .filter(|&c| c == synced.len() || c == data.len() || c.is_multiple_of(SECTOR))
            .collect();
        let cut = cuts[rng.usize(..cuts.len())];
        return data[..cut].to_vec();
    }
    // Rewritten without an fsync: the old content, or the start of the new one.
    if rng.bool() {
        synced.to_vec()
    } else {
        let cut = (rng.usize(..=data.len()) / SECTOR) * SECTOR;
        data[..cut].to_vec()
    }
}

struct SimLock {
    fs: SimFs,
    path: PathBuf,
}

impl Drop for SimLock {
    fn drop(&mut self) {
        self.fs.lock_state().locks.remove(&self.path);
    }
}

impl Fs for SimFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        let s = self.lock_state();
        let i = s.file(path)?;
        Ok(s.inodes[i].data.clone())
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.put("write", path, bytes, |data, b| *data = b.to_vec())
    }

    fn append(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        self.put("append", path, bytes, |data, b| data.extend_from_slice(b))
    }

    fn sync(&self, path: &Path) -> io::Result<()> {
        let mut s = self.lock_state();
        s.change("sync", path, 0)?;
        let i = s.file(path)?;
        let ino = &mut s.inodes[i];
        ino.synced = ino.data.clone();
        Ok(())
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        let mut s = self.lock_state();
        s.change("sync_dir", dir, 0)?;
        if !s.now.contains_key(&norm(dir)) {
            return Err(not_found(dir));
        }
        // A journaling file system commits every name change made so far.
        s.durable = s.now.clone();
        s.pending.clear();
        Ok(())
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        let mut s = self.lock_state();
        s.change("rename", from, 0)?;
        let (fd, fname) = split(from)?;
        let (td, _) = split(to)?;
        if !s.now.contains_key(&td) {
            return Err(not_found(&td));
        }
        if !s.now.get(&fd).is_some_and(|d| d.contains_key(&fname)) {
            return Err(not_found(from));
        }
        s.name_op(NameOp::Rename(norm(from), norm(to)));
        Ok(())
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        let mut s = self.lock_state();
        s.change("remove_file", path, 0)?;
        s.file(path)?;
        s.name_op(NameOp::Remove(norm(path)));
        Ok(())
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        let mut s = self.lock_state();
        s.change("remove_dir_all", path, 0)?;
        let d = norm(path);
        if !s.now.contains_key(&d) {
            return Err(not_found(path));
        }
        s.name_op(NameOp::Remove(d));
        Ok(())
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        let mut s = self.lock_state();
        if s.now.contains_key(&norm(path)) {
            return Ok(());
        }
        if s.change("create_dir", path, 0)?.is_some() {
            return Err(full());
        }
        let p = norm(path);
        let (Some(parent), Some(name)) = (p.parent(), p.file_name()) else { return Ok(()) };
        s.name_op(NameOp::Insert(parent.to_path_buf(), name.to_string_lossy().into_owned(), Node::Dir));
        Ok(())
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>> {
        let s = self.lock_state();
        let listing = s.now.get(&norm(dir)).ok_or_else(|| not_found(dir))?;
        Ok(listing
            .iter()
            .map(|(name, node)| Entry {
                name: name.clone(),
                kind: if *node == Node::Dir { EntryKind::Dir } else { EntryKind::File },
            })
            .collect())
    }

    fn len(&self, path: &Path) -> io::Result<Option<u64>> {
        let s = self.lock_state();
        if s.now.contains_key(&norm(path)) {
            return Ok(Some(0));
        }
        match s.file(path) {
            Ok(i) => Ok(Some(s.inodes[i].data.len() as u64)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn truncate(&self, path: &Path, len: u64) -> io::Result<()> {
        let mut s = self.lock_state();
        s.change("truncate", path, 0)?;
        let i = s.file(path)?;
        s.inodes[i].data.truncate(len as usize);
        Ok(())
    }

    fn lock(&self, path: &Path) -> Result<LockGuard, LockError> {
        let p = norm(path);
        let mut s = self.lock_state();
        if s.dead {
            return Err(LockError::Io(io::Error::other("the power is off (simulated)")));
        }
        if !s.locks.insert(p.clone()) {
            return Err(LockError::Held);
        }
        Ok(Box::new(SimLock { fs: self.clone(), path: p }))
    }

    fn free_space(&self, _dir: &Path) -> Option<u64> {
        match self.lock_state().fault {
            Some(Fault::Full) => Some(0),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsynced_appends_are_torn_at_sector_boundaries_and_synced_data_stays() {
        let root = Path::new("/sim");
        let fs = SimFs::new(root);
        let f = root.join("j");
        fs.append(&f, &[b'a'; 700]).unwrap();
        fs.sync(&f).unwrap();
        fs.sync_dir(root).unwrap();
        fs.append(&f, &[b'b'; 2000]).unwrap();
        let mut seen = BTreeSet::new();
        for seed in 0..200 {
            let img = fs.crash_image(seed);
            let data = img.read(&f).unwrap();
            assert!(data.starts_with(&[b'a'; 700]));
            assert!(data.len() == 700 || data.len() == 2700 || data.len().is_multiple_of(SECTOR), "{}", data.len());
            seen.insert(data.len());
        }
        assert!(seen.contains(&700) && seen.len() > 2, "{seen:?}");
    }

    #[test]
    fn a_rename_without_a_directory_sync_may_be_undone() {
        let root = Path::new("/sim");
        let fs = SimFs::new(root);
        fs.write(&root.join("old"), b"1").unwrap();
        fs.sync(&root.join("old")).unwrap();
        fs.sync_dir(root).unwrap();
        fs.write(&root.join("tmp"), b"2").unwrap();
        fs.sync(&root.join("tmp")).unwrap();
        fs.rename(&root.join("tmp"), &root.join("old")).unwrap();
        let outcomes: BTreeSet<Vec<u8>> = (0..50).map(|s| fs.crash_image(s).read(&root.join("old")).unwrap()).collect();
        assert_eq!(outcomes, [b"1".to_vec(), b"2".to_vec()].into_iter().collect());
        fs.sync_dir(root).unwrap();
        assert!((0..20).all(|s| fs.crash_image(s).read(&root.join("old")).unwrap() == b"2"));
    }

    #[test]
    fn faults_fail_like_the_os_and_the_power_cut_stops_everything() {
        let root = Path::new("/sim");
        let fs = SimFs::new(root);
        fs.set_fault(Some(Fault::Full));
        let e = fs.append(&root.join("j"), b"0123456789").unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        assert_eq!(fs.read(&root.join("j")).unwrap(), b"01234", "half the append landed");
        fs.set_fault(Some(Fault::ReadOnly));
        assert_eq!(fs.write(&root.join("k"), b"x").unwrap_err().kind(), io::ErrorKind::ReadOnlyFilesystem);
        fs.set_fault(None);
        fs.cut_power_after(2);
        fs.write(&root.join("k"), b"x").unwrap();
        assert!(fs.sync(&root.join("k")).is_err());
        assert!(fs.is_dead() && fs.write(&root.join("k"), b"y").is_err());
    }
}
