"MkDocs hooks of the offline docs (`.ci/docs`): each page's contents from the headings it shows, one shared notebook stylesheet"
import hashlib, posixpath, re
from pathlib import Path
from mkdocs.structure.toc import get_toc

_heading = re.compile(r'<h([1-6])([^>]*)>(.*?)</h\1>', re.S)

def _nest(tokens: list) -> list:
    "Flat (level, id, name) tokens as the tree `get_toc` reads: each heading under the last one above its level"
    root, stack = [], []
    for t in tokens:
        while stack and stack[-1]['level'] >= t['level']: stack.pop()
        (stack[-1]['children'] if stack else root).append(t)
        stack.append(t)
    return root

def on_page_content(content, page, config, files):
    """Unique heading ids (a repeated id gets -1, -2, as in Quarto) and the page's contents from its h2 and h3, show_doc's
    entries included: mkdocs-jupyter's own contents skip outputs and drop inline code from ids, so its links can miss"""
    seen, tokens = set(), []
    def fix(m):
        level, attrs, inner = int(m[1]), m[2], m[3]
        idm = re.search(r'\bid="([^"]*)"', attrs)
        if not idm: return m[0]
        hid, n = idm[1], 0
        while (new := hid if n == 0 else f'{hid}-{n}') in seen: n += 1
        if new != hid: attrs, inner = attrs.replace(idm[0], f'id="{new}"'), inner.replace(f'href="#{hid}"', f'href="#{new}"')
        seen.add(new)
        if level in (2, 3): tokens.append(dict(level=level, id=new, name=re.sub(r'<[^>]+>|¶', '', inner).strip(), children=[]))
        return f'<h{level}{attrs}>{inner}</h{level}>'
    content = _heading.sub(fix, content)
    page.toc = get_toc(_nest(tokens))
    return content

def on_post_page(output, page, config):
    "mkdocs-jupyter inlines the same 0.6 MB of notebook styles in every page: one file instead, linked from each"
    def shared(m):
        css = m[1]
        if len(css) < 20_000: return m[0]
        name = f"assets/stylesheets/notebook-{hashlib.sha1(css.encode()).hexdigest()[:8]}.css"
        f = Path(config['site_dir']) / name
        if not f.exists(): f.parent.mkdir(parents=True, exist_ok=True); f.write_text(css, encoding='utf-8')
        return f'<link rel="stylesheet" href="{posixpath.relpath(name, posixpath.dirname(page.file.dest_uri) or ".")}">'
    return re.sub(r'<style type="text/css">(.*?)</style>', shared, output, flags=re.S)
