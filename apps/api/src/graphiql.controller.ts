import { Controller, Get, Header, NotFoundException, Param, Res } from '@nestjs/common';
import { dirname, join } from 'node:path';
import type { Response } from 'express';
import { DevTokenAnnouncer } from '@pfw/auth';

/**
 * The files of the IDE, served from the packages installed with the project (development dependencies): no CDN,
 * so it works offline and where offices block CDNs. GraphiQL 3's UMD build runs on React 18's UMD builds.
 */
const ASSETS: Readonly<Record<string, { readonly pkg: string; readonly file: string; readonly type: string }>> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'graphiql.min.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'graphiql.min.css', type: 'text/css' },
};

/** A file of an installed package (the UMD builds are not in the packages' "exports", so not require.resolve-able). */
const packageFile = (pkg: string, file: string): string => join(dirname(require.resolve(`${pkg}/package.json`)), file);

/** The files' names, as served under /graphiql/ (public paths in libs/auth, like `/`). */
export const GRAPHIQL_ASSETS: readonly string[] = Object.keys(ASSETS);

const json = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

function page(headers: Record<string, string>): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Passport for Web — GraphQL IDE (development)</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/graphiql/graphiql.css">
<style>html,body,#graphiql{height:100%;margin:0}</style>
</head><body>
<div id="graphiql">Loading the GraphQL IDE…</div>
<script src="/graphiql/react.js"></script>
<script src="/graphiql/react-dom.js"></script>
<script src="/graphiql/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: 'headers',
      defaultHeaders: ${json(JSON.stringify(headers, null, 2))},
      defaultQuery: '# Passport for Web (API.md). The token is in Headers below.\\n{\\n  serviceStatus { suspended termsVersion }\\n  screeningQueue { id status applicant { organizationName } webServerFqdn }\\n}\\n',
    }),
  );
</script>
</body></html>
`;
}

/**
 * Development only (the module is not registered in production): a GraphQL IDE at `/graphiql` with the
 * development admin token prefilled in its headers when the service runs on the development secret.
 */
@Controller('graphiql')
export class GraphiqlController {
  constructor(private readonly devToken: DevTokenAnnouncer) {}

  @Get()
  @Header('Cache-Control', 'no-store')
  async index(@Res() res: Response): Promise<void> {
    const token = await this.devToken.developmentToken();
    res.type('html').send(page(token === null ? { Authorization: 'Bearer <paste a token>' } : { Authorization: `Bearer ${token}` }));
  }

  @Get(':asset')
  asset(@Param('asset') name: string, @Res() res: Response): void {
    const asset = Object.prototype.hasOwnProperty.call(ASSETS, name) ? ASSETS[name] : undefined;
    if (!asset) throw new NotFoundException();
    res.type(asset.type).setHeader('Cache-Control', 'public, max-age=3600');
    res.sendFile(packageFile(asset.pkg, asset.file));
  }
}
