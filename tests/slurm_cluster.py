#!/usr/bin/env python3
"""A one-node Slurm cluster on this machine, for tests and benchmarks:
munged on a private socket with a fresh key, slurmctld and slurmd on
localhost with a configuration written to a temporary directory
(proctrack/linuxproc, task/none, no accounting, no systemd).  Needs root
(CI and the development machines run as root) and Debian's slurm-wlm and
munge.

    with Cluster(cpus=2) as c:
        subprocess.run(["sbatch", ...], env=c.env)

Cluster.unavailable() says why a cluster cannot start here, or None.
"""
import os
import shutil
import socket
import subprocess
import tempfile
import time

DAEMONS = ("munged", "slurmctld", "slurmd", "sbatch", "squeue", "sinfo")


def _free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def _which(name):
    return shutil.which(name) or next(
        (p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}")
         if os.path.exists(p)), None)


class ClusterError(Exception):
    pass


class Cluster:
    @staticmethod
    def unavailable():
        if os.geteuid() != 0:
            return "not root: slurmd must run as root to start jobs"
        missing = [d for d in DAEMONS if not _which(d)]
        if missing:
            return ("not installed: " + ", ".join(missing) +
                    " (Debian packages slurm-wlm and munge)")
        return None

    def __init__(self, cpus=2):
        self.cpus = cpus
        self.procs = []
        self.dir = None
        self.env = None

    def _log(self, name):
        path = os.path.join(self.dir, name + ".log")
        try:
            with open(path, errors="replace") as f:
                return f.read()[-3000:]
        except OSError:
            return ""

    def start(self, timeout=60):
        why = self.unavailable()
        if why:
            raise ClusterError(why)
        self.dir = tempfile.mkdtemp(prefix="folcheck-slurm-")
        os.chmod(self.dir, 0o755)
        d = self.dir
        for sub in ("munge", "spool", "state"):
            os.makedirs(os.path.join(d, sub), mode=0o700)
        # the socket's directory must be searchable by all (munged)
        os.chmod(os.path.join(d, "munge"), 0o711)
        key = os.path.join(d, "munge", "munge.key")
        with open(key, "wb") as f:
            f.write(os.urandom(1024))
        os.chmod(key, 0o400)
        sock = os.path.join(d, "munge", "munge.socket")
        self.procs.append(subprocess.Popen(
            [_which("munged"), "--foreground", "--force",
             f"--socket={sock}", f"--key-file={key}",
             f"--pid-file={d}/munge/munged.pid",
             f"--log-file={d}/munged.log",
             f"--seed-file={d}/munge/munged.seed"],
            stdout=subprocess.DEVNULL, stderr=open(f"{d}/munged.err", "w")))
        host = socket.gethostname().split(".")[0]
        conf = os.path.join(d, "slurm.conf")
        with open(conf, "w") as f:
            f.write(f"""ClusterName=folcheck
SlurmctldHost={host}(127.0.0.1)
SlurmctldPort={_free_port()}
SlurmdPort={_free_port()}
AuthType=auth/munge
AuthInfo=socket={sock}
CredType=cred/munge
SlurmUser=root
SlurmdUser=root
StateSaveLocation={d}/state
SlurmdSpoolDir={d}/spool
SlurmctldPidFile={d}/slurmctld.pid
SlurmdPidFile={d}/slurmd.pid
SlurmctldLogFile={d}/slurmctld.log
SlurmdLogFile={d}/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdTimeout=30
InactiveLimit=0
KillWait=5
MinJobAge=300
NodeName={host} NodeAddr=127.0.0.1 CPUs={self.cpus} State=UNKNOWN
PartitionName=debug Nodes={host} Default=YES MaxTime=INFINITE State=UP
""")
        self.env = dict(os.environ, SLURM_CONF=conf)
        deadline = time.time() + timeout
        while not os.path.exists(sock):
            if time.time() > deadline or self.procs[0].poll() is not None:
                raise ClusterError("munged did not start: " +
                                   self._log("munged") +
                                   open(f"{d}/munged.err").read())
            time.sleep(0.1)
        for daemon in ("slurmctld", "slurmd"):
            args = [_which(daemon), "-D", "-f", conf]
            if daemon == "slurmctld":
                args.insert(2, "-c")  # a clean state
            self.procs.append(subprocess.Popen(
                args, env=self.env, stdout=subprocess.DEVNULL,
                stderr=open(f"{d}/{daemon}.err", "w")))
        # wait for the node to be idle
        while True:
            if any(p.poll() is not None for p in self.procs):
                raise ClusterError("a daemon stopped: " + self.diagnose())
            p = subprocess.run([_which("sinfo"), "-h", "-o", "%t"],
                               env=self.env, capture_output=True, text=True)
            if p.returncode == 0 and p.stdout.strip() in ("idle", "mix",
                                                          "alloc"):
                return self
            if time.time() > deadline:
                raise ClusterError("the node did not become idle within "
                                   f"{timeout} s (sinfo: "
                                   f"{p.stdout.strip() or p.stderr.strip()}): "
                                   + self.diagnose())
            time.sleep(0.3)

    def diagnose(self):
        out = []
        for name in ("munged", "slurmctld", "slurmd"):
            text = self._log(name)
            try:
                text += open(os.path.join(self.dir, name + ".err")).read()
            except OSError:
                pass
            if text.strip():
                out.append(f"[{name}] " + text.strip()[-800:])
        return " ".join(out)

    def wait_jobs(self, timeout=1800):
        """Until the queue is empty."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            p = subprocess.run([_which("squeue"), "-h"], env=self.env,
                               capture_output=True, text=True)
            if p.returncode == 0 and not p.stdout.strip():
                return True
            time.sleep(0.5)
        return False

    def stop(self):
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
        for p in reversed(self.procs):
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        self.procs = []
        if self.dir:
            shutil.rmtree(self.dir, ignore_errors=True)
            self.dir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
