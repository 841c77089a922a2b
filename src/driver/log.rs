//! Driver logging: levels as in neo4j-driver's `logging` config, a sink the host provides, and
//! messages built only when their level is enabled. Nothing logged contains credentials.

use std::fmt;
use std::rc::Rc;

/// How important a log message is; a logger set to a level shows it and the ones above.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// Something failed.
    Error,
    /// Something looks wrong but work goes on.
    Warn,
    /// Notable events: retries, the driver closing.
    Info,
    /// Connection and pool events.
    Debug,
}

impl Level {
    /// The level named `name` (`error`, `warn`, `info`, `debug`), as the JS config spells it.
    pub fn parse(name: &str) -> Option<Level> {
        match name {
            "error" => Some(Level::Error),
            "warn" => Some(Level::Warn),
            "info" => Some(Level::Info),
            "debug" => Some(Level::Debug),
            _ => None,
        }
    }

    /// The level's name.
    pub fn name(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
        }
    }
}

/// Where log messages go (for example a JS function).
pub type LogSink = Rc<dyn Fn(Level, &str)>;

/// A level filter in front of a sink; the default logs nothing.
#[derive(Clone, Default)]
pub struct Logger {
    sink: Option<(Level, LogSink)>,
    /// Whether debug messages may show query parameters and records (`unredactDebugLogs`).
    unredacted: bool,
}

impl fmt::Debug for Logger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Logger({:?})",
            self.sink.as_ref().map(|(level, _)| level)
        )
    }
}

impl Logger {
    /// Sends messages of `level` and more important ones to `sink`.
    pub fn new(level: Level, sink: LogSink) -> Self {
        Logger {
            sink: Some((level, sink)),
            unredacted: false,
        }
    }

    /// The same logger, showing query parameters and records in debug messages.
    pub fn unredacted(self) -> Self {
        Logger {
            unredacted: true,
            ..self
        }
    }

    /// Whether messages of `level` are logged.
    pub fn enabled(&self, level: Level) -> bool {
        self.sink
            .as_ref()
            .is_some_and(|(enabled, _)| level <= *enabled)
    }

    /// Whether debug messages may show query parameters and records.
    pub fn shows_user_data(&self) -> bool {
        self.unredacted
    }

    /// Logs the message `message()` builds, if `level` is enabled.
    pub fn log(&self, level: Level, message: impl FnOnce() -> String) {
        if let Some((enabled, sink)) = &self.sink {
            if level <= *enabled {
                sink(level, &message());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    use std::cell::RefCell;

    use super::*;

    #[test]
    fn only_enabled_levels_are_built_and_sent() {
        let seen = Rc::new(RefCell::new(Vec::new()));
        let s = seen.clone();
        let logger = Logger::new(
            Level::Info,
            Rc::new(move |level, m: &str| s.borrow_mut().push((level, m.to_string()))),
        );
        logger.log(Level::Debug, || panic!("a disabled message is never built"));
        logger.log(Level::Info, || "retrying".into());
        logger.log(Level::Error, || "failed".into());
        assert_eq!(
            *seen.borrow(),
            vec![
                (Level::Info, "retrying".to_string()),
                (Level::Error, "failed".to_string())
            ]
        );
        Logger::default().log(Level::Error, || panic!("no sink, nothing built"));
        assert_eq!(Level::parse("warn"), Some(Level::Warn));
        assert_eq!(Level::parse("verbose"), None);
    }
}
