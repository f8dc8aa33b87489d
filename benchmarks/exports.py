"""How close an export through the real path comes to a raw `COPY … TO STDOUT` of the same columns.

In a database created for the run on --database-url's server (dropped at the end), with N codes:

  (a) baseline: one plain asyncpg `copy_from_query("SELECT <the 8 code columns> FROM code", CSV, header)`
      streamed into a file: no formatting, no scope, no job;
  (b) the real path: `promo serve` and `promo worker` subprocesses (one each, sharing EXPORTS_DIR);
      timed from the `exportCreate` request (ADMIN key, CODES, every field) until the job is SUCCEEDED,
      then the file is downloaded through `GET /exports/{id}/download` (timed separately);
  (c) breakdown: the service's own COPY statements (`app.exports.copying.write_csv`, as many as (b) runs;
      ids encoded, timestamps and formula escaping in SQL) in this process, without the job machinery.

It prints seconds, rows/s and (b)/(a) next to the target (b ≤ 1.5 × a), and the peak RSS (VmHWM) of the
API and worker processes before and after, to show memory stays flat while a file of hundreds of MB
passes through them. The exit code is 0 whether the target is met or not (a measurement, not a test).

    .venv/bin/python benchmarks/exports.py [--count 1000000] [--repeat 1] [--parallel 2] [--database-url URL]
        [--redis-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from scratch_db import checkpoint, connect, default_database_url, scratch_database
from tortoise import connections

from app.access.models import Role
from app.access.services import create_api_key
from app.core.ids import decode_id
from app.embedded import free_port
from app.exports import services
from app.exports.copying import write_csv
from app.exports.models import ExportObject
from app.exports.rows import RowFilter
from app.jobs.models import Job, JobStatus

TARGET_RATIO = 1.5
PROMO = str(Path(sys.executable).with_name("promo"))
RAW_COLUMNS = "code, campaign_id, series_id, holder_id, published_at, expires_at, redeemed_count, created_at"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=1_000_000, help="codes to export (default 1,000,000)")
    parser.add_argument("--repeat", type=int, default=1, help="measure (a) and (b) this many times; best of each")
    parser.add_argument(
        "--parallel", type=int, default=2, help="COPY statements per export (EXPORTS_PARALLEL; default 2)"
    )
    parser.add_argument("--database-url", default=default_database_url())
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0"))
    return parser.parse_args()


def peak_rss_mb(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process in MB, from /proc."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in {"VmRSS", "VmHWM"}:
            values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


async def fill(url: str, count: int) -> None:
    connection = await connect(url)
    try:
        series = await connection.fetchval(
            "INSERT INTO code_series (id, name, kind, charset, length, prefix, postfix, total, requested, issued, "
            "created_at) VALUES (gen_random_uuid(), 'bench', 'GENERATED', 'ALPHANUMERIC', 12, '', '', $1, $1, 0, "
            "now()) RETURNING id",
            count,
        )
        await connection.execute(
            "INSERT INTO code (series_id, code, code_key, ordinal, created_at, redeemed_count, gift_spent) "
            "SELECT $1, upper(substr(md5(n::text), 1, 12)), substr(md5(n::text), 1, 12) || n, n, now(), 0, 0 "
            "FROM generate_series(1, $2) AS n",
            series,
            count,
        )
        await connection.execute("VACUUM ANALYZE code")
    finally:
        await connection.close()


async def raw_copy(url: str, path: Path) -> float:
    connection = await connect(url)
    try:
        started = time.perf_counter()
        with path.open("wb") as out:

            async def sink(chunk: bytes) -> None:
                out.write(chunk)

            await connection.copy_from_query(f"SELECT {RAW_COLUMNS} FROM code", output=sink, format="csv", header=True)
            out.flush()
            os.fsync(out.fileno())
        return time.perf_counter() - started
    finally:
        await connection.close()


async def service_copy(path: Path, parts: int) -> float:
    where = RowFilter()
    columns = services.columns_of(ExportObject.CODES)
    started = time.perf_counter()
    queries = await services.copy_sql(kind=ExportObject.CODES, columns=columns, where=where, parts=parts)
    await write_csv(queries, path)
    return time.perf_counter() - started


def start(command: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        return subprocess.Popen([PROMO, command], env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)


async def real_path(http: httpx.AsyncClient, count: int) -> tuple[float, float, int]:
    started = time.perf_counter()
    made = await http.post(
        "/graphql",
        json={
            "query": "mutation { exportCreate(input: {object: CODES}) { ... on ExportCreateSuccess "
            "{ export { id } job { id } } } }"
        },
    )
    created = made.json()["data"]["exportCreate"]
    job_id = decode_id("Job", created["job"]["id"])
    while True:
        status = await Job.filter(id=job_id).values_list("status", flat=True)
        if status and status[0] in {JobStatus.SUCCEEDED, JobStatus.FAILED}:
            break
        await asyncio.sleep(0.01)
    written = time.perf_counter() - started
    if status[0] is not JobStatus.SUCCEEDED:
        raise SystemExit("the export job failed")
    started = time.perf_counter()
    size = 0
    async with http.stream("GET", f"/exports/{created['export']['id']}/download") as answer:
        async for chunk in answer.aiter_bytes():
            size += len(chunk)
    downloaded = time.perf_counter() - started
    return written, downloaded, size


async def main() -> None:
    args = parse_args()
    load_before = os.getloadavg()[0]
    async with scratch_database(args.database_url) as url:
        print(f"filling {args.count:,} codes …", flush=True)
        await fill(url, args.count)
        _, secret = await create_api_key(name="bench", role=Role.ADMIN, created_by=None)
        await connections.get("default").execute_query("SELECT 1")
        work = Path(tempfile.mkdtemp(prefix="promo-bench-exports-"))
        port = free_port()
        env = {
            "DATABASE_URL": url,
            "REDIS_URL": args.redis_url,
            "REDIS_PREFIX": f"bench-{secrets.token_hex(4)}:",
            "EXPORTS_DIR": str(work / "exports"),
            "LOG_LEVEL": os.environ.get("BENCH_LOG_LEVEL", "WARNING"),
            "PORT": str(port),
            "EXPORTS_PARALLEL": str(args.parallel),
        }
        worker = start("worker", env, work / "worker.log")
        api = start("serve", env, work / "api.log")
        try:
            async with httpx.AsyncClient(
                base_url=f"http://127.0.0.1:{port}", headers={"Authorization": f"Bearer {secret}"}, timeout=600
            ) as http:
                for _ in range(300):
                    try:
                        if (await http.get("/healthz")).status_code == 200:
                            break
                    except httpx.TransportError:
                        pass
                    await asyncio.sleep(0.1)
                await real_path(http, 1)  # warm both processes (imports, pools) on a first export
                rss_before = {"api": peak_rss_mb(api.pid), "worker": peak_rss_mb(worker.pid)}
                raws, reals, downloads, services_ = [], [], [], []
                size = 0
                for _ in range(args.repeat):
                    await checkpoint(url)
                    raws.append(await raw_copy(url, work / "raw.csv"))
                    await checkpoint(url)
                    written, downloaded, size = await real_path(http, args.count)
                    reals.append(written)
                    downloads.append(downloaded)
                    services_.append(await service_copy(work / "service.csv", args.parallel))
                rss_after = {"api": peak_rss_mb(api.pid), "worker": peak_rss_mb(worker.pid)}
        finally:
            for process in (api, worker):
                process.terminate()
                process.wait(30)
        raw, real = min(raws), min(reals)
        raw_size = (work / "raw.csv").stat().st_size
        shutil.rmtree(work, ignore_errors=True)  # a few hundred MB of files and the processes' logs
        print(
            f"\ncodes: {args.count:,}   file: {size / 1e6:,.0f} MB (real path)   raw file: {raw_size / 1e6:,.0f} MB   "
            f"load avg (1 min) before/after: {load_before:.1f} {os.getloadavg()[0]:.1f}"
        )
        print(f"(a) raw COPY TO STDOUT      {raw:6.2f} s   {args.count / raw:>12,.0f} rows/s")
        print(
            f"(b) exportCreate → SUCCEEDED {real:6.2f} s   {args.count / real:>12,.0f} rows/s   "
            f"(b)/(a) = {real / raw:.2f}  target ≤ {TARGET_RATIO}  {'MET' if real / raw <= TARGET_RATIO else 'MISSED'}"
        )
        print(f"    download through the API {min(downloads):6.2f} s")
        print(f"(c) service COPY in-process  {min(services_):6.2f} s   (formatting in SQL, no job)")
        for name in ("api", "worker"):
            (rss0, hwm0), (rss1, hwm1) = rss_before[name], rss_after[name]
            print(f"    {name:6} RSS {rss0:6.1f} → {rss1:6.1f} MB   peak RSS (VmHWM) {hwm0:6.1f} → {hwm1:6.1f} MB")


if __name__ == "__main__":
    asyncio.run(main())
