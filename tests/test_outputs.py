"`animalclef run` owns its --out folder: a marker holds its arguments; no file of someone else's is overwritten, no stale file kept, nothing unfinished looks finished, a failed rerun keeps the last results, one run at a time."
import json
import pytest
from animalclef.cli import LOCK, MARKER, STAGING
from animalclef.review import EVIDENCE_FILES
from conftest import animalclef_here

def refused(r, *needles):
    assert r.returncode == 2 and r.stdout == '', (r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith('animalclef: error: ') and r.stderr.count('\n') == 1, r.stderr
    for n in needles: assert n in r.stderr, r.stderr

def snapshot(folder):
    "Every file under `folder` with its bytes and modification time"
    return {p.relative_to(folder): (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.rglob('*')) if p.is_file()}

def test_refuses_a_folder_it_does_not_own(tiny, tmp_path):
    out = tmp_path / 'mine'
    (out / 'stages').mkdir(parents=True)
    (out / 'submission.csv').write_text('image_id,identity\n30,my_answer\n')
    (out / 'report.json').write_text('{"mine": true}')
    (out / 'stages' / 'all-new.csv').write_text('my stage file')
    before = snapshot(out)
    refused(animalclef_here('run', tiny, '--out', out, '--stages', 'all-new'), str(out), 'not empty', MARKER, '--force')
    assert snapshot(out) == before

def test_forced_into_a_folder_it_does_not_own_keeps_other_files(tiny, tmp_path):
    out = tmp_path / 'mine'
    out.mkdir()
    (out / 'notes.txt').write_text('keep me')
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new', '--force').returncode == 0
    assert (out / 'notes.txt').read_text() == 'keep me' and (out / 'report.json').is_file()

def test_empty_folder_is_taken_and_marked(tiny, tmp_path):
    out = tmp_path / 'empty'
    out.mkdir()
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new').returncode == 0
    marker = json.loads((out / MARKER).read_text())
    assert marker['finished'] is True and marker['arguments']['data'] == str(tiny.resolve())
    assert marker['arguments']['options']['stages'] == ['all-new']
    assert sorted(marker['files']) == sorted([*EVIDENCE_FILES, 'report.json', 'stages/all-new.csv', 'submission.csv'])

def test_rerun_with_the_same_arguments_is_welcome(tiny, tmp_path):
    out = tmp_path / 'run'
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new').returncode == 0
    first = (out / 'submission.csv').read_text()
    r = animalclef_here('run', tiny, '--out', out, '--stages', 'all-new')
    assert r.returncode == 0, r.stderr
    assert (out / 'submission.csv').read_text() == first and json.loads((out / MARKER).read_text())['finished'] is True

def test_other_arguments_are_refused_unless_forced(tiny, tmp_path):
    out = tmp_path / 'run'
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new').returncode == 0
    before = snapshot(out)
    refused(animalclef_here('run', tiny, '--out', out, '--stages', 'all-new', '--seed', '1'), str(out), 'other arguments', 'seed', '--force')
    assert snapshot(out) == before
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new', '--seed', '1', '--force').returncode == 0
    assert json.loads((out / MARKER).read_text())['arguments']['options']['seed'] == 1

def test_forced_rerun_removes_its_stale_files(tiny, tmp_path):
    out = tmp_path / 'run'
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'baseline,all-new').returncode == 0
    assert (out / 'stages' / 'baseline.csv').is_file()
    (out / 'notes.txt').write_text('mine')
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new', '--force').returncode == 0
    assert sorted(p.name for p in (out / 'stages').iterdir()) == ['all-new.csv']
    assert list(json.loads((out / 'report.json').read_text())['stages']) == ['all-new']
    assert (out / 'notes.txt').read_text() == 'mine'

def outputs(folder):
    "The run's outputs and marker under `folder`, as `snapshot` gives them (the cache, the lock and what a run has staged apart)"
    return {p: v for p, v in snapshot(folder).items() if p.parts[0] not in ('cache', LOCK, STAGING)}

@pytest.mark.parametrize('again', [(), ('--seed', '1', '--force')])
def test_a_failed_rerun_keeps_the_previous_results(tiny, tmp_path, monkeypatch, again):
    "Interrupted after its stages began (a kill, Ctrl-C, a stage error, a full disk), a rerun leaves the last finished results as they were"
    import animalclef.stages
    from animalclef.cli import main
    out, args = tmp_path / 'run', ['run', str(tiny), '--out', str(tmp_path / 'run'), '--stages', 'all-new']
    assert main(args) == 0
    before = outputs(out)
    def killed(*a, **kw): raise KeyboardInterrupt
    monkeypatch.setattr(animalclef.stages, 'evaluate', killed)
    with pytest.raises(KeyboardInterrupt): main(args + list(again))
    assert outputs(out) == before and json.loads((out / MARKER).read_text())['finished'] is True
    monkeypatch.undo()
    assert main(args + list(again)) == 0 and json.loads((out / MARKER).read_text())['finished'] is True
    assert not (out / STAGING).exists()

def test_a_second_run_on_a_held_folder_stops_at_once(tiny, tmp_path):
    "Two runs on one folder never mix their outputs: the second stops, naming the first, and writes nothing"
    from animalclef.cli import _locked
    out = tmp_path / 'run'
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new').returncode == 0
    before = outputs(out)
    with _locked(out):  # as a run in another process holds it
        r = animalclef_here('run', tiny, '--out', out, '--stages', 'all-new', '--seed', '1', '--force')
        refused(r, str(out), 'another animalclef run is writing there', 'pid ')
    assert outputs(out) == before
    assert animalclef_here('run', tiny, '--out', out, '--stages', 'all-new').returncode == 0  # free again once it ends
