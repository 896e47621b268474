"""bench/benchlib.py -- what minimail's benchmarks share (docs/PERFORMANCE.md).

Imported by bench/smtp-bench and bench/imap-bench (Python 3 standard
library only): a log line with the time since the start, the process tree
and the memory and CPU of processes from /proc, bounded waits, starting a
minimail server and reading its "listening on" line, a description of the
machine, a fast rm -rf, and the Markdown tables the reports print.

Not part of the book; nothing here is asserted, only measured.
"""

import concurrent.futures
import os
import platform
import re
import select
import shutil
import socket
import subprocess
import sys
import time

#: The program name in front of log lines; each benchmark sets its own.
PROG = "bench"

T_START = time.monotonic()


def log(msg):
    print("%s: [%5.1fs] %s" % (PROG, time.monotonic() - T_START, msg), file=sys.stderr,
          flush=True)


class SetupError(Exception):
    pass


# ---------------------------------------------------------------------------
# /proc: process tree and memory
# ---------------------------------------------------------------------------

def stat_fields(pid):
    """The fields of /proc/PID/stat after the command name, or None.  The
    name (field 2) may hold spaces and parentheses, so the fields are taken
    after its last ')'; the list starts with field 3 (state), so field N
    is at index N - 3 (utime, field 14, at 11)."""
    try:
        with open("/proc/%s/stat" % pid, "rb") as f:
            data = f.read()
    except OSError:
        return None
    return data[data.rfind(b")") + 2:].split()


def proc_parents():
    """{pid: ppid} of every process (no /proc/PID/task/*/children here)."""
    out = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        rest = stat_fields(name)
        if rest is not None and len(rest) > 1:
            out[int(name)] = int(rest[1])
    return out


def descendants(root, parents):
    kids = {}
    for pid, ppid in parents.items():
        kids.setdefault(ppid, []).append(pid)
    seen, todo = [], [root]
    while todo:
        p = todo.pop()
        for c in kids.get(p, []):
            seen.append(c)
            todo.append(c)
    return seen


CLK_TCK = os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(root):
    """CPU time (user + system) used so far by a server: its live processes
    plus every child they have reaped (cutime/cstime in /proc/PID/stat), so
    that the sessions which came and went during a run are counted too."""
    parents = proc_parents()
    if root not in parents:
        return None
    ticks = 0
    for pid in [root] + descendants(root, parents):
        fields = stat_fields(pid)
        if fields is not None:      # utime, stime, cutime, cstime: fields 14-17
            ticks += sum(int(x) for x in fields[11:15])
    return ticks / CLK_TCK


def proc_cpu_seconds(pid):
    """CPU time (user + system) used so far by one process, or None."""
    fields = stat_fields(pid)
    if fields is None:
        return None
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def loadavg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "?"


def read_comm(pid):
    try:
        with open("/proc/%d/comm" % pid) as f:
            return f.read().strip()
    except OSError:
        return None


def read_status_kb(pid, keys):
    vals = {}
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in keys:
                    vals[k] = int(v.split()[0])
    except (OSError, ValueError):
        return None
    return vals


def read_rollup_kb(pid):
    """Pss and private memory (kB) from smaps_rollup, or None."""
    vals = {}
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                k, _, v = line.partition(":")
                if k in ("Pss", "Private_Clean", "Private_Dirty"):
                    vals[k] = int(v.split()[0])
    except (OSError, ValueError):
        return None
    if "Pss" not in vals:
        return None
    return {"pss": vals["Pss"],
            "private": vals.get("Private_Clean", 0) + vals.get("Private_Dirty", 0)}


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def port_accepts(port, timeout=0.5):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except OSError:
        return False


def free_port():
    """A port that was free a moment ago (Postfix cannot be told port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until(pred, timeout, step=0.05):
    """Poll pred() until it is true or timeout seconds passed (bounded)."""
    deadline = time.monotonic() + timeout
    while True:
        if pred():
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(step)


def pid_alive(pid):
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False
    except PermissionError:
        return True


def count_files(d):
    try:
        return sum(1 for e in os.scandir(d) if not e.name.startswith("."))
    except FileNotFoundError:
        return 0


def fs_of(path):
    """(mount point, device, fs type) of the file system holding path."""
    path = os.path.realpath(path)
    best = ("/", "?", "?")
    try:
        with open("/proc/self/mounts") as f:
            for line in f:
                dev, mnt, fstype = line.split()[:3]
                mnt = mnt.replace("\\040", " ")
                if (path == mnt or path.startswith(mnt.rstrip("/") + "/")) and len(mnt) >= len(best[0]):
                    best = (mnt, dev, fstype)
    except OSError:
        pass
    return best


def machine_info(tmp):
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemTotal"):
                    mem = "%d MiB" % (int(line.split()[1]) // 1024)
    except OSError:
        pass
    mnt, dev, fstype = fs_of(tmp)
    osname = "?"
    try:
        with open("/etc/os-release") as f:
            for line in f:
                if line.startswith("PRETTY_NAME="):
                    osname = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "memory": mem,
            "kernel": platform.release(), "os": osname,
            "filesystem": "%s on %s (%s)" % (fstype, dev, mnt)}


def remove_tree(top):
    """rm -rf top, unlinking files from several threads at once.

    After a run there are tens of thousands of small files, and each
    unlink(2) on a journalling file system waits more than it computes
    (about a millisecond here): 16 at once take a fraction of the time.
    """
    files = []
    for d, _, names in os.walk(top):
        files.extend(os.path.join(d, n) for n in names)

    def unlink(p):
        try:
            os.unlink(p)
        except OSError:
            pass
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as ex:
        list(ex.map(unlink, files, chunksize=64))
    shutil.rmtree(top, ignore_errors=True)


def rotated(items, k):
    """ITEMS turned left by K places: [a, b, c], 1 -> [b, c, a].  The
    benchmarks measure the peers in a turning order, one step a
    repetition: on this disk whoever goes second in a fixed order is
    favoured (docs/PERFORMANCE.md)."""
    k %= max(len(items), 1)
    return items[k:] + items[:k]


def fmt(v, nd=1):
    if v is None:
        return "-"
    return "%.*f" % (nd, v)


def fmtr(v):
    return "-" if v is None else "%.2fx" % v


def table(hdr, rows):
    """A Markdown table (readable as plain text too)."""
    w = [max(len(hdr[i]), *(len(r[i]) for r in rows)) if rows else len(hdr[i])
         for i in range(len(hdr))]
    lines = ["| " + " | ".join(h.ljust(w[i]) for i, h in enumerate(hdr)) + " |",
             "|" + "|".join("-" * (x + 2) for x in w) + "|"]
    for r in rows:
        lines.append("| " + " | ".join(c.rjust(w[i]) for i, c in enumerate(r)) + " |")
    return lines


# ---------------------------------------------------------------------------
# minimail's servers: the "listening on" line
# ---------------------------------------------------------------------------

def read_listening_port(proc, what, logpath, timeout=15):
    """Wait (bounded) for the one line a minimail server prints on standard
    output, "listening on 127.0.0.1:PORT", and return PORT.  proc is a
    subprocess.Popen with stdout=PIPE."""
    line = b""
    deadline = time.monotonic() + timeout
    fd = proc.stdout.fileno()
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise SetupError("%s did not say 'listening on' within %d s" % (what, timeout))
        r, _, _ = select.select([fd], [], [], left)
        if r:
            chunk = os.read(fd, 256)
            if not chunk:
                raise SetupError("%s exited at start: see %s" % (what, logpath))
            line += chunk
    m = re.match(rb"listening on 127\.0\.0\.1:(\d+)\r?\n", line)
    if not m:
        raise SetupError("unexpected first line from %s: %r" % (what, line))
    return int(m.group(1))
