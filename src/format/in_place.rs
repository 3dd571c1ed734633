//! `playbook fmt FILE`: replacing a file's text in one step.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// Replaces the file's content in one step: the new text goes to a
/// temporary file in the same folder (a rename never crosses file
/// systems), gets the file's permissions, and is renamed over it, so a
/// reader sees the old file or the new one and never half of either. A
/// link is followed: its target is replaced. On any error the file is left
/// as it was and the temporary file is removed.
pub(crate) fn write_in_place(path: &Path, text: &str) -> io::Result<()> {
    let target = fs::canonicalize(path)?;
    let permissions = fs::metadata(&target)?.permissions();
    let dir = target.parent().unwrap_or(Path::new("."));
    // Hidden and named after the file, should a crash ever leave it behind.
    let prefix = format!(
        ".{}.fmt-",
        target
            .file_name()
            .map(|n| n.to_string_lossy())
            .unwrap_or_default()
    );
    // Opened by our own call, so a failure (a read-only folder, a full
    // disk) is the system's error as is, not reworded with the temporary
    // file's name; tempfile picks the random name, retries a name that is
    // taken, and removes the file when it is dropped.
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .make_in(dir, |path| {
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(path)
        })?;
    // Through the `File` for the same reason.
    let file = temp.as_file_mut();
    file.write_all(text.as_bytes())?;
    file.sync_all()?;
    file.set_permissions(permissions)?;
    // A failed rename hands the temporary file back; dropping it removes it.
    temp.persist(&target).map_err(|error| error.error)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_text_and_keeps_the_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.playbook");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o604)).unwrap();
        write_in_place(&path, "new").unwrap();
        assert_eq!(fs::read_to_string(&path).unwrap(), "new");
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o604);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_link_is_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target.playbook");
        let link = dir.path().join("link.playbook");
        fs::write(&target, "old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_in_place(&link, "new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    #[test]
    fn a_missing_file_is_an_error_and_creates_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let error = write_in_place(&dir.path().join("none.playbook"), "new").unwrap_err();
        assert_eq!(error.kind(), io::ErrorKind::NotFound);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
