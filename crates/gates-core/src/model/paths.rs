//! Repository-relative paths: what code scanning, Code Quality, waivers and baselines compare.
//!
//! A path inside the repository root becomes relative to it with `/` separators (`src/a.py`);
//! a relative path loses a leading `./` and its `\` separators; a path outside the root stays as
//! the tool wrote it.

use std::mem;

use super::{Coverage, Findings, LineMerge, Report, ReportContent};

/// `path` with `/` separators and no leading `./`: how paths are written and compared.
pub fn slash_path(path: &str) -> String {
    let unified = path.replace('\\', "/");
    let mut relative = unified.as_str();
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest;
    }
    relative.to_owned()
}

/// `path` relative to `root` (an absolute directory, either separator) when inside it.
pub fn repository_relative(path: &str, root: &str) -> String {
    let unified = path.replace('\\', "/");
    let root = root.replace('\\', "/");
    let root = root.trim_end_matches('/');
    let is_absolute = unified.starts_with('/') || unified.as_bytes().get(1) == Some(&b':');
    if !is_absolute {
        return slash_path(&unified);
    }
    match unified.strip_prefix(root).and_then(|rest| rest.strip_prefix('/')) {
        Some(inside) if !root.is_empty() && !inside.is_empty() => inside.to_owned(),
        _ => path.to_owned(),
    }
}

impl Report {
    /// This report with every file path made relative to the repository `root`: a path inside it
    /// becomes relative with `/` separators, a relative one loses a leading `./`, a path outside the
    /// root stays as the tool wrote it.
    pub fn relative_to(mut self, root: &str) -> Report {
        let relative = |path: &mut String| *path = repository_relative(path, root);
        match &mut self.content {
            ReportContent::Coverage(coverage) => relativize_coverage(coverage, root),
            ReportContent::Tests(run) => {
                let cases = run.cases.iter_mut().chain(&mut run.slowest_passes);
                cases.filter_map(|case| case.file.as_mut()).for_each(relative)
            }
            ReportContent::Findings(findings) | ReportContent::DependenciesAndFindings { findings, .. } => {
                relativize_findings(findings, root)
            }
            ReportContent::Complexity(complexity) => {
                complexity.blocks.iter_mut().for_each(|block| relative(&mut block.path));
                complexity.maintainability.iter_mut().for_each(|file| relative(&mut file.path));
                complexity.sizes.iter_mut().for_each(|file| relative(&mut file.path));
                complexity.problems.iter_mut().filter_map(|problem| problem.path.as_mut()).for_each(relative);
            }
            ReportContent::Dependencies(_)
            | ReportContent::Benchmarks(_)
            | ReportContent::Licenses(_)
            | ReportContent::Outdated(_) => {}
        }
        self
    }
}

impl Report {
    /// This Go coverprofile's import paths (`example.com/mod/pkg/a.go`) as repository paths
    /// (`pkg/a.go`), given the module path of the repository's `go.mod`; files of other modules
    /// keep their import paths. Other reports are returned unchanged.
    pub fn without_go_module(mut self, module: &str) -> Report {
        let module = module.trim_end_matches('/');
        if self.format != super::Format::GoCover || module.is_empty() {
            return self;
        }
        if let ReportContent::Coverage(coverage) = &mut self.content {
            for (path, file) in mem::take(&mut coverage.files) {
                let inside = path.strip_prefix(module).and_then(|rest| rest.strip_prefix('/'));
                let path = inside.filter(|rest| !rest.is_empty()).map_or(path.clone(), str::to_owned);
                coverage.add_file(path, file, LineMerge::SameRun);
            }
        }
        self
    }
}

fn relativize_findings(findings: &mut Findings, root: &str) {
    for finding in &mut findings.items {
        if let Some(location) = &mut finding.location {
            location.path = repository_relative(&location.path, root);
        }
    }
    for problem in &mut findings.problems {
        if let Some(path) = &mut problem.path {
            *path = repository_relative(path, root);
        }
    }
}

/// Coverage files are keyed by path: two keys naming one file are combined as one run's.
fn relativize_coverage(coverage: &mut Coverage, root: &str) {
    for (path, file) in mem::take(&mut coverage.files) {
        coverage.add_file(repository_relative(&path, root), file, LineMerge::SameRun);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_inside_the_root_become_relative() {
        let root = "/home/ci/repo";
        assert_eq!(repository_relative("/home/ci/repo/src/a.py", root), "src/a.py");
        assert_eq!(repository_relative("/home/ci/repo/src/a.py", "/home/ci/repo/"), "src/a.py");
        assert_eq!(repository_relative("/home/ci/repository/a.py", root), "/home/ci/repository/a.py");
        assert_eq!(repository_relative("/usr/lib/python3/os.py", root), "/usr/lib/python3/os.py");
        assert_eq!(repository_relative("/home/ci/repo", root), "/home/ci/repo");
        assert_eq!(repository_relative("./src\\b.py", root), "src/b.py");
        assert_eq!(repository_relative("C:\\w\\repo\\src\\c.py", "C:\\w\\repo"), "src/c.py");
        assert_eq!(repository_relative("C:\\w\\other\\c.py", "C:\\w\\repo"), "C:\\w\\other\\c.py");
    }

    #[test]
    fn the_files_of_listed_and_of_only_counted_tests_become_relative() {
        use crate::model::{Format, TestCase, TestRun, TestStatus};
        let mut run = TestRun::default();
        for (name, status) in
            [("fails", TestStatus::Failed(Default::default())), ("passes", TestStatus::Passed)]
        {
            let mut case = TestCase::new(name, status);
            (case.file, case.time_s) = (Some(format!("/home/ci/repo/tests/{name}.py")), Some(1.0));
            run.add(case);
        }
        let report = Report {
            format: Format::Junit,
            producer: None,
            notes: Vec::new(),
            content: ReportContent::Tests(run),
        };
        let ReportContent::Tests(run) = report.relative_to("/home/ci/repo").content else { panic!() };
        let files: Vec<_> =
            run.cases.iter().chain(&run.slowest_passes).map(|case| case.file.as_deref()).collect();
        assert_eq!(files, [Some("tests/fails.py"), Some("tests/passes.py")]);
    }

    #[test]
    fn go_import_paths_lose_the_module_path() {
        use crate::model::{FileCoverage, Format, LineCoverage};
        let mut coverage = Coverage::new(false);
        for path in ["example.com/m/pkg/a.go", "example.com/m2/b.go", "example.com/m/c.go"] {
            let file = FileCoverage::from_lines(vec![LineCoverage::new(1, 1)], LineMerge::SameRun);
            coverage.add_file(path.to_owned(), file, LineMerge::SameRun);
        }
        let report = Report {
            format: Format::GoCover,
            producer: None,
            notes: Vec::new(),
            content: ReportContent::Coverage(coverage),
        };
        let ReportContent::Coverage(coverage) = report.without_go_module("example.com/m").content else {
            panic!()
        };
        let paths: Vec<&str> = coverage.files.keys().map(String::as_str).collect();
        assert_eq!(paths, ["c.go", "example.com/m2/b.go", "pkg/a.go"]);
    }
}
