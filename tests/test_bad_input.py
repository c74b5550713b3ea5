"Bad input: one clear line naming the file and row, exit status 2, nothing written or overwritten."
import pandas as pd, pytest
from conftest import animalclef

def run_fails(data, tmp_path, *needles):
    out = tmp_path / 'out'
    r = animalclef('run', data, '--out', out)
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
    r = animalclef('sample', dest, '--preset', 'tiny')
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
        r = animalclef('score', tmp_path / name, tiny / 'solution.csv')
        assert r.returncode == 2 and name in r.stderr and needles[name] in r.stderr, r.stderr

def test_unknown_preset_and_stage(tiny, tmp_path):
    assert animalclef('sample', tmp_path / 's', '--preset', 'huge').returncode == 2
    r = animalclef('run', tiny, '--out', tmp_path / 'o', '--stages', 'all-new,magic')
    assert r.returncode == 2 and "unknown stage 'magic'" in r.stderr and not (tmp_path / 'o').exists()
