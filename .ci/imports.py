"""Check that what `pip install -e .` installs is all the library needs: run it in an environment with no extras.

1. Every module of animalclef/ imports.
2. Every import statement in animalclef/ (module level and inside functions) names a module of the standard
   library, of animalclef itself, or of a distribution that settings.ini's `requirements` lists by name; and that
   module can be found in this environment.

A library module that imports a package only the dev extra installs (nbdev, pytest, ...) fails here, naming the file
and line. Optional packages the library imports only for an extra are listed in OPTIONAL.
"""
import ast, importlib, importlib.metadata as md, importlib.util, pkgutil, re, shlex, sys
from configparser import ConfigParser
from pathlib import Path

top = Path(__file__).resolve().parent.parent
LIB = 'animalclef'
OPTIONAL = {'dask': 'cluster', 'distributed': 'cluster'}  # top-level module -> the extra that provides it, for imports the library makes only when asked to

def requirements() -> set[str]:
    "The distribution names settings.ini's `requirements` lists, normalised"
    cfg = ConfigParser(delimiters=['=']); cfg.read(top / 'settings.ini', encoding='utf-8')
    return {_norm(re.split(r'[<>=!~;\[ ]', r, maxsplit=1)[0]) for r in shlex.split(cfg['DEFAULT'].get('requirements', ''))}

def _norm(name: str) -> str: return re.sub(r'[-_.]+', '-', name).lower()

def imported(path: Path) -> list[tuple[int, str]]:
    "(line, top-level module) of every absolute import in the file `path`, wherever it stands"
    out = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import): out += [(node.lineno, a.name.split('.')[0]) for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0: out.append((node.lineno, node.module.split('.')[0]))
    return out

def problems() -> list[str]:
    out, declared, owners = [], requirements(), md.packages_distributions()
    for m in pkgutil.walk_packages([str(top / LIB)], f'{LIB}.'):
        try: importlib.import_module(m.name)
        except ModuleNotFoundError as e:
            if (e.name or '').split('.')[0] not in OPTIONAL: out.append(f"{m.name}: import fails: {type(e).__name__}: {e}")  # else: a module of an extra
        except Exception as e: out.append(f"{m.name}: import fails: {type(e).__name__}: {e}")
    for f in sorted((top / LIB).rglob('*.py')):
        for line, mod in imported(f):
            if mod in sys.stdlib_module_names or mod in (LIB, '__future__') or mod in OPTIONAL: continue
            where, dists = f"{f.relative_to(top)}:{line}", owners.get(mod, [])
            if not importlib.util.find_spec(mod): out.append(f"{where}: imports {mod}, which `pip install -e .` did not install")
            elif not any(_norm(d) in declared for d in dists):
                out.append(f"{where}: imports {mod} (from {', '.join(dists) or 'no distribution'}), which settings.ini's requirements do not list")
    return out

if __name__ == '__main__':
    if bad := problems(): sys.exit('the library needs more than `pip install -e .` installs:\n' + '\n'.join(bad))
    print(f"every {LIB} module imports, and every import in {LIB}/ comes from the standard library or settings.ini's requirements")
