//! The expression language of rule tables: conditions and message placeholders over JSON values.
//!
//! ```text
//! expr    := or
//! or      := and ("or" and)*
//! and     := not ("and" not)*
//! not     := "not" not | compare
//! compare := primary (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") primary)?
//! primary := number | 'text' | "text" | true | false | null | name ("." field | "[" index "]")*
//!          | function "(" expr ("," expr)* ")" | "(" expr ")"
//! ```
//!
//! Evaluation never fails: a field that is absent reads as `null`; `==` and `!=` compare any two values; an
//! ordering between values that are not both numbers or both texts is false, so that a measurement not given is
//! never over a limit; `x in list` is membership (texts compared trimmed, ASCII case ignored). Expressions are
//! bounded in length and depth, and every evaluation counts against a step budget.

use serde_json::Value;

/// Longest expression accepted, in bytes.
pub const MAX_EXPR_BYTES: usize = 2048;
/// Deepest nesting accepted.
const MAX_DEPTH: usize = 32;

/// A parsed expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A constant.
    Lit(Value),
    /// A name and the fields and indexes after it: `s.pesticides[0].name`.
    Path(String, Vec<Step>),
    /// A function call.
    Call(Func, Vec<Expr>),
    /// Fields and indexes of a call's value: `lookup('t', k).years`.
    Get(Box<Expr>, Vec<Step>),
    /// `not e`.
    Not(Box<Expr>),
    /// `a and b`.
    And(Box<Expr>, Box<Expr>),
    /// `a or b`.
    Or(Box<Expr>, Box<Expr>),
    /// A comparison.
    Cmp(Op, Box<Expr>, Box<Expr>),
}

/// One step of a path.
#[derive(Clone, Debug, PartialEq)]
pub enum Step {
    /// `.field`
    Field(String),
    /// `[n]`
    Index(usize),
}

/// A comparison operator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `in`
    In,
}

/// The functions of the language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    /// `norm('names-key', text)`: the text through a name table (trimmed, synonyms, prefixes).
    Norm,
    /// `lookup('table', key)`: the first row of the table in force on the policy day whose `keys` hold the key,
    /// else its row with `keys = ["*"]`, else null.
    Lookup,
    /// `fired('rule-id', …)`: how many findings of these rules the checks before this one gave on the record.
    Fired,
    /// `len(x)`: the length of a list or text (characters), the number of fields of an object; 0 otherwise.
    Len,
    /// `starts_with(text, prefix)`.
    StartsWith,
    /// `join(list, separator)`: the list's entries as text.
    Join,
    /// `type(x)`: `null`, `bool`, `number`, `text`, `list` or `object`.
    Type,
}

impl Func {
    fn from_name(name: &str) -> Option<(Func, usize, usize)> {
        Some(match name {
            "norm" => (Func::Norm, 2, 2),
            "lookup" => (Func::Lookup, 2, 2),
            "fired" => (Func::Fired, 1, 16),
            "len" => (Func::Len, 1, 1),
            "starts_with" => (Func::StartsWith, 2, 2),
            "join" => (Func::Join, 2, 2),
            "type" => (Func::Type, 1, 1),
            _ => return None,
        })
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Num(f64),
    Str(String),
    Ident(String),
    Op(Op),
    Dot,
    Comma,
    LParen,
    RParen,
    LBracket,
    RBracket,
}

fn lex(src: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let mut chars = src.char_indices().peekable();
    while let Some(&(i, c)) = chars.peek() {
        match c {
            c if c.is_whitespace() => {
                chars.next();
            }
            '(' | ')' | '[' | ']' | ',' | '.' => {
                chars.next();
                out.push(match c {
                    '(' => Tok::LParen,
                    ')' => Tok::RParen,
                    '[' => Tok::LBracket,
                    ']' => Tok::RBracket,
                    ',' => Tok::Comma,
                    _ => Tok::Dot,
                });
            }
            '\'' | '"' => {
                chars.next();
                let mut s = String::new();
                loop {
                    match chars.next() {
                        Some((_, q)) if q == c => break,
                        Some((_, '\\')) => match chars.next() {
                            Some((_, e)) => s.push(e),
                            None => return Err("文本未结束 / unterminated text".into()),
                        },
                        Some((_, ch)) => s.push(ch),
                        None => return Err("文本未结束 / unterminated text".into()),
                    }
                }
                out.push(Tok::Str(s));
            }
            '=' | '!' | '<' | '>' => {
                chars.next();
                let eq = chars.next_if(|&(_, n)| n == '=').is_some();
                out.push(Tok::Op(match (c, eq) {
                    ('=', true) => Op::Eq,
                    ('!', true) => Op::Ne,
                    ('<', false) => Op::Lt,
                    ('<', true) => Op::Le,
                    ('>', false) => Op::Gt,
                    ('>', true) => Op::Ge,
                    _ => return Err(format!("第{i}个字节处应为 == 或 != / expected == or != at byte {i}")),
                }));
            }
            c if c.is_ascii_digit() || c == '-' => {
                let mut s = String::new();
                s.push(c);
                chars.next();
                while let Some((_, d)) = chars.next_if(|&(_, d)| d.is_ascii_digit() || d == '.' || d == 'e') {
                    s.push(d);
                }
                let n: f64 = s.parse().map_err(|_| format!("数字无效 / bad number `{s}`"))?;
                out.push(Tok::Num(n));
            }
            c if c.is_alphabetic() || c == '_' => {
                let mut s = String::new();
                while let Some((_, d)) = chars.next_if(|&(_, d)| d.is_alphanumeric() || d == '_' || d == '-') {
                    s.push(d);
                }
                out.push(if s == "in" { Tok::Op(Op::In) } else { Tok::Ident(s) });
            }
            other => return Err(format!("无法识别的字符 `{other}` / unexpected character `{other}`")),
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Tok>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos)
    }

    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }

    fn keyword(&mut self, word: &str) -> bool {
        if matches!(self.peek(), Some(Tok::Ident(w)) if w == word) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn deeper(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH { Err("表达式嵌套过深 / expression nested too deeply".into()) } else { Ok(()) }
    }

    fn or(&mut self) -> Result<Expr, String> {
        self.deeper()?;
        let mut e = self.and()?;
        while self.keyword("or") {
            e = Expr::Or(Box::new(e), Box::new(self.and()?));
        }
        self.depth -= 1;
        Ok(e)
    }

    fn and(&mut self) -> Result<Expr, String> {
        let mut e = self.not()?;
        while self.keyword("and") {
            e = Expr::And(Box::new(e), Box::new(self.not()?));
        }
        Ok(e)
    }

    fn not(&mut self) -> Result<Expr, String> {
        if self.keyword("not") {
            self.deeper()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Expr::Not(Box::new(inner)));
        }
        self.compare()
    }

    fn compare(&mut self) -> Result<Expr, String> {
        let left = self.primary()?;
        if let Some(Tok::Op(op)) = self.peek().cloned() {
            self.pos += 1;
            let right = self.primary()?;
            return Ok(Expr::Cmp(op, Box::new(left), Box::new(right)));
        }
        Ok(left)
    }

    /// The `.field` and `[index]` steps after a name or a call.
    fn steps(&mut self, name: &str) -> Result<Vec<Step>, String> {
        let mut steps = Vec::new();
        loop {
            match self.peek() {
                Some(Tok::Dot) => {
                    self.pos += 1;
                    match self.next() {
                        Some(Tok::Ident(f)) => steps.push(Step::Field(f)),
                        _ => return Err(format!("`{name}.` 后应为字段名 / expected a field name")),
                    }
                }
                Some(Tok::LBracket) => {
                    self.pos += 1;
                    let index = match self.next() {
                        Some(Tok::Num(n)) if n >= 0.0 && n.fract() == 0.0 && n < 1e9 => n as usize,
                        _ => return Err("`[` 后应为非负整数 / expected an index".into()),
                    };
                    if self.next() != Some(Tok::RBracket) {
                        return Err("缺少 `]` / missing `]`".into());
                    }
                    steps.push(Step::Index(index));
                }
                _ => return Ok(steps),
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        match self.next() {
            Some(Tok::Num(n)) => Ok(Expr::Lit(serde_json::Number::from_f64(n).map_or(Value::Null, Value::Number))),
            Some(Tok::Str(s)) => Ok(Expr::Lit(Value::String(s))),
            Some(Tok::LParen) => {
                let e = self.or()?;
                match self.next() {
                    Some(Tok::RParen) => Ok(e),
                    _ => Err("缺少 `)` / missing `)`".into()),
                }
            }
            Some(Tok::Ident(name)) => match name.as_str() {
                "true" => Ok(Expr::Lit(Value::Bool(true))),
                "false" => Ok(Expr::Lit(Value::Bool(false))),
                "null" => Ok(Expr::Lit(Value::Null)),
                _ if self.peek() == Some(&Tok::LParen) => {
                    self.pos += 1;
                    let (func, min, max) = Func::from_name(&name)
                        .ok_or_else(|| format!("未知函数 `{name}` / unknown function `{name}`"))?;
                    let mut args = Vec::new();
                    if self.peek() != Some(&Tok::RParen) {
                        loop {
                            args.push(self.or()?);
                            match self.next() {
                                Some(Tok::Comma) => continue,
                                Some(Tok::RParen) => break,
                                _ => return Err(format!("`{name}(` 的参数后应为 `,` 或 `)` / expected `,` or `)`")),
                            }
                        }
                    } else {
                        self.pos += 1;
                    }
                    if args.len() < min || args.len() > max {
                        return Err(format!(
                            "函数 `{name}` 的参数个数不对（{}）/ `{name}` takes {min}..{max} arguments, got {}",
                            args.len(),
                            args.len()
                        ));
                    }
                    let steps = self.steps(&name)?;
                    let call = Expr::Call(func, args);
                    Ok(if steps.is_empty() { call } else { Expr::Get(Box::new(call), steps) })
                }
                _ => {
                    let steps = self.steps(&name)?;
                    Ok(Expr::Path(name, steps))
                }
            },
            Some(t) => Err(format!("此处不应有 {t:?} / unexpected {t:?}")),
            None => Err("表达式不完整 / the expression ends too early".into()),
        }
    }
}

/// Parses an expression.
pub fn parse(src: &str) -> Result<Expr, String> {
    if src.len() > MAX_EXPR_BYTES {
        return Err(format!("表达式过长（上限 {MAX_EXPR_BYTES} 字节）/ expression longer than {MAX_EXPR_BYTES} bytes"));
    }
    let toks = lex(src)?;
    let mut p = Parser { toks, pos: 0, depth: 0 };
    let e = p.or()?;
    if p.pos < p.toks.len() {
        return Err(format!("表达式末尾有多余内容 / unexpected {:?} after the expression", p.toks.get(p.pos)));
    }
    Ok(e)
}

impl Expr {
    /// Every name the expression reads (path roots), for the load-time check of the table.
    pub fn names(&self, out: &mut Vec<String>) {
        match self {
            Expr::Lit(_) => {}
            Expr::Path(n, _) => out.push(n.clone()),
            Expr::Call(_, args) => args.iter().for_each(|a| a.names(out)),
            Expr::Not(e) | Expr::Get(e, _) => e.names(out),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) => {
                a.names(out);
                b.names(out);
            }
        }
    }

    /// Every call with its arguments, for the load-time check of the table.
    pub fn calls<'a>(&'a self, out: &mut Vec<(Func, &'a [Expr])>) {
        match self {
            Expr::Lit(_) | Expr::Path(..) => {}
            Expr::Call(f, args) => {
                out.push((*f, args));
                args.iter().for_each(|a| a.calls(out));
            }
            Expr::Not(e) | Expr::Get(e, _) => e.calls(out),
            Expr::And(a, b) | Expr::Or(a, b) | Expr::Cmp(_, a, b) => {
                a.calls(out);
                b.calls(out);
            }
        }
    }
}

/// What an expression is evaluated against.
pub trait Scope {
    /// The value of a name (null when unbound).
    fn get(&self, name: &str) -> Value;
    /// The value at a path below a name: by default the name's value, walked; a scope that holds its values
    /// walks them in place and copies only what the path reaches.
    fn get_path(&self, name: &str, steps: &[Step]) -> Value {
        walk(self.get(name), steps)
    }
    /// A function call on evaluated arguments.
    fn call(&self, func: Func, args: &[Value]) -> Value;
    /// Takes one step of the budget; false when it is spent.
    fn step(&self) -> bool;
}

/// Evaluates an expression (None when the step budget is spent).
pub fn eval(e: &Expr, scope: &dyn Scope) -> Option<Value> {
    if !scope.step() {
        return None;
    }
    Some(match e {
        Expr::Lit(v) => v.clone(),
        Expr::Path(name, steps) => scope.get_path(name, steps),
        Expr::Get(e, steps) => walk(eval(e, scope)?, steps),
        Expr::Call(f, args) => {
            let mut values = Vec::with_capacity(args.len());
            for a in args {
                values.push(eval(a, scope)?);
            }
            scope.call(*f, &values)
        }
        Expr::Not(x) => Value::Bool(!truthy(&eval(x, scope)?)),
        Expr::And(a, b) => Value::Bool(truthy(&eval(a, scope)?) && truthy(&eval(b, scope)?)),
        Expr::Or(a, b) => Value::Bool(truthy(&eval(a, scope)?) || truthy(&eval(b, scope)?)),
        Expr::Cmp(op, a, b) => Value::Bool(compare(*op, &eval(a, scope)?, &eval(b, scope)?)),
    })
}

/// The value a path reaches inside `v`, borrowed (None when a step finds nothing).
pub fn walk_ref<'v>(mut v: &'v Value, steps: &[Step]) -> Option<&'v Value> {
    for s in steps {
        v = match (s, v) {
            (Step::Field(f), Value::Object(m)) => m.get(f)?,
            (Step::Index(i), Value::Array(a)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

fn walk(mut v: Value, steps: &[Step]) -> Value {
    for s in steps {
        v = match (s, v) {
            (Step::Field(f), Value::Object(mut m)) => m.remove(f).unwrap_or(Value::Null),
            (Step::Index(i), Value::Array(mut a)) if *i < a.len() => a.swap_remove(*i),
            _ => Value::Null,
        };
    }
    v
}

/// Only `true` is true: a condition on a value that is not there does not hold.
pub fn truthy(v: &Value) -> bool {
    matches!(v, Value::Bool(true))
}

/// Texts as the tables compare them: trimmed, ASCII case ignored.
pub fn same_text(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::String(x), Value::String(y)) => x == y,
        _ => a == b,
    }
}

fn compare(op: Op, a: &Value, b: &Value) -> bool {
    use std::cmp::Ordering;
    let order = || match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64().zip(y.as_f64()).and_then(|(x, y)| x.partial_cmp(&y)),
        (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
        _ => None,
    };
    match op {
        Op::Eq => equal(a, b),
        Op::Ne => !equal(a, b),
        Op::Lt => order() == Some(Ordering::Less),
        Op::Le => matches!(order(), Some(Ordering::Less | Ordering::Equal)),
        Op::Gt => order() == Some(Ordering::Greater),
        Op::Ge => matches!(order(), Some(Ordering::Greater | Ordering::Equal)),
        Op::In => match (a, b) {
            (Value::String(x), Value::Array(list)) => list.iter().any(|v| v.as_str().is_some_and(|s| same_text(s, x))),
            (_, Value::Array(list)) => list.iter().any(|v| equal(v, a)),
            (Value::String(x), Value::String(y)) => y.contains(x.as_str()),
            _ => false,
        },
    }
}

/// A value as message text: texts as they are, numbers as Rust prints them (`400`, `0.5`), lists joined by `、`.
pub fn render(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => i.to_string(),
            (None, Some(f)) => f.to_string(),
            _ => n.to_string(),
        },
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".into(),
        Value::Array(a) => a.iter().map(render).collect::<Vec<_>>().join("、"),
        Value::Object(_) => v.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing, reason = "tests")]
    use super::*;
    use serde_json::json;

    struct S(Value);
    impl Scope for S {
        fn get(&self, name: &str) -> Value {
            self.0.get(name).cloned().unwrap_or(Value::Null)
        }
        fn call(&self, f: Func, args: &[Value]) -> Value {
            match f {
                Func::Len => json!(args[0].as_array().map_or(0, Vec::len)),
                _ => Value::Null,
            }
        }
        fn step(&self) -> bool {
            true
        }
    }

    fn run(src: &str, scope: &Value) -> Value {
        eval(&parse(src).unwrap(), &S(scope.clone())).unwrap()
    }

    #[test]
    fn conditions_read_absent_values_as_not_holding() {
        let s = json!({"item": {"so2": 160, "herb": "白术", "b": null}, "limit": {"mg": 150}, "list": ["A", "b "]});
        assert_eq!(run("item.so2 > limit.mg", &s), json!(true));
        assert_eq!(run("item.b > limit.mg", &s), json!(false));
        assert_eq!(run("item.b <= limit.mg", &s), json!(false));
        assert_eq!(run("item.b == null and not (item.so2 < 100)", &s), json!(true));
        assert_eq!(run("item.missing != true", &s), json!(true));
        assert_eq!(run("'B' in list or 'x' in list", &s), json!(true));
        assert_eq!(run("len(list) == 2", &s), json!(true));
        assert_eq!(run("item.herb == \"白术\"", &s), json!(true));
        assert_eq!(run("'2023-05-15' <= '2025-01-01'", &s), json!(true));
        assert_eq!(render(&json!(400.0)), "400");
        assert_eq!(render(&json!(0.5)), "0.5");
    }

    #[test]
    fn bad_expressions_are_refused_with_a_reason() {
        for bad in ["a >", "a = b", "(a", "f(1)", "len(1, 2)", "a.", "a[x]", "'open", "a b", "@"] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert!(parse(&"(".repeat(40)).is_err_and(|e| e.contains("deeply")));
        assert!(parse(&"not ".repeat(40)).is_err_and(|e| e.contains("deeply")));
    }
}
