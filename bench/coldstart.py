#!/usr/bin/env python3
"""Cold start: time from process start to the first answered request, side by side in one run.

Compares the shipped build (self-contained, trimmed, ReadyToRun) with the baseline a plain
`dotnet publish` gives (framework-dependent, JIT only), alternating runs so both see the same machine
state. Prints medians and the ratio. Usage: python3 bench/coldstart.py [runs]   (default 15)
"""
import os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15


def publish(out, *extra):
    subprocess.run(["dotnet", "publish", os.path.join(ROOT, "Functions"), "-c", "Release", "-o", out, "-m:1", *extra],
                   check=True, stdout=subprocess.DEVNULL)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def cold_start(cmd, cwd):
    port = free_port()
    env = dict(os.environ, FUNCTIONS_CUSTOMHANDLER_PORT=str(port), ASPNETCORE_ENVIRONMENT="Development")
    url = f"http://127.0.0.1:{port}/api/auth/providers"
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        while True:
            try:
                with urllib.request.urlopen(url, timeout=2) as r:
                    r.read()
                    return (time.perf_counter() - start) * 1000
            except OSError:
                if time.perf_counter() - start > 30:
                    raise RuntimeError("no answer in 30 s")
                time.sleep(0.005)
    finally:
        proc.kill()
        proc.wait()


def main():
    work = tempfile.mkdtemp(prefix="coldstart-")
    shipped, baseline = os.path.join(work, "shipped"), os.path.join(work, "baseline")
    print("publishing both builds …", flush=True)
    publish(shipped, "-r", "linux-x64", "--self-contained", "-p:PublishTrimmed=true", "-p:PublishReadyToRun=true")
    publish(baseline, "--no-self-contained")
    runs = {"shipped (self-contained, trimmed, ReadyToRun)": [], "baseline (framework-dependent, JIT)": []}
    commands = [([os.path.join(shipped, "AuthFunctions")], shipped), (["dotnet", os.path.join(baseline, "AuthFunctions.dll")], baseline)]
    for _ in range(RUNS):
        for (name, times), (cmd, cwd) in zip(runs.items(), commands):
            times.append(cold_start(cmd, cwd))
    medians = {name: statistics.median(t) for name, t in runs.items()}
    for name, m in medians.items():
        print(f"{name:48s} median {m:7.1f} ms  (min {min(runs[name]):.1f}, max {max(runs[name]):.1f}, n={RUNS})")
    shipped_m, baseline_m = medians.values()
    print(f"ratio shipped/baseline: {shipped_m / baseline_m:.2f}  (below 1 is faster)")


if __name__ == "__main__":
    main()
