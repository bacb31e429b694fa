//! Secrets: the key file and encryption at rest, password hashing (argon2id), keyed
//! hashes of codes and tokens, constant-time comparison and OS randomness.

use std::fmt;
use std::fs::OpenOptions;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::error::{Error, Result};

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;

/// A value that must never be printed by accident: `Debug` shows `<redacted>`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: String) -> Self {
        Secret(value)
    }
    /// The value itself, where the SPEC requires showing it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

/// The store's encryption key, read from the key file.
pub struct Key([u8; KEY_LEN]);

impl fmt::Debug for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Key(<redacted>)")
    }
}

/// Fills a buffer from the operating system's random source.
pub fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| {
        Error::environment("the operating system's random source failed").caused_by(e)
    })?;
    Ok(bytes)
}

fn hex(bytes: &[u8]) -> String {
    data_encoding::HEXLOWER.encode(bytes)
}

impl Key {
    /// Reads the key file, or creates it (mode 0600) with a fresh random key when absent.
    /// Returns the key and whether it was created now.
    pub fn load_or_create(path: &Path) -> Result<(Key, bool)> {
        match std::fs::read(path) {
            Ok(bytes) => Ok((Self::parse(path, &bytes)?, false)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Self::create(path),
            Err(e) => Err(Error::environment(format!(
                "cannot read the key file {}",
                path.display()
            ))
            .caused_by(e)
            .with_hint("check its permissions, or set MFACTL_KEY_FILE")),
        }
    }

    fn parse(path: &Path, bytes: &[u8]) -> Result<Key> {
        let text = std::str::from_utf8(bytes).unwrap_or("").trim();
        let decoded = data_encoding::HEXLOWER_PERMISSIVE
            .decode(text.as_bytes())
            .ok();
        match decoded.and_then(|d| <[u8; KEY_LEN]>::try_from(d).ok()) {
            Some(key) => Ok(Key(key)),
            None => Err(Error::environment(format!(
                "the key file {} is not an mfactl key (64 hex digits)",
                path.display()
            ))
            .with_hint("restore the key file of this store, or point MFACTL_KEY_FILE at it")),
        }
    }

    /// Writes a new key to a temporary file and links it into place, so that processes
    /// racing to create it all end up with the same key.
    fn create(path: &Path) -> Result<(Key, bool)> {
        let cannot = |e: std::io::Error| {
            Error::environment(format!("cannot create the key file {}", path.display()))
                .caused_by(e)
        };
        let key: [u8; KEY_LEN] = random_bytes()?;
        let suffix = hex(&random_bytes::<8>()?);
        let mut temp_name = path.as_os_str().to_owned();
        temp_name.push(format!(".{suffix}.tmp"));
        let temp = std::path::PathBuf::from(temp_name);
        let written = (|| {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&temp)?;
            file.write_all(format!("{}\n", hex(&key)).as_bytes())?;
            file.sync_all()?;
            std::fs::set_permissions(&temp, std::fs::Permissions::from_mode(0o600))?;
            std::fs::hard_link(&temp, path)
        })();
        let _ = std::fs::remove_file(&temp);
        match written {
            Ok(()) => Ok((Key(key), true)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                let bytes = std::fs::read(path).map_err(cannot)?;
                Ok((Self::parse(path, &bytes)?, false))
            }
            Err(e) => Err(cannot(e)),
        }
    }

    /// A public id of the key, recorded in the store to detect a wrong key file.
    pub fn id(&self) -> String {
        self.keyed_hash("key-id", "mfactl")[..16].to_owned()
    }

    /// Encrypts with XChaCha20-Poly1305 and a fresh random nonce: `nonce || ciphertext`.
    /// `context` binds the ciphertext to its use (e.g. `totp:42`).
    pub fn encrypt(&self, plaintext: &[u8], context: &str) -> Result<Vec<u8>> {
        let cipher = XChaCha20Poly1305::new((&self.0).into());
        let nonce: [u8; NONCE_LEN] = random_bytes()?;
        let sealed = cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| Error::environment("encryption failed"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(out)
    }

    pub fn decrypt(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>> {
        let broken = || {
            Error::environment("a secret in the store cannot be decrypted with this key file")
                .with_hint("the key file does not belong to this store: restore the right one (MFACTL_KEY_FILE)")
        };
        if sealed.len() < NONCE_LEN {
            return Err(broken());
        }
        let (nonce, body) = sealed.split_at(NONCE_LEN);
        XChaCha20Poly1305::new((&self.0).into())
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: body,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| broken())
    }

    /// HMAC-SHA-256 of a code or token under this key, hex: what the store keeps of
    /// recovery codes, email codes and device tokens.
    pub fn keyed_hash(&self, purpose: &str, value: &str) -> String {
        let Ok(mut mac) = <Hmac<Sha256> as Mac>::new_from_slice(&self.0) else {
            return String::new();
        };
        mac.update(purpose.as_bytes());
        mac.update(&[0]);
        mac.update(value.as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Saves a remembered-device token in a file only its owner can read (0600, dir 0700).
pub fn save_token(path: &Path, token: &Secret) -> Result<()> {
    let cannot = |e: std::io::Error| {
        Error::environment(format!(
            "cannot save the device token in {}",
            path.display()
        ))
        .caused_by(e)
    };
    if let Some(parent) = path.parent() {
        crate::paths::create_private_dir(parent).map_err(cannot)?;
    }
    let mut file = OpenOptions::new()
        .write(true)
        .create(true)
        .truncate(true)
        .mode(0o600)
        .open(path)
        .map_err(cannot)?;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).map_err(cannot)?;
    file.write_all(token.expose().as_bytes()).map_err(cannot)
}

/// The token saved by an earlier `--remember`, if there is one.
pub fn load_token(path: &Path) -> Option<Secret> {
    let text = std::fs::read_to_string(path).ok()?;
    let token = text.trim();
    (!token.is_empty()).then(|| Secret::new(token.to_owned()))
}

/// Random bytes as lower-case hex: device tokens and ids.
pub fn random_hex<const N: usize>() -> Result<String> {
    Ok(hex(&random_bytes::<N>()?))
}

/// Hashes a password with argon2id and a random salt (PHC string).
pub fn hash_password(password: &str) -> Result<String> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    let salt_bytes: [u8; 16] = random_bytes()?;
    let salt = SaltString::encode_b64(&salt_bytes)
        .map_err(|e| Error::environment("cannot encode a password salt").caused_by(e))?;
    argon2::Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|e| Error::environment("cannot hash the password").caused_by(e))
}

/// Checks a password against its argon2id hash (constant time inside argon2).
pub fn verify_password(password: &str, hash: &str) -> bool {
    use argon2::password_hash::{PasswordHash, PasswordVerifier};
    PasswordHash::new(hash).is_ok_and(|parsed| {
        argon2::Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok()
    })
}

/// A random password for `--generate-password`: 20 characters from an unambiguous alphabet.
pub fn generate_password() -> Result<Secret> {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    let bytes: [u8; 40] = random_bytes()?;
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    let password: String = bytes
        .iter()
        .filter(|&&b| usize::from(b) < limit)
        .take(20)
        .map(|&b| char::from(ALPHABET[usize::from(b) % ALPHABET.len()]))
        .collect();
    if password.len() < 20 {
        return generate_password();
    }
    Ok(Secret::new(password))
}

#[cfg(test)]
mod tests {
    use super::{Key, generate_password, hash_password, verify_password};

    #[test]
    fn encryption_round_trips_and_binds_context() -> Result<(), crate::error::Error> {
        let key = Key([7; 32]);
        let sealed = key.encrypt(b"JBSWY3DPEHPK3PXP", "totp:1")?;
        assert_eq!(key.decrypt(&sealed, "totp:1")?, b"JBSWY3DPEHPK3PXP");
        assert!(key.decrypt(&sealed, "totp:2").is_err());
        assert!(Key([8; 32]).decrypt(&sealed, "totp:1").is_err());
        assert_ne!(
            key.encrypt(b"x", "c")?,
            key.encrypt(b"x", "c")?,
            "nonces must be fresh"
        );
        Ok(())
    }

    #[test]
    fn passwords_hash_and_verify() -> Result<(), crate::error::Error> {
        let hash = hash_password("correct horse")?;
        assert!(hash.starts_with("$argon2id$"));
        assert!(verify_password("correct horse", &hash));
        assert!(!verify_password("wrong horse", &hash));
        assert_eq!(generate_password()?.expose().len(), 20);
        Ok(())
    }
}
