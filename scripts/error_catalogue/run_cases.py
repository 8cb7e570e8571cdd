import json, os, shutil, subprocess, sys, time, resource
sys.path.insert(0, os.path.dirname(__file__))
from cases import GROUPS
import onnxpb

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
BIN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(SRC, "build", "tessera")
BASE = "/tmp/ecgen"

def expand(a, d):
    a = a.replace("DIR", d)
    if a.startswith("SRC/"): a = SRC + "/" + a[4:]
    return a

def file_bytes(spec):
    if isinstance(spec, str): return spec.encode()
    k = spec["kind"]
    if k == "raw": return spec["data"]
    if k == "exe": return spec["text"].encode()
    if k == "onnx": return onnxpb.model(spec["nodes"], spec["inputs"], spec["outputs"], spec["opset"])

def write(d, name, spec):
    p = os.path.join(d, name)
    os.makedirs(os.path.dirname(p), exist_ok=True)
    with open(p, "wb") as f: f.write(file_bytes(spec))
    if isinstance(spec, dict) and spec["kind"] == "exe": os.chmod(p, 0o755)

def run(args, d, limit=0, path=""):
    env = dict(os.environ)
    if path: env["PATH"] = expand(path, d)
    def pre():
        if limit:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    t = time.time()
    p = subprocess.run([BIN] + [expand(a, d) for a in args], capture_output=True, env=env, preexec_fn=pre, cwd="/tmp/ecgen-cwd")
    return p.returncode, p.stderr.decode(), time.time() - t

def normalise(text, d):
    return text.replace(d, "DIR").replace(SRC + "/", "")

results = {}
shutil.rmtree(BASE, ignore_errors=True)
os.makedirs("/tmp/ecgen-cwd", exist_ok=True)
n = 0
for g in GROUPS:
    for i, c in enumerate(g["cases"]):
        n += 1
        d = f"{BASE}/{g['id']}-{i}"
        os.makedirs(d)
        for name, spec in c["files"]: write(d, name, spec)
        for s in c["setup"]:
            st, err, _ = run(s, d)
            if st != 0: print("SETUP FAILED", g["id"], c["name"], st, err)
        for name, spec in c["later"]: write(d, name, spec)
        st, err, dt = run(c["args"], d, c["limit"], c["path"])
        err = normalise(err, d)
        lines = err.count("\n")
        want_lines = g.get("lines", 1)
        want_status = c.get("status", 1)
        flag = ""
        if st != want_status: flag += f" !!STATUS (want {want_status})"
        if want_lines is not None and lines != want_lines: flag += " !!LINES"
        if dt > 2.0: flag += f" !!SLOW {dt:.2f}"
        print(f"[{st}] {g['id']}/{c['name']}: {err.rstrip()}{flag}")
        results[f"{g['id']}/{i}"] = dict(status=st, err=err, seconds=dt)
json.dump(results, open("/tmp/ecgen-results.json", "w"), indent=1)
print(n, "cases")
if os.listdir("/tmp/ecgen-cwd"): print("!! cwd not empty:", os.listdir("/tmp/ecgen-cwd"))
