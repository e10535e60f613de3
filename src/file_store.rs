//! Where uploaded file contents live: by SHA-256, flushed to disk before
//! anyone is told they are stored. Below every domain, so the state can
//! hold one.

use std::io::Write;
use std::path::PathBuf;

use sha2::{Digest, Sha256};

/// Where file contents live. A folder today; an object store can take its place.
pub trait FileStore: Send + Sync {
    /// Stores the bytes durably and answers their SHA-256 (hex).
    fn put(&self, bytes: &[u8]) -> std::io::Result<String>;
    fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>>;
}

/// Files under a folder, as `ab/cd/<sha256>`; identical files are stored once.
pub struct FolderStore {
    root: PathBuf,
}

impl FolderStore {
    pub fn new(root: PathBuf) -> FolderStore {
        FolderStore { root }
    }

    fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        let valid = sha256.len() == 64 && sha256.bytes().all(|b| b.is_ascii_hexdigit());
        valid.then(|| {
            self.root
                .join(&sha256[..2])
                .join(&sha256[2..4])
                .join(sha256)
        })
    }
}

impl FileStore for FolderStore {
    fn put(&self, bytes: &[u8]) -> std::io::Result<String> {
        let sha256 = hex::encode(Sha256::digest(bytes));
        let path = self
            .path_of(&sha256)
            .ok_or_else(|| std::io::Error::other("bad digest"))?;
        if path.is_file() {
            return Ok(sha256);
        }
        let dir = path
            .parent()
            .ok_or_else(|| std::io::Error::other("no parent folder"))?;
        std::fs::create_dir_all(dir)?;
        let temporary = dir.join(format!(".{}.{}", sha256, uuid::Uuid::new_v4().simple()));
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&temporary, &path)?;
        // The rename itself must survive a crash too.
        std::fs::File::open(dir)?.sync_all()?;
        Ok(sha256)
    }

    fn get(&self, sha256: &str) -> std::io::Result<Vec<u8>> {
        let path = self
            .path_of(sha256)
            .ok_or_else(|| std::io::Error::new(std::io::ErrorKind::NotFound, "bad digest"))?;
        std::fs::read(path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_folder_store_keeps_one_copy_per_content() {
        let dir = tempfile::tempdir().unwrap();
        let store = FolderStore::new(dir.path().to_owned());
        let first = store.put(b"bukti").unwrap();
        assert_eq!(store.put(b"bukti").unwrap(), first);
        assert_eq!(store.get(&first).unwrap(), b"bukti");
        assert!(store.get("../../etc/passwd").is_err());
    }
}
