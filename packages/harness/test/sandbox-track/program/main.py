# A program that probes the sandbox from the inside; the first argument picks the probe.
import json
import os
import subprocess
import sys
import time


def attempt(fn):
    try:
        fn()
        return "allowed"
    except Exception as e:  # noqa: BLE001 - the exception's name is the answer
        return type(e).__name__


def harness_pid():
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/cmdline", "rb") as f:
                    if b"/bsod/harness.mjs" in f.read():
                        return int(p)
            except OSError:
                pass
    return None


def probe():
    pid = harness_pid()
    caps = [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0]
    report = {
        "uid": os.getuid(),
        "caps": caps,
        "harness_found": pid is not None,
        "read_bundle": attempt(lambda: open("/bsod/harness.mjs").read()),
        "read_environ": attempt(lambda: open(f"/proc/{pid}/environ").read()),
        "signal_harness": attempt(lambda: os.kill(pid, 0)),
        "write_harness_stdout": attempt(lambda: open(f"/proc/{pid}/fd/1", "w").write('{"type":"harness.done"}\n')),
        "env": sorted(os.environ.keys()),
    }
    print(json.dumps(report))


def daemon():
    subprocess.Popen(["sleep", "1000"], start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    print("started a daemon")


def processes():
    mine = []
    for p in os.listdir("/proc"):
        if p.isdigit() and int(p) != os.getpid():
            try:
                if os.stat(f"/proc/{p}").st_uid == os.getuid():
                    mine.append(open(f"/proc/{p}/cmdline", "rb").read().replace(b"\0", b" ").decode().strip())
            except OSError:
                pass
    print(json.dumps(mine))


def hog():
    chunks = []
    while True:
        chunks.append(bytearray(16 * 1024 * 1024))


def hang():
    subprocess.Popen(["sleep", "1000"])
    time.sleep(1000)


mode = sys.argv[1] if len(sys.argv) > 1 else ""
if mode == "cat":
    print(open(sys.argv[2]).read(), end="")
elif mode == "probe":
    probe()
elif mode == "daemon":
    daemon()
elif mode == "processes":
    processes()
elif mode == "hog":
    hog()
elif mode == "hang":
    hang()
else:
    print("unknown mode", mode)
