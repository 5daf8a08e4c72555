//! Many reports read side by side: each on one of a few threads, handed on in the order given.

use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::mpsc::sync_channel;

use super::{ReportError, from_path};
use crate::model::{Format, Report};

/// How many parsed reports each thread may have waiting: enough that a thread seldom waits for
/// the merging, or the merging for a thread, on small reports.
const AHEAD: usize = 16;

/// Parses the report at each of `inputs` (of the format given, or sniffed) as [`from_path`] does,
/// on up to `workers` threads, and hands each to `take` with its path, in the order of `inputs`.
/// Stops at the first error in that order, `take`'s or a report's, so it is the error reading them
/// one after another would meet; no report after it is handed on.
///
/// Each thread reads every `workers`-th report and parses at most 17 ahead of the one `take` is
/// given, so memory holds a few reports at a time, however many there are.
pub fn from_paths<P, E>(
    inputs: &[(P, Option<Format>)],
    workers: NonZeroUsize,
    mut take: impl FnMut(&P, Report) -> Result<(), E>,
) -> Result<(), E>
where
    P: AsRef<Path> + Sync,
    E: From<ReportError>,
{
    let workers = workers.get().min(inputs.len());
    if workers <= 1 {
        for (path, format) in inputs {
            take(path, from_path(path.as_ref(), *format)?)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let parsed: Vec<_> = (0..workers)
            .map(|first| {
                let (send, parsed) = sync_channel(AHEAD);
                scope.spawn(move || {
                    for (path, format) in inputs.iter().skip(first).step_by(workers) {
                        if send.send(from_path(path.as_ref(), *format)).is_err() {
                            return;
                        }
                    }
                });
                parsed
            })
            .collect();
        for (at, (path, _)) in inputs.iter().enumerate() {
            // A thread stops early only when it panicked, which leaving the scope passes on.
            let Some(Ok(report)) = parsed.get(at % workers).map(|parsed| parsed.recv()) else { break };
            take(path, report?)?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;
    use std::path::PathBuf;

    use super::from_paths;
    use crate::model::Format;
    use crate::parse::ReportError;

    fn testdata(path: &str) -> PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata").join(path)
    }

    /// What `inputs` read into, on `workers` threads: each report's path and debug form, and the
    /// error that stopped them.
    fn read(inputs: &[(PathBuf, Option<Format>)], workers: usize) -> (Vec<String>, Option<String>) {
        let mut taken = Vec::new();
        let workers = NonZeroUsize::new(workers).unwrap();
        let stopped = from_paths(inputs, workers, |path, report| {
            taken.push(format!("{}: {report:?}", path.display()));
            Ok::<_, ReportError>(())
        });
        (taken, stopped.err().map(|error| error.to_string()))
    }

    #[test]
    fn reports_come_in_their_order_whatever_the_threads() {
        let inputs: Vec<_> = [
            "junit/pytest-xunit2.xml",
            "cobertura/coverage-py-branch.xml",
            "ruff/ruff.json",
            "bandit/bandit.json",
            "mypy/mypy.txt",
        ]
        .into_iter()
        .map(|path| (testdata(path), None))
        .collect();
        let alone = read(&inputs, 1);
        assert_eq!(alone.0.len(), inputs.len());
        assert_eq!(alone.1, None);
        for workers in [2, 3, 8] {
            assert_eq!(read(&inputs, workers), alone, "{workers} threads");
        }
    }

    #[test]
    fn the_first_error_in_order_stops_them_and_nothing_after_it_is_taken() {
        let inputs = vec![
            (testdata("junit/pytest-xunit2.xml"), None),
            (testdata("junit/invalid/declaration-after-root.xml"), Some(Format::Junit)),
            (testdata("ruff/ruff.json"), None),
            (testdata("no such report.xml"), None),
        ];
        for workers in [1, 2, 4] {
            let (taken, error) = read(&inputs, workers);
            assert_eq!(taken.len(), 1, "{workers} threads");
            let error = error.unwrap();
            assert!(error.contains("declaration-after-root.xml"), "{workers} threads: {error}");
        }
    }

    #[test]
    fn an_error_of_the_taker_stops_the_reading() {
        let inputs: Vec<_> = (0..20).map(|_| (testdata("ruff/ruff.json"), None)).collect();
        let mut taken = 0;
        let stopped = from_paths(&inputs, NonZeroUsize::new(2).unwrap(), |_, _| {
            taken += 1;
            if taken == 3 { Err(Enough) } else { Ok(()) }
        });
        assert!(matches!(stopped, Err(Enough)));
        assert_eq!(taken, 3);
    }

    #[derive(Debug)]
    struct Enough;

    impl From<ReportError> for Enough {
        fn from(_: ReportError) -> Self {
            Enough
        }
    }
}
