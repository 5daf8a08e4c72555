//! Samples gathered result by result into one benchmark per key: `go test -bench`'s `-count`
//! lines, Google Benchmark's repetitions.

use std::collections::HashMap;

use crate::model::{Benchmark, Measure, Stats};

/// What a benchmark is besides its samples, set by its first sample.
pub(super) struct SeriesOf {
    /// Its group (Go's package).
    pub(super) group: Option<String>,
    /// Its unit and direction.
    pub(super) measure: Measure,
    /// The threads it ran on, where the tool says.
    pub(super) threads: Option<u64>,
}

/// Every benchmark's samples, in the order their keys first came.
#[derive(Default)]
pub(super) struct SeriesSet {
    series: Vec<(String, SeriesOf, Vec<f64>)>,
    by_key: HashMap<String, usize>,
}

impl SeriesSet {
    /// Adds a sample to the benchmark `key`, made with `first` when the key is new.
    pub(super) fn add(&mut self, key: String, sample: f64, first: impl FnOnce() -> SeriesOf) {
        let series = &mut self.series;
        let at = *self.by_key.entry(key.clone()).or_insert_with(|| {
            series.push((key, first(), Vec::new()));
            series.len() - 1
        });
        if let Some((_, _, samples)) = series.get_mut(at) {
            samples.push(sample);
        }
    }

    /// The samples of `key`, if it has any.
    pub(super) fn samples(&self, key: &str) -> Option<&[f64]> {
        let at = self.by_key.get(key)?;
        self.series.get(*at).map(|(_, _, samples)| samples.as_slice())
    }

    /// Whether no sample came.
    pub(super) fn is_empty(&self) -> bool {
        self.series.is_empty()
    }

    /// One benchmark per key, its samples the raw data and their statistics the figures.
    pub(super) fn into_benchmarks(self) -> Vec<Benchmark> {
        self.series
            .into_iter()
            .filter_map(|(key, of, samples)| {
                let mut benchmark = Benchmark::new(key, Stats::from_samples(&samples)?);
                benchmark.group = of.group;
                benchmark.measure = of.measure;
                benchmark.setup.threads = of.threads;
                benchmark.data = Some(samples);
                Some(benchmark)
            })
            .collect()
    }
}
