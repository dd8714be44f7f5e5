import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/**
 * The layout rules of the README ("Imports only point down"), checked on the sources: which lib imports which,
 * read from every `import … from` / `export … from` / `import()` / `require()` of `apps/*\/src` and `libs/*\/src`
 * (tests may reach further: a lib's test may assemble what the apps assemble).
 */
const ROOT = resolve(__dirname, '..');

function sourceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry) && !entry.endsWith('.d.ts') ? [path] : [];
  });
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)['"]([^'"]+)['"]/gm;

interface Unit {
  /** `libs/<name>` or `apps/<name>`. */
  readonly id: string;
  readonly files: readonly string[];
}

function units(kind: 'libs' | 'apps'): Unit[] {
  return readdirSync(join(ROOT, kind))
    .filter((name) => existsSync(join(ROOT, kind, name, 'src')))
    .map((name) => ({ id: `${kind}/${name}`, files: sourceFiles(join(ROOT, kind, name, 'src')) }));
}

const LIBS = units('libs');
const APPS = units('apps').filter((app) => app.id !== 'apps/admin');

/** The units a unit's sources import: `@pfw/x` and relative paths that leave the unit. */
function importsOf(unit: Unit): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (target: string, file: string) => {
    if (target === unit.id) return;
    found.set(target, [...(found.get(target) ?? []), relative(ROOT, file)]);
  };
  for (const file of unit.files) {
    for (const match of readFileSync(file, 'utf8').matchAll(SPECIFIER)) {
      const specifier = match[1]!;
      const lib = /^@pfw\/([^/]+)/.exec(specifier)?.[1];
      if (lib !== undefined) add(`libs/${lib}`, file);
      else if (specifier.startsWith('.')) {
        const target = relative(ROOT, resolve(dirname(file), specifier)).split(sep);
        if (target[0] === 'libs' || target[0] === 'apps') add(`${target[0]}/${target[1]}`, file);
        else add(target.join('/'), file);
      }
    }
  }
  return found;
}

const GRAPH = new Map([...LIBS, ...APPS].map((unit) => [unit.id, importsOf(unit)]));
const libImports = (lib: string) => [...(GRAPH.get(`libs/${lib}`)?.keys() ?? [])].sort();

function findCycle(): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...path.slice(path.indexOf(node)), node];
    state.set(node, 'open');
    path.push(node);
    for (const next of GRAPH.get(node)?.keys() ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of GRAPH.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

/** Libs that keep tables in the read-model database: those with a `src/migrations/` of their own. */
const TABLE_OWNERS = LIBS.filter((lib) => existsSync(join(ROOT, lib.id, 'src', 'migrations'))).map((lib) => lib.id.slice('libs/'.length));

describe('imports only point down', () => {
  it('finds the libs and apps it checks', () => {
    expect(LIBS.length).toBeGreaterThan(10);
    expect(APPS.map((a) => a.id)).toEqual(expect.arrayContaining(['apps/api', 'apps/cli']));
    expect(TABLE_OWNERS).toEqual(expect.arrayContaining(['read-models', 'sagas', 'documents', 'clock']));
  });

  it('has no cycle between libs and apps', () => {
    expect(findCycle()).toBeNull();
  });

  it('imports only libs (and the packages of node_modules): nothing of an app, a test or a path outside libs/', () => {
    const wrong = [...GRAPH].flatMap(([unit, imports]) =>
      [...imports].filter(([target]) => !target.startsWith('libs/') || !GRAPH.has(target)).map(([target, files]) => `${unit} → ${target} (${files[0]})`),
    );
    expect(wrong).toEqual([]);
  });

  it('keeps the domain and the SQL dialect free of anything of ours', () => {
    expect(libImports('domain')).toEqual([]);
    expect(libImports('sql')).toEqual([]);
  });

  it('keeps read-models, which migrates the shared database, ignorant of the libs whose tables it holds', () => {
    const owners = TABLE_OWNERS.filter((lib) => lib !== 'read-models').map((lib) => `libs/${lib}`);
    expect(libImports('read-models').filter((lib) => owners.includes(lib))).toEqual([]);
  });

  it('leaves the one migration list (libs/migrations) to the apps: no lib imports it', () => {
    const users = [...GRAPH].filter(([unit, imports]) => unit.startsWith('libs/') && imports.has('libs/migrations')).map(([unit]) => unit);
    expect(users).toEqual([]);
  });

  it('lists every lib that owns tables in the one migration list', () => {
    const listed = libImports('migrations').map((lib) => lib.slice('libs/'.length));
    expect(TABLE_OWNERS.filter((lib) => !listed.includes(lib))).toEqual([]);
  });
});

describe("each lib's README says what it imports", () => {
  /**
   * The `Imports:` paragraph of `libs/<lib>/README.md`: the lib names before any dash, each possibly followed by a
   * note in parentheses; "nothing of ours" for none.
   */
  function declaredImports(lib: string): string[] | null {
    const readme = join(ROOT, 'libs', lib, 'README.md');
    if (!existsSync(readme)) return null;
    const paragraph = /^Imports:([\s\S]*?)(?:\n\s*\n|$)/m.exec(readFileSync(readme, 'utf8'))?.[1];
    if (paragraph === undefined) return null;
    const list = paragraph.replace(/\([^)]*\)/g, '').split(/—|\.(?:\s|$)/)[0]!.trim();
    if (/^nothing of ours$/.test(list)) return [];
    return list.split(',').map((name) => name.trim()).sort();
  }

  it.each(LIBS.map((lib) => lib.id.slice('libs/'.length)))('libs/%s: its README lists exactly the libs its sources import', (lib) => {
    expect({ lib, imports: declaredImports(lib) }).toEqual({ lib, imports: libImports(lib).map((id) => id.replace(/^libs\//, '')) });
  });
});
