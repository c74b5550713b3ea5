"""Hostile inputs and conditions, as an adversarial user would try them, each on a fresh copy of the tiny sample.

    python tests/hostile.py            # every case (about five minutes on two cores)
    python tests/hostile.py seed grey  # the cases whose name holds any of these words

Each case runs the `animalclef` package that Python imports here (set PYTHONPATH to try another checkout)
in a process of its own, as a user would, and prints one line: what it should do, and what it did.
The exit status is the number of cases that did not do what they should. The test suite checks each
case on its own; this script is the list in one place, for a contributor to run before and after a change.
"""
import json, os, shutil, signal, subprocess, sys, tempfile, time
from dataclasses import dataclass
from pathlib import Path
import numpy as np, pandas as pd
from PIL import Image

COMMAND = [sys.executable, '-c', 'import sys; from animalclef.cli import main; sys.exit(main())']
STAGES = ('--match-size', 'native', '--keypoints', '64', '--k', '4')  # keep WildFusion short on the tiny sample

def animalclef(*args, wait=True, **kw):
    "The command in a process of its own: a finished `CompletedProcess`, or the running `Popen` if not `wait`"
    args = [*COMMAND, *map(str, args)]
    if not wait:  # with Ctrl-C's default action: a shell starts background jobs with it ignored, and children inherit that
        return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), **kw)
    return subprocess.run(args, capture_output=True, text=True, timeout=900, **kw)

def said(r) -> str:
    "The last line the command wrote to stderr, or its exit status"
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    return f"exit {r.returncode}: " + (lines[-1][:160] if lines else '(nothing on stderr)')

def one_error(r, *words) -> tuple[bool, str]:
    "Exit 2 with a single error line holding `words`, and no traceback"
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    errors = [l for l in lines if l.startswith('animalclef: error:')]
    return r.returncode == 2 and errors == lines[-1:] and all(w in errors[0] for w in words), said(r)  # the error is the last line, whole

def runs_with_note(r, out: Path, *words) -> tuple[bool, str]:
    "Exit 0, and a note in the report holding `words`"
    notes = json.loads((out / 'report.json').read_text())['notes'] if r.returncode == 0 else []
    hit = [n for n in notes if all(w in n for w in words)]
    return bool(hit), (f"exit 0, note: {hit[0][:140]}" if hit else said(r))

def edit_metadata(data: Path, f, name='metadata.csv'):
    f(pd.read_csv(data / 'metadata.csv', dtype=str)).to_csv(data / name, index=False)

# --- the cases: each takes (a fresh copy of the tiny sample, a scratch folder) and returns (as it should?, what happened)

def grey_query(data, tmp):
    meta = pd.read_csv(data / 'metadata.csv', dtype=str)
    f = data / meta.loc[meta['split'] == 'query', 'path'].iloc[0]
    Image.new('RGB', Image.open(f).size, (128, 128, 128)).save(f)
    r = animalclef('run', data, '--out', tmp / 'out', '--stages', 'wildfusion', '--matchers', 'sift', *STAGES)
    return runs_with_note(r, tmp / 'out', 'found no keypoint in 1 query photo')

def failed_rerun_keeps_results(data, tmp):
    first = animalclef('run', data, '--out', tmp / 'out', '--stages', 'all-new,baseline')
    before = (tmp / 'out' / 'submission.csv').read_bytes()
    p = animalclef('run', data, '--out', tmp / 'out', '--stages', 'all-new,baseline,dual', '--force', wait=False)
    for line in p.stderr:  # interrupted (Ctrl-C) once the last stage, the longest, has begun
        if 'stage 3/3' in line: p.send_signal(signal.SIGINT); break
    p.communicate(timeout=120)
    kept = (tmp / 'out' / 'submission.csv').is_file() and (tmp / 'out' / 'submission.csv').read_bytes() == before
    report = json.loads((tmp / 'out' / 'report.json').read_text()) if (tmp / 'out' / 'report.json').is_file() else {}
    ok = first.returncode == 0 and p.returncode != 0 and kept and list(report.get('stages', {})) == ['all-new', 'baseline']
    return ok, f"interrupted rerun exit {p.returncode}; previous submission.csv {'kept' if kept else 'lost or changed'}, report of stages {list(report.get('stages', {}))}"

def two_runs_one_folder(data, tmp):
    a = animalclef('run', data, '--out', tmp / 'out', '--stages', 'all-new,baseline', wait=False)
    b = animalclef('run', data, '--out', tmp / 'out', '--stages', 'baseline', '--seed', '1', wait=False)
    (_, ea), (_, eb) = a.communicate(timeout=600), b.communicate(timeout=600)
    codes = sorted([a.returncode, b.returncode])
    # the second stops either while the first holds the folder, or, if the first was already done, on finding outputs
    # of other arguments there: both leave the folder to one run
    held = any(m in ea + eb for m in ('another animalclef run is writing there', 'written by a run with other arguments'))
    report = json.loads((tmp / 'out' / 'report.json').read_text())
    stages = sorted(p.stem for p in (tmp / 'out' / 'stages').glob('*.csv'))
    ok = codes == [0, 2] and held and stages == sorted(report['stages'])
    return ok, f"exits {codes}; second told the folder is taken: {held}; report stages {list(report['stages'])}, files {stages}"

def one_database_photo(data, tmp):
    edit_metadata(data, lambda m: m[m['split'] == 'database'].head(1)); (data / 'solution.csv').unlink()
    return one_error(animalclef('run', data, '--out', tmp / 'out', '--stages', 'baseline'), 'no dataset has a validation query')

def damaged_xgboost_model(data, tmp):
    args = ('run', data, '--out', tmp / 'out', '--stages', 'baseline,xgboost')
    first = animalclef(*args)
    for f in (tmp / 'out' / 'cache' / 'xgboost').glob('*.npz'):
        with np.load(f) as z: kept = {k: z[k] for k in z.files}
        np.savez(f, **kept | {'model': np.frombuffer(b'not a model', np.uint8)})
    ok, what = runs_with_note(animalclef(*args), tmp / 'out', 'held an XGBoost model that could not be used')
    return ok and first.returncode == 0, what

def damaged_dual_checkpoint(data, tmp):
    args = ('run', data, '--out', tmp / 'out', '--stages', 'dual', '--epochs', '2', '--head-epochs', '1', '--final-epochs', '1', '--steps', '1')
    first = animalclef(*args)
    for f in (tmp / 'out' / 'cache' / 'dual').glob('*.npz'):
        with np.load(f) as z: kept = {k: z[k] for k in z.files}
        np.savez(f, **kept | {'state': np.frombuffer(b'PK not a checkpoint', np.uint8)})
    ok, what = runs_with_note(animalclef(*args), tmp / 'out', 'dual-backbone checkpoint', 'could not be used')
    return ok and first.returncode == 0, what

def flag(command, *args, words=(), run_args=('--stages', 'all-new')):
    "A case: the command with a bad flag stops at once with one line holding `words`, having written nothing"
    def case(data, tmp):
        where = {'run': (data, '--out', tmp / 'out', *run_args), 'sample': (tmp / 'out', '--preset', 'tiny'),
                 'bench': ('matching', data), 'boxes': (data,)}[command]
        r = animalclef(command, *where, *args)
        ok, what = one_error(r, *words)
        return ok and not (tmp / 'out').exists() and not (data / 'metadata-boxes.csv').exists(), what
    return case

def bad_file(make, *args, words=()):
    "A case: a file made by `make(data, tmp)` given to the command stops it with one line holding `words`"
    def case(data, tmp):
        given = make(data, tmp)
        return one_error(animalclef(*[given if a == 'FILE' else data if a == 'DATA' else tmp / 'out' if a == 'OUT' else a for a in args]), *words)
    return case

def ragged(data, tmp):
    with open(data / 'metadata.csv', 'a') as f: f.write('1,2,3,4,5,6,7,8,9,10\n')
    return 'metadata.csv'

def latin(data, tmp):
    text = (data / 'metadata.csv').read_text().replace(',right,', ',dr\xf4le,', 1)
    (data / 'latin.csv').write_bytes(text.encode('latin-1'))
    return 'latin.csv'

def short_solution(data, tmp):
    sol = pd.read_csv(data / 'solution.csv', dtype=str)
    sol[['image_id']].assign(identity='new_individual').to_csv(tmp / 'answers.csv', index=False)
    sol.head(10).to_csv(tmp / 'short.csv', index=False)
    return tmp / 'short.csv'

def outside(data, tmp): return shutil.copy(data / 'metadata.csv', tmp / 'outside.csv')

def review_mid_run(data, tmp):
    p = animalclef('run', data, '--out', tmp / 'out', '--stages', 'all-new,baseline,dual', wait=False)
    for line in p.stderr:  # the run is in its last, longest stage
        if 'stage 3/3' in line: break
    r = animalclef('review', tmp / 'out')
    p.kill(); p.communicate()
    ok, what = one_error(r, 'no finished animalclef run there')
    return ok and not (tmp / 'out' / 'review').exists(), what

def duplicate_verdict(data, tmp):
    animalclef('run', data, '--out', tmp / 'out', '--stages', 'all-new,baseline')
    q = pd.read_csv(tmp / 'out' / 'submission.csv', dtype=str)['image_id'].iloc[0]
    (tmp / 'verdicts.csv').write_text(f"image_id,identity\n{q},new_individual\n{q},new_individual\n")
    ok, what = one_error(animalclef('review', tmp / 'out', '--apply', tmp / 'verdicts.csv'), 'line 3', 'again (first on line 2)')
    return ok and not (tmp / 'out' / 'submission-reviewed.csv').exists(), what

def threads_beyond_cores(data, tmp):
    r = animalclef('run', data, '--out', tmp / 'out', '--stages', 'all-new', '--threads', 999)
    note = [l for l in r.stderr.splitlines() if 'threads beyond the cores' in l]
    return r.returncode == 0 and bool(note), (note[0] if note else said(r))

@dataclass
class Case:
    name: str
    should: str
    check: object

CASES = [
    Case('grey query photo', 'runs; the report names the photo without keypoints', grey_query),
    Case('failed rerun', 'the previous complete results stay', failed_rerun_keeps_results),
    Case('two runs, one folder', 'one runs, the other stops at once; outputs never mixed', two_runs_one_folder),
    Case('one database photo', 'exit 2, one line', one_database_photo),
    Case('damaged xgboost model in the cache', 'trained again, with a note', damaged_xgboost_model),
    Case('damaged dual checkpoint in the cache', 'trained again, with a note', damaged_dual_checkpoint),
    Case('run --seed -1', 'exit 2, one line', flag('run', '--seed', '-1', words=('--seed',))),
    Case('sample --seed -1', 'exit 2, one line', flag('sample', '--seed', '-1', words=('--seed',))),
    Case('sample --nuisance nan', 'exit 2, one line', flag('sample', '--nuisance', 'nan', words=('--nuisance',))),
    Case('sample --nuisance -3', 'exit 2, one line', flag('sample', '--nuisance', '-3', words=('--nuisance',))),
    Case('run --image-size 1', 'exit 2, one line', flag('run', '--image-size', '1', words=('--image-size must',), run_args=('--stages', 'dual'))),
    Case('run --max-bin 1', 'exit 2, one line', flag('run', '--max-bin', '1', words=('--max-bin must',), run_args=('--stages', 'xgboost'))),
    Case('run --chain xgboost without it', 'exit 2, one line', flag('run', '--chain', 'xgboost', words=('--chain names xgboost',), run_args=('--stages', 'baseline,cascade'))),
    Case('boxes --margin nan', 'exit 2 before the detector', flag('boxes', '--margin', 'nan', words=('--margin',))),
    Case('boxes --margin -0.6', 'exit 2 before the detector', flag('boxes', '--margin', '-0.6', words=('--margin',))),
    Case('boxes --min-score 2', 'exit 2 before the detector', flag('boxes', '--min-score', '2', words=('--min-score',))),
    Case('bench --pairs 0', 'exit 2, one line', flag('bench', '--pairs', '0', words=('--pairs',))),
    Case('run --threads 999', 'runs, with a note', threads_beyond_cores),
    Case('ragged metadata line', 'exit 2, one line naming the line', bad_file(ragged, 'run', 'DATA', '--out', 'OUT', words=('line 128',))),
    Case('Latin-1 metadata', 'exit 2, one line naming the line', bad_file(latin, 'run', 'DATA', '--metadata', 'FILE', '--out', 'OUT', words=('line 2 is not UTF-8',))),
    Case('a folder as --metadata', 'exit 2: a folder', bad_file(lambda d, t: (d / 'dir.csv').mkdir() or 'dir.csv', 'run', 'DATA', '--metadata', 'FILE', '--out', 'OUT', words=('a folder',))),
    Case('/dev/null to score', 'exit 2: not a regular file', bad_file(lambda d, t: '/dev/null', 'score', 'FILE', 'data/solution.csv', words=('not a regular file',))),
    Case('short solution to score', 'exit 2 naming both files', bad_file(short_solution, 'score', 'answers.csv', 'FILE', words=('answers.csv, checked against', 'short.csv'))),
    Case('--metadata outside DATA', 'exit 2, one line', bad_file(outside, 'run', 'DATA', '--metadata', 'FILE', '--out', 'OUT', words=('must be a file in the dataset folder',))),
    Case('review a run still running', 'exit 2, one line; no page', review_mid_run),
    Case('the same query twice in verdicts', 'exit 2 naming the line; nothing written', duplicate_verdict),
]

def main(words: list[str]) -> int:
    chosen = [c for c in CASES if not words or any(w.lower() in c.name.lower() for w in words)]
    with tempfile.TemporaryDirectory(prefix='animalclef-hostile-') as scratch:
        sample = Path(scratch) / 'tiny'
        assert animalclef('sample', sample, '--preset', 'tiny').returncode == 0
        failed = 0
        for i, case in enumerate(chosen):
            tmp = Path(scratch) / f'case-{i}'
            data = shutil.copytree(sample, tmp / 'data')
            t = time.time()
            cwd = os.getcwd(); os.chdir(tmp)  # the cases that name files relative to here
            try: ok, what = case.check(data, tmp)
            except Exception as e: ok, what = False, f"{type(e).__name__}: {e}"
            finally: os.chdir(cwd)
            failed += not ok
            print(f"{'ok  ' if ok else 'FAIL'} {case.name:<38} should: {case.should:<52} did ({time.time() - t:4.0f} s): {what}", flush=True)
    print(f"{len(chosen) - failed} of {len(chosen)} as they should")
    return failed

if __name__ == '__main__': sys.exit(main(sys.argv[1:]))
