"""Warning e-mails to 100,000 subscribers, sent by 2 Celery workers to a local SMTP sink.

    DATABASE_URL=postgres://... CELERY_BROKER_URL=redis://.../6 python bench/subscriptions.py \
        [--subscribers N] [--processes P] [--runs undisturbed killed] [--json FILE]

Creates N confirmed subscribers (all 8 languages), starts an aiosmtpd sink (bench/smtp_sink.py,
counting what each address receives) and 2 real workers (`celery -A iom_romania worker
--pool=prefork --concurrency=P`, as deploy/iom-romania-worker@.service), publishes one
warning (which writes the outbox in the publishing transaction) and waits until every row
is sent, failed or of unknown outcome. Then the same again, with one worker killed
(SIGKILL, its whole process group) half-way and a new one started as systemd would, the
outbox sweep running every few seconds as celery beat would. Reports the time until all
are sent, e-mails per second, each worker's peak memory (PSS: shared pages counted once,
not once per process as a sum of RSS would), the load average during the run (the machine
may be shared: a figure means little without it), and from the sink's own count:
duplicates (anyone receiving the warning twice) and lost (anyone receiving nothing).
Everything it made is deleted at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 2
# Processes per worker (Celery's prefork pool), the default of --processes, as
# deploy/iom-romania-worker@.service: sending is mostly waiting (SMTP, the database's
# commit), so several processes per core overlap it; processes rather than threads, so that
# nothing (no GIL) stands between committing "sending" and writing the final "."
# (alerts/outbox.py). 8 sent the most here (docs/deploy.md).
PROCESSES = 8
BATCH = 200
LEASE_SECONDS = 60  # short here, so the killed worker's rows come back within the run
LANGUAGES = ["en", "ro", "uk", "ru", "ar", "fa", "tr", "ne"]


def start_worker(number: int, sink_port: int, processes: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(sink_port),
    }
    command = [sys.executable, "-m", "celery", "-A", "iom_romania", "worker"]
    command += ["--pool=prefork", f"--concurrency={processes}"]
    command += ["--without-heartbeat", "--without-gossip", "--without-mingle"]
    command += ["-l", "WARNING", f"--hostname=bench{number}-{uuid.uuid4().hex[:6]}@%h"]
    # A session of its own: the worker's main process and its pool are killed together.
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def memory_mb(process: subprocess.Popen) -> float:
    """The worker's memory now: the PSS (proportional set size) of its main process and its
    pool together. The pool is forked from the main process and shares most of its pages;
    PSS counts each shared page once, divided among the processes sharing it."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[3]) != process.pid:  # the process group
                continue
            rollup = (stat.parent / "smaps_rollup").read_text()
        except (OSError, IndexError, ValueError):
            continue
        for line in rollup.splitlines():
            if line.startswith("Pss:"):
                total += int(line.split()[1])
    return total / 1024


def kill(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def make_subscribers(count: int, tag: str) -> None:
    from django.utils import timezone

    from alerts.models import Subscriber

    now = timezone.now()
    Subscriber.objects.bulk_create(
        (
            Subscriber(
                email=f"bench-{tag}-{n}@example.org",
                language=LANGUAGES[n % len(LANGUAGES)],
                confirmed_at=now,
            )
            for n in range(count)
        ),
        batch_size=5000,
    )


def publish(tag: str, run: int):
    """Publish one warning the way a Publisher's save does; returns its mailing."""
    from django.db import transaction

    from alerts.models import ScamAlert
    from iom_romania.publishing import Status

    alert = ScamAlert.objects.create(
        title=f"Bench warning {tag} {run}",
        title_ro=f"Avertisment de test {tag} {run}",
        title_ar="تحذير تجريبي",
        slug=f"bench-{tag}-{run}",
        summary="A benchmark warning: fake job offers asking for a visa fee.",
        summary_ro="Un avertisment de test: oferte false de muncă.",
        scam_type="job_offer",
    )
    with transaction.atomic():
        alert.status = Status.PUBLISHED
        alert.save()  # writes the outbox; the workers are kicked after the commit
    return alert.mailings.get()


def run_once(count: int, tag: str, run: int, processes: int, kill_half_way: bool) -> dict:
    from alerts import tasks
    from alerts.models import Delivery, DeliveryStatus
    from bench.smtp_sink import SmtpSink

    sink = SmtpSink(keep_messages=False).start()
    workers = [start_worker(n, sink.port, processes) for n in range(WORKERS)]
    killed = None
    peak = {}  # worker number -> peak memory (MB)
    loads = []

    def sample_memory():
        for number, worker in enumerate(workers):
            if worker.poll() is None:
                key = number if number or killed is None else "restarted"
                peak[key] = max(peak.get(key, 0), memory_mb(worker))

    try:
        time.sleep(5 + processes / 4)  # the workers start (Django, Celery, the pool)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        mailing = publish(tag, run)
        queued_after = time.perf_counter() - started
        rows = Delivery.objects.filter(mailing=mailing)
        unfinished = rows.filter(
            status__in=[DeliveryStatus.QUEUED, DeliveryStatus.CLAIMED, DeliveryStatus.SENDING]
        )
        last_sweep = last_sample = time.perf_counter()
        while unfinished.exists():
            time.sleep(0.5)
            if kill_half_way and killed is None and sink.handler.received >= count // 2:
                sample_memory()
                kill(workers[0])
                killed = time.perf_counter() - started
                # systemd's Restart=always
                workers[0] = start_worker(WORKERS, sink.port, processes)
            if time.perf_counter() - last_sample > 2:
                sample_memory()
                loads.append(os.getloadavg()[0])
                last_sample = time.perf_counter()
            if time.perf_counter() - last_sweep > 5:
                tasks.sweep_outbox()  # what celery beat runs (every minute in production)
                last_sweep = time.perf_counter()
        elapsed = time.perf_counter() - started
        sample_memory()
    finally:
        for worker in workers:
            kill(worker)
        sink.stop()
    received = sink.recipients
    # How the outbox left the rows of anyone who received nothing: "unknown" is the one way
    # at-most-once can lose an e-mail (the worker died between committing "sending" and
    # writing the final "."); any other status would be a bug.
    lost_rows = Counter(
        status
        for email, status in rows.values_list("subscriber__email", "status").iterator()
        if email not in received
    )
    return {
        "subscribers": count,
        "workers": WORKERS,
        "processes_per_worker": processes,
        "batch": BATCH,
        "worker_killed_at_s": round(killed, 1) if killed else None,
        "outbox_written_s": round(queued_after, 2),
        "all_sent_s": round(elapsed, 1),
        "emails_per_s": round(count / elapsed, 1),
        "worker_peak_pss_mb": {str(key): round(mb) for key, mb in peak.items()},
        "load_average_1min": {
            "before": round(load_before, 1),
            "mean": round(sum(loads) / len(loads), 1) if loads else None,
            "max": round(max(loads), 1) if loads else None,
        },
        "sent_rows": rows.filter(status=DeliveryStatus.SENT).count(),
        "failed_rows": rows.filter(status=DeliveryStatus.FAILED).count(),
        "unknown_rows": rows.filter(status=DeliveryStatus.UNKNOWN).count(),
        "received": len(received),
        "duplicates": sum(n - 1 for n in received.values() if n > 1),
        "lost": count - len(received),
        "lost_rows_by_status": dict(lost_rows),
    }


RUNS = {"undisturbed": False, "killed": True}  # name -> one worker killed half-way


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=100_000)
    parser.add_argument("--processes", type=int, default=PROCESSES, help="per worker")
    parser.add_argument("--runs", nargs="+", choices=RUNS, default=list(RUNS))
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args()
    if not os.environ.get("CELERY_BROKER_URL"):
        sys.exit("Set CELERY_BROKER_URL (a Redis database for the benchmark's queue).")

    tag = uuid.uuid4().hex[:8]
    os.environ.update(
        CELERY_QUEUE=f"bench-{tag}",
        OUTBOX_BATCH_SIZE=str(BATCH),
        OUTBOX_LEASE_SECONDS=str(LEASE_SECONDS),
        SITE_URL=os.environ.get("SITE_URL", "https://portal.example"),
    )
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "iom_romania.settings")
    subprocess.run([sys.executable, "deploy/create_database.py"], cwd=ROOT, check=True)
    import logging

    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: a line per command
    from django.core.management import call_command

    from alerts.models import ScamAlert, Subscriber

    call_command("migrate", verbosity=0)
    results = {}
    try:
        make_subscribers(args.subscribers, tag)
        for run, name in enumerate(args.runs, start=1):
            results[name] = run_once(args.subscribers, tag, run, args.processes, RUNS[name])
    finally:
        ScamAlert.objects.filter(slug__startswith=f"bench-{tag}-").delete()
        Subscriber.objects.filter(email__startswith=f"bench-{tag}-").delete()
        import redis

        queue = f"bench-{tag}"
        broker = redis.Redis.from_url(os.environ["CELERY_BROKER_URL"])
        broker.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")

    for name, row in results.items():
        memory = ", ".join(f"{key}: {mb} MB" for key, mb in row["worker_peak_pss_mb"].items())
        load = row["load_average_1min"]
        killed = " (one killed half-way)" if RUNS[name] else ""
        print(
            f"\nWarning e-mails, {name}: {row['subscribers']:,} subscribers, "
            f"{WORKERS} workers x {row['processes_per_worker']} processes{killed}"
        )
        print(f"  outbox written in    {row['outbox_written_s']:8.2f} s (in the publish)")
        print(
            f"  all sent after       {row['all_sent_s']:8.1f} s   {row['emails_per_s']} e-mails/s"
        )
        print(f"  worker peak PSS      {memory}")
        print(
            f"  load average         {load['before']} before, "
            f"{load['mean']} mean, {load['max']} max"
        )
        print(
            f"  duplicates {row['duplicates']}, lost {row['lost']}, "
            f"failed {row['failed_rows']}, outcome unknown {row['unknown_rows']}"
        )
        if row["lost"]:
            print(f"  the lost e-mails' rows: {row['lost_rows_by_status']}")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
