"The review page as a reviewer uses it: made from a finished run, opened from disk in headless Chromium, verdicts given by keys, exported and applied"
import csv, importlib.machinery, importlib.util, json, shutil, time
from pathlib import Path
import pandas as pd
import pytest
from conftest import TINY_RUN, animalclef_here

CI = Path(__file__).resolve().parent.parent / '.ci'

def chromium():
    "Headless Chromium as .ci/browser-check drives it; the test is skipped where Chromium or its driver is not installed"
    if not (shutil.which('chromedriver') and any(map(shutil.which, ('chromium', 'chromium-browser', 'google-chrome')))):
        pytest.skip('Chromium and chromedriver are not installed (Debian: apt-get install chromium chromium-driver)')
    loader = importlib.machinery.SourceFileLoader('browser_check', str(CI / 'browser-check'))
    module = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
    loader.exec_module(module)
    return module.browser()

def page_data(page: Path) -> dict:
    "The entries and photos of a review page, as its data.js gives them to the page"
    text = (page.parent / 'data.js').read_text()
    return json.loads(text[text.index('=') + 1:].rstrip().rstrip(';'))

def wait_for(check, seconds: float=20):
    "The first truthy value of `check()` within `seconds`"
    end = time.time() + seconds
    while not (got := check()) and time.time() < end: time.sleep(.2)
    return got

ALL_LOADED = """
const imgs = [...document.images];
imgs.forEach(i => i.loading = 'eager');
return imgs.every(i => i.complete) ? imgs.filter(i => i.naturalWidth === 0).map(i => i.getAttribute('src')) : null;
"""

@pytest.fixture
def demo_run(tiny_demo, tmp_path):
    "A private copy of the tiny demo's run (its cache left out: the review reads only what the run kept)"
    folder, r = tiny_demo
    assert r.returncode == 0, r.stderr
    return Path(shutil.copytree(folder / 'run-tiny', tmp_path / 'run', ignore=shutil.ignore_patterns('cache')))

def test_review_round_trip_in_chromium(demo_run, tmp_path):
    r = animalclef_here('review', demo_run)
    assert r.returncode == 0, r.stderr
    page = demo_run / 'review' / 'index.html'
    assert f"wrote {page}" in r.stdout
    data = page_data(page)
    queries = pd.read_csv(demo_run / 'submission.csv', dtype=str)
    assert sorted(e['id'] for e in data['entries']) == sorted(queries['image_id'])  # every query, once
    files = {p['thumb'] for p in data['photos'].values()} | {p['region'] for p in data['photos'].values() if p['region']}
    assert all((page.parent / f).is_file() for f in files)
    assert any(e['pair'] for e in data['entries'])  # the cascade's WildFusion kept keypoints to draw

    downloads = tmp_path / 'downloads'
    downloads.mkdir()
    b = chromium()
    try:
        b.execute_cdp_cmd('Browser.setDownloadBehavior', {'behavior': 'allow', 'downloadPath': str(downloads)})
        b.get(page.as_uri())
        pages = wait_for(lambda: b.execute_script("return document.getElementById('page').textContent"))
        for _ in range(int(pages.split(' of ')[1].split()[0])):  # every page of entries: every image loads
            assert wait_for(lambda: b.execute_script(ALL_LOADED) is not None), 'images still loading'
            assert b.execute_script(ALL_LOADED) == []
            b.find_element('tag name', 'body').send_keys(']')
        b.find_element('tag name', 'body').send_keys('[' * 10)
        first, second = data['entries'][:2]
        key = '2' if len(first['candidates']) > 1 else '1'
        b.find_element('tag name', 'body').send_keys(key, 'n')  # a candidate for the first entry, a new individual for the second
        b.find_element('tag name', 'body').send_keys('e')
        exported = wait_for(lambda: [f for f in downloads.glob('*.csv')])
        assert [f.name for f in exported] == ['review-decisions.csv']
        b.refresh()
        assert wait_for(lambda: b.execute_script("return document.getElementById('progress').textContent")).startswith('2 of')  # kept across reloads
        errors = [e['message'] for e in b.get_log('browser') if e['level'] == 'SEVERE']
    finally: b.quit()
    assert errors == []

    chosen = {first['id']: first['candidates'][int(key) - 1]['identity'], second['id']: 'new_individual'}
    rows = list(csv.reader(exported[0].read_text().splitlines()))
    assert rows[0] == ['image_id', 'identity'] and dict(rows[1:]) == chosen
    before = (demo_run / 'submission.csv').read_bytes()
    r = animalclef_here('review', demo_run, '--apply', exported[0])
    assert r.returncode == 0, r.stderr
    assert (demo_run / 'submission.csv').read_bytes() == before  # never touched
    reviewed = pd.read_csv(demo_run / 'submission-reviewed.csv', dtype=str)
    assert reviewed['image_id'].tolist() == queries['image_id'].tolist()
    expected = queries.assign(identity=[chosen.get(i, v) for i, v in zip(queries['image_id'], queries['identity'])])
    assert reviewed.equals(expected)  # exactly the reviewed rows changed
    changed = sum(queries.set_index('image_id').loc[list(chosen), 'identity'] != pd.Series(chosen))
    assert f"{changed} answer(s) changed" in r.stdout

@pytest.mark.parametrize('text, why', [
    ('id,identity\n7,new_individual\n', 'line 1: the header must be image_id,identity'),
    ('image_id,identity\n{q},new_individual\n99999,new_individual\n', "line 3: image_id '99999' is not a query of this run"),
    ('image_id,identity\n{q},new_individual\n{q},new_individual\n', 'line 3: image_id {q} again (first on line 2)'),
    ('image_id,identity\n{q},{other}\n', "line 2: identity '{other}' is not in the database of {d}"),
])
def test_bad_decisions_change_nothing(tiny_run, tmp_path, text, why):
    out = Path(shutil.copytree(tiny_run[0], tmp_path / 'run', ignore=shutil.ignore_patterns('cache')))
    meta = pd.read_csv(json.loads((out / 'animalclef-run.json').read_text())['arguments']['data'] + '/metadata.csv', dtype=str)
    q, d = meta.loc[meta['split'] == 'query', ['image_id', 'dataset']].iloc[0]
    other = meta.loc[(meta['dataset'] != d) & meta['identity'].notna(), 'identity'].iloc[0]  # an identity of another dataset
    (tmp_path / 'decisions.csv').write_text(text.format(q=q, other=other))
    before = sorted(p.relative_to(out) for p in out.rglob('*'))
    r = animalclef_here('review', out, '--apply', tmp_path / 'decisions.csv')
    assert r.returncode == 2 and r.stdout == ''
    assert r.stderr.count('\n') == 1 and why.format(q=q, other=other, d=d) in r.stderr, r.stderr
    assert sorted(p.relative_to(out) for p in out.rglob('*')) == before  # nothing written

def test_review_needs_a_finished_run(tiny_run, tmp_path):
    out = Path(shutil.copytree(tiny_run[0], tmp_path / 'run', ignore=shutil.ignore_patterns('cache')))
    r = animalclef_here('review', tmp_path / 'nothing')
    assert r.returncode == 2 and 'no such folder' in r.stderr
    marker = json.loads((out / 'animalclef-run.json').read_text())
    (out / 'animalclef-run.json').write_text(json.dumps(marker | {'finished': False}))
    r = animalclef_here('review', out)
    assert r.returncode == 2 and 'no finished animalclef run there' in r.stderr and not (out / 'review').exists()
    (out / 'animalclef-run.json').write_text(json.dumps(marker))
    (out / 'evidence' / 'candidates.csv').unlink()  # as a run of an earlier version left it
    r = animalclef_here('review', out)
    assert r.returncode == 2 and 'kept no evidence/candidates.csv' in r.stderr and not (out / 'review').exists()

def test_a_new_run_removes_the_earlier_review(tiny, tiny_run, tmp_path):
    out = Path(shutil.copytree(tiny_run[0], tmp_path / 'run'))
    assert animalclef_here('review', out).returncode == 0
    (tmp_path / 'd.csv').write_text('image_id,identity\n')
    assert animalclef_here('review', out, '--apply', tmp_path / 'd.csv').returncode == 0
    assert (out / 'review' / 'index.html').is_file() and (out / 'submission-reviewed.csv').is_file()
    r = animalclef_here('run', tiny, '--out', out, *TINY_RUN)  # the same run again: the page would show results it did not make
    assert r.returncode == 0, r.stderr
    assert not (out / 'review').exists() and not (out / 'submission-reviewed.csv').exists()
