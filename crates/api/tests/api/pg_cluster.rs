//! A PostgreSQL server of the test's own, to kill and restart: the shared server of the
//! PostgreSQL pass (`TEST_PG_URL`) must survive every other test, so crash tests cannot use it.
//!
//! Uses the binaries of that pass (`PG_BINDIR`, exported by `scripts/with-postgres.sh`), and
//! PostgreSQL's production defaults for durability (`fsync`, `synchronous_commit` on), unlike
//! the shared server, which trades durability for speed: what is under test is that an
//! acknowledged write survives a crash, which only holds with them.

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const USER: &str = "budget";

pub struct PgCluster {
    bindir: PathBuf,
    /// Holds the data directory; removed on drop.
    dir: tempfile::TempDir,
    pub port: u16,
    /// The `postgres` user's (uid, gid) when the test runs as root, else none.
    owner: Option<(u32, u32)>,
    postmaster: Option<Child>,
}

impl PgCluster {
    /// initdb into a temporary directory and start the server on a free port.
    pub fn start() -> Self {
        let bindir = PathBuf::from(std::env::var("PG_BINDIR").expect(
            "PG_BINDIR names the PostgreSQL server binaries (scripts/with-postgres.sh sets it)",
        ));
        let dir = tempfile::tempdir().expect("a temporary directory");
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut cluster = Self {
            bindir,
            dir,
            port,
            owner: postgres_ids(),
            postmaster: None,
        };
        std::fs::create_dir(cluster.sockets()).expect("the socket directory");
        if cluster.owner.is_some() {
            // initdb and postgres refuse to run as root; the cluster belongs to `postgres`.
            let status = Command::new("chown")
                .args(["-R", "postgres:"])
                .arg(cluster.dir.path())
                .status()
                .expect("chown runs");
            assert!(status.success(), "chown of the cluster directory failed");
        }
        let output = cluster
            .as_owner(&cluster.bindir.join("initdb"))
            .arg("--pgdata")
            .arg(cluster.data())
            .args([
                "--username",
                USER,
                "--auth=trust",
                "--encoding=UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .expect("initdb runs");
        assert!(
            output.status.success(),
            "initdb failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        cluster.resume();
        cluster
    }

    pub fn admin_url(&self) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/postgres", self.port)
    }

    pub fn url(&self, database: &str) -> String {
        format!("postgres://{USER}@127.0.0.1:{}/{database}", self.port)
    }

    /// Starts the server on the existing data directory (after a kill: crash recovery replays
    /// the write-ahead log) and waits until it accepts connections.
    pub fn resume(&mut self) {
        assert!(self.postmaster.is_none(), "the server is already running");
        // A new log per start, so [`Self::log`] tells what this start did (crash recovery).
        std::fs::File::create(self.log_path()).expect("a log file");
        self.postmaster = Some(self.spawn_postmaster());
        let started = Instant::now();
        loop {
            let ready = Command::new(self.bindir.join("pg_isready"))
                .args(["-q", "-h", "127.0.0.1", "-p", &self.port.to_string()])
                .status()
                .is_ok_and(|s| s.success());
            if ready {
                return;
            }
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "PostgreSQL did not start: {}",
                self.log()
            );
            // A start refused because the killed server's processes were not all gone yet is
            // tried again.
            let exited = self
                .postmaster
                .as_mut()
                .and_then(|child| child.try_wait().ok().flatten())
                .is_some();
            if exited {
                self.postmaster = Some(self.spawn_postmaster());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn spawn_postmaster(&self) -> Child {
        let log = std::fs::OpenOptions::new()
            .append(true)
            .open(self.log_path())
            .expect("the log file");
        let mut command = self.as_owner(&self.bindir.join("postgres"));
        command
            .arg("-D")
            .arg(self.data())
            .args(["-p", &self.port.to_string()])
            .arg("-k")
            .arg(self.sockets())
            .args([
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "max_connections=50",
            ])
            .stdin(Stdio::null())
            .stdout(log.try_clone().expect("log handle"))
            .stderr(log)
            // Its own process group: [`Self::kill`] takes the postmaster and every backend at
            // once, as a crash of the machine would, rather than letting backends linger.
            .process_group(0);
        command.spawn().expect("postgres starts")
    }

    fn log_path(&self) -> PathBuf {
        self.dir.path().join("postgres.log")
    }

    /// SIGKILL to the postmaster and all its backends: no shutdown, no checkpoint.
    pub fn kill(&mut self) {
        let mut postmaster = self.postmaster.take().expect("the server is running");
        let group = format!("-{}", postmaster.id());
        let status = Command::new("kill")
            .args(["-KILL", "--", &group])
            .status()
            .expect("kill runs");
        assert!(status.success(), "kill -KILL {group} failed");
        postmaster.wait().expect("the postmaster is reaped");
        // Backends die with the group; give the kernel a moment to release their shared
        // memory, which the next postmaster checks before it starts.
        std::thread::sleep(Duration::from_millis(300));
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.log_path()).unwrap_or_default()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn sockets(&self) -> PathBuf {
        self.dir.path().join("sockets")
    }

    /// `program` run as the cluster's owner. As root that is the `postgres` user, set on the
    /// child itself rather than through runuser/su: the postmaster must be this process's own
    /// child, so that [`Self::kill`] reaps it at once. Otherwise it is reaped by whoever
    /// inherits it, perhaps late, and until then its PID still looks alive to the next
    /// postmaster, which refuses to start ("lock file postmaster.pid already exists").
    fn as_owner(&self, program: &Path) -> Command {
        let mut command = Command::new(program);
        command.current_dir(self.dir.path());
        if let Some((uid, gid)) = self.owner {
            command.uid(uid).gid(gid);
        }
        command
    }
}

/// The `postgres` user's uid and gid when running as root (initdb and postgres refuse root).
fn postgres_ids() -> Option<(u32, u32)> {
    if !is_root() {
        return None;
    }
    let id = |flag: &str| -> u32 {
        let output = Command::new("id")
            .args([flag, "postgres"])
            .output()
            .expect("id runs");
        String::from_utf8_lossy(&output.stdout)
            .trim()
            .parse()
            .expect("a postgres user exists (scripts/with-postgres.sh creates it)")
    };
    Some((id("-u"), id("-g")))
}

impl Drop for PgCluster {
    fn drop(&mut self) {
        if self.postmaster.is_some() {
            self.kill();
        }
    }
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}
