/**
 * The public surface of every package, read from its `src` with the TypeScript compiler (no
 * build): for each entry point of the package's `exports` (its `@meshplane/source` condition),
 * every exported name with its kind and its declared type. `tests/api/api-report.test.ts`
 * compares it with the checked-in `packages/<pkg>/api/<pkg>.api.md`, so a change of the surface
 * shows up in review; regenerate with `npm run api-report`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';

export const PACKAGES = ['core', 'xds', 'local', 'lambda', 'ecs', 'migrate', 'cli'] as const;
const root = join(import.meta.dirname, '..');

interface EntryPoint {
  subpath: string;
  file: string;
}

function entryPoints(pkg: string): EntryPoint[] {
  const manifest = JSON.parse(readFileSync(join(root, 'packages', pkg, 'package.json'), 'utf8')) as {
    exports?: Record<string, unknown>;
  };
  return Object.entries(manifest.exports ?? {}).flatMap(([subpath, target]) => {
    const source = (target as Record<string, unknown> | null)?.['@meshplane/source'];
    return typeof source === 'string' ? [{ subpath, file: join(root, 'packages', pkg, source) }] : [];
  });
}

const FORMAT =
  ts.TypeFormatFlags.NoTruncation |
  ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope |
  ts.TypeFormatFlags.WriteArrowStyleSignature;

function describeSymbol(checker: ts.TypeChecker, exported: ts.Symbol): string[] {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const name = exported.name;
  const decl = symbol.declarations?.[0];
  const lines: string[] = [];
  if (symbol.flags & ts.SymbolFlags.Class) {
    const classType = checker.getDeclaredTypeOfSymbol(symbol) as ts.InterfaceType;
    const bases = checker.getBaseTypes(classType).map((b) => checker.typeToString(b, undefined, FORMAT));
    lines.push(`class ${name}${bases.length ? ` extends ${bases.join(', ')}` : ''}`);
    for (const member of checker.getPropertiesOfType(classType))
      lines.push(memberLine(checker, member, decl));
    const ctor = checker.getTypeOfSymbolAtLocation(symbol, decl!);
    for (const sig of ctor.getConstructSignatures())
      lines.push(`  constructor${checker.signatureToString(sig, undefined, FORMAT)}`);
    return lines;
  }
  if (symbol.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    if (symbol.flags & ts.SymbolFlags.Interface) {
      lines.push(`interface ${name}`);
      for (const member of checker.getPropertiesOfType(type)) lines.push(memberLine(checker, member, decl));
    } else {
      // The alias as written, without the doc comments of its union members (the report lists
      // types, not their documentation).
      const text =
        decl && ts.isTypeAliasDeclaration(decl)
          ? decl.type
              .getText()
              .replace(/\/\*[\s\S]*?\*\//g, '')
              .replace(/\s+/g, ' ')
              .trim()
          : '';
      lines.push(`type ${name} = ${text}`);
    }
  }
  if (symbol.flags & (ts.SymbolFlags.Function | ts.SymbolFlags.Variable | ts.SymbolFlags.Enum)) {
    const type = checker.getTypeOfSymbolAtLocation(symbol, decl!);
    const kind =
      symbol.flags & ts.SymbolFlags.Function
        ? 'function'
        : symbol.flags & ts.SymbolFlags.Enum
          ? 'enum'
          : 'const';
    if (kind === 'function')
      for (const sig of type.getCallSignatures())
        lines.push(`function ${name}${checker.signatureToString(sig, undefined, FORMAT)}`);
    else lines.push(`${kind} ${name}: ${checker.typeToString(type, undefined, FORMAT)}`);
  }
  return lines.length ? lines : [`${ts.SymbolFlags[symbol.flags] ?? 'symbol'} ${name}`];
}

function memberLine(checker: ts.TypeChecker, member: ts.Symbol, at: ts.Node | undefined): string {
  const optional = member.flags & ts.SymbolFlags.Optional ? '?' : '';
  const type = at ? checker.getTypeOfSymbolAtLocation(member, at) : undefined;
  return `  ${member.name}${optional}: ${type ? checker.typeToString(type, undefined, FORMAT) : '?'}`;
}

/** The report of every package, by package name, from one compiler program over their sources. */
export function apiReports(packages: readonly string[] = PACKAGES): Map<string, string> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: () => undefined,
    },
  );
  const entries = new Map(packages.map((pkg) => [pkg, entryPoints(pkg)]));
  const files = [...entries.values()].flat().map((e) => e.file);
  const program = ts.createProgram(files, { ...config!.options, noEmit: true });
  const checker = program.getTypeChecker();
  const reports = new Map<string, string>();
  for (const [pkg, points] of entries) {
    const out = [
      `# API report: @meshplane/${pkg}`,
      '',
      '<!-- generated by scripts/api-report.ts; do not edit -->',
      '',
    ];
    for (const point of points) {
      const source = program.getSourceFile(point.file);
      const moduleSymbol = source && checker.getSymbolAtLocation(source);
      const exports = moduleSymbol ? checker.getExportsOfModule(moduleSymbol) : [];
      out.push(
        `## ${point.subpath === '.' ? `@meshplane/${pkg}` : `@meshplane/${pkg}/${point.subpath.slice(2)}`}`,
        '',
        `${exports.length} exports`,
        '',
        '```ts',
      );
      for (const exported of [...exports].sort((a, b) => a.name.localeCompare(b.name)))
        out.push(...describeSymbol(checker, exported));
      out.push('```', '');
    }
    reports.set(pkg, out.join('\n'));
  }
  return reports;
}

export const reportPath = (pkg: string) => join(root, 'packages', pkg, 'api', `${pkg}.api.md`);

if (process.argv.includes('--write')) {
  for (const [pkg, text] of apiReports()) {
    mkdirSync(dirname(reportPath(pkg)), { recursive: true });
    writeFileSync(reportPath(pkg), text);
    console.log(`${reportPath(pkg)}: ${text.split('\n').length} lines`);
  }
}
