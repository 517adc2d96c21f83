#!/usr/bin/env python3
"""Start time of the container as a host service runs it: bin/mtce with stdin /dev/null and NOTIFY_SOCKET set.

Each run copies the home (no data/), starts bin/mtce as systemd's Type=notify unit would (stdin /dev/null, stdout and
stderr to a log, NOTIFY_SOCKET naming a datagram socket this harness owns), and reports per start:

  ready_ms  fork to the READY=1 datagram: the container's own health says every configured component is active and
            every transport bound (io.mtce.lifecycle sends it; what systemd waits for before ordering units after it)
  cpu_ms    the JVM's user + system CPU at that moment (/proc/PID/stat; bin/mtce execs java in the same process)
  web_ms    fork to the status page's port listening (/proc/net/tcp, polled every 5 ms after READY; no connection
            is made, so that Jetty serves nothing before RSS is read)
  rss_kb    VmRSS SETTLE seconds after READY, with its RssAnon and RssFile parts
  web_rss_kb  then VmRSS a second after one HTTP request to the status page (Jetty's serving threads and buffers)
  stop_ms   SIGTERM to the process's exit (waitpid: this harness is the parent)
  load1     the 1-minute load average when the start began

--restarts R adds R restarts in the same home after each first start (data/ kept). Runs in a network namespace of
its own when it can (root, unshare): the embedded default's ports are fixed.

usage: bench/service-start.py [-n RUNS] [--restarts R] [-s SETTLE] [--home MTCE_HOME] [--label L] [--keep-log F]
                               [-- JVM_FLAGS...]
"""
import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
WEB_PORT = 8089
CLK_TCK = os.sysconf("SC_CLK_TCK")


def private_netns():
    """Re-runs this script in a network namespace of its own, loopback up, when it can."""
    if os.environ.get("MTCE_BENCH_NETNS"):
        subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
        return
    if os.geteuid() == 0 and shutil.which("unshare") and shutil.which("ip") \
            and subprocess.run(["unshare", "-n", "true"]).returncode == 0:
        env = dict(os.environ, MTCE_BENCH_NETNS="1")
        os.execvpe("unshare", ["unshare", "-n", sys.executable] + sys.argv, env)
    print("# no private network namespace (needs root, unshare, ip): using this one", file=sys.stderr)


def cpu_ms(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 1000 // CLK_TCK


def rss_kb(pid):
    out = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmRSS", "RssAnon", "RssFile"):
                out[key] = int(value.split()[0])
    return out.get("VmRSS", 0), out.get("RssAnon", 0), out.get("RssFile", 0)


def web_listens():
    """Whether a socket listens on the status page's port, read from /proc/net/tcp: a test connection would make
    Jetty accept and serve it, and the RSS read afterwards would carry that."""
    port = f":{WEB_PORT:04X}"
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[1].endswith(port) and fields[3] == "0A":
                        return True
        except OSError:
            pass
    return False


def rss_after_one_request(pid):
    """VmRSS a second after one HTTP request to the status page (its answer does not matter: a 401 is served too)."""
    try:
        with socket.create_connection(("127.0.0.1", WEB_PORT), timeout=5) as c:
            c.sendall(b"GET /mtce/ HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            while c.recv(65536):
                pass
    except OSError:
        return -1
    time.sleep(1)
    return rss_kb(pid)[0]


def one_start(home, flags, settle, log):
    sock_path = os.path.join(home, "notify.sock")
    if os.path.exists(sock_path):
        os.unlink(sock_path)
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(sock_path)
    env = dict(os.environ, NOTIFY_SOCKET=sock_path, MTCE_JAVA_OPTS=" ".join(flags))
    env.pop("WATCHDOG_USEC", None)
    load1 = open("/proc/loadavg").read().split()[0]
    t0 = time.monotonic()
    proc = subprocess.Popen(["bin/mtce"], cwd=home, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                            env=env)
    ready = cpu = None
    notify.settimeout(0.2)
    while ready is None:
        try:
            message = notify.recv(4096).decode(errors="replace")
        except socket.timeout:
            if proc.poll() is None and time.monotonic() - t0 < 30:
                continue
            exited = proc.poll()
            if exited is None:
                proc.kill()
                proc.wait()
            log.flush()
            with open(log.name, errors="replace") as f:
                tail = "".join(f.readlines()[-30:])
            raise SystemExit(("no READY=1 within 30 s" if exited is None else f"bin/mtce exited ({exited}) before "
                              "READY=1") + f"; the end of its log:\n{tail}")
        if "READY=1" in message.split("\n"):
            ready = (time.monotonic() - t0) * 1000
            cpu = cpu_ms(proc.pid)
    web = None
    deadline = time.monotonic() + 10
    while web is None and time.monotonic() < deadline:
        if web_listens():
            web = (time.monotonic() - t0) * 1000
        else:
            time.sleep(0.005)
    time.sleep(settle)
    rss = rss_kb(proc.pid)
    served = rss_after_one_request(proc.pid) if web else -1
    t_term = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    stop = (time.monotonic() - t_term) * 1000
    notify.close()
    os.unlink(sock_path)
    return {"ready_ms": round(ready), "cpu_ms": cpu, "web_ms": round(web) if web else -1, "rss_kb": rss[0],
            "anon_kb": rss[1], "file_kb": rss[2], "web_rss_kb": served, "stop_ms": round(stop), "load1": load1}


COLUMNS = ["ready_ms", "cpu_ms", "web_ms", "rss_kb", "anon_kb", "file_kb", "web_rss_kb", "stop_ms", "load1"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", type=int, default=10, help="first starts (each from a fresh copy of the home)")
    parser.add_argument("--restarts", type=int, default=2, help="restarts after each first start")
    parser.add_argument("-s", type=float, default=3, help="seconds after READY before RSS is read")
    parser.add_argument("--home", default=os.path.join(HERE, "..", "runtime", "target", "mtce"))
    parser.add_argument("--label", default="", help="a first column on every row (for interleaved A/B runs)")
    parser.add_argument("--keep-log", help="copy the container's log (every start of the last run) to this file")
    parser.add_argument("flags", nargs="*", help="JVM flags, into MTCE_JAVA_OPTS after bin/mtce's own")
    args = parser.parse_args()
    if not os.path.isfile(os.path.join(args.home, "lib", "mtce.jar")):
        raise SystemExit(f"no lib/mtce.jar in {args.home}: build it with mvn -B -ntp package -pl runtime -am")
    private_netns()
    work = tempfile.mkdtemp(prefix="mtce-service-start.")
    rows = []
    try:
        jar = os.path.join(args.home, "lib", "mtce.jar")
        print(f"# home {os.path.abspath(args.home)}: lib/mtce.jar of {time.ctime(os.path.getmtime(jar))}; "
              f"{os.cpu_count()} cores; MTCE_JAVA_OPTS={' '.join(args.flags)}")
        print("# " + " ".join((["label"] if args.label else []) + ["run", "phase"] + COLUMNS))
        for run in range(1, args.n + 1):
            home = os.path.join(work, "home")
            shutil.rmtree(home, ignore_errors=True)
            shutil.copytree(args.home, home, symlinks=True)
            shutil.rmtree(os.path.join(home, "data"), ignore_errors=True)
            with open(os.path.join(work, "log"), "wb") as log:
                for i in range(args.restarts + 1):
                    phase = "first" if i == 0 else "restart"
                    row = one_start(home, args.flags, args.s, log)
                    rows.append((phase, row))
                    print(" ".join(([args.label] if args.label else []) + [str(run), phase]
                                   + [str(row[c]) for c in COLUMNS]), flush=True)
        if args.keep_log:
            shutil.copyfile(os.path.join(work, "log"), args.keep_log)
        for phase in ("first", "restart"):
            picked = [r for p, r in rows if p == phase]
            if not picked:
                continue
            print(f"# {phase}: min median max")
            for c in COLUMNS[:-1]:
                values = sorted(r[c] for r in picked)
                print(f"# {c:9} {values[0]} {statistics.median(values):g} {values[-1]}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
