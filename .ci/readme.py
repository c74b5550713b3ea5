"""Write README.md from nbs/index.ipynb, or with --check fail if README.md differs from it.

Quarto (which nbdev_readme needs) cannot be installed everywhere, so the README is made here:
markdown cells as they are, visible code cells as fenced Python, relative links pointed into nbs/.
"""
import json, re, sys
from pathlib import Path

top = Path(__file__).resolve().parent.parent
HEADER = '<!-- Generated from nbs/index.ipynb by .ci/readme.py: edit the notebook, then run `python .ci/readme.py`. -->\n\n'

def relink(md: str) -> str:
    "Point relative links and images at nbs/"
    return re.sub(r'(\]\()(?![a-z]+:|#|/)([^)]+\))', r'\1nbs/\2', md)

def render(nb_file: Path) -> str:
    parts = []
    for cell in json.loads(nb_file.read_text())['cells']:
        src = ''.join(cell['source']).strip()
        if cell['cell_type'] == 'markdown': parts.append(relink(src))
        elif src and not re.search(r'^#\|\s*hide', src, re.M): parts.append(f"```python\n{src}\n```")
    return HEADER + '\n\n'.join(parts) + '\n'

if __name__ == '__main__':
    want, readme = render(top / 'nbs' / 'index.ipynb'), top / 'README.md'
    if '--check' in sys.argv[1:]:
        if readme.read_text() != want: sys.exit('README.md differs from nbs/index.ipynb: run `python .ci/readme.py`')
        print('README.md matches nbs/index.ipynb')
    else: readme.write_text(want)
