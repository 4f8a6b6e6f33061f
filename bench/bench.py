"""Benchmark the assistant against Rasa's starter bot (`make bench`).

For our bot and for the baseline (`rasa init --no-prompt` in a temporary
folder) it measures, in one run on this machine:
  training time, start-up time (process start to first answer), latency per
  turn (p50/p95/p99) and throughput at 1, 4 and 16 concurrent conversations
  over the REST webhook, and the Rasa server's memory (peak RSS).
Then it prints both, their ratios and our targets, and with --markdown writes
the table for the README. Figures, not pass/fail: it always exits 0 unless a
server cannot be started. --startup-runs and --latency-runs measure only start-up, or
only p50 and throughput, several times for both bots alternately (README, "Speed").

For our bot it also measures (issue #19) whether a turn costs the same late in
a conversation as early: one long conversation of FAQ questions (300 turns) at
1 and at 4 concurrent conversations, median latency by turn index; and whether
memory stays flat: the resident memory (RSS) of the Rasa server and the action
server before and after 10,000 messages across 200 conversations.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import requests
import yaml

ROOT = Path(__file__).resolve().parent.parent
RASA = str(Path(sys.executable).parent / "rasa")
LEVELS = (1, 4, 16)
GROWTH_LEVELS = (1, 4)  # concurrent long conversations
BLOCK = 25  # turns per line of the latency-by-turn table
GROWTH_TARGET = 1.3  # turns 276-300 over turns 6-30, median latency
MEMORY_TARGET = 0.10  # RSS growth over the soak
TARGETS = {  # from issue #6, for this 2-core machine
    "p50_1": 25.0,
    "p95_1": 50.0,
    "startup_s": 20.0,
    "rss_mb": 800.0,
    "throughput_ratio_16": 2.0,
}


@dataclass
class Load:
    """Latencies (ms) of every turn at one concurrency level, and the wall time."""

    concurrency: int
    latencies: List[float]
    seconds: float
    errors: int = 0
    cpu_ms: float = 0.0  # the Rasa server's CPU time per turn: steadier than latency on a busy machine

    def pct(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.seconds


@dataclass
class Growth:
    """Latency (ms) by turn index of long conversations at one concurrency level."""

    concurrency: int
    by_turn: List[List[float]]  # by_turn[i]: the latencies of turn i+1 in every conversation
    cpu_ms: List[float] = field(default_factory=list)  # the Rasa server's CPU per turn, by block of BLOCK turns

    def median(self, first: int, last: int) -> float:
        """Median latency of turns first..last (1-based, inclusive), over all conversations."""
        return statistics.median(x for turn in self.by_turn[first - 1 : last] for x in turn)

    @property
    def ratio(self) -> float:
        """Median of the last 25 turns over that of turns 6-30 (issue #19: at most 1.3)."""
        n = len(self.by_turn)
        return self.median(n - 24, n) / self.median(6, 30)


@dataclass
class Memory:
    """Resident memory (MB) of the two servers before and after a soak of many messages."""

    messages: int
    conversations: int
    rasa: Tuple[float, float] = (0.0, 0.0)
    actions: Tuple[float, float] = (0.0, 0.0)


@dataclass
class Result:
    name: str
    training_s: Optional[float] = None
    startup_s: float = 0.0
    rss_mb: float = 0.0
    loads: Dict[int, Load] = field(default_factory=dict)
    growth: Dict[int, Growth] = field(default_factory=dict)
    memory: Optional[Memory] = None


def conversations() -> List[List[str]]:
    return yaml.safe_load((ROOT / "bench" / "conversations.yml").read_text())["conversations"]


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int, field_name: str = "VmHWM") -> float:
    """Peak resident memory (VmHWM) of a process, or another field of its status (VmRSS: now), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field_name + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def timed(cmd: Sequence[str], cwd: Path, env: Dict[str, str], scratch: Path) -> float:
    """Run a command to the end and return its wall time; Rasa's training cache starts empty."""
    env = {**env, "RASA_CACHE_DIRECTORY": tempfile.mkdtemp(prefix="cache-", dir=scratch)}
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def start_until_answer(cmd: Sequence[str], cwd: Path, env: Dict[str, str], url: str, log: Path) -> tuple:
    """Start a Rasa server; return (process, seconds until it answered a message)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log.open("w"), stderr=subprocess.STDOUT)
    while time.perf_counter() - start < 300:
        if proc.poll() is not None:
            sys.exit(f"error: the server exited during start-up, see {log}")
        try:
            reply = requests.post(url, json={"sender": "bench-startup", "message": "hi"}, timeout=5)
            if reply.ok and reply.json():
                return proc, time.perf_counter() - start
        except (requests.RequestException, ValueError):
            pass
        time.sleep(0.1)
    proc.terminate()
    sys.exit(f"error: no answer within 300 s, see {log}")


def replay(url: str, concurrency: int, turns: int, convs: List[List[str]]) -> Load:
    """`concurrency` patients, each replaying whole conversations, until `turns` turns are done."""
    latencies: List[float] = []
    errors = 0
    lock = threading.Lock()
    budget = [turns]

    def patient(offset: int) -> None:
        nonlocal errors
        session = requests.Session()
        i = offset
        while True:
            sender = f"bench-{uuid.uuid4().hex[:10]}"
            for message in convs[i % len(convs)]:
                with lock:
                    if budget[0] <= 0:
                        return
                    budget[0] -= 1
                start = time.perf_counter()
                try:
                    ok = session.post(url, json={"sender": sender, "message": message}, timeout=60).ok
                except requests.RequestException:
                    ok = False
                elapsed = (time.perf_counter() - start) * 1000
                with lock:
                    latencies.append(elapsed)
                    errors += not ok
            i += 1

    threads = [threading.Thread(target=patient, args=(n,)) for n in range(concurrency)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Load(concurrency, latencies, time.perf_counter() - start, errors)


def measured_load(url: str, concurrency: int, turns: int, convs: List[List[str]], pid: int) -> Load:
    """`replay`, with the CPU time per turn of the Rasa server whose process id is `pid`."""
    cpu_before = cpu_seconds(pid)
    load = replay(url, concurrency, turns, convs)
    load.cpu_ms = (cpu_seconds(pid) - cpu_before) * 1000 / len(load.latencies)
    return load


def faq_questions(convs: List[List[str]]) -> List[str]:
    """Every message of the bench conversations except the booking request and its "stop"."""
    return [m for conv in convs for m in conv if m.lower() not in ("can i book an appointment", "stop")]


def long_conversations(url: str, concurrency: int, turns: int, questions: List[str], pid: int) -> Growth:
    """`concurrency` patients, each asking `turns` FAQ questions in one conversation."""
    by_turn: List[List[float]] = [[] for _ in range(turns)]
    lock = threading.Lock()
    marks: List[float] = []  # the Rasa server's CPU seconds as every block starts, and at the end
    barrier = threading.Barrier(concurrency, action=lambda: marks.append(cpu_seconds(pid)))

    def patient(offset: int) -> None:
        session = requests.Session()
        sender = f"bench-long-{uuid.uuid4().hex[:10]}"
        for turn in range(turns):
            if turn % BLOCK == 0:
                barrier.wait()  # blocks start together, so each one's CPU time is its own
            start = time.perf_counter()
            message = questions[(turn + 7 * offset) % len(questions)]
            try:
                session.post(url, json={"sender": sender, "message": message}, timeout=60)
            except requests.RequestException:
                pass
            with lock:
                by_turn[turn].append((time.perf_counter() - start) * 1000)
        barrier.wait()

    threads = [threading.Thread(target=patient, args=(n,)) for n in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    cpu_ms = [(b - a) * 1000 / (BLOCK * concurrency) for a, b in zip(marks, marks[1:], strict=False)]
    return Growth(concurrency, by_turn, cpu_ms)


def soak(url: str, messages: int, conversations_n: int, questions: List[str], pids: Tuple[int, int]) -> Memory:
    """RSS of the Rasa server and the action server before and after `messages` FAQ
    messages across `conversations_n` conversations (4 at a time)."""
    memory = Memory(messages, conversations_n)
    before = (rss_mb(pids[0], "VmRSS"), rss_mb(pids[1], "VmRSS"))
    per_conversation = messages // conversations_n
    queue = list(range(conversations_n))
    lock = threading.Lock()

    def patient() -> None:
        session = requests.Session()
        while True:
            with lock:
                if not queue:
                    return
                n = queue.pop()
            sender = f"bench-soak-{uuid.uuid4().hex[:10]}"
            for turn in range(per_conversation):
                try:
                    session.post(
                        url, json={"sender": sender, "message": questions[(turn + n) % len(questions)]}, timeout=60
                    )
                except requests.RequestException:
                    pass

    threads = [threading.Thread(target=patient) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    memory.rasa = (before[0], rss_mb(pids[0], "VmRSS"))
    memory.actions = (before[1], rss_mb(pids[1], "VmRSS"))
    return memory


def measure(
    result: Result,
    cmd: Sequence[str],
    cwd: Path,
    env: Dict[str, str],
    args: argparse.Namespace,
    action_pid: Optional[int] = None,
) -> None:
    url = f"http://localhost:{args.port}/webhooks/rest/webhook"
    log = Path(args.out) / f"{result.name.split()[0].lower()}-server.log"
    proc, result.startup_s = start_until_answer(cmd, cwd, env, url, log)
    try:
        convs = conversations()
        replay(url, 2, 40, convs)  # warm-up
        if action_pid and args.soak_messages:
            print(
                f"  {result.name}: {args.soak_messages} messages across {args.soak_conversations} conversations...",
                flush=True,
            )
            result.memory = soak(
                url, args.soak_messages, args.soak_conversations, faq_questions(convs), (proc.pid, action_pid)
            )
            print(f"  {result.name}: {fmt_memory(result.memory)}", flush=True)
        for level in LEVELS:
            result.loads[level] = measured_load(url, level, args.turns * max(1, level // 2), convs, proc.pid)
            print(f"  {result.name}: {level:>2} concurrent: {fmt_load(result.loads[level])}", flush=True)
        result.rss_mb = rss_mb(proc.pid)
        if action_pid and args.long_turns:
            for level in GROWTH_LEVELS:
                result.growth[level] = growth = long_conversations(
                    url, level, args.long_turns, faq_questions(convs), proc.pid
                )
                print(
                    f"  {result.name}: {level} long conversation(s) of {args.long_turns} turns: "
                    f"turns {args.long_turns - 24}-{args.long_turns} take {growth.ratio:.2f}x turns 6-30",
                    flush=True,
                )
    finally:
        proc.terminate()
        proc.wait(30)


def fmt_memory(memory: Memory) -> str:
    def one(name: str, pair: Tuple[float, float]) -> str:
        return f"{name} {pair[0]:.0f} -> {pair[1]:.0f} MB ({(pair[1] / pair[0] - 1) * 100:+.1f}%)"

    return f"RSS {one('Rasa server', memory.rasa)}, {one('action server', memory.actions)}"


def fmt_load(load: Load) -> str:
    return (
        f"p50 {load.pct(50):.1f} ms, p95 {load.pct(95):.1f} ms, p99 {load.pct(99):.1f} ms, "
        f"{load.throughput:.1f} turns/s, {load.cpu_ms:.1f} ms CPU/turn, {load.errors} errors"
    )


def train_ours(args: argparse.Namespace, env: Dict[str, str], result: Result) -> Path:
    """Our model: trained now (timed, into the scratch folder) or, with --no-train, --model."""
    if not args.train:
        return Path(args.model)
    out = Path(tempfile.mkdtemp(prefix="model-", dir=args.scratch))
    print("Training our model...", flush=True)
    cmd = [RASA, "train", "--domain", "domain", "--out", str(out), "--fixed-model-name", "bench"]
    result.training_s = timed(cmd, ROOT, env, args.scratch)
    return out / "bench.tar.gz"


@contextmanager
def our_servers(
    args: argparse.Namespace, env: Dict[str, str], model: Path
) -> Iterator[Tuple[List[str], Dict[str, str], int]]:
    """Start our action server; yield (the Rasa server's command, its environment with a fresh
    SQLite tracker store, the action server's pid), as `make run` configures them."""
    actions = subprocess.Popen(
        [RASA, "run", "actions", "--port", str(args.action_port), "--actions", "actions"],
        cwd=ROOT,
        env={**env, "SANIC_HOST": "127.0.0.1"},
        stdout=(Path(args.out) / "bench-action-server.log").open("w"),
        stderr=subprocess.STDOUT,
    )
    try:
        cmd = [RASA, "run", "-m", str(model), "--port", str(args.port)]
        cmd += ["--credentials", "credentials.yml", "--endpoints", "endpoints.yml"]
        yield cmd, tracker_env(args, env), actions.pid
    finally:
        actions.terminate()
        actions.wait(30)


def tracker_env(args: argparse.Namespace, env: Dict[str, str]) -> Dict[str, str]:
    """`env` with a new, empty SQLite tracker store."""
    tracker = Path(tempfile.mkdtemp(prefix="tracker-", dir=args.scratch)) / "tracker.db"
    return {**env, "TRACKER_STORE_URL": f"sqlite:///{tracker}"}


def bench_ours(args: argparse.Namespace, env: Dict[str, str]) -> Result:
    result = Result("Clinic assistant")
    model = train_ours(args, env, result)
    with our_servers(args, env, model) as (cmd, server_env, action_pid):
        print("Starting our assistant...", flush=True)
        measure(result, cmd, ROOT, server_env, args, action_pid=action_pid)
    return result


def starter_bot(args: argparse.Namespace, env: Dict[str, str], result: Result) -> Tuple[List[str], Path]:
    """Create and train the starter bot (timed); return its Rasa server's command and folder."""
    project = Path(tempfile.mkdtemp(prefix="starter-", dir=args.scratch))
    print("Creating and training the starter bot (rasa init --no-prompt)...", flush=True)
    result.training_s = timed([RASA, "init", "--no-prompt", "--init-dir", str(project)], project, env, args.scratch)
    models = sorted((project / "models").glob("*.tar.gz"))
    return [RASA, "run", "-m", str(models[-1]), "--port", str(args.port)], project


def bench_baseline(args: argparse.Namespace, env: Dict[str, str]) -> Result:
    result = Result("Starter bot (rasa init)")
    cmd, project = starter_bot(args, env, result)
    measure(result, cmd, project, env, args)
    return result


def bench_startup(args: argparse.Namespace, env: Dict[str, str]) -> None:
    """--startup-runs N: only the start-up time (process start to first answer), N times for
    each bot, ours and the starter bot alternately so that both see the same load; prints
    every run, the medians and their ratio."""
    ours, base = Result("Clinic assistant"), Result("Starter bot (rasa init)")
    starter_cmd, project = starter_bot(args, env, base)
    times: Dict[str, List[float]] = {ours.name: [], base.name: []}
    log = Path(args.out) / "startup-server.log"
    with our_servers(args, env, Path(args.model)) as (cmd, server_env, _):
        for run_n in range(1, args.startup_runs + 1):
            for result, command, cwd, run_env in (
                (ours, cmd, ROOT, tracker_env(args, server_env)),
                (base, starter_cmd, project, env),
            ):
                proc, seconds = start_until_answer(
                    command, cwd, run_env, f"http://localhost:{args.port}/webhooks/rest/webhook", log
                )
                proc.terminate()
                proc.wait(30)
                times[result.name].append(seconds)
                print(f"  run {run_n}: {result.name}: start-up {seconds:.1f} s", flush=True)
    a, b = (statistics.median(times[r.name]) for r in (ours, base))
    print(
        f"\nstart-up, median of {args.startup_runs}: {ours.name} {a:.1f} s, {base.name} {b:.1f} s, "
        f"ours / starter {a / b:.2f}×"
    )


def bench_latency(args: argparse.Namespace, env: Dict[str, str]) -> None:
    """--latency-runs N: only p50 latency at 1 conversation and throughput at 16 (and the Rasa
    server's CPU per turn at both), N times for each bot, ours and the starter bot alternately
    so that both see the same load; both servers stay up (ours on --port, the starter bot on
    --port-2). Prints every run, the medians and their ratios."""
    ours, base = Result("Clinic assistant"), Result("Starter bot (rasa init)")
    starter_cmd, project = starter_bot(args, env, base)
    starter_cmd[-1] = str(args.port_2)
    convs = conversations()
    # (name, measure) -> one figure per run
    figures: Dict[Tuple[str, str], List[float]] = {}
    measures = ("p50 ms, 1 conversation", "CPU ms/turn, 1 conversation", "turns/s, 16 conversations")
    measures += ("CPU ms/turn, 16 conversations",)
    with our_servers(args, env, Path(args.model)) as (cmd, server_env, _):
        print("Starting both bots...", flush=True)
        bots = []
        for result, command, cwd, run_env, port in (
            (ours, cmd, ROOT, server_env, args.port),
            (base, starter_cmd, project, env, args.port_2),
        ):
            url = f"http://localhost:{port}/webhooks/rest/webhook"
            log = Path(args.out) / f"latency-{result.name.split()[0].lower()}-server.log"
            proc, _ = start_until_answer(command, cwd, run_env, url, log)
            bots.append((result, url, proc))
        try:
            for _, url, _ in bots:
                replay(url, 2, 40, convs)  # warm-up
            for run_n in range(1, args.latency_runs + 1):
                for result, url, proc in bots:
                    one = measured_load(url, 1, args.turns, convs, proc.pid)
                    sixteen = measured_load(url, 16, args.turns * 8, convs, proc.pid)
                    values = (one.pct(50), one.cpu_ms, sixteen.throughput, sixteen.cpu_ms)
                    for measure, value in zip(measures, values, strict=True):
                        figures.setdefault((result.name, measure), []).append(value)
                    print(
                        f"  run {run_n}: {result.name}: p50 {one.pct(50):.1f} ms ({one.cpu_ms:.1f} ms CPU/turn) "
                        f"at 1 conversation, {sixteen.throughput:.1f} turns/s ({sixteen.cpu_ms:.1f} ms CPU/turn) "
                        f"at 16, {one.errors + sixteen.errors} errors",
                        flush=True,
                    )
        finally:
            for _, _, proc in bots:
                proc.terminate()
                proc.wait(30)
    print(f"\nmedians of {args.latency_runs} runs (ours / starter):")
    for measure in measures:
        a, b = (statistics.median(figures[(r.name, measure)]) for r in (ours, base))
        print(f"  {measure}: {ours.name} {a:.1f}, {base.name} {b:.1f}, ours / starter {a / b:.2f}×")


def table(ours: Result, base: Result) -> str:
    """The results as a Markdown table: ours, baseline, ratio, target."""

    def row(
        label: str, a: Optional[float], b: Optional[float], unit: str, target: str = "", higher: bool = False
    ) -> str:
        if a is None or b is None:
            ratio = "–"
        else:
            ratio = f"{(a / b if b else 0):.2f}×"
        sa = "–" if a is None else f"{a:.1f} {unit}"
        sb = "–" if b is None else f"{b:.1f} {unit}"
        return f"| {label} | {sa} | {sb} | {ratio} | {target} |"

    lines = [
        "| Measure | Clinic assistant | Starter bot (`rasa init`) | ours / starter | Target |",
        "|---|---|---|---|---|",
    ]
    for level in LEVELS:
        a, b = ours.loads[level], base.loads[level]
        t50 = f"≤ {TARGETS['p50_1']:.0f} ms" if level == 1 else ""
        t95 = f"≤ {TARGETS['p95_1']:.0f} ms" if level == 1 else ""
        lines.append(row(f"p50 latency, {level} conversation(s)", a.pct(50), b.pct(50), "ms", t50))
        lines.append(row(f"p95 latency, {level} conversation(s)", a.pct(95), b.pct(95), "ms", t95))
        lines.append(row(f"p99 latency, {level} conversation(s)", a.pct(99), b.pct(99), "ms"))
        target = f"≥ {TARGETS['throughput_ratio_16']:.0f}× starter" if level == 16 else ""
        lines.append(row(f"throughput, {level} conversation(s)", a.throughput, b.throughput, "turns/s", target))
        lines.append(row(f"Rasa server CPU per turn, {level} conversation(s)", a.cpu_ms, b.cpu_ms, "ms"))
    lines.append(
        row(
            "start-up (process start to first answer)",
            ours.startup_s,
            base.startup_s,
            "s",
            f"≤ {TARGETS['startup_s']:.0f} s",
        )
    )
    lines.append(row("Rasa server memory (peak RSS)", ours.rss_mb, base.rss_mb, "MB", f"≤ {TARGETS['rss_mb']:.0f} MB"))
    lines.append(row("training time", ours.training_s, base.training_s, "s"))
    return "\n".join(lines)


def growth_table(ours: Result) -> str:
    """Median latency and Rasa CPU per turn by turn index of the long conversations, and the
    memory before and after the soak, as Markdown (ours only: the issue is about our bot)."""
    lines: List[str] = []
    if ours.growth:
        levels = sorted(ours.growth)
        head = " | ".join(f"{n} conversation(s): median latency | Rasa CPU per turn" for n in levels)
        lines += [f"| Turns | {head} |", "|---" * (1 + 2 * len(levels)) + "|"]
        turns = len(ours.growth[levels[0]].by_turn)
        for i, first in enumerate(range(0, turns, BLOCK)):
            last = min(first + BLOCK, turns)
            cells = " | ".join(
                f"{ours.growth[n].median(first + 1, last):.1f} ms | {ours.growth[n].cpu_ms[i]:.1f} ms" for n in levels
            )
            lines.append(f"| {first + 1}-{last} | {cells} |")
        ratios = " | ".join(f"{ours.growth[n].ratio:.2f}× | –" for n in levels)
        lines.append(f"| median of the last 25 / of turns 6-30 (target ≤ {GROWTH_TARGET}×) | {ratios} |")
    if ours.memory:
        m = ours.memory
        lines += [
            "",
            f"| Resident memory (RSS), {m.messages:,} messages across {m.conversations} conversations | before | after | growth (target ≤ {MEMORY_TARGET:.0%}) |",
            "|---|---|---|---|",
        ]
        for name, (a, b) in (("Rasa server", m.rasa), ("action server", m.actions)):
            lines.append(f"| {name} | {a:.0f} MB | {b:.0f} MB | {(b / a - 1) * 100:+.1f}% |")
    return "\n".join(lines)


def verdicts(ours: Result, base: Result) -> List[str]:
    one, sixteen = ours.loads[1], ours.loads[16]
    checks = [
        ("p50 at 1 conversation", one.pct(50) <= TARGETS["p50_1"]),
        ("p95 at 1 conversation", one.pct(95) <= TARGETS["p95_1"]),
        (
            "throughput at 16 ≥ 2× starter",
            sixteen.throughput >= TARGETS["throughput_ratio_16"] * base.loads[16].throughput,
        ),
        ("start-up", ours.startup_s <= TARGETS["startup_s"]),
        ("memory", ours.rss_mb <= TARGETS["rss_mb"]),
    ]
    checks += [(f"flat cost at {n} conversation(s)", g.ratio <= GROWTH_TARGET) for n, g in sorted(ours.growth.items())]
    if ours.memory:
        checks += [
            (f"flat memory, {name}", after / before - 1 <= MEMORY_TARGET)
            for name, (before, after) in (("Rasa server", ours.memory.rasa), ("action server", ours.memory.actions))
        ]
    return [f"{'met ' if ok else 'MISSED'}  {name}" for name, ok in checks]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=os.environ.get("MODEL", "models/current.tar.gz"))
    parser.add_argument("--no-train", dest="train", action="store_false", help="use --model, skip training ours")
    parser.add_argument("--no-baseline", dest="baseline", action="store_false")
    parser.add_argument("--turns", type=int, default=120, help="turns per level (times level/2 above 2)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("RASA_PORT", 5005)))
    parser.add_argument("--action-port", type=int, default=int(os.environ.get("ACTION_PORT", 5055)))
    parser.add_argument("--long-turns", type=int, default=300, help="turns of each long conversation (0: skip)")
    parser.add_argument("--soak-messages", type=int, default=10_000, help="messages of the memory soak (0: skip)")
    parser.add_argument("--soak-conversations", type=int, default=200)
    parser.add_argument(
        "--startup-runs", type=int, default=0, help="measure only the start-up, this many times per bot (uses --model)"
    )
    parser.add_argument(
        "--latency-runs",
        type=int,
        default=0,
        help="measure only p50 (1 conversation) and throughput (16), this many times per bot (uses --model)",
    )
    parser.add_argument("--port-2", type=int, default=int(os.environ.get("RASA_PORT_2", 5006)), help="--latency-runs")
    parser.add_argument("--out", default="results/bench")
    parser.add_argument("--markdown", help="also write the table to this file")
    args = parser.parse_args()
    Path(args.out).mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "ACTION_SERVER_URL": f"http://127.0.0.1:{args.action_port}/webhook"}

    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        args.scratch = Path(scratch)
        run(args, env)


def run(args: argparse.Namespace, env: Dict[str, str]) -> None:
    if args.startup_runs:
        bench_startup(args, env)
        return
    if args.latency_runs:
        bench_latency(args, env)
        return
    ours = bench_ours(args, env)
    if not args.baseline:
        for level, load in ours.loads.items():
            print(f"{level:>2} concurrent: {fmt_load(load)}")
        print(f"start-up {ours.startup_s:.1f} s, peak RSS {ours.rss_mb:.0f} MB")
        print("\n" + growth_table(ours))
        return
    base = bench_baseline(args, env)
    cpu = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
    header = f"Benchmark of {date.today().isoformat()} on {platform.node() or 'this machine'} ({cpu} cores, Python {platform.python_version()})"
    text = f"{header}\n\n{table(ours, base)}\n\n{growth_table(ours)}\n"
    print("\n" + text)
    print("\n".join(verdicts(ours, base)))
    if args.markdown:
        Path(args.markdown).write_text(text)
        print(f"\n(table written to {args.markdown})")


if __name__ == "__main__":
    main()
