//! 统一社会信用代码 (USCC) validation, GB 32100-2015, and the GB 11714-1997 organization code inside it.
//!
//! 18 characters over the alphabet `0123456789ABCDEFGHJKLMNPQRTUWXY` (no I, O, S, V, Z), values 0–30: position 1
//! the registration authority (1–9, A, N, Y), position 2 the entity type, positions 3–8 the registering
//! authority's administrative division (digits), positions 9–17 the organization code, position 18 the check
//! character `(31 − Σ value×weight mod 31) mod 31` with the weights below. The organization code has its own
//! check character at position 17: weights 3 7 9 10 5 8 4 2 over positions 9–16 (letters A=10 … Z=35),
//! `11 − Σ mod 11`, written `X` for 10 and `0` for 11.

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
    #[error(
        "第{position}位字符`{ch}`不在编码字符集内 / character `{ch}` at position {position} is not in the USCC alphabet"
    )]
    Character {
        /// 1-based position.
        position: usize,
        /// The character.
        ch: char,
    },
    /// Position 1 is not a registration-authority code.
    #[error(
        "第1位`{0}`不是登记管理部门代码（应为1–9、A、N、Y）/ position 1 `{0}` is not a registration-authority code (1–9, A, N, Y)"
    )]
    Authority(char),
    /// Positions 3–8 are not the digits of an administrative division.
    #[error(
        "第3至8位`{0}`不是行政区划代码（应为6位数字）/ positions 3–8 `{0}` are not an administrative division code (6 digits)"
    )]
    Division(String),
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
#[expect(clippy::indexing_slicing, reason = "const evaluation: an index out of range fails the build")]
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

/// Whether position 1 is a registration-authority code: 1–9 (机构编制 … 市场监管), A, N or Y.
fn authority_ok(c: u8) -> bool {
    matches!(c, b'1'..=b'9' | b'A' | b'N' | b'Y')
}

/// The layout of 18 alphabet bytes: the registration authority and the division digits.
fn layout(code: &[u8]) -> Result<(), UsccError> {
    let first = code.first().copied().unwrap_or(b' ');
    if !authority_ok(first) {
        return Err(UsccError::Authority(char::from(first)));
    }
    let division = code.get(2..8).unwrap_or(&[]);
    if !division.iter().all(u8::is_ascii_digit) {
        return Err(UsccError::Division(String::from_utf8_lossy(division).into_owned()));
    }
    Ok(())
}

/// Validates a USCC: length, alphabet, layout (registration authority, division digits) and check character.
pub fn validate(code: &str) -> Result<(), UsccError> {
    // The usual case, 18 bytes of the alphabet and the right check character, without allocating.
    if let Some((first17, [last])) = code.as_bytes().split_first_chunk::<17>()
        && check_of(first17) == Some(*last)
    {
        return layout(code.as_bytes());
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
    layout(code.as_bytes())
}

/// Why the organization code inside a USCC fails.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("第17位应为`{expected}`，实为`{found}` / position 17 should be `{expected}`, found `{found}`")]
pub struct OrgCodeError {
    /// What positions 9–16 give.
    pub expected: char,
    /// What the code has.
    pub found: char,
}

/// Weights of positions 9–16 in the GB 11714 check.
const ORG_WEIGHTS: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];

/// Checks the GB 11714-1997 organization code at positions 9–17 of a USCC that [`validate`] accepts (on any other
/// text it says nothing: `Ok`).
pub fn validate_org_code(code: &str) -> Result<(), OrgCodeError> {
    let Some(org) = code.as_bytes().get(8..17) else { return Ok(()) };
    let Some((body, &[found])) = org.split_first_chunk::<8>() else { return Ok(()) };
    let mut sum = 0u32;
    for (&c, w) in body.iter().zip(ORG_WEIGHTS) {
        let v = match c {
            b'0'..=b'9' => u32::from(c - b'0'),
            b'A'..=b'Z' => u32::from(c - b'A') + 10,
            _ => return Ok(()),
        };
        sum += v * w;
    }
    let expected = match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        d => char::from_digit(d, 10).unwrap_or('0'),
    };
    if char::from(found) == expected { Ok(()) } else { Err(OrgCodeError { expected, found: char::from(found) }) }
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

    /// A code with the given first 17 characters and the right check character.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17).unwrap_or('?'))
    }

    #[test]
    fn layout_of_authority_and_division() {
        // Position 1 B is no registration authority; A, N and Y are.
        let b = with_check("B1330727MA2HQ0008");
        assert_eq!(validate(&b), Err(UsccError::Authority('B')));
        for first in ["A", "N", "Y", "1", "5"] {
            let ok = with_check(&format!("{first}1330727MA2HQ0008"));
            assert_eq!(validate(&ok), Ok(()), "{ok}");
        }
        // Letters where the division digits belong.
        let d = with_check("9133A727MA2HQ0008");
        assert_eq!(validate(&d), Err(UsccError::Division("33A727".into())));
        // A wrong check character is still reported as such, before the layout.
        let b_wrong = format!("{}{}", &b[..17], if b.ends_with('0') { '1' } else { '0' });
        assert!(matches!(validate(&b_wrong), Err(UsccError::CheckCharacter { .. })));
    }

    #[test]
    fn organization_code_check_of_gb_11714() {
        assert_eq!(validate_org_code("91110000600037341L"), Ok(()));
        assert_eq!(validate_org_code("91330727MA2HQ0008A"), Ok(()));
        // 10 is written X: body 00000001 gives 11 − 2 = 9; body 10000000 gives 11 − 3 = 8; find an X case.
        let x = (0..100_000u32)
            .map(|n| format!("{n:08}"))
            .find(|b| {
                let s: u32 = b.bytes().zip(ORG_WEIGHTS).map(|(c, w)| u32::from(c - b'0') * w).sum();
                s % 11 == 1
            })
            .unwrap_or_default();
        let code = with_check(&format!("91330727{x}X"));
        assert_eq!(validate(&code), Ok(()));
        assert_eq!(validate_org_code(&code), Ok(()));
        let wrong = with_check("91330727MA2HQ0007");
        assert_eq!(validate(&wrong), Ok(()));
        assert_eq!(validate_org_code(&wrong), Err(OrgCodeError { expected: '8', found: '7' }));
    }
}
