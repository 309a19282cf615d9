//! Walking the argument list: flags, `--flag VALUE` and `--flag=VALUE`.

use std::collections::VecDeque;

use super::UsageError;

/// One argument, split into a flag and its attached `=VALUE` if it had one.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Arg {
    Flag {
        name: String,
        attached: Option<String>,
    },
    Positional(String),
}

/// The remaining arguments of a subcommand.
#[derive(Debug)]
pub(crate) struct Cursor {
    rest: VecDeque<String>,
}

impl Cursor {
    pub(crate) fn new(args: impl IntoIterator<Item = String>) -> Self {
        Self {
            rest: args.into_iter().collect(),
        }
    }

    pub(crate) fn next_arg(&mut self) -> Option<Arg> {
        let arg = self.rest.pop_front()?;
        if !arg.starts_with('-') || arg == "-" {
            return Some(Arg::Positional(arg));
        }
        Some(match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => Arg::Flag {
                name: name.to_string(),
                attached: Some(value.to_string()),
            },
            _ => Arg::Flag {
                name: arg,
                attached: None,
            },
        })
    }

    /// The value of `flag`: the attached one, else the next argument.
    pub(crate) fn value(
        &mut self,
        flag: &str,
        attached: Option<String>,
    ) -> Result<String, UsageError> {
        if let Some(value) = attached {
            return Ok(value);
        }
        self.rest
            .pop_front()
            .ok_or_else(|| UsageError(format!("{flag} needs a value")))
    }
}

/// Refuse `=VALUE` on a flag that takes none.
pub(crate) fn no_value(flag: &str, attached: Option<String>) -> Result<(), UsageError> {
    match attached {
        None => Ok(()),
        Some(_) => Err(UsageError(format!("{flag} takes no value"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cursor(args: &[&str]) -> Cursor {
        Cursor::new(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn flags_values_and_positionals() {
        let mut c = cursor(&["--cert", "a.pem", "--alpn=h2,http/1.1", "host:1", "-"]);
        let Some(Arg::Flag { name, attached }) = c.next_arg() else {
            panic!("flag expected")
        };
        assert_eq!((name.as_str(), attached.as_deref()), ("--cert", None));
        assert_eq!(c.value("--cert", None).unwrap(), "a.pem");
        assert_eq!(
            c.next_arg(),
            Some(Arg::Flag {
                name: "--alpn".into(),
                attached: Some("h2,http/1.1".into())
            })
        );
        assert_eq!(c.next_arg(), Some(Arg::Positional("host:1".into())));
        assert_eq!(c.next_arg(), Some(Arg::Positional("-".into())));
        assert_eq!(c.next_arg(), None);
    }

    #[test]
    fn a_missing_value_names_the_flag() {
        let mut c = cursor(&[]);
        let e = c.value("--key", None).unwrap_err();
        assert_eq!(e.to_string(), "--key needs a value");
        assert!(no_value("--tls13", Some("x".into())).is_err());
    }
}
