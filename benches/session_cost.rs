//! The timer of `benches/session-pg.sh`: what setting up a fresh session of a PostgreSQL
//! store costs as mfactl's own client sees it (rust-postgres, the simple query protocol,
//! as `Target::connect` sends its set-up). For each database URL and file of set-up
//! SQL, RUNS fresh connections each send the file as one message and then mfactl's first
//! query (FIRST, a file too); the time from sending the set-up to the first query's
//! answer is taken, the connection itself is not. Runs alternate between the pairs, so
//! that a busy machine slows them alike. Prints, per pair, the file, the median and the
//! 10th percentile in milliseconds, tab separated.
//!
//!   cargo bench --bench session_cost -- RUNS FIRST URL SETUP [URL SETUP]...

use std::time::Instant;

type Failure = Box<dyn std::error::Error>;

fn main() -> Result<(), Failure> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    // `cargo bench` adds `--bench` to a harness-less bench's arguments.
    let args: Vec<&String> = args.iter().filter(|a| *a != "--bench").collect();
    let [runs, first, pairs @ ..] = args.as_slice() else {
        return Err("usage: session_cost RUNS FIRST URL SETUP [URL SETUP]...".into());
    };
    if pairs.is_empty() || pairs.len() % 2 != 0 {
        return Err("give a database URL and a set-up file for each variant".into());
    }
    let runs: usize = runs.parse()?;
    let first = std::fs::read_to_string(first)?;
    let variants = pairs
        .chunks(2)
        .map(|pair| Ok((pair[0], std::fs::read_to_string(pair[1])?, pair[1])))
        .collect::<Result<Vec<_>, std::io::Error>>()?;
    let mut times = vec![Vec::with_capacity(runs); variants.len()];
    for _ in 0..runs {
        for ((url, setup, _), taken) in variants.iter().zip(&mut times) {
            #[expect(
                clippy::disallowed_methods,
                reason = "a benchmark of the session set-up alone, on a throw-away server"
            )]
            let mut client = postgres::Client::connect(url, postgres::NoTls)?;
            let start = Instant::now();
            std::hint::black_box(client.simple_query(setup)?);
            std::hint::black_box(client.simple_query(&first)?);
            taken.push(start.elapsed().as_secs_f64() * 1000.0);
        }
    }
    for ((_, _, name), taken) in variants.iter().zip(&mut times) {
        taken.sort_by(f64::total_cmp);
        let at = |share: usize| taken.get(taken.len() * share / 100).copied().unwrap_or(0.0);
        #[expect(clippy::print_stdout, reason = "the benchmark's figures")]
        {
            println!("{name}\t{:.3}\t{:.3}", at(50), at(10));
        }
    }
    Ok(())
}
