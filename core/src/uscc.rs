//! 统一社会信用代码 (USCC) check-character validation, GB 32100-2015.
//!
//! 18 characters over the alphabet `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z), values 0–30.
//! The check character is `(31 − Σ value×weight mod 31) mod 31` with the weights below.

/// The code alphabet; a character's value is its index.
const ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Weights of positions 1–17.
const WEIGHTS: [u32; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/// Why a USCC is invalid.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    /// Not 18 characters long.
    #[error("统一社会信用代码应为18位，实为{0}位 / a USCC has 18 characters, this has {0}")]
    Length(usize),
    /// A character outside the alphabet.
    #[error("第{position}位字符`{ch}`不在编码字符集内 / character `{ch}` at position {position} is not in the USCC alphabet")]
    Character {
        /// 1-based position.
        position: usize,
        /// The character.
        ch: char,
    },
    /// The check character does not match.
    #[error("校验码应为`{expected}`，实为`{found}` / check character should be `{expected}`, found `{found}`")]
    CheckCharacter {
        /// What the first 17 characters give.
        expected: char,
        /// What the code has.
        found: char,
    },
}

/// Each byte's value in the alphabet, or 255.
// Evaluated at compile time: an index out of range would fail the build, never a run.
#[allow(clippy::indexing_slicing)]
const VALUES: [u8; 256] = {
    let mut t = [255u8; 256];
    let mut i = 0;
    while i < ALPHABET.len() {
        t[ALPHABET[i] as usize] = i as u8;
        i += 1;
    }
    t
};

fn value(c: u8) -> Option<u32> {
    VALUES.get(c as usize).filter(|v| **v != 255).map(|v| u32::from(*v))
}

/// Computes the check character of the first 17 characters of `code`.
pub fn check_character(first17: &str) -> Result<char, UsccError> {
    let chars: Vec<char> = first17.chars().collect();
    if chars.len() != 17 {
        return Err(UsccError::Length(chars.len() + 1));
    }
    // The first character outside the alphabet is named; when there is none, the characters are the code's bytes.
    if let Some((i, ch)) = chars.iter().enumerate().find(|(_, ch)| u8::try_from(**ch).ok().and_then(value).is_none()) {
        return Err(UsccError::Character { position: i + 1, ch: *ch });
    }
    Ok(check_of(first17.as_bytes()).map_or('0', char::from))
}

/// The check character of 17 code bytes, or `None` when one is outside the alphabet.
fn check_of(first17: &[u8]) -> Option<u8> {
    let mut sum = 0u32;
    for (c, w) in first17.iter().zip(WEIGHTS) {
        sum += value(*c)? * w;
    }
    ALPHABET.get(((31 - sum % 31) % 31) as usize).copied()
}

/// Validates a USCC: length, alphabet and check character.
pub fn validate(code: &str) -> Result<(), UsccError> {
    // The usual case, 18 bytes of the alphabet and the right check character, without allocating.
    if let Some((first17, [last])) = code.as_bytes().split_first_chunk::<17>() {
        if check_of(first17) == Some(*last) {
            return Ok(());
        }
    }
    let chars: Vec<char> = code.chars().collect();
    if chars.len() != 18 {
        return Err(UsccError::Length(chars.len()));
    }
    let first17: String = chars.iter().take(17).collect();
    let expected = check_character(&first17)?;
    let found = chars.get(17).copied().unwrap_or(' ');
    // A check character outside the alphabet is still reported as the wrong check character, with the right one.
    if expected != found {
        return Err(UsccError::CheckCharacter { expected, found });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worked_examples_of_the_legal_basis() {
        assert_eq!(validate("91110000600037341L"), Ok(()));
        assert_eq!(validate("91330727MA2HQ0008A"), Ok(()));
        assert_eq!(validate("91350100M000100Y4Z"), Err(UsccError::CheckCharacter { expected: '3', found: 'Z' }));
    }

    #[test]
    fn bad_shapes() {
        assert_eq!(validate("9133072"), Err(UsccError::Length(7)));
        assert!(matches!(validate("91330727MA2HQ0O08A"), Err(UsccError::Character { position: 15, ch: 'O' })));
        assert!(matches!(validate("91330727ma2hq0008a"), Err(UsccError::Character { .. })));
        assert!(validate("中文中文中文中文中文中文中文中文中文").is_err());
    }
}
