"Bad input: one clear line naming the file and row, exit status 2, nothing written or overwritten."
import json
import pandas as pd, pytest
from PIL import Image
from conftest import FAST, animalclef_here

def run_fails(data, tmp_path, *needles):
    out = tmp_path / 'out'
    r = animalclef_here('run', data, '--out', out)
    assert r.returncode == 2 and r.stdout == '', (r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith('animalclef: error: ') and r.stderr.count('\n') == 1, r.stderr
    for n in needles: assert n in r.stderr, r.stderr
    assert not out.exists()

def edit(data, f):
    meta = pd.read_csv(data / 'metadata.csv', dtype=str)
    f(meta).to_csv(data / 'metadata.csv', index=False)

def test_missing_column(tiny_copy, tmp_path):
    edit(tiny_copy, lambda m: m.drop(columns=['split']))
    run_fails(tiny_copy, tmp_path, 'metadata.csv', 'missing column(s) split')

def test_duplicate_ids(tiny_copy, tmp_path):
    edit(tiny_copy, lambda m: m.assign(image_id=m['image_id'].where(m.index != 5, m['image_id'][4])))
    run_fails(tiny_copy, tmp_path, 'duplicate image_id', 'line 6 (image_id 4)', 'line 7 (image_id 4)')

def test_bad_split_and_new_in_database(tiny_copy, tmp_path):
    def f(m):
        m.loc[2, 'split'] = 'gallery'; m.loc[3, 'identity'] = 'new_individual'; return m
    edit(tiny_copy, f)
    run_fails(tiny_copy, tmp_path, 'split must be one of', 'line 4', "may not be 'new_individual'", 'line 5')

@pytest.mark.parametrize('path', ['../outside.jpg', '/etc/hostname', 'images/../../x.jpg'])
def test_unsafe_paths(tiny_copy, tmp_path, path):
    edit(tiny_copy, lambda m: m.assign(path=m['path'].where(m.index != 0, path)))
    run_fails(tiny_copy, tmp_path, 'outside the dataset folder', 'line 2 (image_id 0)')

def test_missing_and_corrupt_images_all_listed(tiny_copy, tmp_path):
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    for p in meta['path'][:3]: (tiny_copy / p).unlink()
    (tiny_copy / meta['path'][10]).write_bytes(b'\xff\xd8 truncated')
    run_fails(tiny_copy, tmp_path, '3 missing image(s)', *meta['path'][:3], '1 unreadable image(s)', meta['path'][10])

def test_not_a_csv(tiny_copy, tmp_path):
    (tiny_copy / 'metadata.csv').write_bytes(b'\x00\xff\xfe' * 100)
    run_fails(tiny_copy, tmp_path, 'metadata.csv')

def test_sample_never_overwrites(tmp_path):
    dest = tmp_path / 'mine'
    dest.mkdir(); (dest / 'notes.txt').write_text('keep me')
    r = animalclef_here('sample', dest, '--preset', 'tiny')
    assert r.returncode == 2 and 'already exists' in r.stderr
    assert [p.name for p in dest.iterdir()] == ['notes.txt'] and (dest / 'notes.txt').read_text() == 'keep me'

def test_score_bad_submissions(tiny, tmp_path):
    sol = pd.read_csv(tiny / 'solution.csv', dtype=str)
    cases = {'short.csv': sol[['image_id', 'identity']].iloc[2:],
             'columns.csv': sol[['image_id', 'identity']].rename(columns={'identity': 'label'}),
             'dupes.csv': pd.concat([sol[['image_id', 'identity']], sol[['image_id', 'identity']].iloc[:1]])}
    needles = {'short.csv': '2 query image_id(s) missing', 'columns.csv': 'exactly image_id,identity',
               'dupes.csv': 'duplicate image_id'}
    for name, frame in cases.items():
        frame.to_csv(tmp_path / name, index=False)
        r = animalclef_here('score', tmp_path / name, tiny / 'solution.csv')
        assert r.returncode == 2 and name in r.stderr and needles[name] in r.stderr, r.stderr

def test_unknown_preset_and_stage(tiny, tmp_path):
    assert animalclef_here('sample', tmp_path / 's', '--preset', 'huge').returncode == 2
    r = animalclef_here('run', tiny, '--out', tmp_path / 'o', '--stages', 'all-new,magic')
    assert r.returncode == 2 and "unknown stage 'magic'" in r.stderr and not (tmp_path / 'o').exists()

def run_fails_with(data, tmp_path, args, *needles):
    "Like `run_fails`, with extra command-line arguments"
    out = tmp_path / 'out'
    r = animalclef_here('run', data, '--out', out, *args)
    assert r.returncode == 2 and r.stdout == '', (r.returncode, r.stdout, r.stderr)
    assert r.stderr.startswith('animalclef: error: ') and r.stderr.count('\n') == 1, r.stderr
    for n in needles: assert n in r.stderr, r.stderr
    assert not out.exists()

def test_empty_metadata(tiny_copy, tmp_path):
    (tiny_copy / 'metadata.csv').write_text('')
    run_fails(tiny_copy, tmp_path, 'metadata.csv', 'empty file')

def test_header_only_metadata(tiny_copy, tmp_path):
    f = tiny_copy / 'metadata.csv'
    f.write_text(f.read_text().splitlines()[0] + '\n')
    run_fails(tiny_copy, tmp_path, 'metadata.csv', 'a header and no rows')

def test_semicolon_metadata(tiny_copy, tmp_path):
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    meta.to_csv(tiny_copy / 'metadata.csv', index=False, sep=';')
    run_fails(tiny_copy, tmp_path, 'metadata.csv', 'separator looks wrong', "split by ';'")

def test_truncated_jpegs_all_named_before_any_work(tiny_copy, tmp_path):
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    for p in meta['path'][[3, 40]]:
        whole = (tiny_copy / p).read_bytes()
        (tiny_copy / p).write_bytes(whole[:len(whole) // 2])
    run_fails_with(tiny_copy, tmp_path, ['--stages', 'all-new'], '2 unreadable image(s)', *meta['path'][[3, 40]])

def test_16_bit_png_keeps_its_levels(tmp_path):
    import numpy as np
    from PIL import Image
    from animalclef.data import open_image
    ramp = np.tile(np.arange(256, dtype=np.uint16) * 257, (2, 1))  # 256 levels over the 16-bit range
    Image.fromarray(ramp).save(tmp_path / 'deep.png')
    grey = np.asarray(open_image(tmp_path / 'deep.png'))[0, :, 0]
    assert (grey == np.arange(256)).all()

def test_dataset_with_one_individual_runs(tiny_copy, tmp_path):
    def one_lynx(m):
        lynx = (m['dataset'] == 'LynxID2025') & (m['split'] == 'database')
        return m.assign(identity=m['identity'].where(~lynx, 'LynxID2025_only'))
    edit(tiny_copy, one_lynx)
    (tiny_copy / 'solution.csv').unlink()  # its answers no longer match the database
    out = tmp_path / 'out'
    r = animalclef_here('run', tiny_copy, '--out', out, '--stages', 'baseline')
    assert r.returncode == 0, r.stderr
    note = 'LynxID2025: the database holds 30 photo(s) of 1 individual(s)'
    assert note in r.stderr and 'only BAKS is validated' in r.stderr, r.stderr
    report = json.loads((out / 'report.json').read_text())
    assert [n for n in report['notes'] if n.startswith(note)]
    assert (out / 'submission.csv').is_file()

@pytest.mark.parametrize('value', ['0', '-2', 'many'])
def test_bad_threads(tiny, tmp_path, value):
    run_fails_with(tiny, tmp_path, ['--threads', value], "--threads must be a whole number of at least 1 or 'auto'")

@pytest.mark.parametrize('flag', ['--stages', '--matchers'])
@pytest.mark.parametrize('value', ['', ',', ' , '])
def test_empty_lists(tiny, tmp_path, flag, value):
    run_fails_with(tiny, tmp_path, [flag, value], f'argument {flag}', 'empty list')

def test_out_is_a_file(tiny, tmp_path):
    f = tmp_path / 'out'
    f.write_text('mine')
    r = animalclef_here('run', tiny, '--out', f, '--stages', 'all-new')
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and f"{f}" in r.stderr and 'not a folder' in r.stderr, r.stderr
    assert f.read_text() == 'mine'
    r = animalclef_here('run', tiny, '--out', f / 'sub', '--stages', 'all-new')
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and f"{f}" in r.stderr, r.stderr

def in_process(capsys, *args):
    "Run the command in this process: (exit status, stdout, stderr)"
    from animalclef.cli import main
    rc = main(list(map(str, args)))
    out, err = capsys.readouterr()
    return rc, out, err

def test_read_only_out(tiny, tmp_path, monkeypatch, capsys):
    import errno, pathlib
    real = pathlib.Path.mkdir
    def mkdir(self, *a, **kw):
        if str(self).startswith(str(tmp_path / 'ro')): raise OSError(errno.EROFS, 'Read-only file system', str(self))
        return real(self, *a, **kw)
    monkeypatch.setattr(pathlib.Path, 'mkdir', mkdir)
    rc, out, err = in_process(capsys, 'run', tiny, '--out', tmp_path / 'ro' / 'out', '--stages', 'all-new', '--cache', tmp_path / 'cache')
    assert (rc, out) == (2, '') and err.count('\n') == 1 and str(tmp_path / 'ro' / 'out') in err and 'Read-only' in err, err

def test_full_disk_names_the_file_and_keeps_nothing_half_written(tiny, tmp_path, monkeypatch, capsys):
    import errno
    def full(self, *a, **kw): raise OSError(errno.ENOSPC, 'No space left on device')
    monkeypatch.setattr(pd.DataFrame, 'to_csv', full)
    out = tmp_path / 'out'
    rc, _, err = in_process(capsys, 'run', tiny, '--out', out, '--stages', 'all-new')
    said = [l for l in err.splitlines() if not l.startswith('animalclef: stage ')]  # the stage it was in, then the error
    assert rc == 2 and len(said) == 1 and str(out / 'stages' / 'all-new.csv') in said[0] and 'No space left' in said[0], err
    assert not (out / 'submission.csv').exists() and not (out / 'report.json').exists()
    assert not [p for p in out.rglob('*') if p.is_file() and p.suffix in ('.csv', '.partial')]

SOLUTION_CASES = {  # name -> (how the solution is broken, words the error must hold)
    'duplicate': (lambda s: pd.concat([s, s.iloc[[2]]]), ['duplicate image_id', 'line 4 (image_id 32)', 'line 40 (image_id 32)']),
    'conflicting': (lambda s: pd.concat([s, s.iloc[[2]].assign(identity='someone_else')]), ['conflicting rows', 'line 4 (image_id 32)', 'line 40 (image_id 32)']),
    'blank dataset': (lambda s: s.assign(dataset=s['dataset'].where(s.index != 5, '')), ['blank dataset', 'line 7']),
    'blank identity': (lambda s: s.assign(identity=s['identity'].where(s.index != 6, '')), ['blank identity', 'line 8']),
}

@pytest.mark.parametrize('case', SOLUTION_CASES)
def test_score_rejects_a_bad_solution(tiny, tmp_path, case):
    sol = pd.read_csv(tiny / 'solution.csv', dtype=str)
    assert len(sol) == 38
    broken, needles = SOLUTION_CASES[case]
    broken(sol).to_csv(tmp_path / 'solution.csv', index=False)
    answers = sol[['image_id']].assign(identity='new_individual')
    answers.to_csv(tmp_path / 'submission.csv', index=False)
    r = animalclef_here('score', tmp_path / 'submission.csv', tmp_path / 'solution.csv')
    assert r.returncode == 2 and r.stdout == '' and r.stderr.count('\n') == 1, r.stderr
    for n in ['solution.csv', *needles]: assert n in r.stderr, r.stderr

RUN_SOLUTION_CASES = SOLUTION_CASES | {
    'not a query': (lambda s: s.assign(image_id=s['image_id'].where(s.index != 1, '0')), ['not a query', 'line 3', 'image_id 0']),
    'missing query': (lambda s: s.drop(index=[4]).reset_index(drop=True), ['1 query image_id(s) missing']),
}

@pytest.mark.parametrize('case', RUN_SOLUTION_CASES)
def test_run_rejects_a_bad_solution_at_the_start(tiny_copy, tmp_path, case):
    sol = pd.read_csv(tiny_copy / 'solution.csv', dtype=str)
    broken, needles = RUN_SOLUTION_CASES[case]
    broken(sol).to_csv(tiny_copy / 'solution.csv', index=False)
    run_fails_with(tiny_copy, tmp_path, ['--stages', 'all-new'], 'solution.csv', *needles)

def test_failed_scoring_keeps_the_submission(tiny, tmp_path, monkeypatch, capsys):
    import animalclef.stages
    from animalclef.data import DataError
    def broken(*a, **kw): raise DataError('scores unavailable')
    monkeypatch.setattr(animalclef.stages, 'score_table', broken)
    out = tmp_path / 'out'
    rc, _, err = in_process(capsys, 'run', tiny, '--out', out, '--stages', 'all-new')
    assert rc == 0 and 'scores unavailable' in err, err
    assert (out / 'submission.csv').is_file() and (out / 'stages' / 'all-new.csv').is_file()
    stage = json.loads((out / 'report.json').read_text())['stages']['all-new']
    assert stage['errors'] == {'validation': 'scores unavailable', 'query': 'scores unavailable'}

def test_bench_on_one_database_photo_stops(tiny_copy, tmp_path):
    import subprocess
    from conftest import ANIMALCLEF
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    meta[meta['split'] == 'database'].head(1).to_csv(tiny_copy / 'metadata.csv', index=False)
    r = subprocess.run([ANIMALCLEF, 'bench', 'matching', str(tiny_copy), '--pairs', '2', '--matchers', 'sift'],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and 'two database photos' in r.stderr, r.stderr

def without(m, dataset: str, split: str):
    "`m` without the `split` rows of `dataset`"
    return m[~((m['dataset'] == dataset) & (m['split'] == split))]

def test_dataset_without_queries_runs(tiny_copy, tmp_path):
    edit(tiny_copy, lambda m: without(m, 'SalamanderID2025', 'query'))
    (tiny_copy / 'solution.csv').unlink()
    r = animalclef_here('run', tiny_copy, '--out', tmp_path / 'out', '--stages', 'all-new,baseline')
    assert r.returncode == 0, r.stderr
    sub = pd.read_csv(tmp_path / 'out' / 'submission.csv', dtype=str)
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    assert sorted(sub['image_id']) == sorted(meta.loc[meta['split'] == 'query', 'image_id'])  # every query answered, no salamander among them
    validated = json.loads((tmp_path / 'out' / 'report.json').read_text())['stages']['baseline']['validation']['datasets']
    assert 'SalamanderID2025' in validated  # its database still serves the open-set validation

def test_queries_without_database_are_named(tiny_copy, tmp_path):
    edit(tiny_copy, lambda m: without(m, 'SalamanderID2025', 'database'))
    run_fails(tiny_copy, tmp_path, 'query of a dataset without database rows', 'line ')

def test_bbox_unreadable_or_outside_the_photo_is_named(tiny_copy, tmp_path):
    from PIL import Image
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    w, h = Image.open(tiny_copy / meta['path'][3]).size
    boxes = [None] * len(meta)
    boxes[1], boxes[3] = '0 0 10', f"0 0 {w + 1} {h}"
    edit(tiny_copy, lambda m: m.assign(bbox=boxes))
    run_fails(tiny_copy, tmp_path, "bbox must be blank or four numbers", 'line 3 (image_id 1)')
    boxes[1] = '0 0 10 10'
    edit(tiny_copy, lambda m: m.assign(bbox=boxes))
    run_fails(tiny_copy, tmp_path, '1 bbox(es) outside the photo', f'line 5 (image_id 3): 0 0 {w + 1} {h} on a {w}x{h} photo')

def test_bbox_column_runs_with_blank_cells(tiny_copy, tmp_path):
    from PIL import Image
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    sizes = [Image.open(tiny_copy / p).size for p in meta['path']]
    meta.assign(bbox=[f"2 2 {w - 2} {h - 2}" if i % 2 else None for i, (w, h) in enumerate(sizes)]).to_csv(tiny_copy / 'metadata-boxes.csv', index=False)
    out = tmp_path / 'out'
    r = animalclef_here('run', tiny_copy, '--out', out, '--stages', 'baseline', '--metadata', 'metadata-boxes.csv')
    assert r.returncode == 0, r.stderr
    assert (out / 'submission.csv').is_file() and json.loads((out / 'report.json').read_text())['stages']['baseline']
    assert json.loads((out / 'animalclef-run.json').read_text())['arguments']['metadata'] == 'metadata-boxes.csv'

def test_boxes_never_overwrites(tiny_copy, tmp_path):
    before = (tiny_copy / 'metadata.csv').read_bytes()
    r = animalclef_here('boxes', tiny_copy, '--out', 'metadata.csv')
    assert r.returncode == 2 and 'metadata.csv already exists' in r.stderr, r.stderr
    assert (tiny_copy / 'metadata.csv').read_bytes() == before

def test_flat_grey_query_photo_runs(tiny_copy, tmp_path):
    "A featureless frame (no SIFT point at all) is matched with no evidence, not a crash"
    meta = pd.read_csv(tiny_copy / 'metadata.csv', dtype=str)
    row = meta[meta['split'] == 'query'].iloc[0]
    f = tiny_copy / row['path']
    Image.new('RGB', Image.open(f).size, (128, 128, 128)).save(f)
    r = animalclef_here('run', tiny_copy, '--out', tmp_path / 'run', '--stages', 'wildfusion', '--matchers', 'sift', *FAST)
    assert r.returncode == 0, r.stderr
    assert row['image_id'] in pd.read_csv(tmp_path / 'run' / 'submission.csv', dtype=str)['image_id'].tolist()
    note = f"wildfusion: sift found no keypoint in 1 query photo(s) (featureless, such as blank frames); their pairs have no local evidence: image_id {row['image_id']}"
    assert note in json.loads((tmp_path / 'run' / 'report.json').read_text())['notes'] and f"note: {note}" in r.stderr, r.stderr

@pytest.mark.parametrize('command, bad, message', [
    ('run', ('--seed', '-1'), '--seed must be a whole number of at least 0, not -1'),
    ('run', ('--stages', 'xgboost', '--max-bin', '1'), '--max-bin must be a whole number of at least 2, not 1'),
    ('sample', ('--seed', '-1'), '--seed must be a whole number of at least 0, not -1'),
    ('sample', ('--nuisance', 'nan'), '--nuisance must be a finite number of 0 or more, not nan'),
    ('sample', ('--nuisance', '-3'), '--nuisance must be a finite number of 0 or more, not -3.0'),
    ('run', ('--stages', 'dual', '--image-size', '1'), "--image-size must be a whole number of at least 32 or 'none', not 1"),
    ('run', ('--stages', 'baseline,cascade', '--chain', 'xgboost'), '--chain names xgboost, not run before the cascade; put them before cascade in the stages (now: baseline,cascade)')])
def test_option_out_of_range_stops_before_any_work(tiny, tmp_path, command, bad, message):
    args = (tiny, '--out', tmp_path / 'out') if command == 'run' else (tmp_path / 'out', '--preset', 'tiny')
    r = animalclef_here(command, *args, *bad)
    assert r.returncode == 2 and r.stderr == f"animalclef: error: {message}\n", r.stderr
    assert not (tmp_path / 'out').exists()

@pytest.mark.parametrize('bad, message', [
    (('--margin', 'nan'), '--margin must lie in (-0.5, 1)'), (('--margin', '-0.6'), 'not -0.6'), (('--min-score', '2'), '--min-score must lie in [0, 1], not 2.0')])
def test_boxes_settings_out_of_range_stop_before_the_detector(tiny_copy, bad, message):
    r = animalclef_here('boxes', tiny_copy, *bad)  # offline: reaching the detector would fail on its download instead
    assert r.returncode == 2 and r.stderr.count('\n') == 1 and message in r.stderr, r.stderr
    assert not (tiny_copy / 'metadata-boxes.csv').exists()

@pytest.mark.parametrize('flag', ['--pairs', '--per-query'])
def test_bench_counts_below_one_stop_at_once(tiny, flag):
    r = animalclef_here('bench', 'matching', tiny, flag, '0')
    assert r.returncode == 2 and r.stderr == f"animalclef: error: argument {flag}: '0' is not a whole number of at least 1 (see animalclef bench --help)\n", r.stderr

def test_threads_beyond_the_cores_run_with_a_note(tiny, tmp_path):
    from animalclef.runtime import usable_cores
    import torch
    n, before = usable_cores() + 1, torch.get_num_threads()
    try: r = animalclef_here('run', tiny, '--out', tmp_path / 'out', '--stages', 'all-new', '--threads', n)
    finally: torch.set_num_threads(before)  # the tests after this one keep their threads
    note = f"{n} threads on {usable_cores()} usable core(s): threads beyond the cores take turns, which slows torch down"
    assert r.returncode == 0 and f"animalclef: note: {note}" in r.stderr, r.stderr
    assert json.loads((tmp_path / 'out' / 'report.json').read_text())['machine']['note'] == note

def test_one_database_photo_in_the_whole_folder(tiny_copy, tmp_path):
    edit(tiny_copy, lambda m: m[m['split'] == 'database'].head(1))
    (tiny_copy / 'solution.csv').unlink()
    run_fails_with(tiny_copy, tmp_path, ['--stages', 'all-new,baseline'],
                   'stage baseline: no dataset has a validation query to fit on; LynxID2025: the database holds 1 photo(s) of 1 individual(s)')
    assert animalclef_here('run', tiny_copy, '--out', tmp_path / 'ref', '--stages', 'all-new').returncode == 0  # the reference fits nothing

def test_files_that_are_no_csv_are_named_as_such(tiny_copy, tmp_path):
    (tiny_copy / 'folder.csv').mkdir()
    run_fails_with(tiny_copy, tmp_path, ['--metadata', 'folder.csv'], f"{tiny_copy / 'folder.csv'}: a folder, not a CSV file")
    r = animalclef_here('score', '/dev/null', tiny_copy / 'solution.csv')
    assert r.returncode == 2 and r.stderr == "animalclef: error: /dev/null: not a regular file (a device, pipe or socket); give a CSV file\n", r.stderr
    r = animalclef_here('score', tiny_copy / 'solution.csv', tiny_copy)
    assert r.returncode == 2 and r.stderr == f"animalclef: error: {tiny_copy}: a folder, not a CSV file\n", r.stderr

def test_latin_1_metadata_names_the_line(tiny_copy, tmp_path):
    lines = (tiny_copy / 'metadata.csv').read_text().splitlines()
    lines[5] = lines[5].replace(',right,', ',droite \xe0 moiti\xe9,')
    (tiny_copy / 'metadata.csv').write_bytes('\n'.join(lines + ['']).encode('latin-1'))
    run_fails(tiny_copy, tmp_path, 'metadata.csv: line 6 is not UTF-8 text (byte 0xe0', 'save the file as UTF-8')

def test_ragged_csv_is_one_line(tiny_copy, tmp_path):
    with open(tiny_copy / 'metadata.csv', 'a') as f: f.write('1,2,3,4,5,6,7,8,9,10\n')
    run_fails(tiny_copy, tmp_path, 'metadata.csv: not a readable CSV (Error tokenizing data. C error: Expected 8 fields in line 128, saw 10)')

def test_short_solution_names_both_files(tiny, tmp_path):
    sol = pd.read_csv(tiny / 'solution.csv', dtype=str)
    sol.head(10).to_csv(tmp_path / 'short.csv', index=False)
    sol[['image_id']].assign(identity='new_individual').to_csv(tmp_path / 'answers.csv', index=False)
    r = animalclef_here('score', tmp_path / 'answers.csv', tmp_path / 'short.csv')
    assert r.returncode == 2 and r.stderr.startswith(f"animalclef: error: {tmp_path / 'answers.csv'}, checked against {tmp_path / 'short.csv'}: 28 image_id(s) that are not queries"), r.stderr

@pytest.mark.parametrize('where', ['outside', 'up'])
def test_metadata_outside_the_dataset_folder_is_refused(tiny_copy, tmp_path, where):
    (tmp_path / 'elsewhere.csv').write_text((tiny_copy / 'metadata.csv').read_text())
    given = tmp_path / 'elsewhere.csv' if where == 'outside' else '../elsewhere.csv'
    run_fails_with(tiny_copy, tmp_path, ['--metadata', given], f"metadata {given}: must be a file in the dataset folder {tiny_copy}")
