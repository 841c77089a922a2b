//! `bolt-stub`: a scripted Bolt server for wire-level driver tests.
//!
//! ```text
//! bolt-stub SCRIPT_FILE [--listen 127.0.0.1:0] [--timeout SECONDS]
//! bolt-stub --bench [--listen 127.0.0.1:0] [--timeout SECONDS]
//! bolt-stub --cluster CONFIG_FILE [--timeout SECONDS]
//! ```
//!
//! `--cluster` runs a simulated causal cluster, each member on its own port (see `cluster.rs`).
//! `--bench` runs the benchmark server of `bench/run.mjs` instead of a script (see `bench.rs`):
//! it prints the listening line and one `shape NAME KEYS LIST_BYTES` line per record shape,
//! then serves every connection until it is stopped or `--timeout` (default: none) passes.
//!
//! Listens on the address (port 0: a free port), prints `listening on 127.0.0.1:PORT` once
//! ready, and serves each connection the next connection section of the script. One port takes
//! raw Bolt over TCP and Bolt over WebSocket (an HTTP `GET` upgrade, then binary frames).
//! Exits 0 once every scripted connection went as scripted; 1 as soon as a client did
//! something else (that connection is closed, a report on stderr says what and where); 2 on
//! timeout (default 60 s); 3 for a bad command line or script.
//!
//! # Script format
//!
//! One line each; `#` starts a comment line; blank lines are ignored.
//!
//! ```text
//! # A 5.4 server: HELLO and LOGON, one query, then the driver closes.
//! S: BOLT 5.4
//! C: HELLO {"user_agent": "*", "bolt_agent": {"product": "*", "...": "*"}}
//! C: LOGON {"scheme": "basic", "principal": "neo4j", "credentials": "pass"}
//! S: SUCCESS {"server": "Neo4j/5.26.0", "connection_id": "bolt-1"}
//!    SUCCESS {}
//! C: RUN "RETURN 1 AS n" {} {}
//!    PULL {"n": 1000}
//! S: SUCCESS {"fields": ["n"]}
//!    RECORD [1]
//!    SUCCESS {"type": "r"}
//! C?: GOODBYE
//! ---
//! # The next connection gets this section.
//! S: HTTP
//! ```
//!
//! - `C: NAME fields...` expects a client message (HELLO GOODBYE RESET RUN BEGIN COMMIT
//!   ROLLBACK DISCARD PULL TELEMETRY ROUTE LOGON LOGOFF); its fields are JSON values separated
//!   by spaces. A name alone accepts any fields. In client fields `"*"` matches any value, a map
//!   must have exactly the keys given unless it has the key `"..."` (then others are allowed),
//!   and a key written `"[key]"` may be missing.
//! - `C?: ...` is optional: if the client's next message does not match (or it has closed),
//!   the line and the `S:` lines right after it are skipped.
//! - `C: BOLT 5.8`: the version the client must pick after a manifest answer.
//! - `S: BOLT 5.4` answers the handshake with a version (`BOLT NONE`: no common version);
//!   `S: BOLT MANIFEST 6.0 5.8-5.6 4.4 CAPS 0` answers with handshake manifest v1 listing
//!   those ranges and capability bits; `S: HTTP` answers like an HTTP port and closes. The
//!   version decides how values are written (element ids from 5.0; UTC date-times from 5.0, or
//!   4.3/4.4 once a SUCCESS acknowledged `"patch_bolt": ["utc"]`).
//! - `S: SUCCESS {map}` (map optional), `S: RECORD [list]`, `S: FAILURE {map}`, `S: IGNORED`.
//! - `S: <RAW> 00 01 ff` sends bytes as they are; `S: <NOOP>` a NOOP chunk; `S: <SLEEP 200>`
//!   waits 200 ms; `S: <EXIT>` closes the connection.
//! - An indented line continues the prefix of the line above (`C:`, `C?:` or `S:`).
//! - `---` starts the next connection's section; `!: REPEAT 3` serves the section to three
//!   connections in a row.
//! - After a section's last line the client may only close the connection; an optional
//!   `C?: GOODBYE` at the end allows the GOODBYE a driver sends first.
//!
//! Values are JSON; integers (no `.`) are PackStream integers, other numbers floats.
//! Structured values are objects with one `$` key:
//!
//! | notation | value |
//! |---|---|
//! | `{"$node": [id, ["Label"], {props}, "element-id"]}` | Node (element id: default the id as text; left out before 5.0) |
//! | `{"$rel": [id, start, end, "TYPE", {props}, "eid", "start-eid", "end-eid"]}` | Relationship (element ids optional) |
//! | `{"$urel": [id, "TYPE", {props}, "eid"]}` | UnboundRelationship (element id optional) |
//! | `{"$path": [[nodes], [urels], [indices]]}` | Path |
//! | `{"$date": "2024-05-01"}` or `{"$date": days}` | Date |
//! | `{"$time": [nanos, offset_s]}`, `{"$localtime": [nanos]}` | Time, LocalTime |
//! | `{"$localdatetime": [seconds, nanos]}` | LocalDateTime |
//! | `{"$datetime": [seconds, nanos, offset_s or "Zone/Id"]}` | DateTime (tag by version) |
//! | `{"$duration": [months, days, seconds, nanos]}` | Duration |
//! | `{"$point": [srid, x, y]}`, `{"$point": [srid, x, y, z]}` | Point2D, Point3D |
//! | `{"$vector": ["f32", [1.5, 2]]}` | Vector (i8 i16 i32 i64 f32 f64) |
//! | `{"$bytes": "00 ff"}`, `{"$float": "NaN"}` | bytes, any float |
//! | `{"$uuid": "0a1b2c3d-0000-4000-8000-00000000000f"}` | UUID (Bolt 6.1; dashes optional) |
//! | `{"$struct": ["X", field, ...]}` | any structure (tag as letter or number) |
//!
//! Reports show what the client sent in the same notation.

mod bench;
mod cluster;
mod reply;
mod script;
mod serve;
mod transport;
mod values;

use std::io::Write;
use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinSet;

use script::Section;
use transport::Opened;

const USAGE: &str = "usage: bolt-stub SCRIPT_FILE [--listen 127.0.0.1:0] [--timeout SECONDS]
       bolt-stub --bench [--listen 127.0.0.1:0] [--timeout SECONDS]
       bolt-stub --cluster CONFIG_FILE [--timeout SECONDS]";
/// A script's default time limit.
const SCRIPT_TIMEOUT: Duration = Duration::from_secs(60);

/// Exit codes.
const EXIT_MISMATCH: u8 = 1;
const EXIT_TIMEOUT: u8 = 2;
const EXIT_USAGE: u8 = 3;

/// What the server does.
enum Mode {
    /// Serve the script in this file.
    Script(String),
    /// The benchmark server (`--bench`).
    Bench,
    /// The simulated cluster configured in this file (`--cluster`).
    Cluster(String),
}

/// The command line.
struct Args {
    mode: Mode,
    listen: SocketAddr,
    timeout: Option<Duration>,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    let mut script = None;
    let mut bench = false;
    let mut cluster = None;
    let mut listen = SocketAddr::from(([127, 0, 0, 1], 0));
    let mut timeout = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--listen" => {
                let value = args.next().ok_or("--listen needs an address")?;
                listen = value
                    .parse()
                    .map_err(|_| format!("--listen {value}: not an address such as 127.0.0.1:0"))?;
            }
            "--timeout" => {
                let value = args.next().ok_or("--timeout needs a number of seconds")?;
                timeout = Some(
                    value
                        .parse::<f64>()
                        .ok()
                        .and_then(|s| Duration::try_from_secs_f64(s).ok())
                        .ok_or_else(|| format!("--timeout {value}: not a number of seconds"))?,
                );
            }
            "--bench" => bench = true,
            "--cluster" => cluster = Some(args.next().ok_or("--cluster needs a file")?),
            flag if flag.starts_with("--") => return Err(format!("unknown option {flag}")),
            file if script.is_none() => script = Some(file.to_owned()),
            extra => return Err(format!("unexpected argument {extra}")),
        }
    }
    let mode = match (bench, cluster, script) {
        (true, None, None) => Mode::Bench,
        (false, Some(file), None) => Mode::Cluster(file),
        (false, None, Some(file)) => Mode::Script(file),
        (false, None, None) => return Err("no script file given".into()),
        _ => return Err("give one of a script file, --bench and --cluster".into()),
    };
    Ok(Args {
        mode,
        listen,
        timeout,
    })
}

/// What all connection tasks share.
struct Shared {
    file: String,
    sections: Vec<Section>,
    /// The section each scripted connection gets, in order of arrival.
    plan: Vec<usize>,
    /// How many Bolt connections have arrived.
    arrived: AtomicUsize,
    /// Where each scripted connection is (for the timeout report).
    progress: Mutex<Vec<String>>,
}

/// How a connection ended.
enum Ended {
    /// A scripted connection went as scripted.
    AsScripted,
    /// Not one of the scripted connections, and nothing wrong with that (a probe).
    Ignored,
    /// Something differed from the script (already reported).
    Failed,
}

/// The progress slot of one scripted connection.
struct Slot<'a> {
    shared: &'a Shared,
    index: usize,
}

impl serve::Progress for Slot<'_> {
    fn at(&self, what: String) {
        if let Ok(mut progress) = self.shared.progress.lock() {
            if let Some(slot) = progress.get_mut(self.index) {
                *slot = what;
            }
        }
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(why) => {
            eprintln!("bolt-stub: {why}\n{USAGE}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let read =
        |file: &str| std::fs::read_to_string(file).map_err(|e| format!("cannot read {file}: {e}"));
    let server = match &args.mode {
        Mode::Script(file) => read(file)
            .and_then(|text| script::parse(&text).map_err(|e| format!("{file}: {e}")))
            .map(|sections| Server::Script(file.clone(), sections)),
        Mode::Bench => Ok(Server::Bench),
        Mode::Cluster(file) => read(file)
            .and_then(|text| cluster::Config::parse(&text).map_err(|e| format!("{file}: {e}")))
            .map(Server::Cluster),
    };
    let server = match server {
        Ok(server) => server,
        Err(why) => {
            eprintln!("bolt-stub: {why}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("bolt-stub: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match server {
        Server::Script(file, sections) => runtime.block_on(run(args, file, sections)),
        Server::Bench => runtime.block_on(run_bench(args)),
        Server::Cluster(config) => runtime.block_on(cluster::run(config, args.timeout)),
    }
}

/// A server ready to start: its script or configuration read and checked.
enum Server {
    Script(String, Vec<Section>),
    Bench,
    Cluster(cluster::Config),
}

/// Binds the listening socket and prints its address; `Err` is the exit code.
async fn listen(addr: SocketAddr) -> Result<TcpListener, ExitCode> {
    let listener = match TcpListener::bind(addr).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("bolt-stub: cannot listen on {addr}: {e}");
            return Err(ExitCode::from(EXIT_USAGE));
        }
    };
    match listener.local_addr() {
        Ok(addr) => println!("listening on {addr}"),
        Err(e) => {
            eprintln!("bolt-stub: cannot tell the listening address: {e}");
            return Err(ExitCode::from(EXIT_USAGE));
        }
    }
    Ok(listener)
}

/// The benchmark server: serves every connection until stopped or the timeout passes.
async fn run_bench(args: Args) -> ExitCode {
    let listener = match listen(args.listen).await {
        Ok(listener) => listener,
        Err(code) => return code,
    };
    let shapes = Arc::new(bench::shapes());
    for shape in shapes.iter() {
        println!(
            "shape {} {} {}",
            shape.name,
            shape.keys.join(","),
            shape.list_bytes
        );
    }
    let _ = std::io::stdout().flush();
    let serve_all = async {
        let mut next_id = 0;
        loop {
            let stream = match listener.accept().await {
                Ok((stream, _)) => stream,
                Err(e) => {
                    eprintln!("bolt-stub: accepting a connection failed: {e}");
                    continue;
                }
            };
            next_id += 1;
            let (id, shapes) = (next_id, shapes.clone());
            tokio::spawn(async move {
                if let Opened::Bolt(conn) = transport::accept(stream).await {
                    if let Err(e) = bench::serve(conn, id, shapes).await {
                        eprintln!("bolt-stub: connection {id}: {e}");
                    }
                }
            });
        }
    };
    match args.timeout {
        Some(limit) => _ = tokio::time::timeout(limit, serve_all).await,
        None => serve_all.await,
    }
    ExitCode::SUCCESS
}

async fn run(args: Args, file: String, sections: Vec<Section>) -> ExitCode {
    let listener = match listen(args.listen).await {
        Ok(listener) => listener,
        Err(code) => return code,
    };
    let _ = std::io::stdout().flush();
    let timeout = args.timeout.unwrap_or(SCRIPT_TIMEOUT);
    let plan: Vec<usize> = sections
        .iter()
        .enumerate()
        .flat_map(|(i, s)| std::iter::repeat(i).take(s.repeat))
        .collect();
    let total = plan.len();
    let shared = Arc::new(Shared {
        file,
        sections,
        progress: Mutex::new(vec!["not connected yet".into(); total]),
        plan,
        arrived: AtomicUsize::new(0),
    });
    // Serves until every scripted connection went as scripted (`true`) or one failed.
    let serve_all = async {
        let mut tasks = JoinSet::new();
        let mut finished = 0;
        while finished < total {
            tokio::select! {
                accepted = listener.accept() => match accepted {
                    Ok((stream, _)) => {
                        tasks.spawn(handle(stream, shared.clone()));
                    }
                    Err(e) => eprintln!("bolt-stub: accepting a connection failed: {e}"),
                },
                Some(joined) = tasks.join_next() => match joined {
                    Ok(Ended::AsScripted) => finished += 1,
                    Ok(Ended::Ignored) => {}
                    Ok(Ended::Failed) => return false,
                    Err(e) => {
                        eprintln!("bolt-stub: a connection task failed: {e}");
                        return false;
                    }
                },
            }
        }
        true
    };
    match tokio::time::timeout(timeout, serve_all).await {
        Ok(true) => {
            eprintln!("bolt-stub: all {total} scripted connection(s) went as scripted");
            ExitCode::SUCCESS
        }
        Ok(false) => ExitCode::from(EXIT_MISMATCH),
        Err(_) => {
            eprintln!(
                "bolt-stub: timed out after {} s with scripted connections unfinished:",
                timeout.as_secs_f64()
            );
            if let Ok(progress) = shared.progress.lock() {
                for (i, at) in progress.iter().enumerate() {
                    if at != DONE {
                        eprintln!("  connection {}: {at}", i + 1);
                    }
                }
            }
            ExitCode::from(EXIT_TIMEOUT)
        }
    }
}

/// The progress of a connection that went as scripted.
const DONE: &str = "done";

/// Serves one accepted connection.
async fn handle(stream: TcpStream, shared: Arc<Shared>) -> Ended {
    let conn = match transport::accept(stream).await {
        Opened::Bolt(conn) => conn,
        Opened::Silent(what) => {
            eprintln!("bolt-stub: note: {what}");
            return Ended::Ignored;
        }
        Opened::Rejected(why) => {
            eprintln!("bolt-stub: closed a connection that is not Bolt: {why}");
            return Ended::Failed;
        }
    };
    let index = shared.arrived.fetch_add(1, Ordering::SeqCst);
    let Some(&section) = shared.plan.get(index) else {
        eprintln!(
            "bolt-stub: connection {} is one more than the script has ({}); closed it",
            index + 1,
            shared.plan.len()
        );
        conn.close().await;
        return Ended::Failed;
    };
    let slot = Slot {
        shared: &shared,
        index,
    };
    match serve::serve(conn, &shared.sections[section], &shared.file, &slot).await {
        Ok(()) => {
            serve::Progress::at(&slot, DONE.into());
            Ended::AsScripted
        }
        Err(report) => {
            eprintln!("bolt-stub: connection {}: {report}", index + 1);
            Ended::Failed
        }
    }
}
