"The cascade and the demo through the command on the tiny sample: every stage chained, a warm rerun, determinism, the paper preset offline."
import json, os, re, subprocess
import pandas as pd
from conftest import ANIMALCLEF, FAST, animalclef, animalclef_here

EVERY = ['all-new', 'baseline', 'wildfusion', 'rerank', 'xgboost', 'dual', 'cascade']
CHAIN = ('--stages', 'baseline,wildfusion,xgboost,cascade', '--matchers', 'sift', *FAST, '--over', 'baseline')

def stored(folder) -> dict:
    "Every cached file under `folder` with its modification time"
    return {f: f.stat().st_mtime_ns for f in sorted(folder.rglob('*')) if f.is_file()}

def test_demo_runs_every_stage_then_rereads_its_caches(tiny_demo):
    folder, r = tiny_demo
    assert r.returncode == 0, r.stderr
    out = folder / 'run-tiny'
    report = json.loads((out / 'report.json').read_text())
    assert list(report['stages']) == EVERY and report['submission'] == 'cascade'
    assert (out / 'submission.csv').read_text() == (out / 'stages' / 'cascade.csv').read_text()
    table = r.stdout.split("Table 2")[1]
    assert all(f"\n{name} " in table for name in EVERY), r.stdout  # one row per stage
    assert f"{report['stages']['cascade']['query']['score']:.3f}" in table.split('\ncascade ')[1].split('\n')[0]
    assert 'cascade rules LynxID2025: ' in r.stdout
    assert [l for l in r.stderr.splitlines() if l.startswith('animalclef: stage ')] == [f"animalclef: stage {i}/7: {s}" for i, s in enumerate(EVERY, 1)]
    assert all(l.startswith('animalclef: ') or re.match(r'[\w -]+: \d+/\d+ \[', l) for l in r.stderr.splitlines()), r.stderr  # notes and progress lines, no Python warnings
    cache, first = stored(out / 'cache'), (out / 'submission.csv').read_bytes()
    again = animalclef_here('demo', folder, '--preset', 'tiny')
    assert again.returncode == 0, again.stderr
    assert stored(out / 'cache') == cache  # only read: no file written or rewritten
    assert (out / 'submission.csv').read_bytes() == first

def test_cascade_is_deterministic_and_reports_its_rules(tiny, tmp_path):
    "Two processes at once (other hash seeds; sharing two cores, so the probe may give them other thread counts) write the same bytes"
    runs = [subprocess.Popen([ANIMALCLEF, 'run', tiny, '--out', tmp_path / name, *CHAIN], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            for name in ('a', 'b')]
    errors = [p.communicate(timeout=600)[1] for p in runs]
    assert all(p.returncode == 0 for p in runs), errors
    assert (tmp_path / 'a' / 'submission.csv').read_bytes() == (tmp_path / 'b' / 'submission.csv').read_bytes()
    report = json.loads((tmp_path / 'a' / 'report.json').read_text())
    rules = report['stages']['cascade']['params']['rules']
    assert sorted(rules) == ['LynxID2025', 'SalamanderID2025', 'SeaTurtleID2022']
    assert all(r['stage'] in ('baseline', 'wildfusion', 'xgboost') for rs in rules.values() for r in rs)
    val = {s: e['validation']['datasets'] for s, e in report['stages'].items()}
    for d, v in val['cascade'].items():  # its rules can copy the baseline's or WildFusion's answer, so it never does worse
        assert v['score'] >= max(val['baseline'][d]['score'], val['wildfusion'][d]['score']) - 1e-9, (d, val)

def test_a_dataset_without_candidates_follows_the_stage_as_it_answers(tiny, tmp_path):
    "The gate has no model for the tiny salamanders (no individual with two photos in the gallery), so no candidate there; the cascade over it alone takes the gate's own answers (WildFusion's, ungated)"
    out = tmp_path / 'run'
    r = animalclef_here('run', tiny, '--out', out, '--stages', 'xgboost,cascade', '--chain', 'xgboost', '--matchers', 'sift', *FAST)
    assert r.returncode == 0, r.stderr
    report = json.loads((out / 'report.json').read_text())
    assert report['stages']['cascade']['params']['rules']['SalamanderID2025'] == [{'stage': 'xgboost', 'decided': True}]
    assert 'cascade rules SalamanderID2025: xgboost: as it answers' in r.stdout
    meta = pd.read_csv(tiny / 'metadata.csv', dtype=str)[['image_id', 'dataset']]
    mine, gate = (pd.read_csv(out / 'stages' / f'{s}.csv', dtype=str).merge(meta, on='image_id') for s in ('cascade', 'xgboost'))
    salamanders = lambda a: a.loc[a['dataset'] == 'SalamanderID2025'].sort_values('image_id')['identity'].tolist()
    assert salamanders(mine) == salamanders(gate) and len(salamanders(mine)) > 0

def test_paper_preset_offline_stops_at_the_first_download(tiny, tmp_path):
    r = animalclef('run', tiny, '--out', tmp_path / 'run', '--preset', 'paper', '--device', 'cpu', env=os.environ | {'HF_HUB_OFFLINE': '1'})
    errors = [l for l in r.stderr.splitlines() if l.startswith('animalclef: error:')]
    assert r.returncode == 2 and len(errors) == 1 and 'Traceback' not in r.stderr, r.stderr
    assert 'megadescriptor-l-384' in errors[0]  # the first download the paper's configuration needs, named
    assert not (tmp_path / 'run' / 'submission.csv').exists() and not (tmp_path / 'run' / 'report.json').exists()
