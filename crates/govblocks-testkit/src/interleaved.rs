//! Interleaved timing for the benches' targets that are ratios to a floor: criterion times one
//! function after the other, each for seconds, so on a machine whose other core (or host) is
//! busy part of the time the floor and the code it bounds are timed in different windows at
//! different speeds (the exchange bench saw verify / raw move from 0.77x to 1.39x between two
//! runs of one binary 20 s apart). Here every arm runs in short turns, the order reversed
//! every other round, timed in this thread's CPU time to the nanosecond; the figure to report
//! is the ratio of the means with the spread of the per-round ratios.
//!
//! A bench turns it on with `GOVBLOCKS_BENCH_CPU_ROUNDS=N` ([`rounds_from_env`]) and runs the
//! groups named on its command line ([`selected`]).
//!
//! The benches include this file with `#[path]` rather than depending on the testkit (which
//! depends on every block: a bench of a block would link the block twice); the testkit compiles
//! it as a module, so clippy and the docs check it with the rest.

/// The number of interleaved rounds asked for (`GOVBLOCKS_BENCH_CPU_ROUNDS`), if any.
pub fn rounds_from_env() -> Option<usize> {
    std::env::var("GOVBLOCKS_BENCH_CPU_ROUNDS")
        .ok()
        .and_then(|r| r.parse::<usize>().ok())
}

/// Whether the group runs in the interleaved mode: no filter on the command line, or one that
/// names it (criterion takes one filter, a regular expression: `group`, `group/arm`,
/// `one|other`).
pub fn selected(group: &str) -> bool {
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    filters.is_empty()
        || filters
            .iter()
            .flat_map(|f| f.split('|'))
            .any(|f| f.split('/').next() == Some(group))
}

/// Runs `arms` interleaved: `rounds` rounds, in each every arm `reps` times in a row (the order
/// reversed every other round, so that a drift of the machine's speed falls on every arm
/// alike), after one untimed turn each; reads this thread's CPU time
/// (`clock_gettime(CLOCK_THREAD_CPUTIME_ID)`, to the nanosecond) and the wall time around each
/// turn. Prints, per arm, the mean CPU time of a call over every round and the median wall
/// time; then, for each pair `(a, b)` of `pairs`, arm `a` against arm `b`: the ratio of the
/// means and the spread of the per-round ratios.
pub fn interleaved(
    group: &str,
    rounds: usize,
    reps: usize,
    arms: &[(&str, &dyn Fn())],
    pairs: &[(usize, usize)],
) {
    let rounds = rounds.max(1);
    let reps = reps.max(1);
    for (_, arm) in arms {
        arm();
    }
    let mut cpu = vec![Vec::with_capacity(rounds); arms.len()];
    let mut wall = vec![Vec::with_capacity(rounds); arms.len()];
    let order: Vec<usize> = (0..arms.len()).collect();
    for round in 0..rounds {
        let mut turn = order.clone();
        if round % 2 == 1 {
            turn.reverse();
        }
        for i in turn {
            let (start, clock) = (thread_cpu_ns(), std::time::Instant::now());
            for _ in 0..reps {
                (arms[i].1)();
            }
            wall[i].push(clock.elapsed().as_nanos() as f64 / reps as f64);
            cpu[i].push(thread_cpu_ns().saturating_sub(start) as f64 / reps as f64);
        }
    }
    let mean = |v: &[f64]| v.iter().sum::<f64>() / v.len().max(1) as f64;
    let median = |v: &[f64]| {
        let mut v = v.to_vec();
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let unit = |ns: f64| {
        if ns >= 1e6 {
            format!("{:.2} ms", ns / 1e6)
        } else {
            format!("{:.2} µs", ns / 1e3)
        }
    };
    println!(
        "{group}: {rounds} rounds interleaved, {reps} call(s) per arm per round, thread CPU time"
    );
    for (i, (name, _)) in arms.iter().enumerate() {
        println!(
            "  {name}: {} CPU (mean of {rounds}), {} wall (median)",
            unit(mean(&cpu[i])),
            unit(median(&wall[i]))
        );
    }
    for &(a, b) in pairs {
        let (Some(xs), Some(ys)) = (cpu.get(a), cpu.get(b)) else {
            continue;
        };
        let per_round: Vec<f64> = xs.iter().zip(ys).map(|(x, y)| x / y).collect();
        let mut sorted = per_round.clone();
        sorted.sort_by(f64::total_cmp);
        let at = |q: usize| sorted[(sorted.len() - 1) * q / 4];
        println!(
            "  {} / {}: cpu {:.3} (ratio of means), per round median {:.3}, middle half {:.3}–{:.3}, range {:.3}–{:.3}; wall {:.3} (ratio of medians)",
            short(arms[a].0),
            short(arms[b].0),
            mean(xs) / mean(ys),
            median(&per_round),
            at(1),
            at(3),
            at(0),
            at(4),
            median(&wall[a]) / median(&wall[b]),
        );
    }
}

/// An arm's name without its parenthesis.
fn short(name: &str) -> &str {
    name.split(" (").next().unwrap_or(name)
}

/// This thread's time on a CPU so far, in nanoseconds (`CLOCK_THREAD_CPUTIME_ID`: exact, where
/// `/proc/thread-self/schedstat` is brought up to date only at the scheduler's ticks).
fn thread_cpu_ns() -> u64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}
