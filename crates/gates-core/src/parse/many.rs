//! Many reports read side by side: each on one of a few threads, handed on in the order given.

use std::num::NonZeroUsize;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, sync_channel};

use super::{MergeTarget, ReportError, from_path_merging, read_path};
use crate::model::{Format, Report};

/// A thread hands on the reports it parsed once they are this many, or once it has read this
/// many bytes of them: small reports go in batches, so the thread taking them is woken once a
/// batch rather than once a report.
const BATCH_REPORTS: usize = 16;
const BATCH_BYTES: u64 = 64 * 1024;

/// Parses the report at each of `inputs` (of the format given, or sniffed) as [`from_path`] does,
/// on up to `workers` threads, and hands each to `take` with its path, in the order of `inputs`.
/// `take` says what the reports after it are merged into, which lets them keep less (see
/// [`MergeTarget`]). Stops at the first error in that order, `take`'s or a report's, so it is the
/// error reading them one after another would meet; no report after it is handed on.
///
/// Each thread reads every `workers`-th report and is at most two batches ahead of the one `take`
/// is given from, so memory holds a few reports at a time, however many there are.
///
/// [`from_path`]: super::from_path
pub fn from_paths<P, E>(
    inputs: &[(P, Option<Format>)],
    workers: NonZeroUsize,
    mut take: impl FnMut(&P, Report) -> Result<MergeTarget, E>,
) -> Result<(), E>
where
    P: AsRef<Path> + Sync,
    E: From<ReportError>,
{
    let workers = workers.get().min(inputs.len());
    if workers <= 1 {
        let mut into = MergeTarget::default();
        for (path, format) in inputs {
            into = take(path, from_path_merging(path.as_ref(), *format, into)?)?;
        }
        return Ok(());
    }
    // A report read ahead is read for what the reports taken before it were merged into, which
    // any of them is: a target only grows more demanding as reports are merged.
    let latest = LatestTarget::default();
    std::thread::scope(|scope| {
        let mut ahead: Vec<_> = (0..workers)
            .map(|first| {
                let (send, batches) = sync_channel(1);
                let latest = &latest;
                scope.spawn(move || {
                    let (mut batch, mut bytes) = (Vec::new(), 0);
                    for (path, format) in inputs.iter().skip(first).step_by(workers) {
                        let read = read_path(path.as_ref(), *format, latest.get());
                        let failed = read.is_err();
                        bytes += read.as_ref().map_or(0, |(_, bytes)| *bytes);
                        batch.push(read.map(|(report, _)| report));
                        if failed || batch.len() == BATCH_REPORTS || bytes >= BATCH_BYTES {
                            if send.send(std::mem::take(&mut batch)).is_err() {
                                return;
                            }
                            bytes = 0;
                        }
                    }
                    // The taker may have stopped already, which the sending tells.
                    let _ = send.send(batch);
                });
                Ahead { batches, batch: Vec::new().into_iter() }
            })
            .collect();
        for (at, (path, _)) in inputs.iter().enumerate() {
            // A thread stops early only when it panicked, which leaving the scope passes on.
            let Some(report) = ahead.get_mut(at % workers).and_then(Ahead::next) else { break };
            latest.set(take(path, report?)?);
        }
        Ok(())
    })
}

/// The reports one thread has parsed and handed on, in batches.
struct Ahead {
    batches: Receiver<Vec<Result<Report, ReportError>>>,
    batch: std::vec::IntoIter<Result<Report, ReportError>>,
}

impl Ahead {
    /// The thread's next report, waiting for its next batch if need be; `None` once it stopped.
    fn next(&mut self) -> Option<Result<Report, ReportError>> {
        loop {
            if let Some(report) = self.batch.next() {
                return Some(report);
            }
            self.batch = self.batches.recv().ok()?.into_iter();
        }
    }
}

/// The [`MergeTarget`] the last report taken gave, shared with the threads reading ahead: the
/// bits of its slowest floor, NaN for none.
struct LatestTarget(AtomicU64);

impl Default for LatestTarget {
    fn default() -> Self {
        Self(AtomicU64::new(f64::NAN.to_bits()))
    }
}

impl LatestTarget {
    fn set(&self, target: MergeTarget) {
        self.0.store(target.slowest_floor.unwrap_or(f64::NAN).to_bits(), Ordering::Relaxed);
    }

    fn get(&self) -> MergeTarget {
        let floor = f64::from_bits(self.0.load(Ordering::Relaxed));
        MergeTarget { slowest_floor: (!floor.is_nan()).then_some(floor) }
    }
}

#[cfg(test)]
mod tests {
    use std::num::NonZeroUsize;
    use std::path::PathBuf;

    use super::from_paths;
    use crate::model::{Format, Metrics, Report, ReportContent};
    use crate::parse::{MergeTarget, ReportError};

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
            Ok::<_, ReportError>(MergeTarget::default())
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
        .cycle()
        // Enough small reports that each thread hands on several batches.
        .take(5 * super::BATCH_REPORTS)
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
        // An error past the first batches, with good reports after it.
        let mut inputs: Vec<_> = (0..60).map(|_| (testdata("ruff/ruff.json"), None)).collect();
        inputs.insert(37, (testdata("no such report.xml"), None));
        for workers in [1, 2, 3] {
            let (taken, error) = read(&inputs, workers);
            assert_eq!(taken.len(), 37, "{workers} threads");
            assert!(error.unwrap().contains("no such report.xml"), "{workers} threads");
        }
    }

    #[test]
    fn an_error_of_the_taker_stops_the_reading() {
        let inputs: Vec<_> = (0..20).map(|_| (testdata("ruff/ruff.json"), None)).collect();
        let mut taken = 0;
        let stopped = from_paths(&inputs, NonZeroUsize::new(2).unwrap(), |_, _| {
            taken += 1;
            if taken == 3 { Err(Enough) } else { Ok(MergeTarget::default()) }
        });
        assert!(matches!(stopped, Err(Enough)));
        assert_eq!(taken, 3);
    }

    #[test]
    fn reports_read_ahead_for_the_latest_target_merge_as_reports_read_alone() {
        let shards = ["junit/pytest-xunit2.xml", "junit/pytest-reruns.xml", "junit/jest-retry.xml"];
        let inputs: Vec<_> = shards.iter().cycle().take(30).map(|path| (testdata(path), None)).collect();
        let kept = |report: &Report| match &report.content {
            ReportContent::Tests(run) => run.slowest_passes.len(),
            _ => 0,
        };
        let (mut alone, mut kept_alone) = (Metrics::new(), 0);
        for (path, _) in &inputs {
            let report = crate::parse::from_path(path, None).unwrap();
            kept_alone += kept(&report);
            alone.add(path.display().to_string(), report);
        }
        let alone = alone.tests.unwrap();
        for workers in [1, 2, 3] {
            let (mut merged, mut kept_merging) = (Metrics::new(), 0);
            from_paths(&inputs, NonZeroUsize::new(workers).unwrap(), |path, report| {
                kept_merging += kept(&report);
                merged.add(path.display().to_string(), report);
                Ok::<_, ReportError>(MergeTarget::of(&merged))
            })
            .unwrap();
            let merged = merged.tests.unwrap();
            assert_eq!(merged.counts(), alone.counts(), "{workers} threads");
            let slowest = crate::model::TestRun::SLOWEST_KEPT;
            assert_eq!(merged.slowest(slowest), alone.slowest(slowest), "{workers} threads");
            if workers == 1 {
                // Read one after another, each report knows all before it.
                assert!(kept_merging < kept_alone / 2, "{kept_merging} of {kept_alone} passes kept");
            }
        }
    }

    #[derive(Debug)]
    struct Enough;

    impl From<ReportError> for Enough {
        fn from(_: ReportError) -> Self {
            Enough
        }
    }
}
