//! Numerical checks of the built-in answer key of the CS 182 midterm (`decks/cs182_midterm.key.ron`).
//!
//! Each test first works out the truth for one question numerically (finite differences, Monte
//! Carlo, quadrature, grid scans), asserts what it found, and only then checks that the key agrees.
//! A wrong key entry, or a wrong argument behind it, therefore shows up as a failing test. Sizes are
//! small and the random numbers come from a seeded xorshift64* generator, so the tests are
//! deterministic and each runs well under a second, even unoptimized.

use examdeck::deck::{Answer, Exam};
use std::f64::consts::{FRAC_2_SQRT_PI, PI, SQRT_2};
use std::sync::OnceLock;

/// The built-in exam with its key, parsed once for all tests.
fn exam() -> &'static Exam {
    static EXAM: OnceLock<Exam> = OnceLock::new();
    EXAM.get_or_init(|| examdeck::builtin::parse().exam)
}

/// The key's answer for card `id`.
fn key(id: &str) -> Answer {
    let card = exam().card(id).unwrap_or_else(|| panic!("the built-in exam has no card {id:?}"));
    card.answer.unwrap_or_else(|| panic!("the built-in key gives no answer for card {id:?}"))
}

/// xorshift64* (Vigna): tiny, fast and plenty good for Monte Carlo estimates in tests.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // The state must never be zero; the multiplication spreads nearby seeds apart.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in the open interval (0, 1).
    fn uniform(&mut self) -> f64 {
        ((self.next_u64() >> 11) as f64 + 0.5) / (1_u64 << 53) as f64
    }

    /// Uniform in (lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * self.uniform()
    }

    /// Standard normal, by the Box-Muller transform (the second variate of the pair is dropped).
    fn gaussian(&mut self) -> f64 {
        let (u1, u2) = (self.uniform(), self.uniform());
        (-2.0 * u1.ln()).sqrt() * (2.0 * PI * u2).cos()
    }
}

// ---------------------------------------------------------------------------------------------
// Question 1: the Jacobian of f(x) = n x / sum(x).

const N1: usize = 4;

/// f(x) = n x / sum(x): rescales x to mean 1.
fn normalize(x: &[f64; N1]) -> [f64; N1] {
    let s: f64 = x.iter().sum();
    std::array::from_fn(|i| N1 as f64 * x[i] / s)
}

/// Entry (i, j) of the matrix that option `option` (1-based, exam order) of question 1 proposes.
fn q1_option(option: u32, x: &[f64; N1], i: usize, j: usize) -> f64 {
    let n = N1 as f64;
    let s: f64 = x.iter().sum();
    let identity = if i == j { 1.0 } else { 0.0 };
    match option {
        // n/s (I s - x x^T)
        1 => n / s * (identity * s - x[i] * x[j]),
        // n/s (I s^2 - x 1^T)
        2 => n / s * (identity * s * s - x[i]),
        // n/s^2 (I s - x x^T)
        3 => n / (s * s) * (identity * s - x[i] * x[j]),
        // n/s^2 (I s - x 1^T)
        4 => n / (s * s) * (identity * s - x[i]),
        _ => unreachable!("question 1 has four options"),
    }
}

#[test]
fn q1_jacobian_matches_finite_differences() {
    let mut rng = Rng::new(1);
    let h = 1e-6;
    // Largest |finite difference - option| over all entries and all sample points, per option.
    let mut max_error = [0.0_f64; 4];
    for _ in 0..3 {
        let x: [f64; N1] = std::array::from_fn(|_| rng.range(0.5, 2.5));
        // Central differences: column j is (f(x + h e_j) - f(x - h e_j)) / 2h.
        let columns: [[f64; N1]; N1] = std::array::from_fn(|j| {
            let (mut plus, mut minus) = (x, x);
            plus[j] += h;
            minus[j] -= h;
            let (f_plus, f_minus) = (normalize(&plus), normalize(&minus));
            std::array::from_fn(|i| (f_plus[i] - f_minus[i]) / (2.0 * h))
        });
        for (option, worst) in (1..).zip(max_error.iter_mut()) {
            for (j, column) in columns.iter().enumerate() {
                for (i, &entry) in column.iter().enumerate() {
                    *worst = worst.max((entry - q1_option(option, &x, i, j)).abs());
                }
            }
        }
    }
    let matching: Vec<u32> =
        (1..).zip(max_error).filter(|&(_, error)| error < 1e-5).map(|(option, _)| option).collect();
    assert_eq!(
        matching.len(),
        1,
        "exactly one option of Q1 should match the finite-difference Jacobian (max errors per option: {max_error:?})"
    );
    assert_eq!(
        key("1"),
        Answer::Choice(matching[0]),
        "Q1: option {} matches the finite-difference Jacobian (max errors per option: {max_error:?})",
        matching[0]
    );
}

// ---------------------------------------------------------------------------------------------
// Question 10: output variance of a deep linear network with N(0, 1) weights.

/// Monte Carlo estimate of the output variance of a linear network with `hidden` hidden layers and
/// an output layer, every layer `d`×`d` with N(0, 1) weights, on standard normal input. Weights and
/// input are drawn afresh for every sample, and the `d` outputs are pooled.
fn linear_network_output_variance(rng: &mut Rng, d: usize, hidden: usize, samples: usize) -> f64 {
    let (mut sum, mut sum_sq) = (0.0, 0.0);
    for _ in 0..samples {
        let mut h: Vec<f64> = (0..d).map(|_| rng.gaussian()).collect();
        for _ in 0..=hidden {
            h = (0..d).map(|_| h.iter().map(|hj| rng.gaussian() * hj).sum::<f64>()).collect();
        }
        sum += h.iter().sum::<f64>();
        sum_sq += h.iter().map(|y| y * y).sum::<f64>();
    }
    let count = (samples * d) as f64;
    let mean = sum / count;
    sum_sq / count - mean * mean
}

#[test]
fn q10_linear_network_variance_grows_as_d_to_the_number_of_layers() {
    let mut rng = Rng::new(10);
    // (d, L) pairs for which the five options of Q10 take five different values.
    for (d, hidden) in [(3_usize, 1_usize), (2, 2)] {
        let estimate = linear_network_output_variance(&mut rng, d, hidden, 30_000);
        let (df, lf) = (d as f64, hidden as f64);
        // Each of the L + 1 weight matrices multiplies the variance by d.
        let theory = df.powf(lf + 1.0);
        assert!(
            (estimate / theory - 1.0).abs() < 0.15,
            "d = {d}, L = {hidden}: Monte Carlo output variance {estimate:.3} is not within 15% of d^(L+1) = {theory}"
        );
        // The options of Q10 in exam order: 1, d(L+1), d^2(L+1), d^(L+1), d^(2L+1).
        let options = [1.0, df * (lf + 1.0), df * df * (lf + 1.0), df.powf(lf + 1.0), df.powf(2.0 * lf + 1.0)];
        let log_distance = |value: f64| (estimate / value).ln().abs();
        let (closest, _) =
            (1..).zip(options).min_by(|a, b| log_distance(a.1).total_cmp(&log_distance(b.1))).expect("Q10 has options");
        assert_eq!(
            key("10"),
            Answer::Choice(closest),
            "Q10, d = {d}, L = {hidden}: the estimate {estimate:.3} is closest to option {closest} of {options:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Question 12: parameters of a 1×1 convolution.

/// The shape of a convolution layer; its parameter count does not depend on the input's spatial size.
struct ConvLayer {
    kernel: u64,
    in_channels: u64,
    out_channels: u64,
}

impl ConvLayer {
    /// One kernel × kernel × in_channels filter and one bias per output channel.
    fn parameters(&self) -> u64 {
        self.kernel * self.kernel * self.in_channels * self.out_channels + self.out_channels
    }
}

#[test]
fn q12_one_by_one_convolution_has_four_parameters() {
    let count = ConvLayer { kernel: 1, in_channels: 3, out_channels: 1 }.parameters();
    let exam = exam();
    let card = exam.card("12").expect("the built-in exam has card 12");
    let options: Vec<u64> = exam
        .card_choices(card)
        .iter()
        .map(|c| {
            c.text.trim().parse::<u64>().unwrap_or_else(|e| panic!("Q12 option {:?} is not a number: {e}", c.text))
        })
        .collect();
    assert_eq!(options, vec![65_536_u64, 256, 3, 4], "Q12's options as the exam states them");
    let matching: Vec<u32> =
        (1..).zip(&options).filter(|&(_, &value)| value == count).map(|(option, _)| option).collect();
    assert_eq!(matching.len(), 1, "exactly one option of Q12 should equal the parameter count {count}");
    assert_eq!(key("12"), Answer::Choice(matching[0]), "Q12: a 1×1 conv from 3 channels to 1 has {count} parameters");
}

// ---------------------------------------------------------------------------------------------
// Question 24: switching ReLU to leaky ReLU (0.2) while keeping the output variance at 1.

fn relu(x: f64) -> f64 {
    x.max(0.0)
}

fn leaky_relu(x: f64) -> f64 {
    if x >= 0.0 { x } else { 0.2 * x }
}

/// E[g(Z)] for Z ~ N(0, 1), by Simpson's rule on [-12, 12]. 0 is a node between two Simpson
/// panels, so a kink there costs no accuracy.
fn normal_expectation(g: impl Fn(f64) -> f64) -> f64 {
    const INTERVALS: usize = 2000; // even, as Simpson's rule needs
    let (a, b) = (-12.0, 12.0);
    let h = (b - a) / INTERVALS as f64;
    let weighted: f64 = (0..=INTERVALS)
        .map(|k| {
            let z = a + h * k as f64;
            let weight = if k == 0 || k == INTERVALS {
                1.0
            } else if k % 2 == 1 {
                4.0
            } else {
                2.0
            };
            weight * g(z) * (-0.5 * z * z).exp()
        })
        .sum();
    weighted * h / 3.0 / (2.0 * PI).sqrt()
}

/// Var f(z) for a pre-activation z ~ N(0, s²).
fn output_variance(f: fn(f64) -> f64, s: f64) -> f64 {
    let mean = normal_expectation(|z| f(s * z));
    normal_expectation(|z| f(s * z).powi(2)) - mean * mean
}

#[test]
fn q24_leaky_relu_needs_a_smaller_preactivation_variance() {
    // With x ~ N(0, I_d), each pre-activation z_i = sum_j W_ij x_j + b_i has variance
    // s² = d σ_W² + σ_b², and is treated as Gaussian.
    let relu_gain = output_variance(relu, 1.0);
    let leaky_gain = output_variance(leaky_relu, 1.0);
    // The quadrature agrees with the closed forms 1/2 - 1/(2π) and (1 + a²)/2 - (1 - a)²/(2π).
    assert!((relu_gain - (0.5 - 0.5 / PI)).abs() < 1e-8, "Var ReLU(Z) = {relu_gain}");
    assert!((leaky_gain - (0.52 - 0.32 / PI)).abs() < 1e-8, "Var LeakyReLU(Z) = {leaky_gain}");
    // Both activations are positively homogeneous, so Var f(z) = s² Var f(Z).
    let scaled = output_variance(leaky_relu, 2.0);
    assert!((scaled - 4.0 * leaky_gain).abs() < 1e-9, "Var LeakyReLU(2Z) = {scaled}, not 4 Var LeakyReLU(Z)");
    assert!(leaky_gain > relu_gain, "leaky ReLU should spread a Gaussian more than ReLU: {leaky_gain} vs {relu_gain}");

    // Unit output variance needs s² = 1 / gain, so the switch must shrink s².
    let (old_s2, new_s2) = (1.0 / relu_gain, 1.0 / leaky_gain);
    assert!(new_s2 < old_s2, "leaky ReLU should need a smaller s² than ReLU: {new_s2} vs {old_s2}");

    let d = 4.0;
    let relu_output = |sigma_w2: f64, sigma_b2: f64| output_variance(relu, (d * sigma_w2 + sigma_b2).sqrt());
    let leaky_output = |sigma_w2: f64, sigma_b2: f64| output_variance(leaky_relu, (d * sigma_w2 + sigma_b2).sqrt());
    // ReLU initializations with unit output variance, with 10%, 50% and 90% of s² coming from the bias.
    let inits: Vec<(f64, f64)> =
        [0.1_f64, 0.5, 0.9].iter().map(|share| ((1.0 - share) * old_s2 / d, share * old_s2)).collect();
    for &(sigma_w2, sigma_b2) in &inits {
        let before = relu_output(sigma_w2, sigma_b2);
        assert!((before - 1.0).abs() < 1e-9, "the ReLU initialization should have unit output variance, not {before}");
        let after = leaky_output(sigma_w2, sigma_b2);
        assert!(after > 1.1, "leaky ReLU with the ReLU initialization should overshoot variance 1, got {after}");
    }

    // 24.1 and 24.2: raising σ_W and/or σ_b only raises s², so the variance stays above 1.
    let factors = [1.01_f64, 1.1, 1.5, 2.0, 4.0];
    let (mut both_up, mut bias_up): (Vec<f64>, Vec<f64>) = (Vec::new(), Vec::new());
    for &(sigma_w2, sigma_b2) in &inits {
        for up in factors {
            bias_up.push(leaky_output(sigma_w2, sigma_b2 * up));
            both_up.extend(factors.iter().map(|w_up| leaky_output(sigma_w2 * w_up, sigma_b2 * up)));
        }
    }
    let lowest_both_up = both_up.iter().copied().fold(f64::INFINITY, f64::min);
    let lowest_bias_up = bias_up.iter().copied().fold(f64::INFINITY, f64::min);
    assert!(lowest_both_up > 1.1, "increasing σ_W and σ_b should keep the variance above 1, got {lowest_both_up}");
    assert!(lowest_bias_up > 1.1, "increasing σ_b alone should keep the variance above 1, got {lowest_bias_up}");
    assert_eq!(
        key("24.1"),
        Answer::Tf(lowest_both_up <= 1.0),
        "24.1: increasing both gives variance ≥ {lowest_both_up}"
    );
    assert_eq!(
        key("24.2"),
        Answer::Tf(lowest_bias_up <= 1.0),
        "24.2: increasing σ_b gives variance ≥ {lowest_bias_up}"
    );

    // 24.3: keeping σ_W and lowering σ_b to σ_b² = new s² - d σ_W² works when that is still ≥ 0,
    // i.e. when the bias carried enough of s² (50% does; 10% does not, hence "may").
    let bias_only_down = |&(sigma_w2, sigma_b2): &(f64, f64)| {
        let needed = new_s2 - d * sigma_w2;
        (0.0..sigma_b2).contains(&needed) && (leaky_output(sigma_w2, needed) - 1.0).abs() < 1e-9
    };
    let sometimes = inits.iter().any(bias_only_down);
    let always = inits.iter().all(bias_only_down);
    assert!(sometimes, "lowering σ_b alone should restore unit variance for some initialization");
    assert!(!always, "lowering σ_b alone cannot help when the bias carried too little of s²");
    assert_eq!(key("24.3"), Answer::Tf(sometimes), "24.3: lowering σ_b alone can restore unit variance");

    // 24.4: scaling both variances by new s² / old s² < 1 always restores unit variance.
    let shrink = new_s2 / old_s2;
    let both_down = inits.iter().all(|&(sigma_w2, sigma_b2)| {
        shrink < 1.0 && (leaky_output(shrink * sigma_w2, shrink * sigma_b2) - 1.0).abs() < 1e-9
    });
    assert!(both_down, "shrinking σ_W² and σ_b² by {shrink} should restore unit variance");
    assert_eq!(key("24.4"), Answer::Tf(both_down), "24.4: decreasing both restores unit variance");
}

// ---------------------------------------------------------------------------------------------
// Question 32: convexity, monotonicity, invertibility and zero gradients of ReLU, GELU, sigmoid.

/// The error function, from the series with positive terms (Abramowitz & Stegun 7.1.6)
/// erf(x) = 2/√π · exp(-x²) · Σ_{n≥0} 2ⁿ x^(2n+1) / (1·3·…·(2n+1)).
/// It converges for every x without cancellation, so it is accurate to a few ulps here.
fn erf(x: f64) -> f64 {
    let x2 = x * x;
    let (mut term, mut sum, mut odd) = (x, x, 1.0);
    while term.abs() > 1e-17 * sum.abs() {
        odd += 2.0;
        term *= 2.0 * x2 / odd;
        sum += term;
    }
    FRAC_2_SQRT_PI * (-x2).exp() * sum
}

/// Φ, the standard normal CDF.
fn normal_cdf(x: f64) -> f64 {
    0.5 * (1.0 + erf(x / SQRT_2))
}

fn gelu(x: f64) -> f64 {
    x * normal_cdf(x)
}

fn sigmoid(x: f64) -> f64 {
    1.0 / (1.0 + (-x).exp())
}

/// Central-difference derivative.
fn derivative(f: fn(f64) -> f64, x: f64) -> f64 {
    let h = 1e-6;
    (f(x + h) - f(x - h)) / (2.0 * h)
}

/// A root of `g` in [lo, hi], where g(lo) and g(hi) have opposite signs, by bisection.
fn bisect(g: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    let lo_negative = g(lo) < 0.0;
    for _ in 0..60 {
        let mid = lo.midpoint(hi);
        if (g(mid) < 0.0) == lo_negative {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    lo.midpoint(hi)
}

/// The grid x_k = -6 + k/100 on [-6, 6].
fn grid() -> Vec<f64> {
    (0..=1200_u32).map(|k| -6.0 + 12.0 * f64::from(k) / 1200.0).collect()
}

/// Q32's four properties of `f`, in the order of its statements: convex, monotonically
/// nondecreasing, invertible, has a zero gradient somewhere.
fn properties(f: fn(f64) -> f64, rng: &mut Rng) -> [bool; 4] {
    let grid = grid();
    let values: Vec<f64> = grid.iter().map(|&x| f(x)).collect();

    // Convex: the exam's inequality on random pairs and weights; one violation beyond rounding disproves it.
    let convex = (0..2000).all(|_| {
        let (x1, x2, t) = (rng.range(-6.0, 6.0), rng.range(-6.0, 6.0), rng.uniform());
        f(t * x1 + (1.0 - t) * x2) <= t * f(x1) + (1.0 - t) * f(x2) + 1e-9
    });

    // Nondecreasing: every step along the grid goes up or stays level.
    let nondecreasing = values.windows(2).all(|w| w[0] <= w[1]);

    // Invertible: a continuous function on an interval is one-to-one exactly when it is strictly
    // monotone. Equal neighbours (a flat piece) or a change of direction means some value is taken
    // twice (intermediate value theorem), so the function is not injective and has no inverse.
    let invertible = values.windows(2).all(|w| w[0] < w[1]) || values.windows(2).all(|w| w[0] > w[1]);

    // Zero gradient: a slope within 1e-6 of 0 at a grid point, or a sign change of the slope
    // between neighbours, refined by bisection to a point whose slope is within 1e-6 of 0. The scan
    // stays on [-4, 4]: further out, GELU's slope is nonzero but below the tolerance
    // (GELU'(-6) ≈ -3.5e-8), which would count as a zero for the wrong reason.
    let inner: Vec<f64> = grid.iter().copied().filter(|x| x.abs() <= 4.0).collect();
    let slopes: Vec<f64> = inner.iter().map(|&x| derivative(f, x)).collect();
    let flat_point = slopes.iter().any(|g| g.abs() < 1e-6);
    let stationary_point = inner
        .windows(2)
        .zip(slopes.windows(2))
        .any(|(x, g)| g[0] * g[1] < 0.0 && derivative(f, bisect(|t| derivative(f, t), x[0], x[1])).abs() < 1e-6);
    let zero_gradient = flat_point || stationary_point;

    [convex, nondecreasing, invertible, zero_gradient]
}

#[test]
fn q32_erf_is_accurate() {
    for (x, expected) in [(0.5, 0.5204998778130465), (1.0, 0.8427007929497149), (2.0, 0.9953222650189527)] {
        assert!((erf(x) - expected).abs() < 1e-14, "erf({x}) = {}, expected {expected}", erf(x));
        assert!((erf(-x) + expected).abs() < 1e-14, "erf(-{x}) = {}, expected -{expected}", erf(-x));
    }
    assert!((erf(3.0) - 0.9999779095030014).abs() < 1e-14, "erf(3) = {}", erf(3.0));
}

#[test]
fn q32_activation_properties() {
    // GELU's only stationary point is its minimum near -0.752, where GELU ≈ -0.170.
    let minimum = bisect(|t| derivative(gelu, t), -1.0, -0.5);
    assert!((minimum + 0.7518).abs() < 1e-3, "GELU's minimum should be near -0.752, found {minimum}");
    assert!((gelu(minimum) + 0.170).abs() < 1e-3, "GELU's minimum value should be near -0.170, got {}", gelu(minimum));

    // σ'(x) = σ(x)(1 - σ(x)) with 0 < σ < 1, so the slope is positive on all of ℝ; on the grid it
    // is at least σ'(±6) ≈ 0.0025, far above the tolerance.
    let least_sigmoid_slope = grid().iter().map(|&x| derivative(sigmoid, x)).fold(f64::INFINITY, f64::min);
    assert!(
        least_sigmoid_slope > 1e-3,
        "the sigmoid's slope on [-6, 6] should stay positive, min {least_sigmoid_slope}"
    );

    type Activation = (&'static str, char, fn(f64) -> f64);
    let activations: [Activation; 3] = [("ReLU", 'a', relu), ("GELU", 'b', gelu), ("sigmoid", 'c', sigmoid)];
    let names = ["convex", "monotonically nondecreasing", "invertible", "zero gradient somewhere"];
    for (seed, (name, part, f)) in (32..).zip(activations) {
        let computed = properties(f, &mut Rng::new(seed));
        for (statement, (property, value)) in (1..).zip(names.iter().zip(computed)) {
            let id = format!("32.{part}.{statement}");
            assert_eq!(key(&id), Answer::Tf(value), "card {id}: numerically, {name} {property} is {value}");
        }
    }
}
