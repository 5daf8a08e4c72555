//! Two-sample significance tests: Mann-Whitney U on raw timings, Welch's t-test on summaries.
//!
//! Both are two-sided and agree with SciPy: [`mann_whitney_u`] with
//! `scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)`,
//! [`welch_t_test`] with `scipy.stats.ttest_ind_from_stats(..., equal_var=False)`. The special
//! functions are written out from their definitions (DLMF 5.11, 8.11, 8.17) rather than taken from
//! a crate: `statrs` would bring `nalgebra` and more for two functions.
//!
//! Nothing here panics: empty samples, non-finite values and a zero standard error give `None`.

/// The result of a Mann-Whitney U test.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct MannWhitney {
    /// U of the first sample: how many (first, second) pairs have the first value larger, ties
    /// counting one half (SciPy's `statistic`).
    pub u: f64,
    /// The standardized statistic, with tie and continuity corrections.
    pub z: f64,
    /// The two-sided p-value.
    pub p_value: f64,
}

/// Mann-Whitney U test of two samples, two-sided, by the normal approximation with the tie
/// correction and a continuity correction of one half.
///
/// `None` when a sample is empty or holds a value that is not finite. When every value is tied the
/// samples cannot be told apart and `p_value` is 1, as in SciPy. There is no exact test for tiny
/// samples: with fewer than about eight values a side the approximation is rough.
pub fn mann_whitney_u(x: &[f64], y: &[f64]) -> Option<MannWhitney> {
    if x.is_empty() || y.is_empty() || x.iter().chain(y).any(|value| !value.is_finite()) {
        return None;
    }
    let (n1, n2) = (x.len() as f64, y.len() as f64);
    let mut pooled: Vec<(f64, bool)> =
        x.iter().map(|&value| (value, true)).chain(y.iter().map(|&value| (value, false))).collect();
    pooled.sort_by(|left, right| left.0.total_cmp(&right.0));
    // Sum of the (mid)ranks of `x`, and of t³ - t over groups of t tied values.
    let (mut rank_sum, mut tie_term) = (0.0, 0.0);
    let mut start = 0;
    while start < pooled.len() {
        let value = pooled.get(start).map(|pair| pair.0)?;
        let rest = pooled.get(start..)?;
        let group = rest.iter().take_while(|pair| pair.0 == value).count();
        let from_x = rest.iter().take(group).filter(|pair| pair.1).count();
        let tied = group as f64;
        // Ranks start + 1 ..= start + tied share their mean.
        let mid_rank = start as f64 + (tied + 1.0) / 2.0;
        rank_sum += mid_rank * from_x as f64;
        tie_term += tied * tied * tied - tied;
        start += group;
    }
    let u1 = rank_sum - n1 * (n1 + 1.0) / 2.0;
    let u2 = n1 * n2 - u1;
    let n = n1 + n2;
    let mean = n1 * n2 / 2.0;
    let spread = (n1 * n2 / 12.0 * ((n + 1.0) - tie_term / (n * (n - 1.0)))).sqrt();
    // The larger U with one half taken off for continuity; the survival function doubled.
    let z = (u1.max(u2) - mean - 0.5) / spread;
    let p_value = if z.is_nan() { 1.0 } else { (2.0 * normal_sf(z)).clamp(0.0, 1.0) };
    Some(MannWhitney { u: u1, z, p_value })
}

/// What Welch's test needs of a sample: its mean, sample standard deviation and size.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Summary {
    /// The mean.
    pub mean: f64,
    /// The sample standard deviation (n − 1 in the denominator).
    pub stddev: f64,
    /// The number of values.
    pub count: u64,
}

impl Summary {
    /// A summary from its parts.
    pub fn new(mean: f64, stddev: f64, count: u64) -> Self {
        Self { mean, stddev, count }
    }

    #[cfg(test)]
    /// The summary of a sample, or `None` when it is empty.
    pub fn of(sample: &[f64]) -> Option<Self> {
        if sample.is_empty() {
            return None;
        }
        let n = sample.len() as f64;
        let mean = sample.iter().sum::<f64>() / n;
        let stddev = if sample.len() > 1 {
            (sample.iter().map(|value| (value - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Some(Self::new(mean, stddev, sample.len() as u64))
    }
}

/// The result of Welch's t-test.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Welch {
    /// t of the first sample against the second (positive when the first mean is larger).
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// The two-sided p-value from Student's t distribution.
    pub p_value: f64,
}

/// Welch's unequal-variances t-test, two-sided.
///
/// `None` when a sample has fewer than two values, a figure is not finite or negative, or both
/// standard deviations are zero (the standard error is zero and t undefined).
pub fn welch_t_test(a: &Summary, b: &Summary) -> Option<Welch> {
    let finite = |summary: &Summary| {
        summary.mean.is_finite() && summary.stddev.is_finite() && summary.stddev >= 0.0 && summary.count >= 2
    };
    if !finite(a) || !finite(b) {
        return None;
    }
    let (na, nb) = (a.count as f64, b.count as f64);
    let (va, vb) = (a.stddev * a.stddev / na, b.stddev * b.stddev / nb);
    let variance = va + vb;
    if !(variance > 0.0 && variance.is_finite()) {
        return None;
    }
    let t = (a.mean - b.mean) / variance.sqrt();
    let df = variance * variance / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    if !t.is_finite() || df.is_nan() || df <= 0.0 {
        return None;
    }
    let p_value = student_t_two_sided(t, df)?.clamp(0.0, 1.0);
    Some(Welch { t, df, p_value })
}

/// P(|T| ≥ |t|) for Student's t with `df` degrees of freedom: I_{df/(df+t²)}(df/2, 1/2).
fn student_t_two_sided(t: f64, df: f64) -> Option<f64> {
    let x = df / (df + t * t);
    regularized_incomplete_beta(x, df / 2.0, 0.5)
}

/// P(Z ≥ z) for the standard normal: erfc(z/√2)/2, with erfc(y) = Q(1/2, y²) for y ≥ 0.
fn normal_sf(z: f64) -> f64 {
    if z.is_infinite() {
        return if z > 0.0 { 0.0 } else { 1.0 };
    }
    let half_tail = 0.5 * upper_regularized_gamma(0.5, z * z / 2.0).unwrap_or(0.0);
    if z >= 0.0 { half_tail } else { 1.0 - half_tail }
}

const EPSILON: f64 = 1e-15;
const TINY: f64 = 1e-300;
const MAX_TERMS: usize = 100_000;

/// ln Γ(x) for x > 0: the Lanczos approximation (g = 7, nine terms), relative error about 1e-15.
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.5203681218851,
        -1259.1392167224028,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507343278686905,
        -0.13857109526572012,
        9.984_369_578_019_572e-6,
        1.5056327351493116e-7,
    ];
    if x < 0.5 {
        // Γ(x) = Γ(x + 1) / x keeps the series where it is accurate.
        return ln_gamma(x + 1.0) - x.ln();
    }
    let x = x - 1.0;
    let mut sum = 0.0;
    for (k, coefficient) in COEFFICIENTS.iter().enumerate().rev() {
        sum += if k == 0 { *coefficient } else { coefficient / (x + k as f64) };
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// Q(a, x) = Γ(a, x)/Γ(a): by its power series when x < a + 1 (DLMF 8.11.4 gives P), else by the
/// continued fraction of DLMF 8.9.2 evaluated with the modified Lentz method.
fn upper_regularized_gamma(a: f64, x: f64) -> Option<f64> {
    if a.is_nan() || a <= 0.0 || x.is_nan() || x < 0.0 {
        return None;
    }
    if x == 0.0 {
        return Some(1.0);
    }
    let prefactor = (-x + a * x.ln() - ln_gamma(a)).exp();
    if x < a + 1.0 {
        let (mut term, mut sum, mut denominator) = (1.0 / a, 1.0 / a, a);
        for _ in 0..MAX_TERMS {
            denominator += 1.0;
            term *= x / denominator;
            sum += term;
            if term.abs() < sum.abs() * EPSILON {
                return Some(1.0 - sum * prefactor);
            }
        }
        None
    } else {
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..MAX_TERMS {
            let i = i as f64;
            let an = -i * (i - a);
            b += 2.0;
            d = nonzero(an * d + b);
            c = nonzero(b + an / c);
            d = 1.0 / d;
            let step = d * c;
            h *= step;
            if (step - 1.0).abs() < EPSILON {
                return Some(prefactor * h);
            }
        }
        None
    }
}

/// I_x(a, b), the regularized incomplete beta function, by the continued fraction of DLMF 8.17.22
/// (modified Lentz), on the side of the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where it converges fast.
fn regularized_incomplete_beta(x: f64, a: f64, b: f64) -> Option<f64> {
    if !(a > 0.0 && b > 0.0) || x.is_nan() {
        return None;
    }
    if x <= 0.0 {
        return Some(0.0);
    }
    if x >= 1.0 {
        return Some(1.0);
    }
    let ln_front = ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln();
    let front = ln_front.exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        Some(front * beta_continued_fraction(x, a, b)? / a)
    } else {
        Some(1.0 - front * beta_continued_fraction(1.0 - x, b, a)? / b)
    }
}

fn beta_continued_fraction(x: f64, a: f64, b: f64) -> Option<f64> {
    let mut c = 1.0;
    let mut d = 1.0 / nonzero(1.0 - (a + b) * x / (a + 1.0));
    let mut h = d;
    for m in 1..MAX_TERMS {
        let m = m as f64;
        // The even step d_{2m}, then the odd step d_{2m+1}.
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        d = 1.0 / nonzero(1.0 + even * d);
        c = nonzero(1.0 + even / c);
        h *= d * c;
        let odd = -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0));
        d = 1.0 / nonzero(1.0 + odd * d);
        c = nonzero(1.0 + odd / c);
        let step = d * c;
        h *= step;
        if (step - 1.0).abs() < EPSILON {
            return Some(h);
        }
    }
    None
}

/// Keeps Lentz's method away from dividing by zero.
fn nonzero(value: f64) -> f64 {
    if value.abs() < TINY { TINY } else { value }
}

#[cfg(test)]
mod tests {
    //! Reference figures printed by SciPy 1.17.1 (NumPy 2.4.6, CPython 3.11.7):
    //! `scipy.stats.mannwhitneyu(x, y, alternative="two-sided", method="asymptotic", use_continuity=True)`,
    //! `scipy.stats.ttest_ind(a, b, equal_var=False)` and
    //! `scipy.stats.ttest_ind_from_stats(m1, s1, n1, m2, s2, n2, equal_var=False)`; `math.lgamma`.

    use super::*;

    /// Equal to `expected` within `relative` of its size.
    fn close(actual: f64, expected: f64, relative: f64) -> bool {
        (actual - expected).abs() <= relative * expected.abs().max(f64::MIN_POSITIVE)
    }

    macro_rules! assert_close {
        ($actual:expr, $expected:expr, $relative:expr) => {{
            let (actual, expected) = ($actual, $expected);
            assert!(close(actual, expected, $relative), "{actual:e} is not {expected:e}");
        }};
    }

    #[test]
    fn ln_gamma_matches_python() {
        for (x, expected) in [
            (0.5, 0.5723649429247004),
            (2.5, 0.2846828704729196),
            (10.3, 13.48203678613836),
            (1000.7, 5910.055746911472),
            (123456.5, 1323898.6306627372),
        ] {
            assert_close!(ln_gamma(x), expected, 1e-14);
        }
        assert!(ln_gamma(1.0).abs() < 1e-15);
    }

    #[test]
    #[allow(clippy::approx_constant, reason = "3.14 is a measurement in R's example data, not pi")]
    fn mann_whitney_matches_scipy() {
        let cases: [(&[f64], &[f64], f64, f64); 4] = [
            // R's wilcox.test example data (Hollander & Wolfe): ties within y.
            (
                &[1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
                &[0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29],
                58.0,
                0.13291945818531892,
            ),
            // Ties across the samples.
            (
                &[1.0, 2.0, 2.0, 3.0, 3.0, 3.0, 4.0, 5.0],
                &[3.0, 4.0, 4.0, 5.0, 5.0, 6.0, 7.0, 7.0, 8.0],
                7.5,
                0.006373133838085873,
            ),
            // Unequal sizes, a shift of about 5%, like two benchmark runs.
            (
                &[2.01, 2.03, 1.98, 2.05, 2.00, 2.10, 1.99, 2.02, 2.04, 2.07, 2.01, 2.03],
                &[
                    2.11, 2.09, 2.15, 2.08, 2.12, 2.20, 2.10, 2.13, 2.05, 2.14, 2.16, 2.11, 2.09, 2.18, 2.12,
                    2.10, 2.13, 2.17, 2.07, 2.14,
                ],
                8.0,
                1.3907816958342839e-05,
            ),
            // Fully separated: the far tail.
            (
                &(0..50).map(f64::from).collect::<Vec<_>>(),
                &(100..150).map(f64::from).collect::<Vec<_>>(),
                0.0,
                7.066071930388932e-18,
            ),
        ];
        for (x, y, u, p) in cases {
            let test = mann_whitney_u(x, y).unwrap();
            assert_eq!(test.u, u);
            assert_close!(test.p_value, p, 1e-10);
            // The test is symmetric in its p-value.
            assert_close!(mann_whitney_u(y, x).unwrap().p_value, p, 1e-10);
        }
    }

    #[test]
    fn mann_whitney_degenerate_samples() {
        // SciPy: U 3.0, p 1.0 (all tied) and U 0.0, p 1.0 (one value each).
        assert_eq!(
            mann_whitney_u(&[1.0, 1.0, 1.0], &[1.0, 1.0]).map(|test| (test.u, test.p_value)),
            Some((3.0, 1.0))
        );
        assert_eq!(mann_whitney_u(&[1.0], &[2.0]).map(|test| (test.u, test.p_value)), Some((0.0, 1.0)));
        assert_eq!(mann_whitney_u(&[], &[1.0]), None);
        assert_eq!(mann_whitney_u(&[1.0, f64::NAN], &[1.0]), None);
        assert_eq!(mann_whitney_u(&[1.0], &[f64::INFINITY]), None);
    }

    #[test]
    fn welch_matches_scipy_on_samples() {
        // a, b, then SciPy's t, df and p.
        type Case<'a> = (&'a [f64], &'a [f64], f64, f64, f64);
        let cases: [Case<'_>; 4] = [
            (
                &[27.5, 21.0, 19.0, 23.6, 17.0, 17.9, 16.9, 20.1, 21.9, 22.6, 23.1, 19.6, 19.0, 21.7, 21.4],
                &[27.1, 22.0, 20.8, 23.4, 23.4, 23.5, 25.8, 22.0, 24.8, 20.2, 21.9, 22.1, 22.9, 20.5, 24.4],
                -2.455356398286006,
                24.988529290231416,
                0.021378001462866992,
            ),
            (
                &[1.0, 2.0, 3.0],
                &[10.0, 20.0, 35.0, 11.0],
                -2.9226481008123892,
                3.0595441383918636,
                0.059906108507606526,
            ),
            // One sample without spread: df is the other's n − 1.
            (&[5.0, 5.0, 5.0, 5.0], &[4.0, 6.0, 5.0, 7.0], -0.7745966692414834, 3.0, 0.4950253460597111),
            (&[1.0, 2.0, 3.0], &[0.0, 2.0, 4.0], 0.0, 2.9411764705882346, 1.0),
        ];
        for (a, b, t, df, p) in cases {
            let test = welch_t_test(&Summary::of(a).unwrap(), &Summary::of(b).unwrap()).unwrap();
            assert_close!(test.t, t, 1e-12);
            assert_close!(test.df, df, 1e-12);
            assert_close!(test.p_value, p, 1e-10);
        }
    }

    #[test]
    fn welch_matches_scipy_on_summaries() {
        for ((m1, s1, n1, m2, s2, n2), t, p) in [
            ((0.0020, 0.0001, 5000, 0.00201, 0.00012, 4000), -4.225771273642594, 2.408500231685138e-05),
            ((0.0020, 0.0001, 50, 0.00203, 0.00015, 40), -1.0864289525102253, 0.28129498063824193),
            ((0.0020, 0.0001, 10, 0.00211, 0.0001, 10), -2.4596747752497654, 0.0242535334706298),
            // Benchmark-sized samples (df near 68 000).
            ((2.41e-05, 6.2e-06, 38523, 2.43e-05, 6.5e-06, 30000), -4.077237873953627, 4.562979545217285e-05),
            // The far tail.
            ((0.0020, 0.0001, 200, 0.0022, 0.0001, 200), -20.000000000000007, 4.2538231697137925e-62),
        ] {
            let test = welch_t_test(&Summary::new(m1, s1, n1), &Summary::new(m2, s2, n2)).unwrap();
            assert_close!(test.t, t, 1e-12);
            assert_close!(test.p_value, p, 1e-9);
        }
    }

    #[test]
    fn welch_refuses_what_it_cannot_test() {
        let spread = Summary::new(1.0, 0.1, 10);
        assert_eq!(welch_t_test(&Summary::new(1.0, 0.0, 10), &Summary::new(2.0, 0.0, 10)), None);
        assert_eq!(welch_t_test(&Summary::new(1.0, 0.1, 1), &spread), None);
        assert_eq!(welch_t_test(&Summary::new(f64::NAN, 0.1, 10), &spread), None);
        assert_eq!(welch_t_test(&Summary::new(1.0, -0.1, 10), &spread), None);
        assert_eq!(welch_t_test(&spread, &Summary::new(1.0, f64::INFINITY, 10)), None);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn special_functions_at_their_edges() {
        assert_eq!(normal_sf(f64::INFINITY), 0.0);
        assert_eq!(normal_sf(f64::NEG_INFINITY), 1.0);
        assert_close!(normal_sf(0.0), 0.5, 1e-15);
        // scipy.stats.norm.sf(1.96) = 0.024997895148220435, norm.sf(-3) = 0.9986501019683699
        assert_close!(normal_sf(1.96), 0.024997895148220435, 1e-12);
        assert_close!(normal_sf(-3.0), 0.9986501019683699, 1e-14);
        assert_eq!(regularized_incomplete_beta(0.0, 2.0, 0.5), Some(0.0));
        assert_eq!(regularized_incomplete_beta(1.0, 2.0, 0.5), Some(1.0));
        assert_eq!(regularized_incomplete_beta(0.5, 0.0, 0.5), None);
        assert_eq!(regularized_incomplete_beta(f64::NAN, 1.0, 0.5), None);
        assert_eq!(upper_regularized_gamma(0.5, -1.0), None);
    }
}
